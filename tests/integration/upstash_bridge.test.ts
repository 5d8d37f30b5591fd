// The Upstash REST bridge, driven by the real @upstash/redis and @upstash/ratelimit clients
// against a real redis-server 7.0 (REDIS_URL, started fresh per run by `deno task test`).

import assert from "node:assert/strict";
import { Redis } from "@upstash/redis";
import { Ratelimit } from "@upstash/ratelimit";
import { startUpstashBridge, type UpstashBridge } from "../../scripts/upstash/bridge.ts";
import { sha1Hex } from "../../scripts/upstash/lua_compat.ts";
import {
  encodeCommands,
  RespClient,
  RespError,
  RespParser,
  type RespValue,
} from "../../scripts/upstash/resp.ts";

const REDIS_URL = Deno.env.get("REDIS_URL");
const TOKEN = `test-token-${crypto.randomUUID()}`;

if (!REDIS_URL) {
  Deno.test("upstash bridge: REDIS_URL is required", () => {
    throw new Error(
      "REDIS_URL is not set. Run the integration tests via `deno task test`, which starts a fresh " +
        "redis-server and sets REDIS_URL=redis://127.0.0.1:PORT (or set it yourself to a disposable redis).",
    );
  });
}

/** Registers a test only when there is a Redis to run it against (otherwise the test above fails). */
function test(name: string, fn: () => Promise<void>) {
  if (REDIS_URL) Deno.test(`upstash bridge: ${name}`, fn);
}

function redisAddress(): { redisHost: string; redisPort: number } {
  const url = new URL(REDIS_URL!);
  return { redisHost: url.hostname, redisPort: Number(url.port || 6379) };
}

/** A plain RESP connection to the same Redis, bypassing the bridge. */
function directRedis(): RespClient {
  const { redisHost, redisPort } = redisAddress();
  return new RespClient({ hostname: redisHost, port: redisPort });
}

function prefix(): string {
  return `test:upstash-bridge:${crypto.randomUUID()}:`;
}

function startBridge(overrides: { port?: number; redisPort?: number } = {}): UpstashBridge {
  return startUpstashBridge({ ...redisAddress(), port: 0, token: TOKEN, ...overrides });
}

async function withBridge(fn: (bridge: UpstashBridge, redis: Redis) => Promise<void>) {
  const bridge = startBridge();
  try {
    await fn(bridge, new Redis({ url: bridge.url, token: TOKEN, enableTelemetry: false }));
  } finally {
    await bridge.close();
  }
}

/** A raw request, as the REST API sees it; never hangs longer than 5 s. */
async function post(
  bridge: UpstashBridge,
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, json: await res.json() };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const base64 = { ...auth, "upstash-encoding": "base64" };

interface Call {
  command: string;
  ok: boolean;
}

/**
 * Records each command the clients send and whether it succeeded. @upstash/redis ≥ 1.35
 * auto-pipelines by default, so single commands may arrive at /pipeline with per-entry errors.
 */
async function spyOnFetch<T>(fn: (calls: Call[]) => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  const calls: Call[] = [];
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    const sent = JSON.parse(String(init?.body ?? "null"));
    const answer = await res.clone().json();
    if (Array.isArray(sent?.[0])) {
      sent.forEach((cmd: string[], i: number) =>
        calls.push({ command: String(cmd[0]).toLowerCase(), ok: res.ok && !answer[i]?.error })
      );
    } else {
      calls.push({ command: String(sent?.[0]).toLowerCase(), ok: res.ok && !answer.error });
    }
    return res;
  };
  try {
    return await fn(calls);
  } finally {
    globalThis.fetch = original;
  }
}

const HOUR_MS = 3_600_000;

/** Waits until at least `margin` ms are left in the current window, so a run never straddles two. */
async function awaitFreshWindow(windowMs: number, margin: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < margin) await new Promise((r) => setTimeout(r, left + 50));
}

