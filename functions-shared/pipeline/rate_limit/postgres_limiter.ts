/**
 * The Postgres limiter — for deployments without Upstash, and the fallback when Upstash is slow or down:
 * public.rate_limit_hit (a fixed window per identifier and class) for the class and GLOBAL, and the ban
 * check, in one Postgres round trip. Slower than Redis and fixed-window rather than sliding, but the same
 * limits, messages and bans. A database that cannot answer → LimiterUnavailable (check.ts).
 */
import type { ServiceQuery } from "../../platform/db.ts";
import { type LimiterOptions, storeLimiter } from "./check.ts";
import type { LimiterEvents } from "./events.ts";

export interface PostgresLimiterOptions extends LimiterOptions {
  readonly service: ServiceQuery;
  /** Violations only: degraded decisions are the failover's to record. */
  readonly events: Pick<LimiterEvents, "violation">;
}

export function createPostgresLimiter(options: PostgresLimiterOptions) {
  return storeLimiter({
    async hit(identity, limits) {
      const rows = await options.service((tx) =>
        tx<{ allowed: boolean; remaining: number; reset_at: Date; banned_until: Date | null }[]>`
          select h.allowed, h.remaining, h.reset_at,
              (select v.banned_until from public.rate_limit_violations v
               where v.identifier = ${identity.key} and v.banned_until > now()) as banned_until
            from unnest(${limits.map((l) => l.className)}::text[],
                        ${limits.map((l) => l.maxRequests)}::int[],
                        ${limits.map((l) => l.windowSeconds)}::int[]) with ordinality as c(cls, max, win, ord)
            cross join lateral public.rate_limit_hit(${identity.key}, c.cls, c.max, c.win) h
            order by c.ord`
      );
      return {
        outcomes: rows.map((r, i) => ({
          success: r.allowed,
          limit: limits[i].maxRequests,
          remaining: r.remaining,
          reset: r.reset_at.getTime(),
        })),
        bannedUntil: rows[0]?.banned_until?.toISOString() ?? null,
      };
    },
    refused: async (violation) => void await options.events.violation(violation),
    reason: () => "database unavailable",
  }, options);
}
