/**
 * rate limit — the seam. The pipeline asks an optional RateLimiter once per request, after identify
 * and before routing (so probing unknown paths is counted too). Which limiter runs is registered in
 * pipeline/seams.ts; until one is, requests are not limited.
 */
import { ErrorCode, HttpError } from "./errors.ts";
import type { Logger } from "./log.ts";
import { describeError } from "./log.ts";
import type { RequestContext } from "./pipeline/context.ts";

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** X-RateLimit-Limit / -Remaining / -Reset, added to the response whatever its status. */
  readonly headers?: HeadersInit;
  /** Seconds until the caller may retry; sent as Retry-After on a 429. */
  readonly retryAfter?: number;
}

export interface RateLimiter {
  check(ctx: RequestContext): Promise<RateLimitDecision> | RateLimitDecision;
}

/**
 * Runs the limiter. Headers it returns are copied into `responseHeaders`; a refusal throws 429.
 * A limiter that throws (Redis down) fails open and is logged: a paramedic mid-call must still get
 * an answer, and the limiter's own failure is an operations alert, not the caller's problem.
 */
export async function enforceRateLimit(
  limiter: RateLimiter | undefined,
  ctx: RequestContext,
  responseHeaders: Headers,
  log: Logger,
): Promise<void> {
  if (!limiter) return;
  let decision: RateLimitDecision;
  try {
    decision = await limiter.check(ctx);
  } catch (error) {
    log("error", "rate limiter failed; request allowed", {
      requestId: ctx.requestId,
      ...describeError(error),
    });
    return;
  }
  new Headers(decision.headers).forEach((value, name) => responseHeaders.set(name, value));
  if (decision.allowed) return;
  const retryAfter = decision.retryAfter === undefined
    ? undefined
    : Math.max(0, Math.ceil(decision.retryAfter));
  throw new HttpError(
    429,
    ErrorCode.RATE_LIMITED,
    "Too many requests. Please retry later.",
    retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter },
    retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) },
  );
}
