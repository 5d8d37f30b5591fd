/**
 * Timings measured outside the pipeline — model latency in the chat client, database time in platform/db.ts —
 * reported by name into the current hour's histograms. Dependency-free so any module can import it;
 * the metrics recorder registers itself as the observer when it is created (until then, and in unit
 * tests, a timing goes nowhere).
 */
export const MODEL_LATENCY = "model.latency";
export const DB_TRANSACTION = "db.transaction";

/** What withinBudget rejects with by default. */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`no answer within ${budgetMs} ms`);
    this.name = "BudgetExceeded";
  }
}

/**
 * Settles as `work` does, unless `budgetMs` pass first: then rejects with `onTimeout()` (BudgetExceeded by
 * default). The work itself runs on; its late rejection is observed here, never unhandled. The deadlines
 * of all budgets in flight share one timer (below).
 */
export function withinBudget<T>(
  work: Promise<T>,
  budgetMs: number,
  onTimeout: () => unknown = () => new BudgetExceeded(budgetMs),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = awaitDeadline(budgetMs, () => {
      // a throwing onTimeout rejects too, and never stops the shared timer's other deadlines
      try {
        reject(onTimeout());
      } catch (error) {
        reject(error);
      }
    });
    work.then((value) => {
      settled(deadline);
      resolve(value);
    }, (error) => {
      settled(deadline);
      reject(error);
    });
  });
}

/** How long a guarded round trip may take now; `run` waits within it and learns from each round trip. */
export interface RoundTripBudget {
  currentMs(): number;
  /** Settles as withinBudget(work, currentMs()) does; the time `work` took is noted, even when late. */
  run<T>(work: Promise<T>): Promise<T>;
}

export interface AdaptiveBudgetOptions {
  /** The configured budget: never less. */
  readonly floorMs: number;
  /** Never more than this or the floor, however slow the recent round trips. */
  readonly ceilingMs: number;
  /** Headroom over the slowest recent round trip (default 2). */
  readonly factor?: number;
  /** How many recent round trips count (default 32). */
  readonly window?: number;
  readonly now?: () => number;
}

/**
 * A budget that follows the round trips it guards: the floor, raised to `factor` × the slowest of the
 * last `window` round trips that answered (late ones too), up to the ceiling. When the machine's CPU is
 * starved every round trip is slow, and a fixed budget would send each request to the fallback — more
 * work for the starved machine, which is how the mixed load fell into Postgres. A Redis that stops
 * answering adds no samples: the wait stays bounded by the ceiling.
 */
export function adaptiveBudget(options: AdaptiveBudgetOptions): RoundTripBudget {
  const factor = options.factor ?? 2;
  const recent = new Array<number>(options.window ?? 32).fill(0);
  const now = options.now ?? (() => performance.now());
  let next = 0;
  // The floor wins over the ceiling: a budget configured long (the test stack's 30 s) is never cut short.
  const currentMs = () =>
    Math.max(options.floorMs, Math.min(options.ceilingMs, Math.ceil(factor * Math.max(...recent))));
  return {
    currentMs,
    run(work) {
      const started = now();
      work.then(() => {
        recent[next] = now() - started; // noted even when late: the budget learns from it
        next = (next + 1) % recent.length;
      }, () => {});
      return withinBudget(work, currentMs());
    },
  };
}

/**
 * The budgets' deadlines, earliest first, behind one timer: a timer per budget (set, then cleared on the
 * answer) cost 3-6 µs of each limiter round trip, about as much as the rest of the limiter's call.
 * Deadlines are on the real clock (performance.now), whatever clock a budget measures round trips with.
 */
interface Deadline {
  readonly at: number;
  done: boolean;
  readonly expire: () => void;
}
const MAX_TIMER_MS = 2 ** 31 - 1;
const deadlines: Deadline[] = [];
let unsettled = 0;
let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
let deadlineTimerAt = Infinity;

function awaitDeadline(budgetMs: number, expire: () => void): Deadline {
  const deadline: Deadline = { at: performance.now() + budgetMs, done: false, expire };
  let i = deadlines.length;
  while (i > 0 && deadlines[i - 1].at > deadline.at) i--; // budgets change slowly: nearly always the end
  deadlines.splice(i, 0, deadline);
  unsettled++;
  armDeadlineTimer();
  return deadline;
}

function settled(deadline: Deadline): void {
  if (deadline.done) return;
  deadline.done = true;
  // Nothing left to time: no timer outlives the round trips (an idle isolate, a test's sanitizer).
  if (--unsettled === 0) {
    deadlines.length = 0;
    clearTimeout(deadlineTimer);
    deadlineTimer = undefined;
    deadlineTimerAt = Infinity;
  }
}

function armDeadlineTimer(): void {
  while (deadlines.length > 0 && deadlines[0].done) deadlines.shift();
  if (deadlines.length === 0) return;
  const at = deadlines[0].at;
  if (deadlineTimer !== undefined && deadlineTimerAt <= at) return; // fires in time, and looks again then
  clearTimeout(deadlineTimer);
  deadlineTimerAt = at;
  // whole milliseconds, rounded up: a timer due a fraction early would find nothing due and spin
  // (at most setTimeout's largest delay: past it a timer fires at once, and would spin until the deadline)
  deadlineTimer = setTimeout(
    expireDue,
    Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - performance.now()))),
  );
}

function expireDue(): void {
  deadlineTimer = undefined;
  deadlineTimerAt = Infinity;
  const now = performance.now();
  while (deadlines.length > 0 && (deadlines[0].done || deadlines[0].at <= now)) {
    const deadline = deadlines.shift()!;
    if (deadline.done) continue;
    settled(deadline);
    deadline.expire();
  }
  armDeadlineTimer();
}

export type TimingObserver = (name: string, milliseconds: number) => void;

let observer: TimingObserver | undefined;

export function observeTiming(name: string, milliseconds: number): void {
  observer?.(name, milliseconds);
}

export function setTimingObserver(next: TimingObserver | undefined): void {
  observer = next;
}
