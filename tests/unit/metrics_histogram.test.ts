/**
 * Percentiles from the log-scale buckets against the exact (nearest-rank) percentiles of the same
 * samples: the relative error stays within 2% (the mapping guarantees 1%) for skewed, wide and tied data.
 */
import assert from "node:assert/strict";
import {
  bucketIndex,
  bucketValue,
  RELATIVE_ACCURACY,
  summarize,
} from "../../functions-shared/pipeline/metrics/histogram.ts";
import { percentile } from "../../scripts/bench/stats.ts";

function histogramOf(samples: number[]) {
  const buckets = new Map<number, number>();
  for (const v of samples) buckets.set(bucketIndex(v), (buckets.get(bucketIndex(v)) ?? 0) + 1);
  return summarize(buckets, {
    sum: samples.reduce((a, b) => a + b, 0),
    min: Math.min(...samples),
    max: Math.max(...samples),
  })!;
}

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const distributions: Record<string, (r: () => number) => number> = {
  "log-normal latencies (ms)": (r) =>
    Math.exp(3 + 1.2 * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r())),
  "uniform 0.05–5000 ms": (r) => 0.05 + r() * 5000,
  "bimodal cache hit / miss": (r) => (r() < 0.8 ? 2 + r() : 800 + r() * 400),
  "heavy tail (pareto)": (r) => 5 / Math.pow(r() || 1e-9, 1 / 1.5),
  "few distinct values (ties)": (r) => [1, 5, 5, 5, 20, 250][Math.floor(r() * 6)],
};

for (const [name, draw] of Object.entries(distributions)) {
  Deno.test(`percentiles within 2% of exact: ${name}`, () => {
    for (const n of [7, 100, 10_000]) {
      const r = rng(n * 31 + name.length);
      const samples = Array.from({ length: n }, () => Math.round(draw(r) * 100) / 100);
      const sorted = [...samples].sort((a, b) => a - b);
      const h = histogramOf(samples);
      assert.equal(h.count, n);
      for (const [p, got] of [[50, h.p50], [95, h.p95], [99, h.p99]] as const) {
        const exact = percentile(sorted, p);
        const error = exact === 0 ? got : Math.abs(got - exact) / exact;
        assert.ok(
          error <= 0.02,
          `${name} n=${n} p${p}: got ${got}, exact ${exact}, error ${(error * 100).toFixed(2)}%`,
        );
        assert.ok(error <= RELATIVE_ACCURACY + 1e-3, `within the mapping's own bound (${error})`);
      }
      assert.equal(h.min, Math.round(sorted[0] * 1000) / 1000);
      assert.equal(h.max, Math.round(sorted[n - 1] * 1000) / 1000);
    }
  });
}

Deno.test("zero and negative durations share the zero bucket, reported as 0", () => {
  assert.equal(bucketValue(bucketIndex(0)), 0);
  assert.equal(bucketIndex(-3), bucketIndex(0));
  const h = histogramOf([0, 0, 0, 10]);
  assert.deepEqual([h.p50, h.p99, h.min, h.max, h.avg], [0, 10, 0, 10, 2.5]);
});

Deno.test("every value is within 1% of its bucket's value, across eight decades", () => {
  for (let v = 0.002; v < 1e6; v *= 1.37) {
    const rep = bucketValue(bucketIndex(v));
    assert.ok(Math.abs(rep - v) / v <= RELATIVE_ACCURACY + 1e-12, `${v} → ${rep}`);
  }
});

Deno.test("an empty histogram has no summary", () => {
  assert.equal(summarize(new Map(), { sum: 0, min: Infinity, max: -Infinity }), null);
});
