/**
 * The local gateway and the shared pipeline end to end: supabase-js `functions.invoke` against
 * fixture functions, each in its own process as the functions server runs them (tests/e2e/fixtures, whose
 * functions share supabase/functions/import_map.json, the last place the CLI looks), with the real
 * stack's Postgres behind them.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { discoverFunctions } from "../../scripts/functions/config.ts";
import { createGateway } from "../../scripts/functions/gateway.ts";
import { createIsolates } from "../../scripts/functions/isolates.ts";
import { startNetQueue } from "../../scripts/functions/net_queue.ts";
import { stackEnv } from "../support/env.ts";
import { signToken, userToken } from "../support/jwt.ts";
import { errorBody, functionsClient } from "../support/functions_client.ts";

const fixtures = new URL("./fixtures/supabase", import.meta.url).pathname;
const isolates = createIsolates(fixtures);
const gateway = createGateway(await discoverFunctions(fixtures), stackEnv("JWT_SECRET"), isolates.get);
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, gateway);
const baseUrl = `http://127.0.0.1:${server.addr.port}`;
const options = { sanitizeOps: false, sanitizeResources: false };

const client = (token?: string) => functionsClient(token, baseUrl);

Deno.test("invoke with the anon key: the function sees /<name>/… and runs as anon", options, async () => {
  const { data, error } = await client().functions.invoke("probe/whoami", { method: "GET" });
  assert.equal(error, null);
  assert.deepEqual(data, { path: "/whoami", kind: "anon", userRole: "guest", uid: null, db_user: "anon" });
});

Deno.test("a user's claims reach Postgres: auth.uid() inside the function's query", options, async () => {
  const sub = crypto.randomUUID();
  const token = await userToken(sub, { role: "paramedic" }, { user_metadata: { role: "admin" } });
  const { data, error } = await client(token).functions.invoke("probe/whoami", { method: "GET" });
  assert.equal(error, null);
  assert.deepEqual(data, {
    path: "/whoami",
    kind: "user",
    userRole: "paramedic",
    uid: sub,
    db_user: "authenticated",
  });
});

Deno.test("a forged JWT is a 401 in the error envelope, request id in body and header", options, async () => {
  const forged = await signToken({ sub: crypto.randomUUID(), role: "authenticated" }, {
    secret: "not-the-project-secret-but-long-enough-to-sign",
  });
  const { data, error } = await client(forged).functions.invoke("probe/whoami", { method: "GET" });
  assert.equal(data, null);
  const { status, headers, body } = await errorBody(error);
  assert.equal(status, 401);
  assert.equal(body.error.code, "TOKEN_INVALID");
  assert.match(body.error.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(headers.get("X-Request-Id"), body.error.requestId);
});

Deno.test("validation failures list each field; valid bodies pass", options, async () => {
  const bad = await client().functions.invoke("probe/echo", { body: { message: "", count: -1 } });
  const { status, body } = await errorBody(bad.error);
  assert.equal(status, 400);
  assert.equal(body.error.code, "VALIDATION_ERROR");
  assert.deepEqual(body.error.details.map((d: { path: string }) => d.path).sort(), ["count", "message"]);
  const good = await client().functions.invoke("probe/echo", { body: { message: "chest pain", count: 2 } });
  assert.deepEqual(good.data, { length: 10, count: 2 });
});

Deno.test("a foreign-origin preflight gets no Access-Control-Allow-Origin", options, async () => {
  const res = await fetch(`${baseUrl}/functions/v1/probe/echo`, {
    method: "OPTIONS",
    headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
  });
  await res.body?.cancel();
  assert.equal(res.status, 403);
  assert.equal(res.headers.get("Access-Control-Allow-Origin"), null);
  const local = await fetch(`${baseUrl}/functions/v1/probe/echo`, {
    method: "OPTIONS",
    headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" },
  });
  await local.body?.cancel();
  assert.equal(local.status, 204);
  assert.equal(local.headers.get("Access-Control-Allow-Origin"), "http://localhost:3000");
});

Deno.test(
  "gateway: unknown function → 404 JSON; verify_jwt honoured; boot failure → 503",
  options,
  async () => {
    const missing = await fetch(`${baseUrl}/functions/v1/no-such-function`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "FUNCTION_NOT_FOUND");

    const noToken = await fetch(`${baseUrl}/functions/v1/locked`);
    assert.equal(noToken.status, 401);
    assert.equal((await noToken.json()).error.code, "INVALID_JWT");
    const { data, error } = await client().functions.invoke("locked", { method: "GET" });
    assert.equal(error, null);
    assert.deepEqual(data, { ok: true });

    const broken = await fetch(`${baseUrl}/functions/v1/broken`);
    assert.equal(broken.status, 503);
    assert.equal((await broken.json()).error.code, "BOOT_ERROR");
  },
);

Deno.test(
  "net.http_post from SQL is delivered to the function and its response recorded",
  options,
  async () => {
    const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
    const queue = startNetQueue(stackEnv("SUPABASE_DB_URL"), { intervalMs: 60_000 });
    try {
      const marker = crypto.randomUUID();
      const [{ id }] = await sql`select net.http_post(
      url := ${`${baseUrl}/functions/v1/probe/hook`},
      body := ${sql.json({ marker })},
      headers := '{"Content-Type": "application/json"}'::jsonb) as id`;
      // The stack's functions server drains the same queue every 500 ms: either drainer may deliver it.
      await queue.drainOnce();
      let response;
      for (let i = 0; i < 50 && !response; i++) {
        [response] = await sql`select status_code, content from net._http_response where id = ${id}`;
        if (!response) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(response?.status_code, 200);
      const [left] = await sql`select count(*)::int as n from net.http_request_queue where id = ${id}`;
      assert.equal(left.n, 0, "delivered once and removed from the queue");
      const hooks = await client().functions.invoke("probe/hooks", { method: "GET" });
      assert.ok(hooks.data.received.some((b: { marker?: string }) => b.marker === marker));
    } finally {
      await queue.stop();
      await sql.end();
    }
  },
);

Deno.test("the stack's functions server answers 404 JSON for names it does not serve", options, async () => {
  const res = await fetch(`${stackEnv("FUNCTIONS_URL")}/no-such-function`);
  assert.equal(res.status, 404);
  assert.equal((await res.json()).error.code, "FUNCTION_NOT_FOUND");
});

Deno.test("stop: the fixture functions' processes end with the gateway", options, async () => {
  await server.shutdown();
  await isolates.stopAll();
});
