/**
 * The pipeline's steps (the function's Server-Timing) of each timed request, kept per request instead of
 * summed: a figure's p95 is made by its slowest requests, and which step their extra time went to is what
 * a mean over all requests hides (issue 18: the list reads' p95 − p50 gap was 6–8 ms where plain SQL's was
 * 1.4–2). Printed into the figure's note.
 */
import { percentile, round } from "./stats.ts";

/** Steps whose p95 stays under this are left out of the note (config, cors, …). */
const SHOWN_FROM_MS = 0.05;

interface Sample {
  readonly ms: number;
  readonly steps: Readonly<Record<string, number>>;
}

export class StepSamples {
  readonly #samples: Sample[] = [];

  /** One timed request: its latency as the benchmark measured it, and its Server-Timing steps. */
  add(ms: number, steps: Readonly<Record<string, number>>): void {
    this.#samples.push({ ms, steps });
  }

  get size(): number {
    return this.#samples.length;
  }

  /**
   * "steps p50 / p95: rateLimit 1.3 / 2.2, handler 9.1 / 14.6 ms (pipeline 10.5 / 16.7); the slowest tenth
   * (10 requests, ≥ 15.2 ms) against the rest, mean: rateLimit +0.3, handler +5.1 ms". The slowest tenth
   * is by the benchmark's own latency, so what no step accounts for shows as `unaccounted`: the answer's
   * body read after the pipeline returned (all of a streamed export), the event loop, the benchmark's side.
   */
  toString(): string {
    if (this.#samples.length === 0) return "no Server-Timing";
    const names = [...new Set(this.#samples.flatMap((s) => Object.keys(s.steps)))];
    const of = (samples: readonly Sample[], name: string) =>
      samples.map((s) => name === UNACCOUNTED ? unaccounted(s) : s.steps[name] ?? 0);
    const shown = [...names.filter((n) => n !== "pipeline"), UNACCOUNTED].filter((name) =>
      percentile(sorted(of(this.#samples, name)), 95) >= SHOWN_FROM_MS
    );
    const at = (name: string) => {
      const values = sorted(of(this.#samples, name));
      return `${round(percentile(values, 50), 2)} / ${round(percentile(values, 95), 2)}`;
    };
    let text = `steps p50 / p95: ${shown.map((name) => `${name} ${at(name)}`).join(", ")} ms` +
      (names.includes("pipeline") ? ` (pipeline ${at("pipeline")})` : "");
    // A tenth of the requests, the slowest by the benchmark's latency; under ten requests, no comparison.
    const bySlowness = [...this.#samples].sort((a, b) => b.ms - a.ms);
    const slowest = bySlowness.slice(0, Math.floor(bySlowness.length / 10));
    const rest = bySlowness.slice(slowest.length);
    if (slowest.length === 0) return text;
    const edge = slowest.at(-1)!.ms;
    const excess = shown.map((name) => {
      const delta = mean(of(slowest, name)) - mean(of(rest, name));
      return `${name} ${delta >= 0 ? "+" : ""}${round(delta, 2)}`;
    });
    text += `; the slowest tenth (${slowest.length} requests, ≥ ${
      round(edge, 1)
    } ms) against the rest, mean: ${excess.join(", ")} ms`;
    return text;
  }
}

/** A request's time outside every step the function reported (see toString). */
const UNACCOUNTED = "unaccounted";

function unaccounted(sample: Sample): number {
  const total = sample.steps.pipeline ??
    Object.entries(sample.steps).reduce((sum, [, ms]) => sum + ms, 0);
  return Math.max(0, sample.ms - total);
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
