/**
 * Answers counted by status class, so that a benchmark under load reports its 429s and 503s beside its
 * figures instead of ending at the first one. Latency is kept for 2xx answers only: a fast refusal would
 * flatter the figure it was timed into.
 */

/** "4xx" leaves out 429, counted on its own; "errors" are requests with no answer at all. */
export const STATUS_CLASSES = ["2xx", "4xx", "429", "5xx", "errors", "other"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
export type StatusCounts = Record<StatusClass, number>;

/** Where a benchmark's own server (scripts/bench/pipeline_server.ts) reports the answers it has made. */
export const SERVER_STATUS_PATH = "/__bench/statuses";

/** 0 stands for no answer: a network error, a timeout, a handler that threw. */
export function statusClass(status: number): StatusClass {
  if (!Number.isInteger(status) || status <= 0) return "errors";
  if (status === 429) return "429";
  if (status >= 200 && status < 300) return "2xx";
  if (status >= 400 && status < 500) return "4xx";
  if (status >= 500 && status < 600) return "5xx";
  return "other";
}

export function noStatuses(): StatusCounts {
  return { "2xx": 0, "4xx": 0, "429": 0, "5xx": 0, errors: 0, other: 0 };
}

/** Adds one answer (0: none) to `counts`. */
export function tallyStatus(counts: StatusCounts, status: number): void {
  counts[statusClass(status)]++;
}

export function countStatuses(statuses: Iterable<number>): StatusCounts {
  const counts = noStatuses();
  for (const status of statuses) tallyStatus(counts, status);
  return counts;
}

/** What was counted between two snapshots of the same running count. */
export function statusesBetween(before: StatusCounts, after: StatusCounts): StatusCounts {
  const counts = noStatuses();
  for (const c of STATUS_CLASSES) counts[c] = (after[c] ?? 0) - (before[c] ?? 0);
  return counts;
}

/** "1998 2xx, 2 429", the classes that occurred in STATUS_CLASSES order; "no requests" when none did. */
export function describeStatuses(counts: Partial<StatusCounts>): string {
  const parts = STATUS_CLASSES.filter((c) => (counts[c] ?? 0) > 0).map((c) => `${counts[c]} ${c}`);
  return parts.length ? parts.join(", ") : "no requests";
}

export const isSuccess = (status: number) => statusClass(status) === "2xx";

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends one request, reads its answer and counts it by class. A request that gets no answer (the send or
 * the body read throws) is counted under "errors" and yields null instead of ending the benchmark.
 */
export async function sendCounted(
  send: (request: Request) => Promise<Response>,
  request: Request,
  counts: StatusCounts,
): Promise<Answer | null> {
  let answer: Answer;
  try {
    const response = await send(request);
    answer = { status: response.status, text: await response.text() };
  } catch {
    tallyStatus(counts, 0);
    return null;
  }
  tallyStatus(counts, answer.status);
  return answer;
}

export interface TimedAnswers {
  /** Milliseconds of each 2xx answer, in order. */
  readonly samples: number[];
  /** Every timed call, by class. */
  readonly statuses: StatusCounts;
}

/**
 * Times `n` sequential calls after `warmup` untimed ones (whose answers are not counted). Each call
 * resolves to the HTTP status it got; a call that throws is counted under "errors".
 */
export async function timeAnswers(
  n: number,
  call: () => Promise<number>,
  warmup = Math.min(50, n),
): Promise<TimedAnswers> {
  for (let i = 0; i < warmup; i++) await call().catch(() => 0);
  const samples: number[] = [];
  const statuses = noStatuses();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const status = await call().catch(() => 0);
    const ms = performance.now() - start;
    tallyStatus(statuses, status);
    if (isSuccess(status)) samples.push(ms);
  }
  return { samples, statuses };
}
