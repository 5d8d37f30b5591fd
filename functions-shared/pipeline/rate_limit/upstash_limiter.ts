/**
 * The hot-path limiter: the real @upstash/ratelimit sliding window for the function's class and for
 * GLOBAL, plus the ban check, issued together so that @upstash/redis's auto-pipelining sends them to
 * Redis in one round trip. Redis slower than the budget (50 ms, or what the composition root's adaptive
 * budget allows) or down → LimiterUnavailable, and the failover (failover.ts) asks the Postgres limiter
 * instead: never a hang, never a guess.
 */
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { adaptiveBudget, BudgetExceeded } from "../../core/timing.ts";
import { rideAlong, type RoundTripRider } from "../../platform/round_trip.ts";
import { LateHit, type LimiterOptions, storeLimiter } from "./check.ts";
import type { LimiterEvents } from "./events.ts";
import type { ClassLimit } from "./limits.ts";

export const BAN_KEY_PREFIX = "ban:";
/** Every window key: rl:<class>:<max>:<window s>:<identity key>:<window number> (@upstash/ratelimit's layout). */
export const LIMIT_KEY_PREFIX = "rl:";
export const DEFAULT_BUDGET_MS = 50;

export interface UpstashLimiterOptions extends LimiterOptions {
  readonly redis: Redis;
  /** Violations only: degraded decisions are the failover's to record. */
  readonly events: Pick<LimiterEvents, "violation">;
  /**
   * The round trip's budget: never less than `budgetMs` (default 50 ms), raised by the adaptive budget
   * (core/timing.ts) after slow round trips up to `budgetMaxMs` (default: `budgetMs`, a fixed budget).
   */
  readonly budgetMs?: number;
  readonly budgetMaxMs?: number;
  /** Other hot-path Redis work issued in the same tick, so it travels in the same round trip. */
  readonly riders?: readonly RoundTripRider[];
}

export function createUpstashLimiter(options: UpstashLimiterOptions) {
  const floorMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const budget = adaptiveBudget({ floorMs, ceilingMs: options.budgetMaxMs ?? floorMs });
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
        prefix: `${LIMIT_KEY_PREFIX}${limit.className}:${limit.maxRequests}:${limit.windowSeconds}`,
        ephemeralCache,
        timeout: 0, // our own budget below decides, per class; the library's would silently allow
        analytics: false,
      });
      limiters.set(key, limiter);
    }
    return limiter;
  }

  return storeLimiter({
    async hit(identity, limits, ctx) {
      // Issued in the same tick so auto-pipelining sends them in one request. @upstash/redis keeps read
      // commands (GET) in a pipeline of their own, so the ban is read with GETEX (no options: a plain
      // read that the client files with the writes), next to the limiters' EVALSHA.
      const commands = Promise.all([
        Promise.all(limits.map((l) => limiterFor(l).limit(identity.key))),
        options.redis.getex<string>(`${BAN_KEY_PREFIX}${identity.key}`),
      ]);
      rideAlong(options.riders, options.redis, ctx); // metric increments, session touch: same tick
      const answer = commands.then(([outcomes, bannedUntil]) => ({ outcomes, bannedUntil }));
      try {
        return await budget.run(answer);
      } catch (error) {
        // Slow, not down: the commands were sent and Redis counted them, so their answer still counts.
        if (error instanceof BudgetExceeded) throw new LateHit(error.message, answer);
        throw error;
      }
    },
    async refused(violation) {
      // Postgres holds every ban; Redis a copy for the hot path. The copy is written on any refusal of a
      // banned client, so a ban the Postgres limiter started while Redis was down reaches Redis too.
      const { bannedUntil } = await options.events.violation(violation);
      if (bannedUntil) {
        await options.redis.set(`${BAN_KEY_PREFIX}${violation.identity.key}`, bannedUntil, {
          pxat: Date.parse(bannedUntil),
        });
      }
    },
    reason: (error) => error instanceof LateHit ? error.message : "redis unavailable",
  }, options);
}
