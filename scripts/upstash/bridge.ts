// Upstash-REST-compatible HTTP front for a local redis-server, so the unchanged @upstash/redis and
// @upstash/ratelimit clients run against stock Redis 7.0 in development and tests.
//
// What the clients send (@upstash/redis pkg/http.ts): always POST, JSON body, `authorization:
// Bearer <token>`, `Upstash-Encoding: base64` by default; a single command to the base URL, a batch
// to `/pipeline` or `/multi-exec`. A non-2xx answer must still be JSON with an `error` field (the
// client JSON-parses it and throws `${error}, command was: ...`). The path form (`/set/k/v`) and the
// SSE subscribe paths are not used by either client's request/response commands, so they are not
// served. `upstash-sync-token` (read-your-writes) is ignored: one Redis has nothing to sync.

import { isBlocking, refusal } from "./command_policy.ts";
import { LuaScriptCompat, type PreparedCommand } from "./lua_compat.ts";
import { RedisUnavailableError, RespClient, RespError, type RespValue } from "./resp.ts";
import { type JsonResult, replyToJson } from "./reply_json.ts";

export interface UpstashBridgeOptions {
  redisHost: string;
  redisPort: number;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  token: string;
  /** Aborting it closes the bridge, like close(). */
  signal?: AbortSignal;
}

export interface UpstashBridge {
  /** Base URL for `new Redis({ url, token })`. */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish (briefly), closes the Redis connection. */
  close(): Promise<void>;
}

type Entry = { result: JsonResult } | { error: string };
/** A pipeline's command: prepared for Redis, or refused with this message. */
type Plan = PreparedCommand | string;

/** A request the client got wrong: answered 400 with the message. */
class BadRequest extends Error {}

/** Binds synchronously (Deno.serve does), so the returned port is live. */
export function startUpstashBridge(options: UpstashBridgeOptions): UpstashBridge {
  const { redisHost, redisPort, port, hostname = "127.0.0.1", token, signal } = options;
  if (!token) throw new Error("startUpstashBridge: a token is required");
  const redis = new RespClient({ hostname: redisHost, port: redisPort });
  const lua = new LuaScriptCompat();
  const server = Deno.serve(
    { hostname, port, onListen: () => {} },
    (req) => handle(req, { redis, lua, token }),
  );
  const addr = server.addr as Deno.NetAddr;
  // A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL.
  const host = hostname === "0.0.0.0"
    ? "127.0.0.1"
    : hostname === "::"
    ? "[::1]"
    : hostname.includes(":")
    ? `[${hostname}]`
    : hostname;

  let closing: Promise<void> | undefined;
  const onAbort = () => void close();
  const close = () => {
    signal?.removeEventListener("abort", onAbort);
    closing ??= (async () => {
      // Requests stuck on Redis would hold shutdown() forever; cut them loose after a grace period.
      const cut = setTimeout(() => redis.close(), 2000);
      try {
        await server.shutdown();
      } finally {
        clearTimeout(cut);
        redis.close();
      }
    })();
    return closing;
  };
  if (signal?.aborted) void close();
  else signal?.addEventListener("abort", onAbort, { once: true });

  return { url: `http://${host}:${addr.port}`, port: addr.port, close };
}

interface Context {
  redis: RespClient;
  lua: LuaScriptCompat;
  token: string;
}

async function handle(req: Request, ctx: Context): Promise<Response> {
  if (!authorized(req.headers.get("authorization"), ctx.token)) return json(401, { error: "Unauthorized" });
  const route = new URL(req.url).pathname.replace(/\/+$/, "") || "/";
  if (route !== "/" && route !== "/pipeline" && route !== "/multi-exec") {
    return json(404, {
      error: `ERR unknown endpoint '${route}' (this bridge serves /, /pipeline, /multi-exec)`,
    });
  }
  if (req.method !== "POST") return json(405, { error: "ERR method not allowed: send commands with POST" });
  const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
  try {
    const body = parseJson(await req.text());
    // req.signal is read only for blocking commands: touching it makes Deno log a legacy-abort notice.
    const signal = () => req.signal;
    if (route === "/") return await single(body, base64, ctx, signal);
    if (route === "/pipeline") return await pipeline(body, base64, ctx, signal);
    return await multiExec(body, base64, ctx);
  } catch (error) {
    if (error instanceof BadRequest) return json(400, { error: error.message });
    if (error instanceof RedisUnavailableError) return json(503, { error: `ERR ${error.message}` });
    console.error("upstash-bridge: unexpected error", error);
    return json(500, {
      error: `ERR bridge internal error: ${error instanceof Error ? error.message : error}`,
    });
  }
}

