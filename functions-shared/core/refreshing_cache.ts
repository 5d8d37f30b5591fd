/**
 * A value read from the database (the rate limits, the session policy) and cached per isolate,
 * stale-while-revalidate: once it is older than the TTL, the call that notices is answered from it at once
 * and one reload runs behind it (handed to waitUntil when the host has one, so the isolate stays for it), so
 * no request waits for the database to learn it. Each load is bounded by a budget, so a hung one ends as a
 * failure instead of blocking every reload after it. A failed load keeps the last good value, is logged with
 * its age, and is tried again only after a backoff: with the database down, a load per request would take
 * connections from the pool that the fallbacks need. The first load too: until one has answered, the calls
 * within the backoff are refused at once with its error (the callers' own fallback decides, as it would
 * have after a load), so a cold isolate loads once per backoff, not once per request.
 */
import { consoleLogger, describeError, type Logger } from "./log.ts";
import { edgeWaitUntil, type WaitUntil } from "./runtime.ts";
import { withinBudget } from "./timing.ts";

/** After a failed load, no other before this long. */
export const RELOAD_BACKOFF_MS = 30 * 1000;

/**
 * After a failed load with nothing loaded yet, none other before this long: shorter, because until a load
 * answers the callers run on their fallbacks (the rate limits' fail mode refuses the closed classes, sign-in
 * among them), and one load every few seconds costs the database nothing while it recovers.
 */
export const FIRST_LOAD_BACKOFF_MS = 5 * 1000;

/** A load (one small select) that has not answered in this time has failed. */
export const LOAD_BUDGET_MS = 10 * 1000;

/** What a cache holds: its name in the log ("rate limit config") and how long a value is fresh. */
export interface CachedValue {
  readonly what: string;
  readonly ttlMs: number;
}

/** Each defaulted: the TTL to the cached value's own, the rest as above or the runtime's. */
export interface CacheTuning {
  readonly ttlMs?: number;
  readonly backoffMs?: number;
  readonly firstLoadBackoffMs?: number;
  readonly loadBudgetMs?: number;
  readonly now?: () => number;
  /** Default: the edge runtime's; without one (scripts, benches) a reload still runs. */
  readonly waitUntil?: WaitUntil;
  readonly logger?: Logger;
}

export interface RefreshingCache<T> {
  /**
   * The value. Until one has loaded, the load is awaited (concurrent calls share it); a failed one rejects,
   * and so does every call within the backoff after it, at once, with the same error: there is nothing to
   * serve, and another load would only take a connection from a database that has just failed.
   */
  get(): Promise<T>;
  /** The value at once, or undefined until one has loaded; a load that is due starts behind the call. */
  peek(): T | undefined;
}

export function refreshingCache<T>(
  load: () => Promise<T>,
  { what, ttlMs }: CachedValue,
  tuning: CacheTuning = {},
): RefreshingCache<T> {
  const ttl = tuning.ttlMs ?? ttlMs;
  const now = tuning.now ?? Date.now;
  const waitUntil = tuning.waitUntil ?? edgeWaitUntil();
  const backoffMs = tuning.backoffMs ?? RELOAD_BACKOFF_MS;
  const firstLoadBackoffMs = tuning.firstLoadBackoffMs ?? FIRST_LOAD_BACKOFF_MS;
  const loadBudgetMs = tuning.loadBudgetMs ?? LOAD_BUDGET_MS;
  const log = tuning.logger ?? consoleLogger;
  let current: { value: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  /** After a failed load, none other before this time. */
  let retryAt = 0;
  /** What the last load failed with: the answer to a call with nothing to serve during the backoff. */
  let failure: unknown;

  /** One load; a failure starts the backoff and is logged once, whoever waits for it. */
  function reload(): Promise<T> {
    // the last good value stays until a reload succeeds
    const served = current;
    // a loader that throws at once fails like one that rejects
    loading = withinBudget(new Promise<T>((resolve) => resolve(load())), loadBudgetMs).then((value) => {
      current = { value, at: now() };
      failure = undefined;
      return value;
    }, (error) => {
      const retryInMs = served ? backoffMs : firstLoadBackoffMs;
      retryAt = now() + retryInMs;
      failure = error;
      log(
        "warn",
        served
          ? `${what} reload failed; serving the last one loaded`
          : `${what} load failed; none loaded yet`,
        { ageMs: served ? now() - served.at : null, retryInMs, ...describeError(error) },
      );
      throw error;
    }).finally(() => loading = undefined);
    return loading;
  }

  /** A reload behind the caller when the value is missing or stale: one at a time, none during a backoff. */
  function reloadIfDue(): void {
    const at = now();
    if (loading || at < retryAt || (current && at - current.at < ttl)) return;
    const reloading = reload().catch(() => {}); // logged by reload
    // started whether or not the host can keep the isolate for it
    waitUntil?.(reloading);
  }

  return {
    get() {
      const served = current;
      if (!served) {
        if (loading) return loading;
        return now() < retryAt ? Promise.reject(failure) : reload();
      }
      reloadIfDue();
      return Promise.resolve(served.value);
    },
    peek() {
      reloadIfDue();
      return current?.value;
    },
  };
}
