/**
 * Metrics end to end on the real stack: requests recorded by the isolate's recorder → hour buckets in
 * Redis (through the bridge) → public.metrics. Percentiles match the exact percentiles of the same
 * samples within 2%; flushing again changes nothing; a closed hour is retired, and a straggler for it
 * brings it back complete.
 */
import assert from "node:assert/strict";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import { asJobs, createSql, type Tx } from "../../functions-shared/platform/db.ts";
import { flushMetricBuckets } from "../../functions-shared/pipeline/metrics/flush.ts";
import { hourLabel } from "../../functions-shared/pipeline/metrics/increments.ts";
import { HOURS_KEY } from "../../functions-shared/pipeline/metrics/redis_buckets.ts";
import {
  createMetricsRecorder,
  latencyName,
  requestCounterName,
} from "../../functions-shared/pipeline/metrics/recorder.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { percentile } from "../../scripts/bench/stats.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const service = <T>(work: (tx: Tx) => Promise<T>) => asJobs(work, { sql });
const redis = createRedis({ timeoutMs: 3000 });
const quiet = () => {};

function event(fn: string, at: number, status: number, durationMs: number): RequestEvent {
  return {
    functionName: fn,
    action: "dosing.calculate",
    resource: "dose",
    outcome: "success",
    status,
    durationMs,
    identity: GUEST_IDENTITY,
    requestId: crypto.randomUUID(),
    method: "POST",
    path: "/",
    ip: null,
    userAgent: null,
    clientKey: null,
    startedAt: at,
    metadata: {},
  };
}

const fnName = () => `t${crypto.randomUUID().slice(0, 8)}`;

async function rowsOf(prefix: string) {
  return await sql<
    {
      metric_name: string;
      count: string;
      p50: number;
      p95: number;
      p99: number;
      min: number;
      max: number;
      avg: number;
      updated_at: Date;
    }[]
  >`
    select metric_name, count::text, p50, p95, p99, min, max, avg, updated_at from public.metrics
    where metric_name like ${"%." + prefix + "%"} order by metric_name`;
}

Deno.test(
  "percentiles in public.metrics are within 2% of the exact percentiles of the same samples",
  options,
  async () => {
    const fn = fnName();
    const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: quiet });
    const at = Date.now();
    const samples: number[] = [];
    let seed = 42;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const u = seed / 2147483648;
      const ms = Math.round(Math.exp(2 + 2.5 * u * u) * 100) / 100; // skewed, 7 ms to 90 ms
      samples.push(ms);
      recorder.record(event(fn, at, i % 50 === 0 ? 503 : 200, ms));
    }
    await recorder.flush();
    const result = await flushMetricBuckets({ redis, service, now: at });
    assert.ok(result.hours.includes(hourLabel(at)));
    const rows = await rowsOf(fn);
    const byName = new Map(rows.map((r) => [r.metric_name, r]));
    assert.equal(byName.get(requestCounterName(fn, 200))?.count, "4900");
    assert.equal(byName.get(requestCounterName(fn, 503))?.count, "100");
    const h = byName.get(latencyName(fn))!;
    assert.equal(h.count, "5000");
    const sorted = [...samples].sort((a, b) => a - b);
    for (const [p, got] of [[50, h.p50], [95, h.p95], [99, h.p99]] as const) {
      const exact = percentile(sorted, p);
      assert.ok(Math.abs(got - exact) / exact <= 0.02, `p${p}: ${got} vs exact ${exact}`);
    }
    assert.equal(h.min, sorted[0]);
    assert.equal(h.max, sorted[sorted.length - 1]);
    assert.ok(Math.abs(h.avg - samples.reduce((a, b) => a + b, 0) / samples.length) < 0.01);
  },
);

Deno.test("flushing the same hour twice changes nothing (current hour, partial)", options, async () => {
  const fn = fnName();
  const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: quiet });
  const at = Date.now();
  for (let i = 0; i < 20; i++) recorder.record(event(fn, at, 200, 5 + i));
  await recorder.flush();
  await flushMetricBuckets({ redis, service, now: at });
  const first = await rowsOf(fn);
  await new Promise((r) => setTimeout(r, 20));
  await flushMetricBuckets({ redis, service, now: at });
  const second = await rowsOf(fn);
  assert.equal(first.length, 2);
  assert.deepEqual(second, first, "same values, same updated_at");
});

Deno.test(
  "a closed hour is retired after its flush; a straggler brings it back, complete",
  options,
  async () => {
    const fn = fnName();
    const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: quiet });
    const past = Date.now() - 3 * 3600_000; // three hours ago: closed and past the grace period
    for (let i = 0; i < 10; i++) recorder.record(event(fn, past, 200, 12));
    await recorder.flush();
    const first = await flushMetricBuckets({ redis, service });
    assert.ok(first.retired.includes(hourLabel(past)), "retired");
    assert.equal(await redis.sismember(HOURS_KEY, hourLabel(past)), 0);
    const again = await flushMetricBuckets({ redis, service });
    assert.ok(!again.hours.includes(hourLabel(past)), "a second flush does not even read it");
    recorder.record(event(fn, past, 200, 12)); // a late isolate
    await recorder.flush();
    await flushMetricBuckets({ redis, service });
    const [counter] = (await rowsOf(fn)).filter((r) => r.metric_name === requestCounterName(fn, 200));
    assert.equal(counter.count, "11", "the whole hour, not just the straggler");
  },
);

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
