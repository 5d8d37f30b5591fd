/**
 * The per-class limits from public.rate_limit_config, cached per isolate for five minutes so that an
 * admin's edit in the dashboard takes effect everywhere within that time without a read per request.
 * Disabled rows are left out: a class without a row is not enforced.
 */
import { edgeWaitUntil, type WaitUntil } from "../../core/runtime.ts";
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
 * A loader wrapped in a TTL cache, stale-while-revalidate: the first load is awaited (concurrent first
 * calls share it; a failed one is retried on the next call); once the table is older than the TTL, the call
 * that notices is answered from it at once and a reload runs in the background (one at a time, handed to
 * waitUntil so the isolate stays for it), so no request waits for the database to learn the limits. A
 * failed reload keeps serving the last good table and is tried again on the next call.
 */
export function cachedLimits(
  load: () => Promise<LimitTable>,
  options: { ttlMs?: number; now?: () => number; waitUntil?: WaitUntil } = {},
): () => Promise<LimitTable> {
  const ttl = options.ttlMs ?? LIMITS_TTL_MS;
  const now = options.now ?? Date.now;
  const waitUntil = options.waitUntil ?? edgeWaitUntil();
  let current: { table: LimitTable; at: number } | undefined;
  let loading: Promise<LimitTable> | undefined;

  function reload(): Promise<LimitTable> {
    loading = load().then((table) => {
      current = { table, at: now() };
      return table;
    }).finally(() => loading = undefined);
    return loading;
  }

  return () => {
    if (!current) return loading ?? reload();
    if (!loading && now() - current.at >= ttl) {
      // the last good table stays until a reload succeeds
      waitUntil?.(reload().catch(() => {}));
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
