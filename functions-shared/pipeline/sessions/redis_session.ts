/**
 * A session's hot state in Redis (sess:<session_id>: s = started, l = last activity, p = last persisted
 * to Postgres, e = end reason; epoch ms). The touch script applies the same rule as
 * public.check_session: expired once the idle or the maximum deadline has passed, the earlier deadline
 * naming the reason; it records the activity otherwise and says when Postgres is due a write.
 */
import type { Redis } from "../../platform/redis.ts";
import { RedisScript } from "../../platform/redis_script.ts";
import type { SessionPolicy } from "./policy.ts";

export const sessionKey = (sessionId: string) => `sess:${sessionId}`;

export type EndReason = "timeout_idle" | "timeout_max_duration" | "logout" | "revoked";

export type TouchResult =
  | { status: "active"; persist: boolean }
  | { status: "unknown" }
  | { status: "ended"; reason: EndReason }
  | { status: "expired"; reason: EndReason; endedAt: number }
  | { status: "error"; error: unknown };

const TOUCH = new RedisScript<unknown[]>(`
local v = redis.call('HMGET', KEYS[1], 's', 'l', 'p', 'e')
if v[4] then return {'ended', v[4]} end
if not v[1] then return {'unknown'} end
local now, s, l = tonumber(ARGV[1]), tonumber(v[1]), tonumber(v[2])
local idle_at, max_at = l + tonumber(ARGV[2]), s + tonumber(ARGV[3])
if now > math.min(idle_at, max_at) then
  local why = 'timeout_idle'
  if max_at <= idle_at then why = 'timeout_max_duration' end
  redis.call('HSET', KEYS[1], 'e', why)
  return {'expired', why, tostring(math.min(idle_at, max_at))}
end
redis.call('HSET', KEYS[1], 'l', ARGV[1])
if now - tonumber(v[3] or 0) >= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], 'p', ARGV[1])
  return {'active', 'persist'}
end
return {'active'}`);

/** Issues the touch now (same tick as the caller's other commands); never rejects. */
export function touchSession(
  redis: Redis,
  sessionId: string,
  now: number,
  policy: SessionPolicy,
): Promise<TouchResult> {
  return TOUCH.run(redis, [sessionKey(sessionId)], [now, policy.idleMs, policy.maxMs, policy.persistMs]).then(
    (reply) => parseTouch(reply),
    (error) => ({ status: "error", error }),
  );
}

export function parseTouch(reply: unknown): TouchResult {
  const [status, a, b] = Array.isArray(reply) ? reply.map(String) : [];
  switch (status) {
    case "active":
      return { status, persist: a === "persist" };
    case "unknown":
      return { status };
    case "ended":
      return { status, reason: a as EndReason };
    case "expired":
      return { status, reason: a as EndReason, endedAt: Number(b) };
    default:
      return { status: "error", error: new Error(`unexpected session touch reply ${JSON.stringify(reply)}`) };
  }
}

/** Redis learns a session Postgres knows (its first request, or after Redis lost it). */
export async function seedSession(
  redis: Redis,
  sessionId: string,
  startedAt: number,
  lastActivityAt: number,
  policy: SessionPolicy,
): Promise<void> {
  const key = sessionKey(sessionId);
  await Promise.all([
    redis.hset(key, { s: startedAt, l: lastActivityAt, p: lastActivityAt }),
    // Kept a little past the maximum duration: the session cannot outlive it anyway.
    redis.pexpireat(key, startedAt + policy.maxMs + 3600_000),
  ]);
}

/** Marks a session ended in Redis, so its next request is refused without asking Postgres. */
export async function markEnded(redis: Redis, sessionId: string, reason: string, policy: SessionPolicy) {
  const key = sessionKey(sessionId);
  await Promise.all([redis.hset(key, { e: reason }), redis.pexpire(key, policy.maxMs + 3600_000)]);
}
