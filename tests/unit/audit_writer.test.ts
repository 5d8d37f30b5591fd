/** The audit writer without a database: mapping, the metadata guard, batching, failure paths, auditNow. */
import assert from "node:assert/strict";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import {
  GUEST_IDENTITY,
  type Identity,
  identityFromClaims,
  requireRole,
} from "../../functions-shared/pipeline/auth.ts";
import {
  guardMetadata,
  isIpAddress,
  MAX_METADATA_STRING,
  toDbAuditEvent,
} from "../../functions-shared/pipeline/audit/mapping.ts";
import type { AuditSpool } from "../../functions-shared/pipeline/audit/spool.ts";
import type { WriteAuditEvents } from "../../functions-shared/pipeline/audit/store.ts";
import type { DbAuditEvent } from "../../functions-shared/pipeline/audit/mapping.ts";
import { type AuditWriterOptions, createAuditWriter } from "../../functions-shared/pipeline/audit/writer.ts";
import { defineFunction, HttpError, route } from "../../functions-shared/pipeline/mod.ts";
import { recordingLogger, recordingSink, testConfig, userClaims } from "./_helpers.ts";

const ORG = "3f1c2b9a-8d7e-4f60-a1b2-c3d4e5f60718";
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";

function user(extra: Record<string, unknown> = {}): Identity {
  const claims = userClaims({ app_metadata: { role: "paramedic", organization_id: ORG }, ...extra });
  return identityFromClaims({ ...claims, exp: 9_999_999_999 }, TOKEN);
}