// Pure, but it guards the bridge's wire handling, so it lives with the bridge's tests.
Deno.test("upstash bridge: RESP parser handles every reply type split at any byte", () => {
  const wire = new TextEncoder().encode(
    "+OK\r\n-ERR boom\r\n:-42\r\n$5\r\nh\r\nlo\r\n$-1\r\n*-1\r\n*0\r\n$0\r\n\r\n" +
      "*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+QUEUED\r\n",
  );
  const expected: RespValue[] = [
    "OK",
    new RespError("ERR boom"),
    -42,
    new TextEncoder().encode("h\r\nlo"),
    null,
    null,
    [],
    new Uint8Array(),
    [1, [new TextEncoder().encode("a"), null], "QUEUED"],
  ];
  for (let split = 0; split <= wire.length; split++) {
    const parser = new RespParser();
    const got: RespValue[] = [];
    for (const chunk of [wire.subarray(0, split), wire.subarray(split)]) {
      parser.feed(chunk);
      for (let r = parser.next(); r; r = parser.next()) got.push(r.value);
    }
    assert.deepEqual(got, expected, `split at ${split}`);
  }
  assert.deepEqual(
    new TextDecoder().decode(encodeCommands([["SET", "k", "é"]])),
    "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n",
  );
});

test("strings, counters, hashes and lists through @upstash/redis", () =>
  withBridge(async (_bridge, redis) => {
    const p = prefix();
    assert.equal(await redis.set(`${p}s`, "hello"), "OK");
    assert.equal(await redis.get(`${p}s`), "hello");
    assert.equal(await redis.get(`${p}missing`), null);
    assert.equal(await redis.set(`${p}s`, "again", { nx: true }), null);
    assert.equal(await redis.incr(`${p}n`), 1);
    assert.equal(await redis.incrby(`${p}n`, 41), 42);
    assert.equal(await redis.get(`${p}n`), 42); // the client JSON-parses "42"
    await redis.set(`${p}obj`, { a: 1, b: ["x", null] });
    assert.deepEqual(await redis.get(`${p}obj`), { a: 1, b: ["x", null] });
    assert.equal(await redis.expire(`${p}s`, 100), 1);
    const ttl = await redis.ttl(`${p}s`);
    assert.ok(ttl > 0 && ttl <= 100, `ttl ${ttl}`);
    assert.deepEqual(await redis.mget(`${p}s`, `${p}missing`), ["hello", null]);

    assert.equal(await redis.hset(`${p}h`, { f1: "v1", f2: 2 }), 2);
    assert.equal(await redis.hget(`${p}h`, "f1"), "v1");
    assert.equal(await redis.hincrby(`${p}h`, "f2", 3), 5);
    assert.deepEqual(await redis.hgetall(`${p}h`), { f1: "v1", f2: 5 });
    assert.equal(await redis.hgetall(`${p}nohash`), null);

    assert.equal(await redis.rpush(`${p}l`, "a", "b", "OK"), 3);
    assert.deepEqual(await redis.lrange(`${p}l`, 0, -1), ["a", "b", "OK"]);
    assert.equal(await redis.lpop(`${p}l`), "a");
    assert.equal(await redis.del(`${p}s`, `${p}n`, `${p}missing`), 2);
    assert.equal(await redis.exists(`${p}s`), 0);
  }));

test("pipeline and multi-exec through the client", () =>
  withBridge(async (_bridge, redis) => {
    const p = prefix();
    assert.deepEqual(
      await redis.pipeline().set(`${p}a`, "1").incr(`${p}a`).get(`${p}a`).lrange(`${p}none`, 0, -1).exec(),
      ["OK", 2, 2, []],
    );
    assert.deepEqual(
      await redis.multi().set(`${p}b`, "x").append(`${p}b`, "y").get(`${p}b`).hset(`${p}h`, { f: "v" })
        .exec(),
      ["OK", 2, "xy", 1],
    );
    // A failing command fails alone; the client reports it (or keeps it, if asked).
    await assert.rejects(
      redis.pipeline().set(`${p}c`, "text").incr(`${p}c`).exec(),
      /Command 2 \[ incr \] failed: ERR value is not an integer/,
    );
    const kept = await redis.pipeline().get(`${p}c`).incr(`${p}c`).exec({ keepErrors: true });
    assert.equal(kept[0].result, "text");
    assert.match(String(kept[1].error), /ERR value is not an integer/);
  }));

