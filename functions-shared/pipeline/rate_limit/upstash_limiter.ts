/**
 * The hot-path limiter: the real @upstash/ratelimit sliding window for the function's class and for
 * GLOBAL, plus the ban check, issued together so that @upstash/redis's auto-pipelining sends them to
 * Redis in one round trip. Redis slower than the budget (50 ms) or down → LimiterUnavailable, and the
 * failover (failover.ts) asks the Postgres limiter instead: never a hang, never a guess.
 */
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import type { RequestContext } from "../../core/context.ts";
import { rideAlong, type RoundTripRider } from "../../platform/round_trip.ts";
import { decide, LimiterUnavailable, type RateLimitDecision } from "./decision.ts";
import type { LimiterEvents, Violation } from "./events.ts";
import { limitIdentity } from "./identifier.ts";
import { applicableLimits, type ClassLimit, type LimitTable } from "./limits.ts";

export const BAN_KEY_PREFIX = "ban:";
export const DEFAULT_BUDGET_MS = 50;

export interface UpstashLimiterOptions {
  readonly redis: Redis;
  readonly limits: () => Promise<LimitTable>;
  /** Violations only: degraded decisions are the failover's to record. */
  readonly events: Pick<LimiterEvents, "violation">;
  readonly budgetMs?: number;
  /** Work after the response (EdgeRuntime.waitUntil); default: fire and forget. */
  readonly waitUntil?: (p: Promise<unknown>) => void;
  readonly now?: () => number;
  /** Other hot-path Redis work issued in the same tick, so it travels in the same round trip. */
  readonly riders?: readonly RoundTripRider[];
}

class BudgetExceeded extends Error {}

export function createUpstashLimiter(options: UpstashLimiterOptions) {
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const now = options.now ?? Date.now;
  const later = options.waitUntil ?? ((p: Promise<unknown>) => void p.catch(() => {}));
  const limiters = new Map<string, Ratelimit>();
  // Refusals seen by this isolate, so a client hammering past its limit costs no Redis call at all.
  const ephemeralCache = new Map<string, number>();

  function limiterFor(limit: ClassLimit): Ratelimit {
    const key = `${limit.className}:${limit.maxRequests}:${limit.windowSeconds}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: options.redis,
        limiter: Ratelimit.slidingWindow(limit.maxRequests, `${limit.windowSeconds} s`),
        prefix: `rl:${limit.className}:${limit.maxRequests}:${limit.windowSeconds}`,
        ephemeralCache,
        timeout: 0, // our own budget below decides, per class; the library's would silently allow
        analytics: false,
      });
      limiters.set(key, limiter);
    }
    return limiter;
  }

  async function check(ctx: RequestContext): Promise<RateLimitDecision> {
    const table = await options.limits();
    const { classLimit, applicable } = applicableLimits(table, ctx.rateLimitClass);
    if (applicable.length === 0) return { allowed: true };
    const identity = await limitIdentity(ctx);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BudgetExceeded(`no answer within ${budgetMs} ms`)), budgetMs);
    });
    let results;
    try {
      // Issued in the same tick so auto-pipelining sends them in one request. @upstash/redis keeps read
      // commands (GET) in a pipeline of their own, so the ban is read with GETEX (no options: a plain
      // read that the client files with the writes), next to the limiters' EVALSHA.
      const commands = Promise.all([
        Promise.all(applicable.map((l) => limiterFor(l).limit(identity.key))),
        options.redis.getex<string>(`${BAN_KEY_PREFIX}${identity.key}`),
      ]);
      rideAlong(options.riders, options.redis, ctx); // metric increments, session touch: same tick
      results = await Promise.race([commands, budget]);
    } catch (error) {
      const reason = error instanceof BudgetExceeded ? error.message : "redis unavailable";
      throw new LimiterUnavailable(applicable[0].className, classLimit?.failMode ?? "open", reason);
    } finally {
      clearTimeout(timer);
    }

    const [outcomes, bannedUntil] = results;
    if (bannedUntil && Date.parse(bannedUntil) > now()) {
      return { allowed: false, bannedUntil, retryAfter: Math.ceil((Date.parse(bannedUntil) - now()) / 1000) };
    }
    const decision = decide(applicable.map((limit, i) => ({ limit, outcome: outcomes[i] })), now());
    if (!decision.allowed) {
      const refusedClass = applicable[outcomes.findIndex((o) => !o.success)].className;
      later(recordViolation({ identity, className: refusedClass, ip: ctx.ip, requestId: ctx.requestId }));
    }
    return decision;
  }

  async function recordViolation(v: Violation) {
    const { bannedUntil } = await options.events.violation(v);
    if (bannedUntil) {
      await options.redis.set(`${BAN_KEY_PREFIX}${v.identity.key}`, bannedUntil, {
        pxat: Date.parse(bannedUntil),
      });
    }
  }

  return { check };
}