function event(overrides: Partial<RequestEvent> = {}): RequestEvent {
  return {
    functionName: "dosing",
    action: "dosing.calculate",
    resource: "dosing",
    outcome: "success",
    status: 200,
    durationMs: 12.34,
    identity: user(),
    requestId: crypto.randomUUID(),
    method: "POST",
    path: "/",
    route: "/",
    ip: "203.0.113.7",
    userAgent: "MedicBot-iPad/2.1",
    clientKey: null,
    rateLimitClass: "DOSING",
    startedAt: Date.UTC(2026, 10, 22, 8, 30, 0, 123),
    metadata: {},
    ...overrides,
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fake database: records each call's events; `fail` decides per call whether it throws. */
function fakeWrite(fail: (events: readonly DbAuditEvent[]) => unknown = () => undefined) {
  const calls: DbAuditEvent[][] = [];
  const write: WriteAuditEvents = (events) => {
    const error = fail(events);
    if (error) return Promise.reject(error);
    calls.push([...events]);
    return Promise.resolve(events.length);
  };
  return { calls, write, rows: () => calls.flat() };
}

function fakeSpool(options: { failing?: boolean } = {}) {
  const pushed: DbAuditEvent[] = [];
  const dead: { event: DbAuditEvent; reason: string }[] = [];
  let failing = options.failing ?? false;
  const spool: AuditSpool = {
    push: (events) =>
      failing ? Promise.reject(new Error("redis down")) : (pushed.push(...events), Promise.resolve()),
    deadLetter: (rejected) => (dead.push(...rejected), Promise.resolve()),
  };
  return { spool, pushed, dead, setFailing: (value: boolean) => failing = value };
}

function writerWith(options: AuditWriterOptions = {}) {
  const db = fakeWrite();
  const spool = fakeSpool();
  const logger = recordingLogger();
  const writer = createAuditWriter({ write: db.write, spool: spool.spool, logger: logger.log, ...options });
  return { writer, db, spool, logger };
}

// ---------------------------------------------------------------------------------------------- mapping

Deno.test("mapping: a user's request → the write_events fields, correlation and event id = request id", async () => {
  const e = event({ metadata: { medicationId: "epinephrine" } });
  const row = await toDbAuditEvent(e);
  assert.deepEqual(row, {
    event_id: e.requestId,
    timestamp: "2026-11-22T08:30:00.123Z",
    organization_id: ORG,
    user_id: "7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87",
    user_role: "paramedic",
    session_id: "0f6d9c1e-aaaa-4bbb-8ccc-123456789abc",
    action: "dosing.calculate",
    resource: "dosing",
    outcome: "success",
    metadata: {
      medicationId: "epinephrine",
      function: "dosing",
      method: "POST",
      route: "/",
      status: 200,
      rate_limit_class: "DOSING",
      caller: "user",
    },
    ip_address: "203.0.113.7",
    user_agent: "MedicBot-iPad/2.1",
    error_message: null,
    duration_ms: 12,
    correlation_id: e.requestId,
    data_classification: "INTERNAL",
    event_version: 1,
  });
});

Deno.test("mapping: the bearer token is never part of the event", async () => {
  const row = await toDbAuditEvent(event({ metadata: { note: "x" } }));
  assert.ok(!JSON.stringify(row).includes(TOKEN));
  assert.ok(!JSON.stringify(row).includes("c2lnbmF0dXJl"));
});

Deno.test("mapping: errors keep only the code; service callers have no user role", async () => {
  const service = identityFromClaims({ role: "service_role", exp: 9_999_999_999 }, TOKEN);
  const row = await toDbAuditEvent(event({
    identity: service,
    status: 400,
    outcome: "failure",
    errorCode: "VALIDATION_ERROR",
    action: "api.validation_error",
  }));
  assert.equal(row.user_role, null);
  assert.equal(row.user_id, null);
  assert.equal(row.error_message, "VALIDATION_ERROR");
  assert.equal(row.metadata.caller, "service");
  assert.equal(row.metadata.error_code, "VALIDATION_ERROR");
  assert.equal(row.metadata.status, 400);

  const guest = await toDbAuditEvent(event({ identity: GUEST_IDENTITY }));
  assert.deepEqual([guest.user_role, guest.user_id, guest.session_id, guest.organization_id], [
    "guest",
    null,
    null,
    null,
  ]);
  assert.equal(guest.metadata.caller, "guest");
});

Deno.test("mapping: handler metadata cannot overwrite the pipeline's fields", async () => {
  const row = await toDbAuditEvent(event({ metadata: { status: 200, caller: "admin", batch: 3 } }));
  assert.equal(row.metadata.caller, "user");
  assert.equal(row.metadata.batch, 3);
  const failed = await toDbAuditEvent(event({ status: 500, metadata: { status: 200 } }));
  assert.equal(failed.metadata.status, 500);
});

Deno.test("mapping: what Postgres would reject is dropped (ip, organization), not the event", async () => {
  for (const ip of ["unknown", "203.0.113.7:5678", "256.1.1.1", "fe80::1%eth0", "[::1]", "01.2.3.4", ""]) {
    assert.equal((await toDbAuditEvent(event({ ip }))).ip_address, null, ip);
  }
  for (const ip of ["2001:db8::1", "::1", "::ffff:192.0.2.1", "10.0.0.255"]) assert.ok(isIpAddress(ip), ip);
  const org = await toDbAuditEvent(
    event({ identity: user({ app_metadata: { organization_id: "station-12" } }) }),
  );
  assert.equal(org.organization_id, null);
  const early = await toDbAuditEvent(event({ auditedEarly: true }));
  assert.equal(early.metadata.audited_early, true);
  assert.equal("status" in early.metadata, false, "an early event has no response status yet");
});

Deno.test("metadata guard: long strings become { length, sha256 } at any depth; identifiers stay", async () => {
  const question = "Patient is a 54 year old male with crushing chest pain radiating to the left arm. "
    .repeat(3);
  const exact = "a".repeat(MAX_METADATA_STRING);
  const guarded = await guardMetadata({
    protocol: "TP 1211",
    exact,
    question,
    nested: { deeper: [{ text: question }, 7, true, null] },
    count: 3,
    skipped: undefined,
    when: new Date(Date.UTC(2026, 0, 1)),
    big: 10n,
    bad: Number.NaN,
  });
  const fingerprint = { length: question.length, sha256: await sha256Hex(question) };
  assert.deepEqual(guarded, {
    protocol: "TP 1211",
    exact,
    question: fingerprint,
    nested: { deeper: [{ text: fingerprint }, 7, true, null] },
    count: 3,
    when: "2026-01-01T00:00:00.000Z",
    big: "10",
    bad: "NaN",
  });
});

Deno.test("metadata guard: long keys are hashed, cycles cut, huge metadata replaced by a fingerprint", async () => {
  const cyclic: Record<string, unknown> = { id: "x" };
  cyclic.self = cyclic;
  const longKey = "k".repeat(200);
  const guarded = await guardMetadata({ cyclic, [longKey]: 1 });
  assert.deepEqual(guarded.cyclic, { id: "x", self: "[omitted]" });
  assert.equal(guarded[`sha256:${await sha256Hex(longKey)}`], 1);

  const ids = Array.from({ length: 2000 }, (_, i) => `protocol-${i}`);
  const row = await toDbAuditEvent(event({ metadata: { ids } }));
  assert.equal(typeof (row.metadata.omitted as { sha256: string }).sha256, "string");
  assert.equal(row.metadata.ids, undefined);
  assert.equal(row.metadata.function, "dosing", "pipeline fields survive");
});

Deno.test("mapping: metadata without long strings (mapped without awaiting) is what the guard makes of it", async () => {
  const cyclic: Record<string, unknown> = { id: "x" };
  cyclic.self = cyclic;
  const samples: Record<string, unknown>[] = [
    {},
    { protocol: "TP 1211", count: 3, ok: true, none: null, skipped: undefined, fn: () => 1 },
    { when: new Date(Date.UTC(2026, 0, 1)), never: new Date(Number.NaN), big: 10n, bad: Number.NaN },
    { nested: { deeper: [{ text: "short" }, 7, undefined, [1, [2, [3, [4, [5, [6, [7, [8]]]]]]]]] } },
    { cyclic, exact: "a".repeat(MAX_METADATA_STRING), status: 599, caller: "someone else" },
  ];
  for (const metadata of samples) {
    const input = event({ metadata });
    const row = await toDbAuditEvent(input);
    const fields = {
      function: input.functionName,
      method: input.method,
      route: input.route,
      status: input.status,
      rate_limit_class: input.rateLimitClass,
      caller: input.identity.kind,
    };
    assert.deepEqual(row.metadata, { ...await guardMetadata(metadata), ...await guardMetadata(fields) });
  }
});

// ---------------------------------------------------------------------------------------------- batching

Deno.test("record: preflight and early-audited requests are not written", async () => {
  const { writer, db } = writerWith();
  writer.record(event({ action: "api.preflight", method: "OPTIONS", status: 204 }));
  writer.record(event({ auditedEarly: true }));
  await writer.flush();
  assert.equal(db.calls.length, 0);
});

Deno.test("record returns at once; events of the same few ms go in one write", async () => {
  const { writer, db } = writerWith({ batchDelayMs: 20 });
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const e = event();
    ids.push(e.requestId);
    assert.equal(writer.record(e), undefined, "record is synchronous");
  }
  assert.equal(db.calls.length, 0, "nothing written before the batch delay");
  // The batch timer writes by itself (no flush): wait for it, however late a busy machine runs it.
  const deadline = Date.now() + 5_000;
  while (db.calls.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(db.calls.length, 1);
  assert.deepEqual(db.calls[0].map((row) => row.correlation_id), ids);
  await writer.flush();
});

Deno.test("while a timed write is in flight the next batch waits for it and gathers what arrives meanwhile", async () => {
  const calls: string[][] = [];
  let finishFirst!: () => void;
  const firstDone = new Promise<void>((resolve) => finishFirst = resolve);
  const write: WriteAuditEvents = async (events) => {
    calls.push(events.map((row) => row.correlation_id));
    if (calls.length === 1) await firstDone;
    return events.length;
  };
  // A cap no busy machine reaches: this test is about gathering, the next one about the cap.
  const { writer } = writerWith({ write, batchDelayMs: 0, groupWaitMs: 600_000 });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0)); // after every timer due before it
  const [a, b, c] = [event(), event(), event()];
  writer.record(a);
  while (calls.length === 0) await tick();
  writer.record(b);
  await tick(); // b's batch timer has fired: without the wait it would be written now
  await tick();
  assert.equal(calls.length, 1, "nothing more is written while the first write is in flight");
  writer.record(c);
  finishFirst();
  await writer.flush();
  assert.deepEqual(
    calls,
    [[a.requestId], [b.requestId, c.requestId]],
    "one write for what arrived meanwhile",
  );
});

