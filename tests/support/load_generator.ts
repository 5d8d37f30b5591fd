/**
 * A closed-loop HTTP load generator in Deno: `clients` concurrent clients, each sending its next request
 * as soon as the previous answer is read, until `seconds` have passed or `maxRequests` were sent.
 * Bounded in time and count, stops by itself; every answer is recorded with its status, latency and
 * X-Request-Id (what the audit trail calls correlation_id). Used by the load, fault and fuzz tests and
 * by `deno task bench load`. Loopback targets only: the caller passes the stack's URLs.
 */
import { percentile } from "../../scripts/bench/stats.ts";
import { parseServerTiming } from "../../functions-shared/pipeline/step_timing.ts";

/** One request as the harness describes it: the function it targets and what it is. */
export interface PlannedRequest {
  readonly fn: string;
  readonly label: string;
  readonly request: Request;
}

export interface Sample {
  readonly fn: string;
  readonly label: string;
  /** 0: no answer (network error or timeout). */
  readonly status: number;
  /** When it was sent, ms after the run started. */
  readonly at: number;
  readonly ms: number;
  readonly requestId: string | null;
  readonly error?: string;
  readonly body?: string;
  /** The answer's Server-Timing (SERVER_TIMING=true): milliseconds per pipeline step. */
  readonly timing?: Record<string, number>;
}

export interface LoadOptions {
  readonly clients: number;
  readonly seconds: number;
  readonly maxRequests?: number;
  /** The next request of client `client` (its `n`th). */
  next(client: number, n: number): PlannedRequest | Promise<PlannedRequest>;
  /** Default: fetch. In-process callers pass a function's own `fetch`. */
  readonly send?: (request: Request) => Promise<Response>;
  readonly timeoutMs?: number;
  /** Keep the body text of answers whose status passes this test (for assertions). */
  readonly keepBody?: (status: number) => boolean;
  /** Stop early when this resolves (e.g. a fault script that has finished). */
  readonly stop?: Promise<unknown>;
  /** Each answer as it is recorded (a fault script can wait for enough traffic instead of a fixed time). */
  readonly onSample?: (sample: Sample) => void;
}

export interface LoadResult {
  readonly samples: readonly Sample[];
  readonly seconds: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const send = options.send ?? ((r: Request) => fetch(r));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let issued = 0;
  let stopped = false;
  options.stop?.then(() => (stopped = true), () => (stopped = true));

  async function client(id: number) {
    for (let n = 0; !stopped && performance.now() < deadline && issued < maxRequests; n++) {
      issued++;
      const planned = await options.next(id, n);
      const sample = await timed(planned, send, timeoutMs, started, options.keepBody);
      samples.push(sample);
      options.onSample?.(sample);
    }
  }
  await Promise.all(Array.from({ length: options.clients }, (_, id) => client(id)));
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function timed(
  planned: PlannedRequest,
  send: (r: Request) => Promise<Response>,
  timeoutMs: number,
  runStarted: number,
  keepBody?: (status: number) => boolean,
): Promise<Sample> {
  const { fn, label } = planned;
  const start = performance.now();
  const at = start - runStarted;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const response = await Promise.race([send(planned.request), timeout]);
    const text = await Promise.race([response.text(), timeout]);
    const serverTiming = response.headers.get("Server-Timing");
    return {
      fn,
      label,
      at,
      status: response.status,
      ms: performance.now() - start,
      requestId: response.headers.get("X-Request-Id"),
      ...(keepBody?.(response.status) ? { body: text.slice(0, 200_000) } : {}),
      ...(serverTiming ? { timing: parseServerTiming(serverTiming) } : {}),
    };
  } catch (error) {
    return { fn, label, at, status: 0, ms: performance.now() - start, requestId: null, error: String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export interface Breakdown {
  readonly key: string;
  readonly count: number;
  readonly statuses: Record<string, number>;
  readonly p50: number;
  readonly p99: number;
}

/** Per function (or per label): count, statuses and latency percentiles. */
export function breakdown(samples: readonly Sample[], by: "fn" | "label" = "fn"): Breakdown[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s[by], [...(groups.get(s[by]) ?? []), s]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => {
    const sorted = group.map((s) => s.ms).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const s of group) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    return { key, count: group.length, statuses, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

/** A one-line-per-group report for test output. */
export function report(samples: readonly Sample[], seconds: number, by: "fn" | "label" = "fn"): string {
  const lines = breakdown(samples, by).map((b) =>
    `  ${b.key.padEnd(34)} ${String(b.count).padStart(6)}  p50 ${b.p50.toFixed(1)} ms  p99 ${
      b.p99.toFixed(1)
    } ms  ${JSON.stringify(b.statuses)}`
  );
  return [
    `${samples.length} requests in ${seconds.toFixed(1)} s (${(samples.length / seconds).toFixed(0)}/s)`,
  ]
    .concat(lines).join("\n");
}

export const serverErrors = (samples: readonly Sample[]) =>
  samples.filter((s) => s.status >= 500 || s.status === 0);

/**
 * Mean milliseconds per pipeline step over the samples that carry Server-Timing, in the order the steps
 * ran, plus `outside`: what the client waited beyond the pipeline (gateway, queueing, loopback).
 */
export function stepMeans(samples: readonly Sample[]): { n: number; steps: Record<string, number> } {
  const timed = samples.filter((s) => s.timing);
  const steps: Record<string, number> = {};
  for (const s of timed) {
    for (const [name, ms] of Object.entries(s.timing!)) steps[name] = (steps[name] ?? 0) + ms;
    steps.outside = (steps.outside ?? 0) + Math.max(0, s.ms - (s.timing!.pipeline ?? 0));
  }
  for (const name of Object.keys(steps)) steps[name] /= timed.length || 1;
  return { n: timed.length, steps };
}
