/**
 * The per-class limits from public.rate_limit_config, cached per isolate for five minutes so that an
 * admin's edit in the dashboard takes effect everywhere within that time without a read per request.
 * Disabled rows are left out: a class without a row is not enforced.
 */
import { edgeWaitUntil, type WaitUntil } from "../../core/runtime.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import { withinBudget } from "../../core/timing.ts";
import type { Sql, Tx } from "../../platform/db.ts";

export interface ClassLimit {
  readonly className: string;
  readonly maxRequests: number;
  readonly windowSeconds: number;
  readonly message: string;
  readonly failMode: "open" | "closed";
}

export type LimitTable = ReadonlyMap<string, ClassLimit>;

export const LIMITS_TTL_MS = 5 * 60 * 1000;

/**
 * After a failed reload, the next one waits this long: with Postgres down, a reload per request would take
 * connections from the pool the Postgres fallback limiter needs.
 */
export const LIMITS_RELOAD_BACKOFF_MS = 30 * 1000;

/** A load (one small select) that has not answered in this time has failed; a hung one must not block reloads. */
export const LIMITS_LOAD_BUDGET_MS = 10 * 1000;

export async function loadLimits(sql: Sql | Tx): Promise<LimitTable> {
  const rows = await sql<
    { class: string; max_requests: number; window_seconds: number; message: string; fail_mode: string }[]
  >`select class, max_requests, window_seconds, message, fail_mode
    from public.rate_limit_config where enabled`;
  return new Map(rows.map((r) => [r.class, {
    className: r.class,
    maxRequests: r.max_requests,
    windowSeconds: r.window_seconds,
    message: r.message,
    failMode: r.fail_mode === "closed" ? "closed" : "open",
  }]));
}

/**
 * A loader wrapped in a TTL cache, stale-while-revalidate: the first load is awaited (concurrent first
 * calls share it; a failed one is retried on the next call); once the table is older than the TTL, the call
 * that notices is answered from it at once and a reload runs in the background (one at a time, handed to
 * waitUntil when the host has one, so the isolate stays for it), so no request waits for the database to
 * learn the limits. Each load is bounded by a budget, so a hung one ends as a failure. A failed reload keeps
 * serving the last good table, is logged with the table's age, and is tried again after a backoff.
 */
export function cachedLimits(
  load: () => Promise<LimitTable>,
  options: {
    ttlMs?: number;
    now?: () => number;
    waitUntil?: WaitUntil;
    backoffMs?: number;
    loadBudgetMs?: number;
    logger?: Logger;
  } = {},
): () => Promise<LimitTable> {
  const ttl = options.ttlMs ?? LIMITS_TTL_MS;
  const now = options.now ?? Date.now;
  const waitUntil = options.waitUntil ?? edgeWaitUntil();
  const backoffMs = options.backoffMs ?? LIMITS_RELOAD_BACKOFF_MS;
  const loadBudgetMs = options.loadBudgetMs ?? LIMITS_LOAD_BUDGET_MS;
  const log = options.logger ?? consoleLogger;
  let current: { table: LimitTable; at: number } | undefined;
  let loading: Promise<LimitTable> | undefined;
  /** After a failed reload, no other before this time. */
  let retryAt = 0;

  function reload(): Promise<LimitTable> {
    // a loader that throws at once fails like one that rejects
    loading = withinBudget(new Promise<LimitTable>((resolve) => resolve(load())), loadBudgetMs).then(
      (table) => {
        current = { table, at: now() };
        return table;
      },
    ).finally(() => loading = undefined);
    return loading;
  }

  return () => {
    if (!current) return loading ?? reload();
    const at = now();
    if (!loading && at - current.at >= ttl && at >= retryAt) {
      // the last good table stays until a reload succeeds
      const stale = current;
      const reloading = reload().catch((error) => {
        retryAt = now() + backoffMs;
        log("warn", "rate limit config reload failed; serving the last table loaded", {
          tableAgeMs: now() - stale.at,
          retryInMs: backoffMs,
          ...describeError(error),
        });
      });
      // started whether or not the host can keep the isolate for it (scripts, benches have no waitUntil)
      waitUntil?.(reloading);
    }
    return Promise.resolve(current.table);
  };
}

/**
 * The fail mode of a class when its row cannot be read at all: as seeded (20261122000300_rate_limits.sql),
 * closed for the classes that guard personal data and sign-in, open for the clinical ones.
 */
export function defaultFailMode(className: string): "open" | "closed" {
  return className === "PHI" || className === "AUTH" ? "closed" : "open";
}

/** The limits a request is held to: its function's class (API when it declares none) and GLOBAL. */
export function applicableLimits(table: LimitTable, rateLimitClass: string | undefined) {
  const classLimit = table.get(rateLimitClass ?? "API");
  const applicable = [classLimit, table.get("GLOBAL")].filter((l): l is ClassLimit => l !== undefined);
  return { classLimit, applicable };
}
