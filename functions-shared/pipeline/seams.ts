/**
 * The one place where the pipeline's pluggable parts are chosen. Later issues register the Upstash
 * rate limiter, the audit writer and the metrics recorder here; function authors never do.
 */
import type { AuditSink } from "../audit.ts";
import { defaultAuditSink } from "../audit_writer.ts";
import { type MetricsSink, noopMetricsSink } from "../metrics.ts";
import { defaultRateLimiter, type RateLimiter } from "../rate_limit/mod.ts";

export interface PipelineSeams {
  readonly rateLimiter?: RateLimiter;
  readonly auditSink: AuditSink;
  readonly metricsSink: MetricsSink;
}

// The audit writer and the rate limiter when the environment configures a database (and Upstash), else
// nothing; both read the environment on first use, so importing reads none. Tests that pass their own
// sinks or register them are unaffected.
const DEFAULT_SEAMS: PipelineSeams = {
  rateLimiter: defaultRateLimiter,
  auditSink: defaultAuditSink,
  metricsSink: noopMetricsSink,
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