test("multi-exec is atomic: queued errors abort it, concurrent transactions do not interleave", () =>
  withBridge(async (bridge) => {
    const p = prefix();
    const aborted = await post(bridge, "/multi-exec", [["SET", `${p}x`, "1"], ["NOSUCHCMD", "a"]]);
    assert.equal(aborted.status, 400);
    assert.match(aborted.json.error, /^EXECABORT .*command 2 \[NOSUCHCMD\]: ERR unknown command/);
    assert.equal((await post(bridge, "/", ["EXISTS", `${p}x`])).json.result, 0);

    // A runtime error inside EXEC is per command, as in Redis: the others still apply.
    const mixed = await post(bridge, "/multi-exec", [["SET", `${p}y`, "v"], ["INCR", `${p}y`], [
      "GET",
      `${p}y`,
    ]]);
    assert.equal(mixed.status, 200);
    assert.deepEqual(mixed.json[0], { result: "OK" });
    assert.match(mixed.json[1].error, /ERR value is not an integer/);
    assert.deepEqual(mixed.json[2], { result: "v" });

    const results = await Promise.all(
      Array.from(
        { length: 60 },
        (_, i) =>
          i % 2
            ? post(bridge, "/multi-exec", [["INCR", `${p}n`], ["GET", `${p}n`]])
            : post(bridge, "/pipeline", [["INCR", `${p}n`], ["INCR", `${p}other`]]),
      ),
    );
    for (const [i, { status, json }] of results.entries()) {
      assert.equal(status, 200);
      if (i % 2) assert.equal(String(json[0].result), json[1].result, "GET must see its own INCR");
    }
  }));

/**
 * Runs `fn` with every connection it opens through Deno.connect counting what it hands to the socket:
 * one entry per buffer written (a partial write's remainder, a view of the same buffer, is not another).
 */
async function countingSocketWrites<T>(fn: (writes: Uint8Array[]) => Promise<T>): Promise<T> {
  const connect = Deno.connect;
  const writes: Uint8Array[] = [];
  Deno.connect = (async (options: Deno.ConnectOptions) => {
    const conn = await connect(options);
    const write = conn.write.bind(conn);
    conn.write = (bytes: Uint8Array) => {
      if (!writes.some((seen) => seen.buffer === bytes.buffer)) writes.push(bytes);
      return write(bytes);
    };
    return conn;
  }) as typeof Deno.connect;
  try {
    return await fn(writes);
  } finally {
    Deno.connect = connect;
  }
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
}

test("batches queued behind a socket write go out together, each answered with its own replies", () =>
  countingSocketWrites(async (writes) => {
    const redis = directRedis();
    try {
      const p = prefix();
      const batches = Array.from(
        { length: 200 },
        (_, i) =>
          i % 3 === 0
            ? [["MULTI"], ["SET", `${p}${i}`, `v${i}`], ["GET", `${p}${i}`], ["EXEC"]]
            : [["SET", `${p}${i}`, `v${i}`], ["GET", `${p}${i}`]],
      );
      // Issued in one tick: all but the first wait behind the first write and share the next one.
      const replies = await Promise.all(batches.map((batch) => redis.exec(batch)));
      for (const [i, reply] of replies.entries()) {
        const got = i % 3 === 0 ? (reply[3] as Uint8Array[])[1] : reply[1];
        assert.equal(new TextDecoder().decode(got as Uint8Array), `v${i}`, `batch ${i}`);
      }
      const sent = new TextDecoder().decode(concatBytes(writes));
      assert.equal(sent, new TextDecoder().decode(encodeCommands(batches.flat())), "every batch, in order");
      assert.deepEqual(
        writes.map((bytes) => bytes.length),
        [encodeCommands(batches[0]).length, encodeCommands(batches.slice(1).flat()).length],
        "two socket writes: the first batch, then the 199 queued behind it",
      );
    } finally {
      redis.close();
    }
  }));

