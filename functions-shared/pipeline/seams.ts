/**
 * The one place where the pipeline's pluggable parts are chosen. Later issues register the Upstash
 * rate limiter, the audit writer and the metrics recorder here; function authors never do.
 */
import type { AuditSink } from "../audit.ts";
import { defaultAuditSink } from "../audit_writer.ts";
import type { MetricsSink } from "../metrics.ts";
import { defaultMetricsSink } from "../metrics/default_sink.ts";
import { defaultRateLimiter, type RateLimiter } from "../rate_limit/mod.ts";
import { defaultSessionGuard, type SessionGuard } from "../sessions/mod.ts";

export interface PipelineSeams {
  readonly rateLimiter?: RateLimiter;
  readonly auditSink: AuditSink;
  readonly metricsSink: MetricsSink;
  /** Session timeouts for signed-in users (sessions/guard.ts). */
  readonly sessionGuard?: SessionGuard;
}

// The audit writer, the rate limiter, the metrics recorder and the session guard when the environment
// configures a database (and Upstash), else nothing; all read the environment on first use, so
// importing reads none. Tests that pass their own sinks or register them are unaffected.
const DEFAULT_SEAMS: PipelineSeams = {
  rateLimiter: defaultRateLimiter,
  auditSink: defaultAuditSink,
  metricsSink: defaultMetricsSink,
  sessionGuard: defaultSessionGuard,
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
