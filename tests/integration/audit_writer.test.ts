/**
 * The audit writer against the real stack: requests through a defineFunction test function land in
 * public.audit_logs (one row each, found by correlation id = X-Request-Id), batches, the metadata
 * guard, the Redis spool when Postgres is unreachable and its drain, and auditNow.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { requireRole } from "../../functions-shared/pipeline/auth.ts";
import {
  isolateSpoolCipher,
  redisAuditSpool,
  retryDeadLetters,
} from "../../functions-shared/pipeline/audit/spool.ts";
import { SEALED_PREFIX } from "../../functions-shared/pipeline/audit/spool_cipher.ts";
import { databaseAuditWriter, type WriteAuditEvents } from "../../functions-shared/pipeline/audit/store.ts";
import {
  type AuditWriter,
  auditWriter,
  type AuditWriterOptions,
  createAuditWriter,
  drainAuditSpool,
} from "../../functions-shared/pipeline/audit/writer.ts";
import { closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { defineFunction, type FunctionRateLimitClass, route } from "../../functions-shared/pipeline/mod.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { stackEnv } from "../support/env.ts";
import { signToken, userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const redis = createRedis({ timeoutMs: 3000 });
const ORG = crypto.randomUUID();
const LONG_NOTE = "Patient reports chest pain since this morning, radiating to the left arm; history of MI. "
  .repeat(2);

/** Unique spool and dead-letter keys per writer, so tests never see each other's (or the server's) events. */
function testKeys() {
  const id = crypto.randomUUID();
  return { spool: `test:audit:spool:${id}`, dead: `test:audit:dead:${id}` };
}

function writerFor(keys = testKeys(), overrides: AuditWriterOptions = {}) {
  return createAuditWriter({ spool: redisAuditSpool(() => redis, keys), ...overrides });
}

/** A closed local port: connections are refused at once. */
function unreachableDbUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function testFunction(writer: AuditWriter) {
  const released: string[] = [];
  const fn = defineFunction({
    name: "audit-probe",
    // A class with no rate_limit_config row: these tests are about the audit trail, not limits.
    rateLimitClass: "TEST" as FunctionRateLimitClass,
    routes: [
      route({
        method: "GET",
        path: "/ok",
        audit: { action: "protocol.view", resource: "protocol" },
        handler: (ctx) => (ctx.addAuditMetadata({ protocolRef: "TP 1211" }), { ok: true }),
      }),
      route({
        method: "POST",
        path: "/calc",
        body: z.object({ weightKg: z.number().positive() }),
        audit: { action: "dosing.calculate", resource: "dosing" },
        handler: ({ body }) => ({ weightKg: body.weightKg }),
      }),
      route({
        method: "GET",
        path: "/boom",
        audit: { action: "protocol.view", resource: "protocol" },
        handler: () => {
          throw new Error("the handler broke with patient Jane Doe in the message");
        },
      }),
      route({
        method: "GET",
        path: "/admin",
        audit: { action: "audit.query", resource: "audit_logs" },
        handler: (ctx) => (requireRole(ctx, ["admin"]), { ok: true }),
      }),
      route({
        method: "GET",
        path: "/personal",
        audit: { action: "protocol.search", resource: "protocol" },
        handler: (ctx) => {
          ctx.addAuditMetadata({
            patientName: "Jane Doe",
            email: "jane@example.com",
            note: LONG_NOTE,
            nested: { phone: "555-0100", visitId: "visit-7", summary: LONG_NOTE },
            resultCount: 3,
          });
          return { ok: true };
        },
      }),
      route({
        method: "GET",
        path: "/records/:id",
        audit: { action: "gdpr.export", resource: "user_data" },
        handler: async (ctx) => {
          await writer.auditNow(ctx, { metadata: { recordRef: ctx.params.id } });
          released.push(ctx.params.id);
          return { id: ctx.params.id };
        },
      }),
    ],
  }, { auditSink: writer });
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("X-Forwarded-For")) headers.set("X-Forwarded-For", "198.51.100.23, 10.0.0.1");
    headers.set("User-Agent", "MedicBot-Test/1.0");
    const response = await fn.fetch(new Request(`http://127.0.0.1/audit-probe${path}`, { ...init, headers }));
    await response.body?.cancel();
    return { status: response.status, requestId: response.headers.get("X-Request-Id")! };
  };
  return { call, released };
}