test("unicode, binary and base64-looking strings round-trip", () =>
  withBridge(async (bridge, redis) => {
    const p = prefix();
    const plain = new Redis({ url: bridge.url, token: TOKEN, automaticDeserialization: false });
    const values = [
      "héllo wörld",
      "🚑 epinephrine 1 mg/mL — 0,01 mg/kg",
      "日本語テキスト",
      "line\nbreak\ttab\r\n",
      "nul\u0000inside",
      "OK",
      "T0s=",
      "aGVsbG8=",
      "",
      "QUEUED",
      "{not json",
    ];
    for (const [i, value] of values.entries()) {
      await plain.set(`${p}${i}`, value);
      assert.equal(await plain.get(`${p}${i}`), value, JSON.stringify(value));
    }
    await plain.rpush(`${p}list`, ...values.filter(Boolean));
    assert.deepEqual(await plain.lrange(`${p}list`, 0, -1), values.filter(Boolean));

    // Bytes that are not UTF-8 come back exactly as base64.
    const direct = directRedis();
    try {
      await direct.exec([["SET", `${p}bin`, new Uint8Array([0x00, 0xff, 0x80, 0x0a])]]);
    } finally {
      direct.close();
    }
    assert.deepEqual((await post(bridge, "/", ["GET", `${p}bin`], base64)).json, { result: "AP+ACg==" });
    assert.equal(await redis.strlen(`${p}bin`), 4);
  }));

test("large values and long lists cross many socket reads intact", () =>
  withBridge(async (_bridge, redis) => {
    const p = prefix();
    const big = "0123456789abcdef🚑".repeat(64 * 1024); // ~1.3 MB of UTF-8
    await redis.set(`${p}big`, big);
    assert.equal(await redis.get(`${p}big`), big);
    const items = Array.from({ length: 20_000 }, (_, i) => `item-${i}-é`);
    await redis.rpush(`${p}list`, ...items);
    assert.deepEqual(await redis.lrange(`${p}list`, 0, -1), items);
  }));

test("JSON shapes on the wire, with and without Upstash-Encoding: base64", () =>
  withBridge(async (bridge) => {
    const p = prefix();
    const nested = `return {1, {"a", "OK", {2}}, false, redis.status_reply("PONG")}`;
    assert.deepEqual((await post(bridge, "/", ["SET", `${p}k`, "vé"], base64)).json, { result: "OK" });
    assert.deepEqual((await post(bridge, "/", ["GET", `${p}k`], base64)).json, { result: btoa("v\xc3\xa9") });
    assert.deepEqual((await post(bridge, "/", ["GET", `${p}k`], auth)).json, { result: "vé" });
    assert.deepEqual((await post(bridge, "/", ["INCRBY", `${p}n`, 7], base64)).json, { result: 7 });
    assert.deepEqual((await post(bridge, "/", ["GET", `${p}nope`], base64)).json, { result: null });
    assert.deepEqual((await post(bridge, "/", ["EVAL", nested, 0], base64)).json, {
      result: [1, ["YQ==", "T0s=", [2]], null, "UE9ORw=="],
    });
    assert.deepEqual((await post(bridge, "/", ["EVAL", nested, 0], auth)).json, {
      result: [1, ["a", "OK", [2]], null, "PONG"],
    });
    assert.deepEqual(
      (await post(bridge, "/pipeline", [["SET", `${p}k`, "OK"], ["GET", `${p}k`]], base64)).json,
      [
        { result: "OK" },
        { result: "T0s=" },
      ],
    );
    assert.deepEqual((await post(bridge, "/", ["SET", `${p}b`, true], auth)).json, { result: "OK" });
    assert.deepEqual((await post(bridge, "/", ["GET", `${p}b`], auth)).json, { result: "true" });
  }));

test("401 without the right bearer token", () =>
  withBridge(async (bridge) => {
    const wrongHeaders: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ];
    for (const headers of wrongHeaders) {
      for (const path of ["/", "/pipeline", "/multi-exec"]) {
        const res = await post(bridge, path, ["GET", "k"], headers);
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { error: "Unauthorized" });
      }
    }
    const wrong = new Redis({ url: bridge.url, token: "wrong", enableTelemetry: false });
    await assert.rejects(wrong.get("k"), /Unauthorized/);
  }));

