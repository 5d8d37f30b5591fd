// `deno task gdpr:erase --subject <uuid> --basis <reason> --ticket <reference> [--db-url URL]`
//
// The platform operator's erasure of a data subject: the requests only the operator decides (someone who
// holds or held a privileged role; their organization gets 409 PRIVILEGED_SUBJECT). It does what
// POST /gdpr-export/erase does, with the function's own code, as the service role:
//   1. the subject's key on the erased-subjects list, hashed as the function hashes it
//      (GDPR_PSEUDONYM_SALT, the gdpr-export function's secret), so their organization then gets
//      alreadyErased and 410 for them rather than "no such subject";
//   2. gdpr.erase_subject in one transaction with its gdpr.erase event (the operator's: no user, the
//      ticket as reference);
//   3. the Redis side, when UPSTASH_REDIS_REST_URL and _TOKEN are set: their sessions ended at once and
//      their limiter keys deleted. Without it Postgres ends the sessions at their next write of last
//      activity (at most a persist interval, 1 minute) and the keys expire on their own (a ban ≤ 24 h).
// --basis is the erasure's ground (gdpr.erasure_reasons(): consent_withdrawn, no_longer_necessary, …);
// --ticket the operator's reference. The database is SUPABASE_DB_URL (the project's owner login) unless
// --db-url names it. Prints what was erased as JSON; never a session id.
import { asOperator, createSql } from "../../functions-shared/platform/db.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { isUuid } from "../../functions-shared/pipeline/audit/mapping.ts";
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

class UsageError extends Error {}

const USAGE =
  "usage: deno task gdpr:erase --subject <uuid> --basis <reason> --ticket <reference> [--db-url URL]";

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name.startsWith("--") || value === undefined || value.startsWith("--")) {
      throw new UsageError(`unexpected argument ${JSON.stringify(name)}`);
    }
    flags.set(name.slice(2), value);
    i++;
  }
  return flags;
}

function required(flags: Map<string, string>, name: string): string {
  const value = flags.get(name)?.trim();
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function redisSide(subjectId: string, sessionIds: readonly string[]) {
  const url = Deno.env.get("UPSTASH_REDIS_REST_URL");
  const token = Deno.env.get("UPSTASH_REDIS_REST_TOKEN");
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

export async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  const subjectId = required(flags, "subject").toLowerCase();
  if (!isUuid(subjectId)) throw new UsageError("--subject must be the subject's user id (a uuid)");
  const reason = required(flags, "basis");
  const reference = required(flags, "ticket");
  const salt = loadPseudonymSalt(Deno.env.toObject());
  const url = flags.get("db-url") ?? Deno.env.get("SUPABASE_DB_URL");
  if (!url) throw new UsageError("no database: pass --db-url or set SUPABASE_DB_URL (the owner's login)");

  const sql = createSql({ url, max: 1 });
  let summary;
  try {
    const subjectHash = await subjectHashUnder(salt, subjectId);
    summary = await asOperator((tx) =>
      eraseSubject(tx, {
        subjectId,
        subjectHash,
        reason,
        reference,
        token: randomToken("erased-"),
        event: { correlation_id: crypto.randomUUID(), metadata: { via: "deno task gdpr:erase" } },
      }), { sql });
  } catch (error) {
    const refusal = httpErrorOf(error);
    if (refusal instanceof HttpError) {
      console.error(`refused: ${refusal.message}`);
      return 1;
    }
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
  const { sessionIds, ...facts } = summary;
  const redis = await redisSide(subjectId, sessionIds);
  console.log(JSON.stringify({ subjectId, erased: true, reason, reference, ...facts, ...redis }, null, 2));
  if (!facts.alreadyErased && (facts.deleted.users ?? 0) === 0) {
    console.error("note: no account of this subject was found; only their records were swept");
  }
  if (redis.redis === "failed") {
    console.error(
      "Redis did not answer: their sessions end at their next write of last activity (at most one persist " +
        "interval, app.session_policy: 1 minute as seeded); their limiter keys expire on their own",
    );
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    if (error instanceof UsageError || error instanceof GdprConfigError) {
      console.error(`${error.message}\n${USAGE}`);
      Deno.exit(2);
    }
    throw error;
  }
}
