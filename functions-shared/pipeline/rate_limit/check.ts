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
}

export type StoreHit = Awaited<ReturnType<LimitStore["hit"]>>;

/**
 * What a store's `hit` throws when its round trip ran past the budget but was sent: the store counted it,
 * so the answer still due (`late`) is as good as ever and may decide if it comes first (failover.ts).
 */
export class LateHit extends Error {
  constructor(message: string, readonly late: Promise<StoreHit>) {
    super(message);
    this.name = "LateHit";
  }
}

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
    async check(ctx: RequestContext, claim?: () => boolean): Promise<RateLimitDecision> {
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
      const counted: CountedRequest = { applicable, ctx, identity: limitIdentity(ctx), store, now, later };
      let hit;
      try {
        hit = await store.hit(counted.identity, applicable, ctx);
      } catch (error) {
        // Applied only if the failover takes it, so a late refusal is recorded only when it decides.
        const late = error instanceof LateHit
          ? error.late.then((answer) => () => decideHit(answer, counted))
          : undefined;
        late?.catch(() => {}); // observed here: with no limiter after this one, nobody awaits it
        throw new LimiterUnavailable(
          applicable[0].className,
          classLimit?.failMode ?? "open",
          store.reason(error),
          late,
        );
      }
      return decideHit(hit, counted, claim);
    },
  };
}

/** A request as the store counted it: the limits applied, who was counted, and where a refusal is recorded. */
interface CountedRequest {
  readonly applicable: readonly ClassLimit[];
  readonly ctx: RequestContext;
  readonly identity: LimitIdentity;
  readonly store: LimitStore;
  readonly now: () => number;
  /** Work after the response (the violation's record). */
  readonly later: (p: Promise<unknown>) => void;
}

/**
 * The decision from the store's answer; a refusal's violation is recorded (after the response) here, unless
 * `claim` says another answer decided the request (one request, one violation: only the winner records).
 */
function decideHit(
  hit: StoreHit,
  { applicable, ctx, identity, store, now, later }: CountedRequest,
  claim?: () => boolean,
): RateLimitDecision {
  const bannedUntil = hit.bannedUntil;
  if (bannedUntil && Date.parse(bannedUntil) > now()) {
    return { allowed: false, bannedUntil, retryAfter: Math.ceil((Date.parse(bannedUntil) - now()) / 1000) };
  }
  const decision = decide(applicable.map((limit, i) => ({ limit, outcome: hit.outcomes[i] })), now());
  if (!decision.allowed && (claim === undefined || claim())) {
    const className = applicable[hit.outcomes.findIndex((o) => !o.success)].className;
    const sessionId = ctx.identity.kind === "user" ? ctx.identity.sessionId ?? null : null;
    later(store.refused({ identity, className, ip: ctx.ip, requestId: ctx.requestId, sessionId }));
  }
  return decision;
}
