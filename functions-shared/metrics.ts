/**
 * measure — the seam. The same RequestEvent the audit sink gets, once per request, for counters and
 * latency histograms. The default sink does nothing; the metrics issue registers a real one in
 * pipeline/seams.ts.
 */
import type { RequestEvent } from "./audit.ts";

export interface MetricsSink {
  record(event: RequestEvent): Promise<void> | void;
}

export const noopMetricsSink: MetricsSink = { record() {} };
