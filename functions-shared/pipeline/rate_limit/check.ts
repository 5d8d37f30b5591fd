/**
 * What every limiter does around its store, written once: the limits that apply (the function's class,
 * API when it declares none, and GLOBAL), who is counted, the store's one round trip, an active ban, the
 * decision, and — after a refusal, off the hot path — the violation. A store that cannot answer throws;
 * this turns it into LimiterUnavailable for the failover, with the store's own words for why.
 */
import type { RequestContext } from "../../core/context.ts";
import { decide, LimiterUnavailable, type LimitOutcome, type RateLimitDecision } from "./decision.ts";
import type { RateLimiter } from "./enforce.ts";
import type { Violation } from "./events.ts";
import { type LimitIdentity, limitIdentity } from "./identifier.ts";
import { applicableLimits, type ClassLimit, defaultFailMode, type LimitTable } from "./limits.ts";

export interface LimitStore {
  /** One round trip: each limit's outcome, in the order given, and the identity's ban end, if any. */
  hit(
    identity: LimitIdentity,
    limits: readonly ClassLimit[],
    ctx: RequestContext,
  ): Promise<{ outcomes: readonly LimitOutcome[]; bannedUntil: string | null }>;
  /** Records a refusal (after the response); the store keeps any ban it starts. */
  refused(violation: Violation): Promise<void>;
  /** Why `hit` failed, for the security event ("redis unavailable", "no answer within 50 ms", …). */
  reason(error: unknown): string;
  /** The answer `hit` still gives after failing (a round trip past its budget), if it may. */
  late?(error: unknown): Promise<StoreHit> | undefined;
}

type StoreHit = Awaited<ReturnType<LimitStore["hit"]>>;

export interface LimiterOptions {
  readonly limits: () => Promise<LimitTable>;
  /** Work after the response (EdgeRuntime.waitUntil); default: fire and forget. */
  readonly waitUntil?: (p: Promise<unknown>) => void;
  readonly now?: () => number;
}

export function storeLimiter(store: LimitStore, options: LimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const later = options.waitUntil ?? ((p: Promise<unknown>) => void p.catch(() => {}));
  return {
    async check(ctx: RequestContext): Promise<RateLimitDecision> {
      let table;
      try {
        table = await options.limits();
      } catch {
        // No limits to apply (Postgres unreachable on a cold isolate): the class's own fail mode decides.
        const className = ctx.rateLimitClass ?? "API";
        throw new LimiterUnavailable(className, defaultFailMode(className), "limits unavailable");
      }
      const { classLimit, applicable } = applicableLimits(table, ctx.rateLimitClass);
      if (applicable.length === 0) return { allowed: true };
      const identity = limitIdentity(ctx);
      // The decision from the store's answer; a refusal's violation is recorded when it is applied.
      const apply = (hit: StoreHit) => (): RateLimitDecision => {
        const bannedUntil = hit.bannedUntil;
        if (bannedUntil && Date.parse(bannedUntil) > now()) {
          return {
            allowed: false,
            bannedUntil,
            retryAfter: Math.ceil((Date.parse(bannedUntil) - now()) / 1000),
          };
        }
        const decision = decide(applicable.map((limit, i) => ({ limit, outcome: hit.outcomes[i] })), now());
        if (!decision.allowed) {
          const className = applicable[hit.outcomes.findIndex((o) => !o.success)].className;
          later(store.refused({ identity, className, ip: ctx.ip, requestId: ctx.requestId }));
        }
        return decision;
      };
      let hit;
      try {
        hit = await store.hit(identity, applicable, ctx);
      } catch (error) {
        throw new LimiterUnavailable(
          applicable[0].className,
          classLimit?.failMode ?? "open",
          store.reason(error),
          store.late?.(error)?.then(apply),
        );
      }
      return apply(hit)();
    },
  };
}
