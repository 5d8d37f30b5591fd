/**
 * Group commit for Redis (platform/redis.ts coalesceRoundTrips): commands issued while a round trip is in
 * flight wait for it and go together in the next one; a round trip that hangs holds them at most the wait.
 * Against a stand-in REST server that holds its answers until the test releases them (no timing).
 */
import assert from "node:assert/strict";
import { coalesceRoundTrips, createRedis } from "../../functions-shared/platform/redis.ts";

interface Held {
  readonly commands: unknown[][];
  release(): void;
}

function restServer() {
  const requests: Held[] = [];
  const waiters: (() => void)[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const body = await req.json();
    const commands: unknown[][] = new URL(req.url).pathname === "/pipeline" ? body : [body];
    let release!: () => void;
    const released = new Promise<void>((resolve) => release = resolve);
    requests.push({ commands, release });
    waiters.splice(0).forEach((wake) => wake());
    await released;
    const results = commands.map((c) => ({ result: `${String(c[0])}:${String(c[1])}` }));
    return Response.json(new URL(req.url).pathname === "/pipeline" ? results : results[0]);
  });
  /** Resolves once the server has received `n` requests. */
  const received = async (n: number) => {
    while (requests.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { url: `http://127.0.0.1:${server.addr.port}`, requests, received, close: () => server.shutdown() };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("commands issued while a round trip is in flight go together in the next one", async () => {
  const server = restServer();
  try {
    const redis = createRedis({ url: server.url, token: "t", coalesceWaitMs: 600_000 });
    const a = redis.get("a");
    await server.received(1);
    const b = redis.get("b");
    await nextTask(); // without coalescing, b would be sent by now in a request of its own
    const c = redis.get("c");
    await nextTask();
    assert.equal(server.requests.length, 1, "nothing more is sent while the first round trip is out");
    server.requests[0].release();
    assert.equal(await a, "get:a");
    await server.received(2);
    assert.deepEqual(server.requests[1].commands, [["get", "b"], ["get", "c"]]);
    server.requests[1].release();
    assert.deepEqual(await Promise.all([b, c]), ["get:b", "get:c"]);
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("a round trip that hangs holds the next commands no longer than the wait", async () => {
  const server = restServer();
  try {
    const redis = createRedis({ url: server.url, token: "t", coalesceWaitMs: 1 });
    const hung = redis.get("hung");
    await server.received(1);
    const next = redis.get("next");
    await server.received(2); // sent although the first never answered
    assert.deepEqual(server.requests[1].commands, [["get", "next"]]);
    server.requests[1].release();
    assert.equal(await next, "get:next");
    server.requests[0].release();
    assert.equal(await hung, "get:hung");
  } finally {
    await server.close();
  }
});

Deno.test("idle, a command goes at once; the hook applies to the pinned @upstash/redis", async () => {
  const server = restServer();
  try {
    const redis = createRedis({ url: server.url, token: "t", coalesceWaitMs: 600_000 });
    const one = redis.get("one");
    await server.received(1);
    server.requests[0].release();
    assert.equal(await one, "get:one");
    const two = redis.get("two");
    await server.received(2);
    server.requests[1].release();
    assert.equal(await two, "get:two");
    // An upgrade that moves the internals this hooks into fails here instead of silently not coalescing.
    assert.equal(coalesceRoundTrips(createRedis({ url: server.url, token: "t" }), 5), true);
  } finally {
    await server.close();
  }
});

Deno.test("a round trip with no answer fails at the command's timeout; an answered one clears its timer", async () => {
  const server = restServer();
  // The timers armed with the command timeout (an odd number no other timer uses), and those cleared.
  const TIMEOUT_MS = 600_001;
  const armed = new Set<unknown>();
  const cleared = new Set<unknown>();
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    const id = set(fn, ms);
    if (ms === TIMEOUT_MS) armed.add(id);
    return id;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((id?: ReturnType<typeof setTimeout>) => {
    if (id !== undefined) cleared.add(id);
    clear(id);
  }) as typeof clearTimeout;
  try {
    const redis = createRedis({ url: server.url, token: "t", timeoutMs: TIMEOUT_MS });
    const answered = redis.get("answered");
    await server.received(1);
    server.requests[0].release();
    assert.equal(await answered, "get:answered");
    await nextTask();
    assert.equal(armed.size, 1, "one timeout for the round trip");
    assert.deepEqual([...armed].filter((id) => !cleared.has(id)), [], "cleared once it was answered");

    const quick = createRedis({ url: server.url, token: "t", timeoutMs: 1 });
    await assert.rejects(quick.get("unanswered"), (error: Error) => error.name === "TimeoutError");
    server.requests[1].release();
  } finally {
    globalThis.setTimeout = set;
    globalThis.clearTimeout = clear;
    await server.close();
  }
});
