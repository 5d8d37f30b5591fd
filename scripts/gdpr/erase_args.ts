/**
 * `deno task gdpr:erase`'s command line (scripts/gdpr/erase.ts): node:util's parseArgs, strict, and the
 * checks that need no database. A UsageError names what is wrong; erase.ts prints it with USAGE and exits 2.
 * Whether the basis is one of gdpr.erasure_reasons() is the database's to say.
 */
import { parseArgs } from "node:util";
import { isUuid } from "../../functions-shared/pipeline/audit/mapping.ts";
import { carriesPassword, isConnectionUrl, passwordWarning } from "../db_url_flag.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = "usage: deno task gdpr:erase --subject <uuid> --basis <reason> --ticket <reference> " +
  "--operator <staff id> [--db-url URL]";

export const HELP = `${USAGE}
  --subject <uuid>          the data subject's user id
  --basis <reason>          the erasure's ground, one of gdpr.erasure_reasons() (consent_withdrawn, …)
  --ticket <reference>      the request's reference in your ticketing (the gdpr.erase event's reference)
  --operator <staff id>     who runs this erasure, by your staff identifier (letters, digits and
                            _ . : / # -; no email or name): recorded in the gdpr.erase event
                            (metadata.operator), which is never changed or erased afterwards; the database
                            refuses the operator's erasure without it
  --db-url URL              the database, kept for compatibility: a password in it can be read by other
                            users of this machine (ps) and stays in your shell's history, so it is warned
                            about. Prefer SUPABASE_DB_URL in the environment (the project's owner login),
                            which is the default.
  -h, --help                this text
Environment: GDPR_PSEUDONYM_SALT (the gdpr-export function's secret), SUPABASE_DB_URL and, when set,
UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (the subject's sessions and limiter keys in Redis).`;

export interface ErasureArgs {
  readonly subjectId: string;
  readonly reason: string;
  readonly reference: string;
  readonly operator: string;
  readonly dbUrl: string;
  /** For stderr before anything runs: a password on the command line. */
  readonly warnings: readonly string[];
}

/**
 * A staff identifier, as the database requires it (20261206230000, the ticket reference's form): it names the
 * operator through their staff records only, never by an email or a name in a row that is never erased.
 */
export const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,99}$/;

export const DB_URL_PASSWORD_WARNING = passwordWarning("SUPABASE_DB_URL");

const OPTIONS = {
  subject: { type: "string" },
  basis: { type: "string" },
  ticket: { type: "string" },
  operator: { type: "string" },
  "db-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseErasureArgs(
  argv: readonly string[],
  env: { readonly SUPABASE_DB_URL?: string },
): ErasureArgs | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (error) {
    // parseArgs' own words: the unknown option, the value missing, the stray argument
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, tokens } = parsed;
  if (values.help) return "help";
  // A flag given twice would be decided silently by the last one: which ticket did the operator mean?
  const names = tokens.flatMap((t) => t.kind === "option" ? [t.name] : []);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new UsageError(`--${repeated} is given more than once`);

  const subjectId = required(values.subject, "subject").toLowerCase();
  if (!isUuid(subjectId)) throw new UsageError("--subject must be the subject's user id (a uuid)");
  const reason = required(values.basis, "basis");
  const reference = required(values.ticket, "ticket");
  const operator = required(values.operator, "operator");
  if (!STAFF_ID.test(operator)) {
    throw new UsageError(
      "--operator must be your staff identifier: letters, digits and _ . : / # -, at most 100 characters " +
        "(no email or name: the event is never erased)",
    );
  }

  const fromFlag = values["db-url"] === undefined ? undefined : required(values["db-url"], "db-url");
  const warnings = fromFlag !== undefined && passwordIn(fromFlag) ? [DB_URL_PASSWORD_WARNING] : [];
  const dbUrl = fromFlag ?? env.SUPABASE_DB_URL;
  if (!dbUrl?.trim()) {
    throw new UsageError("no database: set SUPABASE_DB_URL (the project's owner login) or pass --db-url");
  }
  return { subjectId, reason, reference, operator, dbUrl, warnings };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  const trimmed = value.trim();
  if (!trimmed) throw new UsageError(`--${name} must not be empty`);
  return trimmed;
}

/** Never echoes the URL, not even when it is malformed. */
function passwordIn(url: string): boolean {
  if (!isConnectionUrl(url)) {
    throw new UsageError("--db-url must be a URL: postgresql://user@host:port/database");
  }
  return carriesPassword(url);
}