Deno.test("a write that hangs holds the next batch at most groupWaitMs: then it is written on its own", async () => {
  const calls: string[][] = [];
  let finishFirst!: () => void;
  const firstDone = new Promise<void>((resolve) => finishFirst = resolve);
  const write: WriteAuditEvents = async (events) => {
    calls.push(events.map((row) => row.correlation_id));
    if (calls.length === 1) await firstDone; // hangs until the test lets it go
    return events.length;
  };
  const { writer } = writerWith({ write, batchDelayMs: 0, groupWaitMs: 0 });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const [a, b] = [event(), event()];
  writer.record(a);
  while (calls.length === 0) await tick();
  writer.record(b);
  for (let i = 0; i < 1000 && calls.length < 2; i++) await tick(); // bounded by ticks, not by time
  assert.deepEqual(calls, [[a.requestId], [b.requestId]], "b is written while a's write still hangs");
  finishFirst();
  await writer.flush();
});

Deno.test("a full batch is sent at once; flush() sends the rest and awaits everything", async () => {
  const { writer, db } = writerWith({ batchDelayMs: 10_000, maxBatch: 3 });
  for (let i = 0; i < 7; i++) writer.record(event());
  await writer.flush();
  assert.deepEqual(db.calls.map((call) => call.length), [3, 3, 1]);
});

