/**
 * The harness's loop: every benchmark in turn, each result handed on as soon as it is known, so that a
 * benchmark that throws (or a run cut short) costs only its own figures.
 */
import { errorMessage, IncompleteBenchmark } from "./failures.ts";
import type { Figure } from "./stats.ts";

export interface Benchmark {
  readonly name: string;
  run(): Promise<readonly Figure[]>;
}

export interface BenchResult {
  readonly name: string;
  readonly status: "passed" | "failed";
  readonly startedAt: string;
  readonly seconds: number;
  /** A failed benchmark keeps the figures it did measure (IncompleteBenchmark), else none. */
  readonly figures: readonly Figure[];
  readonly error?: string;
}

export interface RunLoopOptions {
  readonly onStart?: (name: string) => void;
  /** Each result as soon as its benchmark ends, with every result so far (its own last). */
  readonly onResult: (result: BenchResult, soFar: readonly BenchResult[]) => Promise<void> | void;
  /** Epoch milliseconds; injectable so that tests need no real time. */
  readonly now?: () => number;
}

export async function runBenchmarks(
  benchmarks: readonly Benchmark[],
  options: RunLoopOptions,
): Promise<BenchResult[]> {
  const now = options.now ?? Date.now;
  const results: BenchResult[] = [];
  for (const bench of benchmarks) {
    options.onStart?.(bench.name);
    const started = now();
    const timing = () => ({ startedAt: new Date(started).toISOString(), seconds: (now() - started) / 1000 });
    let result: BenchResult;
    try {
      const figures = await bench.run();
      result = { name: bench.name, status: "passed", ...timing(), figures };
    } catch (error) {
      const figures = error instanceof IncompleteBenchmark ? error.figures : [];
      result = { name: bench.name, status: "failed", ...timing(), figures, error: errorMessage(error) };
    }
    results.push(result);
    await options.onResult(result, [...results]);
  }
  return results;
}
