/**
 * measure — the seam. The same RequestEvent the audit sink gets, once per request, for counters and
 * latency histograms. pipeline/seams.ts registers metrics/default_sink.ts (hour buckets in Redis,
 * error_logs and security_events rows); noopMetricsSink is for tests and benchmarks.
 */
import type { RequestEvent } from "./audit.ts";

export interface MetricsSink {
  record(event: RequestEvent): Promise<void> | void;
}

export const noopMetricsSink: MetricsSink = { record() {} };
