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
  readonly #now: () => number;
  #mark = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** `name` starts: the time since the last boundary was the enclosing step's. */
  enter(name: string): void {
    const now = this.#now();
    const outer = this.#running.at(-1);
    if (outer !== undefined) this.#add(outer, now - this.#mark);
    if (!this.durations.has(name)) this.durations.set(name, 0);
    this.#running.push(name);
    this.#mark = now;
  }

  /**
   * `name` has its answer: the time since the last boundary was the innermost running step's, which is
   * `name` when steps nest. A step that answers while a step inside it still runs (it did not wait for
   * `next`) is not the innermost: that time stays the inner step's, and `name` leaves the running list where
   * it stands, so the inner step's own exit later is charged to the inner step, not to its caller. An exit
   * of a step not running (a second exit) ends nothing.
   */
  exit(name: string): void {
    const now = this.#now();
    const running = this.#running;
    const innermost = running.at(-1);
    if (innermost !== undefined) this.#add(innermost, now - this.#mark);
    this.#mark = now;
    if (innermost === name) running.pop();
    else {
      const at = running.lastIndexOf(name);
      if (at >= 0) running.splice(at, 1);
    }
  }

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
      timings.exit(name);
      throw error;
    }
    return answer.then((response) => (timings.exit(name), response), (error) => {
      timings.exit(name);
      throw error;
    });
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