Deno.test("a burst is written in lanes: concurrent writes never share a caller, each caller's order kept", async () => {
  const callers = Array.from(
    { length: 6 },
    (_, i) => user({ sub: `00000000-0000-4000-8000-00000000000${i}` }),
  );
  const inFlight = new Set<string>();
  const shared: string[] = [];
  const calls: DbAuditEvent[][] = [];
  let active = 0;
  let most = 0;
  const write: WriteAuditEvents = async (events) => {
    const mine = new Set(events.map((row) => row.user_id ?? ""));
    for (const caller of mine) if (inFlight.has(caller)) shared.push(caller);
    mine.forEach((caller) => inFlight.add(caller));
    most = Math.max(most, ++active);
    calls.push([...events]);
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the other lanes start meanwhile
    mine.forEach((caller) => inFlight.delete(caller));
    active--;
    return events.length;
  };
  const { writer } = writerWith({ write, batchDelayMs: 10_000, maxBatch: 4, lanes: 2 });
  const sent: RequestEvent[] = Array.from({ length: 30 }, (_, i) => event({ identity: callers[i % 6] }));
  sent.forEach((e) => writer.record(e));
  await writer.flush();

  const written = calls.flat();
  assert.equal(written.length, 30, "every event written once");
  assert.deepEqual(new Set(written.map((row) => row.correlation_id)), new Set(sent.map((e) => e.requestId)));
  for (const caller of callers) {
    const id = caller.kind === "user" ? caller.userId : undefined;
    assert.deepEqual(
      written.filter((row) => row.user_id === id).map((row) => row.correlation_id),
      sent.filter((e) => e.identity === caller).map((e) => e.requestId),
      "a caller's events in the order they were recorded",
    );
  }
  assert.deepEqual(shared, [], "no caller in two concurrent writes");
  assert.ok(most <= 2, `${most} writes at once with 2 lanes`);
  assert.ok(calls.every((call) => call.length <= 4), "no write above maxBatch");
});

Deno.test("the flush is handed to EdgeRuntime.waitUntil when the runtime provides it", async () => {
  const handed: Promise<unknown>[] = [];
  const runtime = globalThis as { EdgeRuntime?: unknown };
  runtime.EdgeRuntime = { waitUntil: (promise: Promise<unknown>) => void handed.push(promise) };
  try {
    const { writer, db } = writerWith({ batchDelayMs: 1 });
    writer.record(event());
    writer.record(event());
    assert.equal(handed.length, 1, "one batch, one promise");
    await handed[0];
    assert.equal(db.rows().length, 2);
  } finally {
    delete runtime.EdgeRuntime;
  }
});