test("400 for malformed bodies, refused commands and Redis errors", () =>
  withBridge(async (bridge, redis) => {
    const p = prefix();
    const bad: [string, unknown, RegExp][] = [
      ["/", '["GET"', /^ERR request body is not valid JSON/],
      ["/", "", /^ERR request body is not valid JSON/],
      ["/", { cmd: "GET" }, /must be a non-empty JSON array/],
      ["/", [], /must be a non-empty JSON array/],
      ["/", [["GET", "k"]], /command name must be a non-empty string/],
      ["/", ["GET", { a: 1 }], /argument 1 must be a string, number or boolean/],
      ["/", ["GET", null], /argument 1 must be a string, number or boolean/],
      ["/pipeline", ["GET", "k"], /command 1 must be a non-empty JSON array/],
      ["/pipeline", [], /non-empty JSON array of commands/],
      ["/multi-exec", "nope", /not valid JSON/],
      ["/", ["GET"], /^ERR wrong number of arguments for 'get' command$/],
      ["/", ["NOSUCHCMD"], /^ERR unknown command 'NOSUCHCMD'/],
      ["/", ["MULTI"], /'MULTI' changes connection state .* use the \/multi-exec endpoint/],
      ["/", ["subscribe", "ch"], /'SUBSCRIBE' changes connection state/],
      ["/", ["CLIENT", "REPLY", "OFF"], /'CLIENT REPLY' changes connection state/],
      ["/multi-exec", [["SET", "k", "v"], ["SELECT", "1"]], /'SELECT' .*command 2 of the transaction/],
    ];
    for (const [path, body, message] of bad) {
      const res = await post(bridge, path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.match(res.json.error, message);
    }
    await redis.set(`${p}s`, "text");
    // Auto-pipelined (the default) and single-request clients both surface the Redis error.
    await assert.rejects(redis.incr(`${p}s`), /ERR value is not an integer or out of range/);
    const single = new Redis({
      url: bridge.url,
      token: TOKEN,
      enableTelemetry: false,
      enableAutoPipelining: false,
    });
    await assert.rejects(single.incr(`${p}s`), /ERR value is not an integer or out of range, command was: /);
    // The connection is still healthy after all of that.
    assert.equal(await redis.get(`${p}s`), "text");
    const refusedInPipeline = await post(bridge, "/pipeline", [["WATCH", "k"], ["GET", `${p}s`]]);
    assert.equal(refusedInPipeline.status, 200);
    assert.match(refusedInPipeline.json[0].error, /'WATCH' changes connection state/);
    assert.deepEqual(refusedInPipeline.json[1], { result: "text" });

    const getRoot = await fetch(bridge.url, { headers: auth });
    assert.equal(getRoot.status, 405);
    assert.match((await getRoot.json()).error, /POST/);
    assert.equal((await post(bridge, "/set/k/v", [])).status, 404);
  }));

test("EVAL/EVALSHA/SCRIPT with `#!lua flags=allow-key-locking` on Redis 7.0", () =>
  withBridge(async (_bridge, redis) => {
    const p = prefix();
    const script =
      `#!lua flags=allow-key-locking\nlocal v = redis.call("INCRBY", KEYS[1], ARGV[1])\nreturn {v, ARGV[2]}`;
    const sha = await sha1Hex(script);

    // Stock Redis 7.0 refuses the flag: this is what the bridge is for.
    const direct = directRedis();
    try {
      const [refused] = await direct.exec([["EVAL", script, "1", `${p}direct`, "1", "x"]]);
      assert.ok(refused instanceof RespError && /Unexpected flag in script shebang/.test(refused.message));
    } finally {
      direct.close();
    }

    assert.deepEqual(await redis.eval(script, [`${p}n`], [5, "first"]), [5, "first"]);
    assert.deepEqual(await redis.evalsha(sha, [`${p}n`], [1, "second"]), [6, "second"]);
    assert.deepEqual(await redis.scriptExists(sha, "0".repeat(40)), [1, 0]);

    const loaded = `#!lua flags=no-writes,allow-key-locking\nreturn redis.call("GET", KEYS[1])`;
    assert.equal(await redis.scriptLoad(loaded), await sha1Hex(loaded));
    assert.equal(await redis.evalsha(await sha1Hex(loaded), [`${p}n`], []), 6);
    assert.equal(await redis.evalshaRo(await sha1Hex(loaded), [`${p}n`], []), 6);

    await assert.rejects(redis.evalsha("f".repeat(40), [], []), /NOSCRIPT/);

    // Line numbers are those of the original script, and errors name the original sha.
    const broken = `#!lua flags=allow-key-locking\nlocal a = 1\nreturn nosuch.field`;
    const brokenSha = await sha1Hex(broken);
    await assert.rejects(redis.eval(broken, [], []), (error: Error) => {
      assert.match(
        error.message,
        /user_script:3: Script attempted to access nonexistent global variable 'nosuch'/,
      );
      assert.ok(error.message.includes(brokenSha), error.message);
      return true;
    });

    // Flags Redis 7.0 understands are kept.
    const readOnly = `#!lua flags=no-writes,allow-key-locking\nreturn redis.call("SET", KEYS[1], "x")`;
    await assert.rejects(
      redis.eval(readOnly, [`${p}ro`], []),
      /Write commands are not allowed from read-only/,
    );

    // The client's own Script helper: EVALSHA first, EVAL on NOSCRIPT.
    const helper = redis.createScript<number>(
      `#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])`,
    );
    assert.equal(await helper.exec([`${p}helper`], []), 1);
    assert.equal(await helper.exec([`${p}helper`], []), 2);
  }));

test("@upstash/ratelimit slidingWindow: 10 allowed, the 11th blocked", () =>
  withBridge(async (_bridge, redis) => {
    const p = prefix();
    // An hour's window with 30 s to spare: a dozen local calls cannot reach its end, however slow.
    await awaitFreshWindow(HOUR_MS, 30_000);
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(10, "1 h"), prefix: p });
    const expectedReset = (Math.floor(Date.now() / HOUR_MS) + 1) * HOUR_MS;
    await spyOnFetch(async (calls) => {
      for (let i = 1; i <= 10; i++) {
        const r = await limiter.limit("medic-1");
        assert.deepEqual(
          { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset, reason: r.reason },
          { success: true, limit: 10, remaining: 10 - i, reset: expectedReset, reason: undefined },
          `request ${i}`,
        );
      }
      const blocked = await limiter.limit("medic-1");
      assert.deepEqual(
        {
          success: blocked.success,
          remaining: blocked.remaining,
          reset: blocked.reset,
          reason: blocked.reason,
        },
        { success: false, remaining: 0, reset: expectedReset, reason: undefined },
      );
      // One NOSCRIPT + EVAL to load the script, EVALSHA from then on.
      assert.deepEqual(calls.slice(0, 3), [
        { command: "evalsha", ok: false },
        { command: "eval", ok: true },
        { command: "evalsha", ok: true },
      ]);
      assert.equal(calls.filter((c) => c.command === "eval").length, 1);
      assert.equal(calls.length, 12);
    });
    const other = await limiter.limit("medic-2");
    assert.equal(other.success, true);
    assert.equal(other.remaining, 9);
  }));

