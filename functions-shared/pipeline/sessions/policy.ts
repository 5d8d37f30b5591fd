/**
 * Session timeouts. The database (app.session_policy) is the source; each isolate caches them for five
 * minutes and starts from the seeded values (15 minutes idle, 8 hours open) until the first read.
 */
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

/** A cached policy: `current()` answers at once and refreshes in the background when stale. */
export function cachedPolicy(
  load: () => Promise<SessionPolicy>,
  options: { ttlMs?: number; now?: () => number; waitUntil?: (p: Promise<unknown>) => void } = {},
) {
  const ttl = options.ttlMs ?? POLICY_TTL_MS;
  const now = options.now ?? Date.now;
  let policy = DEFAULT_SESSION_POLICY;
  let loadedAt = -Infinity;
  let loading: Promise<void> | undefined;
  return {
    current(): SessionPolicy {
      if (!loading && now() - loadedAt >= ttl) {
        loadedAt = now(); // a failed load is retried after the TTL, not on every request
        loading = load().then((p) => void (policy = p), () => {}).finally(() => loading = undefined);
        options.waitUntil?.(loading);
      }
      return policy;
    },
  };
}
