/**
 * The erasure's Redis side, shared by POST /gdpr-export/erase and the operator's `deno task gdpr:erase`:
 * the subject's sessions are marked ended (the guard refuses them at once) and their limiter keys — the
 * sliding windows rl:<class>:<max>:<window>:user:<uuid>:<n> and the ban copy ban:user:<uuid> — are deleted,
 * which Redis would otherwise keep naming them until they expire (a ban up to 24 h).
 *
 * Postgres does not depend on it: the erasure deleted the sessions' rows, so the functions end each of them
 * at its next write of last activity (touch_sessions, at most one persist interval later) even when this
 * never ran or Redis did not answer; the keys expire on their own.
 */
import type { Redis } from "../../platform/redis.ts";
import { DEFAULT_SESSION_POLICY, markEnded } from "../../pipeline/sessions/mod.ts";
import { BAN_KEY_PREFIX, LIMIT_KEY_PREFIX, userLimitKey } from "../../pipeline/rate_limit/mod.ts";

export interface RedisErasure {
  readonly sessionsRevoked: number;
  readonly limiterKeysDeleted: number;
}

/** Keys per SCAN step: the erasure is rare, the keyspace is walked once. */
const SCAN_COUNT = 1000;

export async function eraseInRedis(
  redis: Redis,
  subjectId: string,
  sessionIds: readonly string[],
): Promise<RedisErasure> {
  await Promise.all(sessionIds.map((id) => markEnded(redis, id, "revoked", DEFAULT_SESSION_POLICY)));
  const identity = userLimitKey(subjectId.toLowerCase());
  const keys = [
    `${BAN_KEY_PREFIX}${identity}`,
    ...await scanKeys(redis, `${LIMIT_KEY_PREFIX}*:${identity}:*`),
  ];
  const limiterKeysDeleted = await redis.del(...keys);
  return { sessionsRevoked: sessionIds.length, limiterKeysDeleted };
}

async function scanKeys(redis: Redis, match: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, { match, count: SCAN_COUNT });
    found.push(...keys);
    cursor = String(next);
  } while (cursor !== "0");
  return found;
}
