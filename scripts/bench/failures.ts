/**
 * How a benchmark fails without losing what it did measure: a figure that got no 2xx answer says so (and
 * keeps its counts), and the benchmark then throws an IncompleteBenchmark carrying all its figures, which
 * the harness records beside the failure.
 */
import type { Figure } from "./stats.ts";
import { describeStatuses, type StatusCounts } from "./statuses.ts";

export class IncompleteBenchmark extends Error {
  constructor(message: string, readonly figures: readonly Figure[]) {
    super(message);
    this.name = "IncompleteBenchmark";
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The figure of a measurement that got no 2xx answer: its counts, no numbers. */
export function nothingMeasured(
  bench: string,
  name: string,
  unit: Figure["unit"],
  statuses: StatusCounts,
  why?: string,
): Figure {
  return { bench, name, unit, statuses, note: `measured nothing: no 2xx answer${why ? ` (${why})` : ""}` };
}

/** `figures` when every figure that counted answers got a 2xx one; else an IncompleteBenchmark with them all. */
export function requireAnswered(figures: readonly Figure[]): Figure[] {
  const empty = figures.filter((f) => f.statuses && f.statuses["2xx"] === 0);
  if (empty.length === 0) return [...figures];
  const which = empty.map((f) => `${f.bench} / ${f.name} (${describeStatuses(f.statuses!)})`);
  throw new IncompleteBenchmark(`measured nothing, no 2xx answer: ${which.join("; ")}`, figures);
}
