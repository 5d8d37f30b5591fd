/**
 * Timings measured outside the pipeline — model latency in the chat client, database time in platform/db.ts —
 * reported by name into the current hour's histograms. Dependency-free so any module can import it;
 * the metrics recorder registers itself as the observer when it is created (until then, and in unit
 * tests, a timing goes nowhere).
 */
export const MODEL_LATENCY = "model.latency";
export const DB_TRANSACTION = "db.transaction";

export type TimingObserver = (name: string, milliseconds: number) => void;

let observer: TimingObserver | undefined;

export function observeTiming(name: string, milliseconds: number): void {
  observer?.(name, milliseconds);
}

export function setTimingObserver(next: TimingObserver | undefined): void {
  observer = next;
}