async function rowsFor(correlationId: string) {
  return await sql`
    select event_id, action::text, outcome::text, metadata, error_message, user_role::text, organization_id,
           actor_pseudonym, session_pseudonym, ip_pseudonym, user_agent_pseudonym, data_classification::text,
           correlation_id, to_jsonb(l)::text as whole_row
    from public.audit_logs l where correlation_id = ${correlationId}`;
}

/** A spool's entries, opened: in Redis they are ciphertext (spool_cipher.ts). */
async function spooled(key: string): Promise<Record<string, unknown>[]> {
  const raw = await redis.lrange<string>(key, 0, -1);
  assert.ok(
    raw.every((entry) => typeof entry === "string" && entry.startsWith(SEALED_PREFIX)),
    "sealed in Redis",
  );
  return await Promise.all(raw.map(async (entry) => JSON.parse(await isolateSpoolCipher().open(entry))));
}

Deno.test("every request yields exactly one row, with the right action and outcome", options, async () => {
  const writer = writerFor();
  const { call } = testFunction(writer);
  const user = await userToken(crypto.randomUUID(), { role: "paramedic", organization_id: ORG });
  const forged = await signToken({ sub: crypto.randomUUID(), role: "authenticated" }, {
    secret: "not-the-project-secret-but-long-enough-to-sign",
  });
  const service = await signToken({ role: "service_role" });
  const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  const cases = [
    { req: await call("/ok", auth(user)), status: 200, action: "protocol.view", outcome: "success" },
    {
      req: await call("/calc", {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "application/json" },
      }),
      status: 400,
      action: "api.validation_error",
      outcome: "failure",
      error: "VALIDATION_ERROR",
    },
    { req: await call("/ok", auth(forged)), status: 401, action: "auth.failure", outcome: "failure" },
    { req: await call("/admin", auth(user)), status: 403, action: "auth.unauthorized", outcome: "failure" },
    { req: await call("/nowhere"), status: 404, action: "api.not_found", outcome: "failure" },
    { req: await call("/ok", { method: "DELETE" }), status: 405, action: "api.method_not_allowed" },
    {
      req: await call("/boom"),
      status: 500,
      action: "api.error",
      outcome: "failure",
      error: "INTERNAL_ERROR",
    },
    { req: await call("/ok", auth(service)), status: 200, action: "protocol.view", outcome: "success" },
  ];
  await writer.flush();

  for (const c of cases) {
    assert.equal(c.req.status, c.status, c.action);
    const rows = await rowsFor(c.req.requestId);
    assert.equal(rows.length, 1, `${c.action}: exactly one row`);
    const [row] = rows;
    assert.equal(row.action, c.action);
    assert.equal(row.outcome, c.outcome ?? "failure");
    assert.equal(row.event_id, c.req.requestId);
    assert.equal(row.metadata.status, c.status);
    assert.equal(row.metadata.function, "audit-probe");
    assert.equal(row.metadata.rate_limit_class, "TEST");
    if (c.error) assert.equal(row.error_message, c.error);
    assert.ok(!row.whole_row.includes("Jane Doe"), "no error message that could echo data");
  }

  const [ok] = await rowsFor(cases[0].req.requestId);
  assert.equal(ok.user_role, "paramedic");
  assert.equal(ok.organization_id, ORG);
  assert.equal(ok.metadata.protocolRef, "TP 1211");
  assert.ok(ok.actor_pseudonym && ok.session_pseudonym && ok.ip_pseudonym && ok.user_agent_pseudonym);
  assert.ok(!ok.whole_row.includes(user) && !ok.whole_row.includes(user.split(".")[2]), "never the token");
  assert.ok(!ok.whole_row.includes("198.51.100.23"), "the database pseudonymised the ip");

  const [svc] = await rowsFor(cases[7].req.requestId);
  assert.equal(svc.user_role, null);
  assert.equal(svc.metadata.caller, "service");
  assert.equal(svc.actor_pseudonym, null);
});

Deno.test("preflight requests are not audited", options, async () => {
  const writer = writerFor();
  const { call } = testFunction(writer);
  const { status, requestId } = await call("/ok", {
    method: "OPTIONS",
    headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "GET" },
  });
  await writer.flush();
  assert.equal(status, 204);
  assert.equal((await rowsFor(requestId)).length, 0);
});

