/**
 * The per-class limits from public.rate_limit_config, cached per isolate for five minutes so that an
 * admin's edit in the dashboard takes effect everywhere within that time without a read per request.
 * Disabled rows are left out: a class without a row is not enforced.
 */
import { type CacheTuning, refreshingCache } from "../../core/refreshing_cache.ts";
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
 * The limits, cached per isolate (refreshingCache): the first load is awaited; after the TTL the table is
 * served at once while one reload runs behind it, and a failed reload keeps serving the last table. With
 * no table yet, a failed load rejects every call for the backoff after it, at once: the limiters then
 * apply the class's fail mode (defaultFailMode) without waiting for, or opening, a connection each.
 */
export function cachedLimits(
  load: () => Promise<LimitTable>,
  tuning: CacheTuning = {},
): () => Promise<LimitTable> {
  const cache = refreshingCache(load, { what: "rate limit config", ttlMs: LIMITS_TTL_MS }, tuning);
  return () => cache.get();
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
