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
    const preferred = options.limiters[0];
    if (!preferred) return { allowed: true }; // no limiter configured
    try {
      // Nothing races the preferred limiter: its answer decides, and it records its own refusal.
      return await preferred.check(ctx);
    } catch (error) {
      if (!(error instanceof LimiterUnavailable)) throw error;
      return await failOver(ctx, error);
    }
  }

  /**
   * The preferred limiter could not decide: the fallbacks are asked in turn, each raced against the late
   * answers of the limiters before it. One request has one decision and at most one violation, so every
   * answer claims the decision before it is applied or its refusal recorded, and only the first claim
   * holds; any exit (an answer, the fail mode, a throw) ends the claims, and the open budget ends those
   * of the answers it gave up on.
   */
  async function failOver(ctx: RequestContext, first: LimiterUnavailable): Promise<RateLimitDecision> {
    const reasons = [first.reason];
    let last = first;
    let winner = 0; // the contender whose claim holds (numbered from 1); 0: none yet, -1: decided otherwise
    let contenders = 0;
    let retired = 0; // contenders up to this one were given up on by the open budget
    const claimFor = (id: number) => (): boolean => {
      if (winner === 0 && id > retired) winner = id;
      return winner === id;
    };
    const lates: Promise<Answer>[] = [];
    try {
      for (let i = 1; i < options.limiters.length; i++) {
        // A limiter that was only slow may still answer first: the fallback waits in line for its
        // connection behind the request path's own writes, and on a starved machine that took seconds.
        if (last.late) lates.push(lateContender(last.late, claimFor(++contenders)));
        try {
          const claim = claimFor(++contenders);
          const asked = Promise.resolve(options.limiters[i].check(ctx, claim))
            .then((decision): Answer | Promise<never> => claim() ? { decision, late: false } : never());
          const pending = lates.length === 0 ? asked : Promise.race([asked, ...lates]);
          const why = last;
          const { decision, late } = why.failMode === "open"
            ? await withinBudget(pending, openBudgetMs, () => {
              retired = contenders;
              return budgetExceeded(why, openBudgetMs);
            })
            : await pending;
          if (!late) record(ctx, why, "fallback", reasons);
          return decision;
        } catch (error) {
          if (!(error instanceof LimiterUnavailable)) throw error;
          last = error;
          reasons.push(error.reason);
        }
      }
      // A late answer claimed the decision while the last fallback was failing: it is the answer.
      if (winner > 0) return (await Promise.race(lates)).decision;
      if (last.failMode === "open") {
        record(ctx, last, "fail_open", reasons);
        return { allowed: true };
      }
      record(ctx, last, "fail_closed", reasons);
      return { allowed: false, unavailable: true, retryAfter: UNAVAILABLE_RETRY_AFTER_S };
    } finally {
      if (winner === 0) winner = -1; // whatever decided, an answer still due is not applied and records nothing
    }
  }

  return { check };
}

interface Answer {
  readonly decision: RateLimitDecision;
  /** Decided by a late answer: the preferred limiter's after all, so nothing degraded to record. */
  readonly late: boolean;
}

/** A late answer in the race: applied (and its refusal recorded) only if its claim holds. */
function lateContender(late: Promise<() => RateLimitDecision>, claim: () => boolean): Promise<Answer> {
  return late.then(
    (apply) => claim() ? { decision: apply(), late: true } : never(),
    () => never(), // a store that fails after its budget leaves the decision to the others
  );
}

/** An answer that lost: it never settles the race. */
function never(): Promise<never> {
  return new Promise<never>(() => {});
}

function budgetExceeded(why: LimiterUnavailable, budgetMs: number): LimiterUnavailable {
  return new LimiterUnavailable(why.className, why.failMode, `fallback: no answer within ${budgetMs} ms`);
}
