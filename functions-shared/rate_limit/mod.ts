/**
 * Rate limiting: the RateLimiter the pipeline registers by default, chosen once per isolate from the
 * environment — the Upstash limiter with the Postgres limiter as its fallback when
 * UPSTASH_REDIS_REST_URL/TOKEN are set, the Postgres limiter alone when only a database is configured,
 * else none. Limits come from public.rate_limit_config.
 */
import { asService } from "../db.ts";
import { config } from "../config.ts";
import { hotPathRiders } from "../hot_path_riders.ts";
import { redis } from "../redis.ts";
import { edgeWaitUntil } from "../runtime.ts";
import type { RequestContext } from "../pipeline/context.ts";
import { type RateLimiter } from "./enforce.ts";
import { databaseLimiterEvents } from "./events.ts";
import { createFailoverLimiter } from "./failover.ts";
import { cachedLimits, loadLimits } from "./limits.ts";
import { createPostgresLimiter } from "./postgres_limiter.ts";
import { createUpstashLimiter } from "./upstash_limiter.ts";

export { enforceRateLimit, type RateLimitDecision, type RateLimiter } from "./enforce.ts";
export { createPostgresLimiter } from "./postgres_limiter.ts";
export { BAN_KEY_PREFIX, createUpstashLimiter } from "./upstash_limiter.ts";
export { cachedLimits, type ClassLimit, type LimitTable, loadLimits } from "./limits.ts";
export { databaseLimiterEvents, type DegradedDecision, type LimiterEvents } from "./events.ts";
export { createFailoverLimiter } from "./failover.ts";
export { LimiterUnavailable } from "./decision.ts";
export { limitIdentity } from "./identifier.ts";

function chooseLimiter(): RateLimiter | null {
  const cfg = config();
  if (!cfg.dbUrl) return null;
  const limits = cachedLimits(() => asService((tx) => loadLimits(tx)));
  const events = databaseLimiterEvents(asService);
  const waitUntil = edgeWaitUntil();
  const postgres = createPostgresLimiter({ service: asService, limits, events, waitUntil });
  const upstash = cfg.upstashRedisRestUrl && cfg.upstashRedisRestToken
    ? createUpstashLimiter({
      redis: redis(),
      limits,
      events,
      budgetMs: cfg.rateLimitBudgetMs,
      waitUntil,
      riders: hotPathRiders,
    })
    : undefined;
  return createFailoverLimiter({
    limiters: upstash ? [upstash, postgres] : [postgres],
    events,
    waitUntil,
    openFallbackBudgetMs: cfg.dbBudgetMs,
  });
}

let chosen: RateLimiter | null | undefined;

/** The isolate's limiter, chosen on first use so that importing reads no environment. */
export const defaultRateLimiter: RateLimiter = {
  check(ctx: RequestContext) {
    if (chosen === undefined) chosen = chooseLimiter();
    return chosen ? chosen.check(ctx) : { allowed: true };
  },
};
