/** Shared fixtures for unit tests: config, token minting, recording sinks, request builders. */
import { type JWTPayload, SignJWT } from "jose";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { type Config, loadConfig } from "../../functions-shared/core/config.ts";
import type { Logger, LogLevel } from "../../functions-shared/core/log.ts";
import type { CacheTuning } from "../../functions-shared/core/refreshing_cache.ts";
import type { WaitUntil } from "../../functions-shared/core/runtime.ts";

export const TEST_SECRET = "test-secret-that-is-at-least-32-characters-long";
export const OTHER_SECRET = "another-secret-nobody-should-trust-0123456789";
export const ALLOWED_ORIGIN = "https://console.medic-bot.example";

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    APP_ENV: "production",
    ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    JWT_SECRET: TEST_SECRET,
    ...env,
  });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An HS256 token; `expiresIn` seconds from now (negative → already expired). */
export async function hsToken(
  claims: JWTPayload & Record<string, unknown>,
  options: { secret?: string; expiresIn?: number } = {},
): Promise<string> {
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(nowSeconds() + (options.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

export function userClaims(extra: Record<string, unknown> = {}): JWTPayload & Record<string, unknown> {
  return {
    sub: "7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87",
    role: "authenticated",
    aud: "authenticated",
    session_id: "0f6d9c1e-aaaa-4bbb-8ccc-123456789abc",
    app_metadata: { role: "paramedic", organization_id: "org-la-county-station-12" },
    user_metadata: {},
    ...extra,
  };
}

/** A token with `alg: none` and no signature, as an attacker would hand-craft it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode({ exp: nowSeconds() + 3600, ...claims })}.`;
}

export interface RecordingSink {
  events: RequestEvent[];
  record(event: RequestEvent): void;
}

export function recordingSink(): RecordingSink {
  const events: RequestEvent[] = [];
  return { events, record: (event) => void events.push(event) };
}

export interface RecordingLogger {
  lines: { level: LogLevel; message: string; fields?: Record<string, unknown> }[];
  log: Logger;
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger["lines"] = [];
  return { lines, log: (level, message, fields) => void lines.push({ level, message, fields }) };
}

/**
 * For a refreshing cache (core/refreshing_cache.ts): a loader whose every load the test settles by hand,
 * and the cache's tuning — a clock the test moves, the background work handed to waitUntil (none when
 * `waitUntil` is given as undefined: a host without EdgeRuntime), what was logged.
 */
export function manualLoads<T>(options: { waitUntil?: WaitUntil; loadBudgetMs?: number } = {}) {
  const loads: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const background: Promise<unknown>[] = [];
  const logger = recordingLogger();
  let clock = 0;
  const tuning: CacheTuning = {
    now: () => clock,
    waitUntil: "waitUntil" in options ? options.waitUntil : (p) => void background.push(p),
    loadBudgetMs: options.loadBudgetMs,
    logger: logger.log,
  };
  return {
    load: () => new Promise<T>((resolve, reject) => loads.push({ resolve, reject })),
    tuning,
    loads,
    background,
    logged: logger.lines,
    advance: (ms: number) => clock += ms,
    /** Settles the background work handed over so far. */
    settled: () => Promise.all(background.splice(0)),
  };
}

/** How `promise` stands before the next macrotask: a call answered (or refused) at once has settled by then. */
export function stateAtOnce(promise: Promise<unknown>): Promise<"resolved" | "rejected" | "pending"> {
  return Promise.race([
    promise.then(() => "resolved" as const, () => "rejected" as const),
    new Promise<"pending">((r) => setTimeout(() => r("pending"), 0)),
  ]);
}

/** A request body that arrives in chunks with no Content-Length (chunked transfer encoding). */
export function chunkedBody(totalBytes: number, chunkBytes = 4096): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      controller.enqueue(new TextEncoder().encode(" ".repeat(size)));
      sent += size;
    },
  });
}
