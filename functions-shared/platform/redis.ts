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
}

export const DEFAULT_REDIS_TIMEOUT_MS = 1000;

/** A new client. Prefer `redis()`; tests and scripts use this for another endpoint or timeout. */
export function createRedis(options: CreateRedisOptions = {}): Redis {
  const url = options.url ?? config().upstashRedisRestUrl;
  const token = options.token ?? config().upstashRedisRestToken;
  if (!url || !token) throw new Error("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set");
  const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  return new Redis({
    url,
    token,
    retry: { retries: 0 },
    // A function, not one signal: the client then makes a fresh signal per command and throws on
    // abort (with a fixed signal it would report an aborted command as a successful "Aborted" reply).
    signal: () => AbortSignal.timeout(timeoutMs),
    enableTelemetry: false,
  });
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