Deno.test("N concurrent requests are written in fewer than N write calls", options, async () => {
  let calls = 0;
  const database = databaseAuditWriter();
  const write: WriteAuditEvents = (events) => (calls++, database(events));
  const writer = writerFor(testKeys(), { write });
  const { call } = testFunction(writer);
  const n = 25;
  const results = await Promise.all(Array.from({ length: n }, () => call("/ok")));
  await writer.flush();
  assert.ok(calls < n, `${calls} write calls for ${n} requests`);
  for (const { status, requestId } of results) {
    assert.equal(status, 200);
    assert.equal((await rowsFor(requestId)).length, 1);
  }
});

Deno.test("stored metadata: personal-data keys dropped, long strings hashed", options, async () => {
  const writer = writerFor();
  const { call } = testFunction(writer);
  const { requestId } = await call("/personal");
  await writer.flush();
  const [row] = await rowsFor(requestId);
  const { metadata } = row;
  assert.equal(metadata.patientName, undefined);
  assert.equal(metadata.email, undefined);
  assert.equal(metadata.nested.phone, undefined);
  assert.equal(metadata.nested.visitId, "visit-7");
  assert.equal(metadata.resultCount, 3);
  assert.equal(metadata.note.length, LONG_NOTE.length);
  assert.match(metadata.note.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(metadata.nested.summary, metadata.note);
  assert.ok(!row.whole_row.includes("chest pain") && !row.whole_row.includes("Jane"));
});

Deno.test(
  "Postgres unreachable: requests still 200, events spooled; the drain lands them exactly once",
  options,
  async () => {
    const keys = testKeys();
    const deadDb = createSql({ url: unreachableDbUrl(), max: 1 });
    const writer = writerFor(keys, { write: databaseAuditWriter({ sql: deadDb }), logger: () => {} });
    const { call } = testFunction(writer);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => call("/ok")));
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
      await writer.flush();
      const ids = results.map((r) => r.requestId).sort();
      const inSpool = await spooled(keys.spool);
      assert.deepEqual(inSpool.map((event) => event.correlation_id).sort(), ids);
      const inRedis = JSON.stringify(await redis.lrange<string>(keys.spool, 0, -1));
      for (const event of inSpool) {
        for (const raw of [event.user_agent, event.ip_address, event.correlation_id]) {
          if (typeof raw === "string") assert.ok(!inRedis.includes(raw), "Redis holds no raw identifier");
        }
      }
      for (const id of ids) assert.equal((await rowsFor(id)).length, 0);

      const first = await drainAuditSpool({ redis, ...keys, limit: 100 });
      assert.deepEqual(first, { landed: 5, remaining: 0, deadLettered: 0 });
      assert.equal(await redis.exists(`${keys.spool}:drain-lock`), 0, "the drain released its lock");
      for (const id of ids) assert.equal((await rowsFor(id)).length, 1);

      // A crash between write and trim leaves the events in the spool: landing them again inserts nothing.
      // (Pushed as plain JSON, as spools written before encryption hold them: still read.)
      await redis.rpush(keys.spool, ...inSpool.map((event) => JSON.stringify(event)));
      const again = await drainAuditSpool({ redis, ...keys, limit: 100 });
      assert.deepEqual(again, { landed: 0, remaining: 0, deadLettered: 0 });
      for (const id of ids) assert.equal((await rowsFor(id)).length, 1);
    } finally {
      await deadDb.end({ timeout: 1 });
      await redis.del(keys.spool, keys.dead);
    }
  },
);

Deno.test(
  "drain: an event the database refuses is dead-lettered, the others land once",
  options,
  async () => {
    const keys = testKeys();
    // With its timestamp, as the writer always sends it: (event_id, timestamp) is the idempotency key.
    const good = {
      event_id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      action: "protocol.view",
      resource: "protocol",
      outcome: "success",
    };
    const bad = { ...good, event_id: crypto.randomUUID(), action: "protocol.teleport" };
    const correlation = crypto.randomUUID();
    await redis.rpush(
      keys.spool,
      ...[good, bad, good].map((event) => JSON.stringify({ ...event, correlation_id: correlation })),
    );
    try {
      const result = await drainAuditSpool({ redis, ...keys, logger: () => {} });
      assert.deepEqual(result, { landed: 1, remaining: 0, deadLettered: 1 });
      assert.deepEqual((await rowsFor(correlation)).map((row) => row.event_id), [good.event_id]);
      const [dead] = await spooled(keys.dead) as { event: { event_id: string }; reason: string }[];
      assert.equal(dead.event.event_id, bad.event_id);
      assert.match(dead.reason, /^22P02/);
    } finally {
      await redis.del(keys.spool, keys.dead);
    }
  },
);

