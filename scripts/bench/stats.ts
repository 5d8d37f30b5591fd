/** Latency samples → percentiles, and the shape every benchmark reports in. */
import type { StatusCounts } from "./statuses.ts";

export interface Figure {
  readonly bench: string; // e.g. "rate limiter"
  readonly name: string; // what was measured
  readonly unit: "ms" | "ops/s" | "rows/s" | "MB" | "s" | "share";
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly value?: number;
  /** The baseline measured in the same run, and this figure divided by it. */
  readonly baseline?: string;
  readonly ratio?: number;
  readonly note?: string;
  /** For figures measured from HTTP answers: the answers by status class (scripts/bench/statuses.ts). */
  readonly statuses?: StatusCounts;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    n: sorted.length,
  };
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** What `work` resolves to, and the seconds it took. */
export async function timedSeconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, (performance.now() - start) / 1000];
}

/** Milliseconds of each of `runs` calls of `once`, after one warm-up call (plans and caches) not counted. */
export async function timeRuns(runs: number, once: () => Promise<unknown>): Promise<number[]> {
  await once();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    ms.push(performance.now() - start);
  }
  return ms;
}
