/**
 * Session timeouts. The database (app.session_policy) is the source; each isolate caches them for five
 * minutes and starts from the seeded values (15 minutes idle, 8 hours open) until the first read.
 */
import { type CacheTuning, refreshingCache } from "../../core/refreshing_cache.ts";

export interface SessionPolicy {
  readonly idleMs: number;
  readonly maxMs: number;
  /** Last activity is written to Postgres at most this often per session. */
  readonly persistMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 15 * 60_000,
  maxMs: 8 * 3600_000,
  persistMs: 60_000,
};

export const POLICY_TTL_MS = 5 * 60_000;

/**
 * The policy in force, at once: the database's, cached per isolate (refreshingCache), reloaded behind the
 * request that finds it stale; the seeded values until the first load has answered.
 */
export function cachedPolicy(
  load: () => Promise<SessionPolicy>,
  tuning: CacheTuning = {},
): { current(): SessionPolicy } {
  const cache = refreshingCache(load, { what: "session policy", ttlMs: POLICY_TTL_MS }, tuning);
  return { current: () => cache.peek() ?? DEFAULT_SESSION_POLICY };
}
