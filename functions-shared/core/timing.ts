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
 * default). The work itself runs on; its late rejection is observed here, never unhandled.
 */
export async function withinBudget<T>(
  work: Promise<T>,
  budgetMs: number,
  onTimeout: () => unknown = () => new BudgetExceeded(budgetMs),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), budgetMs);
  });
  try {
    return await Promise.race([work, budget]);
  } finally {
    clearTimeout(timer);
  }
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
        recent[next] = now() - started;
        next = (next + 1) % recent.length;
      }, () => {});
      return withinBudget(work, currentMs());
    },
  };
}

export type TimingObserver = (name: string, milliseconds: number) => void;

let observer: TimingObserver | undefined;

export function observeTiming(name: string, milliseconds: number): void {
  observer?.(name, milliseconds);
}

export function setTimingObserver(next: TimingObserver | undefined): void {
  observer = next;
}
