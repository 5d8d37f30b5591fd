/** What a limiter tells the pipeline, and the headers every answer carries. */
import type { ClassLimit } from "./limits.ts";

export interface LimitOutcome {
  readonly success: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix ms when the window frees up. */
  readonly reset: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** X-RateLimit-Limit / -Remaining / -Reset, added to the response whatever its status. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds until the caller may retry; sent as Retry-After on a 429 or 403. */
  readonly retryAfter?: number;
  /** The class's own message for a 429. */
  readonly message?: string;
  /** Set when the identifier is banned: 403 BANNED. */
  readonly bannedUntil?: string;
  /** Set when the limiter could not decide and the class fails closed: 503. */
  readonly unavailable?: boolean;
}

export function limitHeaders(outcome: LimitOutcome): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(outcome.limit),
    "X-RateLimit-Remaining": String(Math.max(0, outcome.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(outcome.reset / 1000)),
  };
}

/**
 * Thrown by a limiter that could not decide (its store is down, or slower than its budget). It carries
 * what the failover needs to choose the next step: the class whose fail mode applies, and why. A store
 * that was only slow still answers: `late` settles with that answer, so the failover can take it when it
 * comes before the fallback's (the request was counted there either way).
 */
export class LimiterUnavailable extends Error {
  constructor(
    readonly className: string,
    readonly failMode: "open" | "closed",
    readonly reason: string,
    /** The store's answer after all: resolves to a function that applies it (its refusal is recorded then). */
    readonly late?: Promise<() => RateLimitDecision>,
  ) {
    super(reason);
    this.name = "LimiterUnavailable";
  }
}

/** Combines the class and GLOBAL outcomes: the first one that refuses binds, else the tighter one. */
export function decide(
  checks: readonly { limit: ClassLimit; outcome: LimitOutcome }[],
  now: number,
): RateLimitDecision {
  if (checks.length === 0) return { allowed: true };
  const refused = checks.find((c) => !c.outcome.success);
  const binding = refused ?? checks.reduce((a, b) => (b.outcome.remaining < a.outcome.remaining ? b : a));
  const headers = limitHeaders(binding.outcome);
  if (!refused) return { allowed: true, headers };
  return {
    allowed: false,
    headers,
    message: refused.limit.message,
    retryAfter: Math.max(1, Math.ceil((refused.outcome.reset - now) / 1000)),
  };
}
