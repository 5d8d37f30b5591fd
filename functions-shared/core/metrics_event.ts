/**
 * measure — the seam. The same RequestEvent the audit sink gets, once per request, for counters and
 * latency histograms. pipeline/seams.ts registers the recorder (pipeline/metrics: hour buckets in Redis)
 * and the observability rows (error_logs, security_events); noopMetricsSink is for tests and benchmarks.
 */
import type { RequestEvent } from "./audit_event.ts";

export interface MetricsSink {
  record(event: RequestEvent): Promise<void> | void;
}

export const noopMetricsSink: MetricsSink = { record() {} };
