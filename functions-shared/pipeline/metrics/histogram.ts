/**
 * Log-scale histogram buckets (the DDSketch mapping). Bucket i holds the values in (γ^(i−1), γ^i] with
 * γ = (1+α)/(1−α); reporting 2γ^i/(γ+1) for it is within α, relatively, of every value it holds. A
 * percentile read from the buckets is therefore within α of the exact percentile of the same samples
 * (nearest rank): α = 1% here, inside the 2% the metrics promise. Buckets are sparse (a latency
 * histogram touches a few hundred at most), so they cost one Redis hash field each.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

/** Values at or below this (ms) share the zero bucket, reported as 0. */
export const MIN_TRACKED = 1e-3;
export const ZERO_BUCKET = -100_000;

export function bucketIndex(value: number): number {
  if (!(value > MIN_TRACKED)) return ZERO_BUCKET; // also NaN and negatives
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The value a bucket stands for: within RELATIVE_ACCURACY of everything in it. */
export function bucketValue(index: number): number {
  if (index === ZERO_BUCKET) return 0;
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

export interface HistogramSummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
}

/**
 * Summary of a histogram: bucket counts, plus the exact sum, min and max kept beside them.
 * Percentiles are nearest-rank (the rank ⌈p·n⌉ sample), clamped to [min, max].
 */
export function summarize(
  buckets: ReadonlyMap<number, number>,
  exact: { sum: number; min: number; max: number },
): HistogramSummary | null {
  const indices = [...buckets.keys()].filter((i) => (buckets.get(i) ?? 0) > 0).sort((a, b) => a - b);
  const count = indices.reduce((n, i) => n + buckets.get(i)!, 0);
  if (count === 0) return null;
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const i of indices) {
      seen += buckets.get(i)!;
      if (seen >= rank) return Math.min(exact.max, Math.max(exact.min, bucketValue(i)));
    }
    return exact.max;
  };
  return {
    count,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    min: round(exact.min),
    max: round(exact.max),
    avg: round(exact.sum / count),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
