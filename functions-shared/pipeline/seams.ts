/**
 * THE composition root: the one place that chooses, from the environment, what fills each of the
 * pipeline's seams — the rate limiter (Upstash with the Postgres limiter as its fallback, or Postgres
 * alone), the session guard (Redis for the hot state and Postgres, or Postgres alone), the audit sink
 * (the writer), the metrics sink (the Redis recorder and the observability rows), and the riders that
 * share the limiter's Redis round trip. Nothing is built before first use, so importing a function
 * module reads no environment; no database configured → no limiter, no sessions, no audit rows (unit
 * tests, scripts). Function authors never touch this; tests swap a seam with registerSeams.
 */
import type { AuditSink, RequestEvent } from "../core/audit_event.ts";
import { config } from "../core/config.ts";
import type { RequestContext } from "../core/context.ts";
import type { MetricsSink } from "../core/metrics_event.ts";
import { edgeWaitUntil } from "../core/runtime.ts";
import { setTimingObserver } from "../core/timing.ts";
import { asService } from "../platform/db.ts";
import { type Redis, redis, redisConfigured } from "../platform/redis.ts";
import type { RoundTripRider } from "../platform/round_trip.ts";
import { auditWriter } from "./audit/writer.ts";
import { createMetricsRecorder, type MetricsRecorder } from "./metrics/recorder.ts";
import { createObservationSink, type ObservationSink } from "./observability/request_observations.ts";
import {
  cachedLimits,
  createFailoverLimiter,
  createPostgresLimiter,
  createUpstashLimiter,
  databaseLimiterEvents,
  loadLimits,
  type RateLimiter,
} from "./rate_limit/mod.ts";
import { createSessionGuard, databaseSessionStore, type SessionGuard } from "./sessions/mod.ts";

export interface PipelineSeams {
  readonly rateLimiter?: RateLimiter;
  readonly auditSink: AuditSink;
  readonly metricsSink: MetricsSink;
  /** Session timeouts for signed-in users (sessions/guard.ts). */
  readonly sessionGuard?: SessionGuard;
}

/** An isolate-wide value, built on first use. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

const metricsRecorder = once((): MetricsRecorder | null => {
  if (!redisConfigured()) return null;
  const recorder = createMetricsRecorder({ redis, waitUntil: edgeWaitUntil() });
  setTimingObserver((name, ms) => recorder.timing(name, ms));
  return recorder;
});

const observations = once((): ObservationSink | null =>
  config().dbUrl ? createObservationSink({ service: asService, waitUntil: edgeWaitUntil() }) : null
);

const sessionGuard = once((): SessionGuard | null => {
  const cfg = config();
  if (!cfg.dbUrl) return null;
  return createSessionGuard({
    store: databaseSessionStore(asService),
    redis: redisConfigured() ? redis : undefined,
    budgetMs: cfg.sessionTouchBudgetMs,
    budgetMaxMs: cfg.rateLimitBudgetMaxMs,
    dbBudgetMs: cfg.dbBudgetMs,
    waitUntil: edgeWaitUntil(),
  });
});

/** What travels in the rate limiter's Redis round trip: pending metric increments, the session touch. */
const riders: readonly RoundTripRider[] = [
  (client: Redis) => metricsRecorder()?.ride(client),
  (client: Redis, ctx: RequestContext) => sessionGuard()?.ride(client, ctx),
];

const rateLimiter = once((): RateLimiter | null => {
  const cfg = config();
  if (!cfg.dbUrl) return null;
  const limits = cachedLimits(() => asService((tx) => loadLimits(tx)));
  const events = databaseLimiterEvents(asService);
  const waitUntil = edgeWaitUntil();
  const postgres = createPostgresLimiter({ service: asService, limits, events, waitUntil });
  const upstash = redisConfigured()
    ? createUpstashLimiter({
      redis: redis(),
      limits,
      events,
      budgetMs: cfg.rateLimitBudgetMs,
      budgetMaxMs: cfg.rateLimitBudgetMaxMs,
      waitUntil,
      riders,
    })
    : undefined;
  return createFailoverLimiter({
    limiters: upstash ? [upstash, postgres] : [postgres],
    events,
    waitUntil,
    openFallbackBudgetMs: cfg.dbBudgetMs,
  });
});

/** Sends what this isolate has gathered (flush-metrics does this before reading the buckets). */
export async function flushIsolateMetrics(): Promise<void> {
  await Promise.all([metricsRecorder()?.flush(), observations()?.flush()]);
}

/** The production audit sink: needs MEDIC_EDGE_DB_URL, else the pipeline refuses to serve (steps.ts). */
export const DATABASE_AUDIT_SINK = {
  record(event: RequestEvent) {
    if (config().dbUrl) auditWriter().record(event);
  },
};

const DEFAULT_SEAMS: PipelineSeams = {
  rateLimiter: { check: (ctx) => rateLimiter()?.check(ctx) ?? { allowed: true } },
  auditSink: DATABASE_AUDIT_SINK,
  metricsSink: {
    record(event: RequestEvent) {
      metricsRecorder()?.record(event);
      observations()?.record(event);
    },
  },
  sessionGuard: {
    ride: (client, ctx) => sessionGuard()?.ride(client, ctx),
    check: async (ctx) => await sessionGuard()?.check(ctx),
    settle: async () => await sessionGuard()?.settle(),
  },
};

let current: PipelineSeams = DEFAULT_SEAMS;

export function registerSeams(seams: Partial<PipelineSeams>): void {
  current = { ...current, ...seams };
}

export function currentSeams(): PipelineSeams {
  return current;
}

export function resetSeams(): void {
  current = DEFAULT_SEAMS;
}