async function single(body: unknown, base64: boolean, ctx: Context, signal: () => AbortSignal) {
  const command = toCommand(body, "request body");
  const denied = refusal(command);
  if (denied) throw new BadRequest(denied);
  const prepared = await ctx.lua.prepare(command);
  const [raw] = isBlocking(command)
    ? await ctx.redis.execIsolated([prepared.args], signal())
    : await ctx.redis.exec([prepared.args]);
  const reply = prepared.mapReply?.(raw) ?? raw;
  if (reply instanceof RespError) return json(400, { error: reply.message });
  return json(200, { result: replyToJson(reply, base64) });
}

async function pipeline(body: unknown, base64: boolean, ctx: Context, signal: () => AbortSignal) {
  const commands = toCommands(body);
  // A refused command fails on its own, like a Redis error would; the rest still run. Usually nothing
  // here needs awaiting (only a script seen for the first time does).
  const planned = commands.map((command) => refusal(command) ?? ctx.lua.prepare(command));
  const plan = planned.some((p) => p instanceof Promise) ? await Promise.all(planned) : planned as Plan[];
  const toSend = plan.filter((p): p is PreparedCommand => typeof p !== "string");
  const args = toSend.map((p) => p.args);
  const replies = commands.some(isBlocking)
    ? await ctx.redis.execIsolated(args, signal())
    : await ctx.redis.exec(args);
  let next = 0;
  const entries = plan.map((p) => typeof p === "string" ? { error: p } : toEntry(replies[next++], p, base64));
  return json(200, entries);
}

async function multiExec(body: unknown, base64: boolean, ctx: Context) {
  const commands = toCommands(body);
  for (const [i, command] of commands.entries()) {
    const denied = refusal(command);
    if (denied) throw new BadRequest(`${denied} (command ${i + 1} of the transaction)`);
  }
  const prepared = await Promise.all(commands.map((command) => ctx.lua.prepare(command)));
  // One write: nothing from other callers can land between MULTI and EXEC on the shared connection.
  const replies = await ctx.redis.exec([["MULTI"], ...prepared.map((p) => p.args), ["EXEC"]]);
  const exec = replies[replies.length - 1];
  if (exec instanceof RespError || !Array.isArray(exec)) {
    // EXECABORT: a command was rejected while queueing; say which, Redis' message does not.
    const why = replies.slice(1, -1).flatMap((r, i) =>
      r instanceof RespError ? [`command ${i + 1} [${commands[i][0]}]: ${r.message}`] : []
    );
    const base = exec instanceof RespError ? exec.message : "EXECABORT transaction aborted";
    return json(400, { error: [base, ...why].join(" ") });
  }
  return json(200, exec.map((reply, i) => toEntry(reply, prepared[i], base64)));
}

function toEntry(raw: RespValue, prepared: PreparedCommand, base64: boolean): Entry {
  const reply = prepared.mapReply?.(raw) ?? raw;
  return reply instanceof RespError ? { error: reply.message } : { result: replyToJson(reply, base64) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest(
      `ERR request body is not valid JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** A command is a non-empty array: a name, then strings, numbers or booleans (as the client serialises). */
function toCommand(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest(`ERR ${where} must be a non-empty JSON array like ["SET","key","value"]`);
  }
  if (typeof value[0] !== "string" || value[0] === "") {
    throw new BadRequest(`ERR ${where}: the command name must be a non-empty string`);
  }
  return value.map((arg, i) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new BadRequest(`ERR ${where}: argument ${i} must be a string, number or boolean`);
  });
}

function toCommands(value: unknown): string[][] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequest(
      `ERR request body must be a non-empty JSON array of commands like [["SET","k","v"]]`,
    );
  }
  return value.map((command, i) => toCommand(command, `command ${i + 1}`));
}

const encoder = new TextEncoder();

/** `Bearer <token>`, compared without an early exit. */
function authorized(header: string | null, token: string): boolean {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  if (!match) return false;
  const given = encoder.encode(match[1].trim());
  const expected = encoder.encode(token);
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given[i] ?? 0) ^ expected[i];
  return diff === 0;
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status });
}
