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

export type TimingObserver = (name: string, milliseconds: number) => void;

let observer: TimingObserver | undefined;

export function observeTiming(name: string, milliseconds: number): void {
  observer?.(name, milliseconds);
}

export function setTimingObserver(next: TimingObserver | undefined): void {
  observer = next;
}