Deno.test(
  "dead letters are retried: one the database now takes lands, one still refused stays, sealed",
  options,
  async () => {
    const keys = testKeys();
    const correlation = crypto.randomUUID();
    const base = {
      timestamp: new Date().toISOString(),
      resource: "protocol",
      outcome: "success",
      correlation_id: correlation,
    };
    const fixed = { ...base, event_id: crypto.randomUUID(), action: "protocol.view" };
    const broken = { ...base, event_id: crypto.randomUUID(), action: "protocol.teleport" };
    // As the drain leaves them: { event, reason }, sealed. The first was refused by an older schema.
    await redisAuditSpool(() => redis, keys).deadLetter([
      { event: fixed as never, reason: "22P02: invalid input value (before a migration)" },
      { event: broken as never, reason: "22P02: invalid input value" },
    ]);
    try {
      const result = await retryDeadLetters({ redis, ...keys, logger: () => {} });
      assert.deepEqual(result, { landed: 1, stillRefused: 1, remaining: 1 });
      assert.deepEqual((await rowsFor(correlation)).map((row) => row.event_id), [fixed.event_id]);
      const [left] = await spooled(keys.dead) as { event: { event_id: string }; reason: string }[];
      assert.equal(left.event.event_id, broken.event_id, "the one still refused waits for the next try");
      assert.equal((await retryDeadLetters({ redis, ...keys })).landed, 0, "and is tried again, not lost");
      assert.equal(await redis.llen(keys.dead), 1);
    } finally {
      await redis.del(keys.spool, keys.dead);
    }
  },
);

Deno.test(
  "auditNow: the database is down → 503 AUDIT_UNAVAILABLE, the data part never ran",
  options,
  async () => {
    const keys = testKeys();
    const deadDb = createSql({ url: unreachableDbUrl(), max: 1 });
    const writer = writerFor(keys, { write: databaseAuditWriter({ sql: deadDb }), logger: () => {} });
    const { call, released } = testFunction(writer);
    try {
      const { status, requestId } = await call("/records/rec-1");
      assert.equal(status, 503);
      assert.deepEqual(released, []);
      await writer.flush();
      const inSpool = await spooled(keys.spool);
      assert.deepEqual(inSpool.map((e) => [e.correlation_id, e.action, e.error_message]), [
        [requestId, "api.error", "AUDIT_UNAVAILABLE"],
      ]);
    } finally {
      await deadDb.end({ timeout: 1 });
      await redis.del(keys.spool, keys.dead);
    }
  },
);

Deno.test("auditNow: written before the data; exactly one row for the request", options, async () => {
  const writer = writerFor();
  const { call, released } = testFunction(writer);
  const user = await userToken(crypto.randomUUID(), { role: "admin", organization_id: ORG });
  const { status, requestId } = await call("/records/rec-2", {
    headers: { Authorization: `Bearer ${user}` },
  });
  assert.equal(status, 200);
  assert.deepEqual(released, ["rec-2"]);
  assert.equal((await rowsFor(requestId)).length, 1, "already there when the response is out");
  await writer.flush();
  const rows = await rowsFor(requestId);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, "gdpr.export");
  assert.equal(rows[0].outcome, "success");
  assert.equal(rows[0].data_classification, "CONFIDENTIAL");
  assert.equal(rows[0].metadata.recordRef, "rec-2");
  assert.equal(rows[0].metadata.audited_early, true);
});

Deno.test(
  "a function with no sink of its own is audited by the isolate's writer (pipeline default)",
  options,
  async () => {
    const fn = defineFunction({
      name: "audit-default",
      routes: [route({
        method: "GET",
        path: "/",
        audit: { action: "protocol.view", resource: "protocol" },
        handler: () => ({ ok: true }),
      })],
    });
    const response = await fn.fetch(new Request("http://127.0.0.1/audit-default"));
    await response.body?.cancel();
    await auditWriter().flush();
    const rows = await rowsFor(response.headers.get("X-Request-Id")!);
    assert.deepEqual(rows.map((row) => [row.action, row.metadata.function]), [[
      "protocol.view",
      "audit-default",
    ]]);
  },
);

Deno.test("teardown", options, async () => {
  await sql.end({ timeout: 1 });
  await closeDb();
});
