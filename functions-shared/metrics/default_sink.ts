/**
 * The pipeline's default MetricsSink (registered in pipeline/seams.ts), decided per event from the
 * environment: the metrics recorder when Upstash is configured (hour buckets in Redis), and the
 * observability rows (error_logs, security_events) when a database is. `metricsRider` is what the rate
 * limiter carries in its round trip.
 */
import type { RequestEvent } from "../audit.ts";
import { config } from "../config.ts";
import { asService } from "../db.ts";
import type { MetricsSink } from "../metrics.ts";
import { createObservationSink, type ObservationSink } from "../observability/request_observations.ts";
import { type Redis, redis } from "../redis.ts";
import { edgeWaitUntil } from "../runtime.ts";
import { createMetricsRecorder, type MetricsRecorder } from "./recorder.ts";
import { setTimingObserver } from "./timing.ts";

let recorder: MetricsRecorder | null | undefined;
let observations: ObservationSink | null | undefined;

/** The isolate's recorder, or null without Upstash. It also becomes the observer of timings. */
export function isolateMetricsRecorder(): MetricsRecorder | null {
  if (recorder !== undefined) return recorder;
  const cfg = config();
  if (!cfg.upstashRedisRestUrl || !cfg.upstashRedisRestToken) return recorder = null;
  const created = createMetricsRecorder({ redis, waitUntil: edgeWaitUntil() });
  setTimingObserver((name, ms) => created.timing(name, ms));
  return recorder = created;
}

function isolateObservations(): ObservationSink | null {
  if (observations !== undefined) return observations;
  return observations = config().dbUrl
    ? createObservationSink({ service: asService, waitUntil: edgeWaitUntil() })
    : null;
}

export const defaultMetricsSink: MetricsSink = {
  record(event: RequestEvent) {
    isolateMetricsRecorder()?.record(event);
    isolateObservations()?.record(event);
  },
};

/** Sends what this isolate has gathered (flush-metrics does this before reading the buckets). */
export async function flushIsolateMetrics(): Promise<void> {
  await Promise.all([isolateMetricsRecorder()?.flush(), isolateObservations()?.flush()]);
}

/** The rate limiter's rider: pending increments travel in its round trip. */
export function metricsRider(client: Redis): void {
  recorder?.ride(client);
}
