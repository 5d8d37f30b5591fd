/**
 * Where a request's time goes, step by step, for the load benchmark: with SERVER_TIMING=true each step's
 * own time (its work, not the steps inside it) is measured and answered in a standard Server-Timing
 * header (`identify;dur=0.31, rateLimit;dur=0.52, handler;dur=1.20, pipeline;dur=2.10`). Off by default:
 * a production client has no use for it and it would tell an attacker how long checks take.
 */
import type { Step } from "./compose.ts";

/** What a timed request carries: milliseconds per step, in the order the steps ran. */
export type StepTimings = Map<string, number>;

interface Timed {
  timings?: StepTimings;
}

/** `step` measured under `name`: its own time, without the steps inside it (composed only when timing). */
export function timedStep<S extends Timed>(name: string, step: Step<S>): Step<S> {
  return async (state, next) => {
    if (!state.timings) return await step(state, next);
    add(state.timings, name, 0); // listed in the order the steps start
    let inner = 0;
    const started = performance.now();
    try {
      return await step(state, async () => {
        const innerStarted = performance.now();
        try {
          return await next();
        } finally {
          inner += performance.now() - innerStarted;
        }
      });
    } finally {
      add(state.timings, name, performance.now() - started - inner);
    }
  };
}

/** The innermost part (validation and the handler): a step with nothing inside it. */
export function timedLast<S extends Timed>(name: string, last: (state: S) => Promise<Response>) {
  const timed = timedStep<S>(name, (state) => last(state));
  return (state: S): Promise<Response> =>
    timed(state, () => Promise.reject(new Error("no step after the last")));
}

function add(timings: StepTimings, name: string, ms: number): void {
  timings.set(name, (timings.get(name) ?? 0) + ms);
}

/** Server-Timing header value: each step, then `pipeline` (everything measured so far, `since` start). */
export function serverTimingHeader(timings: StepTimings, since: number): string {
  const entries = [...timings].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`);
  return [...entries, `pipeline;dur=${(performance.now() - since).toFixed(2)}`].join(", ");
}

/** The header read back (load generator): name → milliseconds; unparsable entries are skipped. */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    const ms = dur ? Number(dur.slice(4)) : NaN;
    if (name && Number.isFinite(ms)) out[name] = (out[name] ?? 0) + ms;
  }
  return out;
}