// ---------------------------------------------------------------------------------------------- failures

Deno.test("a failed write goes to the spool; nothing is thrown", async () => {
  const db = fakeWrite(() => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
  const spool = fakeSpool();
  const logger = recordingLogger();
  const writer = createAuditWriter({ write: db.write, spool: spool.spool, logger: logger.log });
  const e = event();
  writer.record(e);
  await writer.flush();
  assert.deepEqual(spool.pushed.map((row) => row.correlation_id), [e.requestId]);
  assert.equal(writer.retained, 0);
  assert.match(logger.lines[0].message, /spooling/);
});

Deno.test("a connection lost while idle: the batch is written on a new one, not spooled; a second loss spools", async () => {
  let failures = 1;
  const db = fakeWrite(() =>
    failures-- > 0 ? Object.assign(new Error("closed"), { code: "CONNECTION_CLOSED" }) : undefined
  );
  const spool = fakeSpool();
  const logger = recordingLogger();
  const writer = createAuditWriter({ write: db.write, spool: spool.spool, logger: logger.log });
  writer.record(event());
  await writer.flush();
  assert.equal(db.rows().length, 1, "written on the retry");
  assert.equal(spool.pushed.length, 0);
  failures = 2;
  writer.record(event());
  await writer.flush();
  assert.equal(spool.pushed.length, 1, "lost twice: spooled, as any failed write");
  const other = fakeWrite(() => new Error("relation does not exist"));
  const once = createAuditWriter({ write: other.write, spool: fakeSpool().spool, logger: logger.log });
  once.record(event());
  await once.flush();
  assert.equal(
    logger.lines.filter((l) => l.message.includes("retrying once")).length,
    2,
    "only connection losses retry",
  );
});

Deno.test("Postgres and Redis both down: events held in memory (bounded, oldest kept), retried on flush", async () => {
  let down = true;
  const db = fakeWrite(() => down ? new Error("db down") : undefined);
  const spool = fakeSpool({ failing: true });
  const logger = recordingLogger();
  const writer = createAuditWriter({
    write: db.write,
    spool: spool.spool,
    logger: logger.log,
    maxRetained: 2,
  });
  const events = [event(), event(), event()];
  for (const e of events) writer.record(e);
  await writer.flush();
  assert.equal(writer.retained, 2);
  const loud = logger.lines.find((line) => line.message.startsWith("AUDIT EVENTS AT RISK"));
  assert.equal(loud?.level, "error");
  assert.equal(loud?.fields?.dropped, 1);

  down = false;
  await writer.flush();
  assert.equal(writer.retained, 0);
  assert.deepEqual(db.rows().map((row) => row.correlation_id), events.slice(0, 2).map((e) => e.requestId));
});

Deno.test("an event the database refuses for good does not sink its batch: dead-lettered, others written", async () => {
  const db = fakeWrite((events) =>
    events.some((row) => row.action === "dosing.calc")
      ? Object.assign(new Error("bad enum"), { code: "22P02" })
      : 0
  );
  const { writer, spool } = writerWith({ write: db.write });
  const good = [event(), event()];
  writer.record(good[0]);
  writer.record(event({ action: "dosing.calc" }));
  writer.record(good[1]);
  await writer.flush();
  assert.deepEqual(db.rows().map((row) => row.correlation_id), good.map((e) => e.requestId));
  assert.equal(spool.dead.length, 1);
  assert.match(spool.dead[0].reason, /^22P02/);
  assert.equal(spool.pushed.length, 0, "not spooled: retrying could never succeed");
});

// ---------------------------------------------------------------------------------------------- auditNow

function personalDataFunction(writer: ReturnType<typeof createAuditWriter>) {
  const released: string[] = [];
  const metrics = recordingSink();
  const fn = defineFunction({
    name: "gdpr-export",
    routes: [route({
      method: "GET",
      path: "/:id",
      audit: { action: "gdpr.export", resource: "user_data" },
      handler: async (ctx) => {
        await writer.auditNow(ctx, { metadata: { subjectRef: ctx.params.id } });
        released.push(ctx.params.id);
        return { id: ctx.params.id };
      },
    })],
  }, { config: testConfig(), auditSink: writer, metricsSink: metrics, logger: recordingLogger().log });
  return { fn, released, metrics };
}

Deno.test("auditNow writes the event before the data, and the sink writes no second one", async () => {
  const { writer, db } = writerWith();
  const { fn, released, metrics } = personalDataFunction(writer);
  const response = await fn.fetch(new Request("http://127.0.0.1/gdpr-export/subject-42"));
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.equal(db.calls.length, 1, "written synchronously, before the response");
  await writer.flush();
  assert.equal(db.calls.length, 1, "exactly one event for the request");
  const [row] = db.calls[0];
  assert.equal(row.correlation_id, response.headers.get("X-Request-Id"));
  assert.equal(row.action, "gdpr.export");
  assert.equal(row.data_classification, "CONFIDENTIAL");
  assert.equal(row.metadata.subjectRef, "subject-42");
  assert.equal(row.metadata.audited_early, true);
  assert.deepEqual(released, ["subject-42"]);
  assert.equal(metrics.events.length, 1, "metrics still count the request");
  assert.equal(metrics.events[0].auditedEarly, true);
});

Deno.test("auditNow failure → 503 AUDIT_UNAVAILABLE, no data released, the 503 is audited once", async () => {
  const db = fakeWrite((events) => events[0].action === "gdpr.export" ? new Error("db down") : undefined);
  const { writer } = writerWith({ write: db.write });
  const { fn, released } = personalDataFunction(writer);
  const response = await fn.fetch(new Request("http://127.0.0.1/gdpr-export/subject-42"));
  assert.equal(response.status, 503);
  assert.equal((await response.json()).error.code, "AUDIT_UNAVAILABLE");
  assert.deepEqual(released, []);
  await writer.flush();
  assert.deepEqual(db.rows().map((row) => [row.action, row.outcome, row.error_message]), [
    ["api.error", "failure", "AUDIT_UNAVAILABLE"],
  ]);
});

// ---------------------------------------------------------------------------------------------- requireRole

Deno.test("requireRole: 401 UNAUTHENTICATED without a user, 403 FORBIDDEN for the wrong role", () => {
  const anon = identityFromClaims({ role: "anon", exp: 9_999_999_999 });
  const service = identityFromClaims({ role: "service_role", exp: 9_999_999_999 });
  const codeOf = (identity: Identity) => {
    try {
      requireRole({ identity }, ["admin", "medical_director"]);
      return "allowed";
    } catch (error) {
      assert.ok(error instanceof HttpError);
      return `${error.status} ${error.code}`;
    }
  };
  assert.equal(codeOf(GUEST_IDENTITY), "401 UNAUTHENTICATED");
  assert.equal(codeOf(anon), "401 UNAUTHENTICATED");
  assert.equal(codeOf(user()), "403 FORBIDDEN");
  assert.equal(codeOf(service), "403 FORBIDDEN");
  assert.equal(codeOf(user({ app_metadata: { role: "admin" } })), "allowed");
});

Deno.test("the stored event names the route template, never the concrete path with its ids", async () => {
  const subject = "51f0c0de-9a1b-4c2d-8e3f-a0b1c2d3e4f5";
  const matched = await toDbAuditEvent(
    event({ path: `/users/${subject}/trail`, route: "/users/:userId/trail" }),
  );
  assert.equal(matched.metadata.route, "/users/:userId/trail");
  assert.ok(!JSON.stringify(matched).includes(subject), "the id appears nowhere in the event");
  const unmatched = await toDbAuditEvent(event({ path: `/probe/${subject}`, route: undefined }));
  assert.deepEqual(Object.keys(unmatched.metadata.unmatched_path as object).sort(), ["length", "sha256"]);
  assert.ok(!JSON.stringify(unmatched).includes(subject));
});