test("NOSCRIPT fallback after a bridge restart (empty sha map)", async () => {
  const p = prefix();
  await awaitFreshWindow(HOUR_MS, 30_000); // as above: the restart cannot reach the window's end
  const first = startBridge();
  const port = first.port;
  // Without auto-pipelining each EVALSHA is its own request, so NOSCRIPT arrives as a 400.
  const redis = new Redis({
    url: first.url,
    token: TOKEN,
    enableTelemetry: false,
    enableAutoPipelining: false,
  });
  const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(10, "1 h"), prefix: p });
  let second: UpstashBridge | undefined;
  try {
    assert.equal((await limiter.limit("rig-7")).remaining, 9);
    assert.equal((await limiter.limit("rig-7")).remaining, 8);
    await first.close();

    second = startBridge({ port }); // same URL, fresh bridge: Redis has the script, the map is empty
    await spyOnFetch(async (calls) => {
      const r = await limiter.limit("rig-7");
      assert.equal(r.success, true);
      assert.equal(r.remaining, 7);
      assert.deepEqual(calls, [{ command: "evalsha", ok: false }, { command: "eval", ok: true }]);
      calls.length = 0;
      assert.equal((await limiter.limit("rig-7")).remaining, 6);
      assert.deepEqual(calls, [{ command: "evalsha", ok: true }]);
    });
  } finally {
    await first.close();
    await second?.close();
  }
});

