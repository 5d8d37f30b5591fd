/**
 * Interleaved rounds: several targets measured in turn, round after round (ABBA order), so that two targets
 * compared with each other meet the same machine. On a shared 2-core machine a load that comes and goes, or
 * one fsync stall, lands on one target of a back-to-back pair and decides their ratio; paired rounds and
 * their median do not hang on one moment. This module only combines what the rounds measured.
 */
import type { CpuByProcess } from "./process_cpu.ts";
import { noStatuses, STATUS_CLASSES, type StatusCounts } from "./statuses.ts";
import type { WrkResult } from "./wrk.ts";

export interface Round {
  readonly result: WrkResult;
  /** CPU milliseconds per request by process, for this round. */
  readonly cpu: CpuByProcess;
  readonly statuses: StatusCounts;
}

/** The targets' order in round `index`: as given in even rounds, reversed in odd ones (A B, B A, …). */
export function roundOrder<T>(targets: readonly T[], index: number): T[] {
  return index % 2 === 0 ? [...targets] : [...targets].reverse();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * All rounds of one target as one run: requests and time summed; p50 and p99 the rounds' medians, and the
 * worst round's p99 beside them (a median of four drops the worst tail).
 */
export function combineRounds(
  rounds: readonly Round[],
): { result: WrkResult; p99Max: number; cpu: CpuByProcess; statuses: StatusCounts } {
  if (rounds.length === 0) throw new Error("no round to combine");
  const requests = rounds.reduce((n, r) => n + r.result.requests, 0);
  const seconds = rounds.reduce((s, r) => s + r.result.seconds, 0);
  const cpu: CpuByProcess = {};
  for (const r of rounds) {
    // Weighted by each round's requests: the whole run's CPU over its requests.
    for (const [name, ms] of Object.entries(r.cpu)) {
      cpu[name] = (cpu[name] ?? 0) + (ms * r.result.requests) / requests;
    }
  }
  const statuses = noStatuses();
  for (const r of rounds) for (const c of STATUS_CLASSES) statuses[c] += r.statuses[c];
  return {
    result: {
      requests,
      seconds,
      rps: requests / seconds,
      p50: median(rounds.map((r) => r.result.p50)),
      p99: median(rounds.map((r) => r.result.p99)),
      non2xx: rounds.reduce((n, r) => n + r.result.non2xx, 0),
      socketErrors: rounds.reduce((n, r) => n + r.result.socketErrors, 0),
    },
    p99Max: Math.max(...rounds.map((r) => r.result.p99)),
    cpu,
    statuses,
  };
}

/** 2xx answers a second: a round whose answers failed fast must not count them as throughput. */
export function okPerSecond(round: Round): number {
  return round.result.seconds > 0 ? round.statuses["2xx"] / round.result.seconds : 0;
}

/**
 * 2xx throughput of `subject` over `baseline`, round by round (the two met the same machine in each), with
 * the median and the range. Rounds where either side answered no 2xx are left out.
 */
export function pairedRatios(
  subject: readonly (Round | undefined)[],
  baseline: readonly (Round | undefined)[],
): { ratios: number[]; median: number; min: number; max: number } {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(subject.length, baseline.length); i++) {
    const s = subject[i], b = baseline[i];
    if (s && b && okPerSecond(s) > 0 && okPerSecond(b) > 0) ratios.push(okPerSecond(s) / okPerSecond(b));
  }
  return { ratios, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
