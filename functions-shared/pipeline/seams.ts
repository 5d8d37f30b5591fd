/**
 * The one place where the pipeline's pluggable parts are chosen. Later issues register the Upstash
 * rate limiter, the audit writer and the metrics recorder here; function authors never do.
 */
import { type AuditSink, noopAuditSink } from "../audit.ts";
import { type MetricsSink, noopMetricsSink } from "../metrics.ts";
import type { RateLimiter } from "../rate_limit.ts";

export interface PipelineSeams {
  readonly rateLimiter?: RateLimiter;
  readonly auditSink: AuditSink;
  readonly metricsSink: MetricsSink;
}

const DEFAULT_SEAMS: PipelineSeams = { auditSink: noopAuditSink, metricsSink: noopMetricsSink };

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