test("unreachable Redis: a prompt 503 JSON error, not a hang", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closedPort = listener.addr.port;
  listener.close();
  const bridge = startBridge({ redisPort: closedPort });
  try {
    for (
      const [path, body] of [["/", ["GET", "k"]], ["/pipeline", [["GET", "k"]]], ["/multi-exec", [[
        "GET",
        "k",
      ]]]]
    ) {
      const started = performance.now();
      const res = await post(bridge, path as string, body);
      assert.equal(res.status, 503, path as string);
      assert.match(res.json.error, new RegExp(`^ERR redis unreachable at 127\\.0\\.0\\.1:${closedPort}`));
      assert.ok(performance.now() - started < 3000);
    }
    const redis = new Redis({ url: bridge.url, token: TOKEN, retry: false, enableTelemetry: false });
    await assert.rejects(redis.get("k"), /redis unreachable/);
  } finally {
    await bridge.close();
  }
});

test("reconnects after Redis drops the connection", () =>
  withBridge(async (bridge, redis) => {
    const p = prefix();
    await redis.set(`${p}k`, "before");
    const id = (await post(bridge, "/", ["CLIENT", "ID"])).json.result;
    const direct = directRedis();
    try {
      assert.deepEqual(await direct.exec([["CLIENT", "KILL", "ID", String(id)]]), [1]);
    } finally {
      direct.close();
    }
    // A request racing the drop may fail (503: it may or may not have run); later ones reconnect.
    let res = await post(bridge, "/", ["GET", `${p}k`]);
    for (let i = 0; i < 5 && res.status !== 200; i++) {
      assert.equal(res.status, 503);
      res = await post(bridge, "/", ["GET", `${p}k`]);
    }
    assert.deepEqual(res, { status: 200, json: { result: "before" } });
    assert.notEqual((await post(bridge, "/", ["CLIENT", "ID"])).json.result, id);
  }));

test("a blocking command does not stall other requests", () =>
  withBridge(async (bridge, redis) => {
    const p = prefix();
    const popped = post(bridge, "/", ["BLPOP", `${p}q`, "3"]);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    assert.equal(await redis.set(`${p}other`, "v"), "OK");
    assert.ok(performance.now() - started < 1000, "SET waited for BLPOP");
    await redis.rpush(`${p}q`, "job");
    assert.deepEqual(await popped, { status: 200, json: { result: [`${p}q`, "job"] } });
  }));

test("close() and the abort signal stop the bridge", async () => {
  const controller = new AbortController();
  const bridge = startUpstashBridge({ ...redisAddress(), port: 0, token: TOKEN, signal: controller.signal });
  assert.equal((await post(bridge, "/", ["PING"])).json.result, "PONG");
  controller.abort();
  await bridge.close(); // resolves once the signal-triggered shutdown is done
  await assert.rejects(fetch(bridge.url, { method: "POST", body: "[]" }));
});

test("CLI: listens, serves, stops cleanly on SIGTERM", async () => {
  const { redisPort } = redisAddress();
  const main = new URL("../../scripts/upstash/main.ts", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-lock", main.pathname, "--redis-port", String(redisPort), "--port", "0"],
    env: { UPSTASH_REDIS_REST_TOKEN: TOKEN },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const url = out.match(/listening on (http:\/\/\S+)/)?.[1];
    assert.ok(url, `no listening line in: ${out}`);
    const redis = new Redis({ url, token: TOKEN, enableTelemetry: false });
    assert.equal(await redis.ping(), "PONG");
  } finally {
    child.kill("SIGTERM");
    await reader.cancel();
    const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
    assert.equal(status.code, 0, stderr);
  }
});
