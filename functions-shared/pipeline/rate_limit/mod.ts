/**
 * Rate limiting, one module a job: the Upstash limiter (sliding window, one Redis round trip), the
 * Postgres limiter (public.rate_limit_hit), the failover that asks them in turn, the limits from
 * public.rate_limit_config, the identity a limit counts against, and the pipeline step that enforces
 * the decision. Which limiters a deployment runs is chosen in pipeline/seams.ts.
 */
export { enforceRateLimit, type RateLimitDecision, type RateLimiter } from "./enforce.ts";
export { createPostgresLimiter } from "./postgres_limiter.ts";
export { BAN_KEY_PREFIX, createUpstashLimiter, LIMIT_KEY_PREFIX } from "./upstash_limiter.ts";
export { cachedLimits, type ClassLimit, type LimitTable, loadLimits } from "./limits.ts";
export { databaseLimiterEvents, type DegradedDecision, type LimiterEvents } from "./events.ts";
export { createFailoverLimiter } from "./failover.ts";
export { LimiterUnavailable } from "./decision.ts";
export { limitIdentity, userLimitKey } from "./identifier.ts";
