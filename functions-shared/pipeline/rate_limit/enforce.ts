/**
 * rate limit — the pipeline step's half. The pipeline asks the registered RateLimiter once per
 * request, after identify and before routing (so probing unknown paths is counted too), and turns its
 * decision into headers, 429 RATE_LIMITED, 403 BANNED or 503 RATE_LIMIT_UNAVAILABLE.
 */
import { ErrorCode, HttpError } from "../../core/errors.ts";
import type { Logger } from "../../core/log.ts";
import { describeError } from "../../core/log.ts";
import type { RequestContext } from "../../core/context.ts";
import type { RateLimitDecision } from "./decision.ts";

export type { RateLimitDecision };

export interface RateLimiter {
  /**
   * `claim` is given by a failover that races this limiter's answer against others (failover.ts): called
   * once the limiter has its decision and before it records anything; false means another answer, or the
   * class's fail mode, already decided the request, so this one records nothing. Without it (the preferred
   * limiter, alone), the limiter's answer decides and records its own refusal.
   */
  check(ctx: RequestContext, claim?: () => boolean): Promise<RateLimitDecision> | RateLimitDecision;
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
  for (const name in decision.headers) responseHeaders.set(name, decision.headers[name]);
  if (decision.allowed) return;
  const retryAfter = decision.retryAfter === undefined
    ? undefined
    : Math.max(0, Math.ceil(decision.retryAfter));
  const retryHeaders = retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) };
  if (decision.bannedUntil) {
    throw new HttpError(
      403,
      ErrorCode.BANNED,
      "This client is temporarily blocked after repeated rate-limit violations.",
      { bannedUntil: decision.bannedUntil },
      retryHeaders,
    );
  }
  if (decision.unavailable) {
    throw new HttpError(
      503,
      ErrorCode.RATE_LIMIT_UNAVAILABLE,
      "Request limits cannot be checked right now; this endpoint refuses until they can. Retry shortly.",
      undefined,
      retryHeaders,
    );
  }
  throw new HttpError(
    429,
    ErrorCode.RATE_LIMITED,
    decision.message ?? "Too many requests. Please retry later.",
    retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter },
    retryHeaders,
  );
}
