/**
 * One decision from a chain of limiters: the first that can decide, decides. Upstash first, then the
 * Postgres limiter with the same limits (public.rate_limit_hit), so a slow or unreachable Redis costs at
 * most its budget plus one Postgres round trip and every class — PHI and AUTH included — stays limited.
 * A Redis that was slow rather than down still answers, and that answer decides if it comes first.
 * Only when no limiter can decide does the class's fail mode apply: open classes (clinical) answer, closed
 * ones (PHI, AUTH) are refused with 503 and Retry-After. Each degraded decision is one security event.
 */
import type { RequestContext } from "../../core/context.ts";
import { withinBudget } from "../../core/timing.ts";
import { LimiterUnavailable, type RateLimitDecision } from "./decision.ts";
import type { RateLimiter } from "./enforce.ts";
import type { DegradedOutcome, LimiterEvents } from "./events.ts";

/** How long an open class waits for a fallback before answering anyway (config: DB_BUDGET_MS). */
export const DEFAULT_OPEN_FALLBACK_BUDGET_MS = 1000;
/** Retry-After for a closed class that no limiter could decide. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

export interface FailoverOptions {
  /** In order of preference; each throws LimiterUnavailable when it cannot decide. */
  readonly limiters: readonly RateLimiter[];
  readonly events: Pick<LimiterEvents, "degraded">;
  /**
   * Open classes only: the longest a fallback may take before the request is let through. Closed classes
   * wait for their fallback's answer — refusing a compliance officer because Postgres was slow is the
   * failure this chain exists to prevent.
   */
  readonly openFallbackBudgetMs?: number;
  readonly waitUntil?: (p: Promise<unknown>) => void;
}

export function createFailoverLimiter(options: FailoverOptions): RateLimiter {
  const later = options.waitUntil ?? ((p: Promise<unknown>) => void p.catch(() => {}));
  const openBudgetMs = options.openFallbackBudgetMs ?? DEFAULT_OPEN_FALLBACK_BUDGET_MS;

  function record(ctx: RequestContext, why: LimiterUnavailable, outcome: DegradedOutcome, reasons: string[]) {
    later(options.events.degraded({
      className: why.className,
      outcome,
      reason: reasons.join("; "),
      requestId: ctx.requestId,
    }));
  }

  async function check(ctx: RequestContext): Promise<RateLimitDecision> {
    const reasons: string[] = [];
    let last: LimiterUnavailable | undefined;
    for (const [i, limiter] of options.limiters.entries()) {
      try {
        // The first answer claims the decision. A late answer that comes after it is not applied (its
        // refusal would be recorded against a request another limiter, or the fail mode, let through).
        let claimed = false;
        const asked = Promise.resolve(limiter.check(ctx)).then((decision) => {
          claimed = true;
          return { decision, late: false };
        });
        // A limiter that was only slow may still answer first: the fallback waits in line for its
        // connection behind the request path's own writes, and on a starved machine that took seconds.
        const pending = last?.late
          ? Promise.race([
            asked,
            lateAnswer(last.late).then((apply) => {
              if (claimed) return new Promise<never>(() => {});
              claimed = true;
              return { decision: apply(), late: true };
            }),
          ])
          : asked;
        const { decision, late } = i > 0 && last?.failMode === "open"
          ? await withinBudget(pending, openBudgetMs, () => {
            claimed = true;
            return budgetExceeded(last!, openBudgetMs);
          })
          : await pending;
        if (last && !late) record(ctx, last, "fallback", reasons);
        return decision;
      } catch (error) {
        if (!(error instanceof LimiterUnavailable)) throw error;
        last = error;
        reasons.push(error.reason);
      }
    }
    if (!last) return { allowed: true }; // no limiter configured
    if (last.failMode === "open") {
      record(ctx, last, "fail_open", reasons);
      return { allowed: true };
    }
    record(ctx, last, "fail_closed", reasons);
    return { allowed: false, unavailable: true, retryAfter: UNAVAILABLE_RETRY_AFTER_S };
  }

  return { check };
}

/** The late answer, or never: a store that fails after its budget leaves the decision to the others. */
function lateAnswer<T>(late: Promise<T>): Promise<T> {
  return late.catch(() => new Promise<never>(() => {}));
}

function budgetExceeded(why: LimiterUnavailable, budgetMs: number): LimiterUnavailable {
  return new LimiterUnavailable(why.className, why.failMode, `fallback: no answer within ${budgetMs} ms`);
}
