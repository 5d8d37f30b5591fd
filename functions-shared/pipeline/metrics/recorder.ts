/**
 * The metrics recorder: each request's RequestEvent adds to the current hour's counter per function and
 * status class and to the function's latency histogram; timings (timing.ts) add to theirs. Increments
 * are summed in the isolate and reach Redis in one of two ways:
 *  - riding the rate limiter's round trip: the limiter calls `ride(redis)` in the tick it issues its
 *    own commands, so auto-pipelining puts them in the same HTTP request — no round trip of their own
 *    (and while a send is out, a ride sends nothing: the next one after it carries the sum);
 *  - if no request comes along within `flushDelayMs`, a send of their own after the response
 *    (EdgeRuntime.waitUntil keeps the isolate alive for it).
 * record() never waits for Redis. A failed send puts the increments back for the next one (if the
 * request reached Redis but its answer was lost, that batch may count twice: rare, and only metrics).
 */
import type { RequestEvent } from "../../core/audit_event.ts";
import { consoleLogger, type Logger } from "../../core/log.ts";
import { type Redis, redisErrorFields } from "../../platform/redis.ts";
import { type HourIncrements, PendingIncrements } from "./increments.ts";
import { sendIncrements } from "./redis_buckets.ts";

export interface MetricsRecorderOptions {
  /** The client to send with when no limiter round trip comes along. */
  readonly redis: () => Redis;
  /** How long increments wait for a limiter round trip before going on their own (default 1000 ms). */
  readonly flushDelayMs?: number;
  readonly waitUntil?: (promise: Promise<unknown>) => void;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface MetricsRecorder {
  record(event: RequestEvent): void;
  /** A timing for a named histogram (model latency, database time). */
  timing(name: string, milliseconds: number): void;
  /** Issues the pending increments on `redis` now, in the caller's tick (the limiter's round trip). */
  ride(redis: Redis): void;
  /** Sends what is pending and waits for every send in flight. */
  flush(): Promise<void>;
}

/** "dosing", 503 → requests.dosing.5xx; names are kept to what the metrics table accepts. */
export const requestCounterName = (fn: string, status: number) =>
  `requests.${metricPart(fn)}.${Math.floor(status / 100)}xx`;
export const latencyName = (fn: string) => `latency.${metricPart(fn)}`;

/** A function's metric names, spelled once per isolate (an isolate serves one or a few functions). */
const namesByFunction = new Map<string, { latency: string; requests: string[] }>();
function namesOf(fn: string) {
  let names = namesByFunction.get(fn);
  if (!names) {
    if (namesByFunction.size >= 100) namesByFunction.clear(); // function names are ours: a guard only
    names = { latency: latencyName(fn), requests: [] };
    namesByFunction.set(fn, names);
  }
  return names;
}
function requestCounterOf(fn: string, status: number): string {
  const requests = namesOf(fn).requests;
  const statusClass = Math.floor(status / 100);
  return requests[statusClass] ??= requestCounterName(fn, status);
}

const metricPart = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 60) || "unknown";

export function createMetricsRecorder(options: MetricsRecorderOptions): MetricsRecorder {
  const pending = new PendingIncrements();
  const delay = options.flushDelayMs ?? 1000;
  const log = options.logger ?? consoleLogger;
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function send(redis: Redis): void {
    if (pending.empty) return;
    const batches: HourIncrements[] = pending.drain();
    const sending: Promise<void> = sendIncrements(redis, batches).then(
      () => {},
      (error) => {
        pending.restore(batches); // the next record or ride carries them
        log("warn", "metric increments not sent; kept for the next send", redisErrorFields(error));
      },
    ).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }

  // The scheduled send; `fire` runs it early (flush) so the promise handed to waitUntil always settles.
  let fire: (() => void) | undefined;
  function schedule(): void {
    if (timer !== undefined) return;
    const done = new Promise<void>((resolve) => {
      fire = () => {
        clearTimeout(timer);
        timer = undefined;
        fire = undefined;
        try {
          send(options.redis());
        } catch (error) {
          log("warn", "metrics: Redis is not available", redisErrorFields(error));
        }
        resolve(Promise.all(inFlight).then(() => {}));
      };
      timer = setTimeout(fire, delay);
    });
    options.waitUntil?.(done);
  }

  return {
    record(event) {
      pending.count(event.startedAt, requestCounterOf(event.functionName, event.status));
      pending.sample(event.startedAt, namesOf(event.functionName).latency, event.durationMs);
      schedule();
    },
    timing(name, milliseconds) {
      pending.sample(now(), name, milliseconds);
      schedule();
    },
    ride(redis) {
      // One send per round trip is enough: while one is out, increments keep summing here and the next
      // ride after it carries them all (under load, one command for many requests instead of one each).
      if (inFlight.size > 0) return;
      send(redis);
    },
    async flush() {
      if (fire) fire();
      else send(options.redis());
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
