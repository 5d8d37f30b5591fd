/**
 * Where a request's time goes, step by step, for the load benchmark: with SERVER_TIMING=true each step's
 * own time (its work, not the steps inside it) is measured and answered in a standard Server-Timing
 * header (`identify;dur=0.31, rateLimit;dur=0.52, handler;dur=1.20, pipeline;dur=2.10`). Off by default:
 * a production client has no use for it and it would tell an attacker how long checks take.
 */
import type { Step } from "./compose.ts";

/**
 * What a timed request carries: milliseconds per step, in the order the steps started. The request's time
 * is cut at each step boundary (a step starts, a step's answer settles) and each piece goes to the
 * innermost step running then, so one clock reading serves both sides of a boundary: two readings per step,
 * where timing each step's span and subtracting the spans inside it took four, and two promises more.
 */
export class StepTimings {
  /** Milliseconds per step name, in the order the steps started. */
  readonly durations = new Map<string, number>();
  readonly #running: string[] = [];
  #mark = 0;

  /** `name` starts: the time since the last boundary was the enclosing step's. */
  enter(name: string): void {
    const now = performance.now();
    const outer = this.#running.at(-1);
    if (outer !== undefined) this.#add(outer, now - this.#mark);
    if (!this.durations.has(name)) this.durations.set(name, 0);
    this.#running.push(name);
    this.#mark = now;
  }

  /** The innermost running step has its answer: the time since the last boundary was its own. */
  exit(): void {
    const now = performance.now();
    const name = this.#running.pop();
    if (name !== undefined) this.#add(name, now - this.#mark);
    this.#mark = now;
  }

  /** Ends the innermost step and passes its answer on (a promise's fulfilment handler, made once). */
  readonly exitWith = <T>(value: T): T => {
    this.exit();
    return value;
  };

  /** Ends the innermost step and rethrows (a promise's rejection handler, made once). */
  readonly exitThrowing = (error: unknown): never => {
    this.exit();
    throw error;
  };

  #add(name: string, ms: number): void {
    this.durations.set(name, (this.durations.get(name) ?? 0) + ms);
  }
}

interface Timed {
  timings?: StepTimings;
}

/** `step` measured under `name`: its own time, without the steps inside it (composed only when timing). */
export function timedStep<S extends Timed>(name: string, step: Step<S>): Step<S> {
  return (state, next) => {
    const timings = state.timings;
    if (!timings) return step(state, next);
    timings.enter(name);
    let answer: Promise<Response>;
    try {
      answer = step(state, next);
    } catch (error) {
      timings.exit();
      throw error;
    }
    return answer.then(timings.exitWith, timings.exitThrowing);
  };
}

/** The innermost part (validation and the handler): a step with nothing inside it. */
export function timedLast<S extends Timed>(name: string, last: (state: S) => Promise<Response>) {
  const timed = timedStep<S>(name, (state) => last(state));
  return (state: S): Promise<Response> =>
    timed(state, () => Promise.reject(new Error("no step after the last")));
}

/** Server-Timing header value: each step, then `pipeline` (everything measured so far, `since` start). */
export function serverTimingHeader(timings: StepTimings, since: number): string {
  const entries = [...timings.durations].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`);
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
