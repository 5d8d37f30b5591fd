/**
 * redis: the isolate's Upstash REST client (UPSTASH_REDIS_REST_URL / _TOKEN), created on first use.
 *
 * Every caller is on a request path or right behind one, so a slow Redis must fail fast rather than
 * stall: the library's default of 5 retries with exponential backoff can hang for seconds, so retries
 * are off and each command gets its own timeout. Callers treat a failure as "Redis is down" and degrade.
 */
import { Redis } from "@upstash/redis";
import { config } from "../core/config.ts";

export type { Redis };

export interface CreateRedisOptions {
  readonly url?: string;
  readonly token?: string;
  /** Per-command timeout in milliseconds (default 1000). */
  readonly timeoutMs?: number;
  /** How long commands wait for the round trip in flight before they go on their own (default 20 ms). */
  readonly coalesceWaitMs?: number;
}

export const DEFAULT_REDIS_TIMEOUT_MS = 1000;
export const DEFAULT_COALESCE_WAIT_MS = 20;

/** A new client. Prefer `redis()`; tests and scripts use this for another endpoint or timeout. */
export function createRedis(options: CreateRedisOptions = {}): Redis {
  const url = options.url ?? config().upstashRedisRestUrl;
  const token = options.token ?? config().upstashRedisRestToken;
  if (!url || !token) throw new Error("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set");
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  const client = new Redis({
    url,
    token,
    retry: { retries: 0 },
    // A function, not one signal: the client then asks for a signal per HTTP request and throws on
    // abort (with a fixed signal it would report an aborted command as a successful "Aborted" reply).
    signal: () => AbortSignal.timeout(timeoutMs),
    enableTelemetry: false,
    // Plain JSON replies instead of base64 strings: every value we keep in Redis is text (counters, ISO
    // times, JSON, the spool's base64url ciphertext), so encoding each reply (Upstash) and decoding it
    // (here) bought nothing and cost both ends CPU on every round trip.
    responseEncoding: false,
  });
  coalesceRoundTrips(client, options.coalesceWaitMs ?? DEFAULT_COALESCE_WAIT_MS, timeoutMs);
  return client;
}

/** The parts of @upstash/redis (1.39) that coalescing hooks into; absent in another version → no hook. */
interface AutoPipelineInternals {
  autoPipelineExecutor?: { deferExecution?: () => Promise<void> };
  client?: { request?: (req: unknown) => Promise<unknown> };
}

/**
 * Group commit for Redis: @upstash/redis's auto-pipelining sends the commands issued in one tick in one
 * HTTP request; under load each request's limiter call came in a tick of its own, so every request paid
 * a whole HTTP round trip (building, sending and parsing it here, and in the REST server). Here, while a
 * round trip is in flight the next pipeline stays open, gathering the commands of the requests that
 * arrive meanwhile, and is sent when that round trip ends — at most `waitMs` later, so a hung request
 * delays nobody for long (the callers' own budgets still apply). Each command is still answered from its
 * own pipeline's reply; idle, nothing waits. Each HTTP request gets `timeoutMs`. Returns whether the
 * hook applied (the pinned version's internals are present).
 */
export function coalesceRoundTrips(
  client: Redis,
  waitMs: number,
  timeoutMs = DEFAULT_REDIS_TIMEOUT_MS,
): boolean {
  const internals = client as unknown as AutoPipelineInternals;
  const executor = internals.autoPipelineExecutor;
  const http = internals.client;
  const defer = executor?.deferExecution?.bind(executor);
  const request = http?.request?.bind(http);
  if (!executor || !http || !defer || !request) return false;
  const inFlight = new Set<Promise<unknown>>();
  http.request = (req) => {
    // The per-command timeout, cleared once answered: AbortSignal.timeout's timer would fire a second
    // after every round trip anyway and build its TimeoutError (2% of the server's CPU under load).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException("Signal timed out.", "TimeoutError")),
      timeoutMs,
    );
    const sent = request({ ...(req as object), signal: () => controller.signal });
    const settled = sent.then(() => {}, () => {}).finally(() => {
      clearTimeout(timer);
      inFlight.delete(settled);
    });
    inFlight.add(settled);
    return sent;
  };
  // One wait shared by every command gathered meanwhile: the round trips in flight now, or waitMs.
  let gate: Promise<void> | undefined;
  const inFlightEnds = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((resolve) => timer = setTimeout(resolve, waitMs));
    await Promise.race([Promise.all(inFlight), cap]);
    clearTimeout(timer);
    gate = undefined;
  };
  executor.deferExecution = async () => {
    await defer(); // the library's own: the rest of this tick's commands join first
    if (inFlight.size === 0) return;
    await (gate ??= inFlightEnds());
  };
  return true;
}

/** Whether this environment has Upstash (both URL and token); without it Redis work is skipped. */
export function redisConfigured(): boolean {
  const cfg = config();
  return Boolean(cfg.upstashRedisRestUrl && cfg.upstashRedisRestToken);
}

let shared: Redis | undefined;

/** The isolate's client, created on first use (throws if Redis is not configured). */
export function redis(): Redis {
  shared ??= createRedis();
  return shared;
}

/** Forget the isolate's client (tests and scripts that change the environment). */
export function resetRedis(): void {
  shared = undefined;
}

/**
 * A Redis failure for the server log. @upstash/redis appends "command was: [...]" to its messages —
 * the command's arguments, which may be personal data — so that part is cut off.
 */
export function redisErrorFields(error: unknown): Record<string, unknown> {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { errorName: name, errorMessage: message.split(", command was:")[0].slice(0, 300) };
}
