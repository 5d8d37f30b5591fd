// `deno task gdpr:erase --subject <uuid> --basis <reason> --ticket <reference> --operator <staff id>`
//
// The platform operator's erasure of a data subject: the requests only the operator decides (someone who
// holds or held a privileged role; their organization gets 409 PRIVILEGED_SUBJECT). It does what
// POST /gdpr-export/erase does, with the function's own code, as the service role:
//   1. the subject's key on the erased-subjects list, hashed as the function hashes it
//      (GDPR_PSEUDONYM_SALT, the gdpr-export function's secret), so their organization then gets
//      alreadyErased and 410 for them rather than "no such subject";
//   2. gdpr.erase_subject in one transaction with its gdpr.erase event (the operator's: no user, the
//      ticket as reference, and who ran it as metadata.operator: the service role names no person);
//   3. the Redis side, when UPSTASH_REDIS_REST_URL and _TOKEN are set: their sessions ended at once and
//      their limiter keys deleted. Without it Postgres ends the sessions at their next write of last
//      activity (at most a persist interval, 1 minute) and the keys expire on their own (a ban ≤ 24 h).
// The command line is erase_args.ts's (--help). The database is SUPABASE_DB_URL (the project's owner
// login); --db-url still names one, with a warning when it carries a password. Prints what was erased as
// JSON; never a session id.
import { asOperator, createSql } from "../../functions-shared/platform/db.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { describeError } from "../../functions-shared/core/log.ts";
import { subjectHashUnder } from "../../functions-shared/handlers/gdpr_export/deps.ts";
import { randomToken } from "../../functions-shared/handlers/gdpr_export/pseudonymise.ts";
import { eraseSubject, httpErrorOf } from "../../functions-shared/handlers/gdpr_export/queries.ts";
import {
  eraseInRedis,
  type RedisErasure,
} from "../../functions-shared/handlers/gdpr_export/redis_erasure.ts";
import { GdprConfigError, loadPseudonymSalt } from "../../functions-shared/handlers/gdpr_export/settings.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { type ErasureArgs, HELP, parseErasureArgs, USAGE, UsageError } from "./erase_args.ts";

/** Where the script reads its settings and writes its answer; tests pass their own. */
export interface ScriptIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

const processIo: ScriptIo = {
  get env() {
    return Deno.env.toObject();
  },
  out: (text) => console.log(text),
  err: (text) => console.error(text),
};

async function redisSide(env: ScriptIo["env"], subjectId: string, sessionIds: readonly string[]) {
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token) return { redis: "not configured" as const };
  try {
    const done: RedisErasure = await eraseInRedis(
      createRedis({ url, token, timeoutMs: 10_000 }),
      subjectId,
      sessionIds,
    );
    return { redis: "done" as const, ...done };
  } catch (error) {
    return { redis: "failed" as const, redisError: describeError(error).errorMessage };
  }
}

/** The exit code: 0 erased (or --help), 1 refused by the database, 2 a usage or configuration error. */
export async function main(argv: readonly string[], io: ScriptIo = processIo): Promise<number> {
  let args: ErasureArgs | "help";
  let salt: string;
  try {
    args = parseErasureArgs(argv, io.env);
    if (args === "help") {
      io.out(HELP);
      return 0;
    }
    salt = loadPseudonymSalt(io.env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof GdprConfigError) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  for (const warning of args.warnings) io.err(warning);
  return await erase(args, salt, io);
}

async function erase(args: ErasureArgs, salt: string, io: ScriptIo): Promise<number> {
  const { subjectId, reason, reference, operator } = args;
  const sql = createSql({ url: args.dbUrl, max: 1 });
  let summary;
  try {
    const subjectHash = await subjectHashUnder(salt, subjectId);
    // metadata.operator: a staff identifier, which the database requires of the operator's erasure
    // (20261206230000); "operator" is none of the writer's personal keys, so it is stored as given.
    const metadata = { via: "deno task gdpr:erase", operator };
    summary = await asOperator((tx) =>
      eraseSubject(tx, {
        subjectId,
        subjectHash,
        reason,
        reference,
        token: randomToken("erased-"),
        event: { correlation_id: crypto.randomUUID(), metadata },
      }), { sql });
  } catch (error) {
    const refusal = httpErrorOf(error);
    if (refusal instanceof HttpError) {
      // The database's own words say what was wrong (a basis not among gdpr.erasure_reasons(), …).
      const problems = Array.isArray(refusal.details) ? refusal.details.map((d) => d.message) : [];
      io.err(`refused: ${[refusal.message, ...problems].join(" ")}`);
      return 1;
    }
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
  const { sessionIds, ...facts } = summary;
  const redis = await redisSide(io.env, subjectId, sessionIds);
  io.out(
    JSON.stringify({ subjectId, erased: true, reason, reference, operator, ...facts, ...redis }, null, 2),
  );
  if (!facts.alreadyErased && (facts.deleted.users ?? 0) === 0) {
    io.err("note: no account of this subject was found; only their records were swept");
  }
  if (redis.redis === "failed") {
    io.err(
      "Redis did not answer: their sessions end at their next write of last activity (at most one persist " +
        "interval, app.session_policy: 1 minute as seeded); their limiter keys expire on their own",
    );
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
