/**
 * The Postgres limiter — for deployments without Upstash, and the fallback when Upstash is slow or down:
 * public.rate_limit_hit (a fixed window per identifier and class) for the class and GLOBAL, and the ban
 * check, in one Postgres round trip. Slower than Redis and fixed-window rather than sliding, but the same
 * limits, messages and bans. A database that cannot answer → LimiterUnavailable.
 */
import type { RequestContext } from "../../core/context.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import { decide, LimiterUnavailable, type LimitOutcome, type RateLimitDecision } from "./decision.ts";
import type { LimiterEvents } from "./events.ts";
import { limitIdentity } from "./identifier.ts";
import { applicableLimits, type LimitTable } from "./limits.ts";

export interface PostgresLimiterOptions {
  readonly service: ServiceQuery;
  readonly limits: () => Promise<LimitTable>;
  /** Violations only: degraded decisions are the failover's to record. */
  readonly events: Pick<LimiterEvents, "violation">;
  readonly waitUntil?: (p: Promise<unknown>) => void;
  readonly now?: () => number;
}

export function createPostgresLimiter(options: PostgresLimiterOptions) {
  const now = options.now ?? Date.now;
  const later = options.waitUntil ?? ((p: Promise<unknown>) => void p.catch(() => {}));

  async function check(ctx: RequestContext): Promise<RateLimitDecision> {
    const table = await options.limits();
    const { classLimit, applicable } = applicableLimits(table, ctx.rateLimitClass);
    if (applicable.length === 0) return { allowed: true };
    const identity = await limitIdentity(ctx);
    let rows: { allowed: boolean; remaining: number; reset_at: Date; banned_until: Date | null }[];
    try {
      rows = await options.service((tx) =>
        tx`select h.allowed, h.remaining, h.reset_at,
              (select v.banned_until from public.rate_limit_violations v
               where v.identifier = ${identity.key} and v.banned_until > now()) as banned_until
            from unnest(${applicable.map((l) => l.className)}::text[],
                        ${applicable.map((l) => l.maxRequests)}::int[],
                        ${
          applicable.map((l) => l.windowSeconds)
        }::int[]) with ordinality as c(cls, max, win, ord)
            cross join lateral public.rate_limit_hit(${identity.key}, c.cls, c.max, c.win) h
            order by c.ord`
      );
    } catch {
      throw new LimiterUnavailable(
        applicable[0].className,
        classLimit?.failMode ?? "open",
        "database unavailable",
      );
    }
    const bannedUntil = rows[0]?.banned_until;
    if (bannedUntil) {
      return {
        allowed: false,
        bannedUntil: bannedUntil.toISOString(),
        retryAfter: Math.ceil((bannedUntil.getTime() - now()) / 1000),
      };
    }
    const outcomes: LimitOutcome[] = rows.map((r, i) => ({
      success: r.allowed,
      limit: applicable[i].maxRequests,
      remaining: r.remaining,
      reset: r.reset_at.getTime(),
    }));
    const decision = decide(applicable.map((limit, i) => ({ limit, outcome: outcomes[i] })), now());
    if (!decision.allowed) {
      const refused = applicable[outcomes.findIndex((o) => !o.success)].className;
      later(options.events.violation({ identity, className: refused, ip: ctx.ip, requestId: ctx.requestId }));
    }
    return decision;
  }

  return { check };
}
