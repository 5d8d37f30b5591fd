import assert from "node:assert/strict";
import { producerStream, StreamCancelled } from "../../functions-shared/core/export/stream.ts";
import {
  exportFilename,
  exportFormat,
  exportHeaders,
} from "../../functions-shared/handlers/audit_query/export.ts";
import type { AuditEntry } from "../../functions-shared/core/audit_vocabulary.ts";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

Deno.test("producerStream delivers what the producer writes, then closes", async () => {
  const { stream, started, done } = producerStream(async (sink) => {
    for (let i = 0; i < 5; i++) await sink.write(`line ${i}\n`);
  });
  await started;
  assert.equal(await readAll(stream), "line 0\nline 1\nline 2\nline 3\nline 4\n");
  assert.deepEqual(await done, { completed: true });
});

Deno.test("backpressure: the producer waits until the consumer has drained the queue", async () => {
  let produced = 0;
  const { stream, done } = producerStream(async (sink) => {
    for (let i = 0; i < 100; i++) {
      await sink.write("x".repeat(1000));
      produced++;
    }
  }, { highWaterMark: 4000 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(produced <= 4, `produced ${produced} chunks before anyone read`);
  const reader = stream.getReader();
  await reader.read();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(produced <= 6, `one read lets only about one more chunk through (produced ${produced})`);
  let total = 1000;
  for (let r = await reader.read(); !r.done; r = await reader.read()) total += r.value.byteLength;
  assert.equal(total, 100_000);
  assert.deepEqual(await done, { completed: true });
});

Deno.test("cancel: the pending write rejects with StreamCancelled and the producer unwinds", async () => {
  let unwound = false;
  let caught: unknown;
  const { stream, done } = producerStream(async (sink) => {
    try {
      for (;;) await sink.write("y".repeat(1000));
    } catch (error) {
      caught = error;
      throw error;
    } finally {
      unwound = true;
    }
  }, { highWaterMark: 1000 });
  const reader = stream.getReader();
  await reader.read();
  await reader.cancel("client went away");
  assert.deepEqual(await done, { completed: false });
  assert.ok(unwound);
  assert.ok(caught instanceof StreamCancelled);
});

Deno.test("a failure before the first write rejects `started`; after it, errors the stream", async () => {
  const early = producerStream(() => Promise.reject(new Error("connection refused")));
  await assert.rejects(early.started, /connection refused/);
  assert.equal((await early.done).completed, false);

  const late = producerStream(async (sink) => {
    await sink.write("partial");
    throw new Error("connection lost");
  });
  await late.started;
  await assert.rejects(readAll(late.stream), /connection lost/);
});

Deno.test("a producer that writes nothing still starts and closes an empty stream", async () => {
  const { stream, started } = producerStream(async () => {});
  await started;
  assert.equal(await readAll(stream), "");
});

const ENTRY: AuditEntry = {
  seq: 7,
  eventId: "5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  timestamp: "2026-11-21T10:00:00.123456Z",
  organizationId: null,
  userId: null,
  actorPseudonym: null,
  userRole: "guest",
  sessionId: null,
  action: "auth.failure",
  resource: "dosing",
  outcome: "failure",
  metadata: { status: 401 },
  ipAddress: "203.0.113.7",
  ipPseudonym: null,
  userAgent: "=evil()",
  errorMessage: "TOKEN_INVALID",
  durationMs: 3,
  correlationId: "c-1",
  dataClassification: "INTERNAL",
  eventVersion: 1,
  createdAt: "2026-11-21T10:00:00.200000Z",
};

Deno.test("export formats: media types, file names and one encoded entry each", () => {
  const at = new Date("2026-11-22T10:15:00.456Z");
  assert.equal(exportFilename("csv", at), "audit-export-20261122T101500Z.csv");
  assert.equal(exportFilename("fhir-ndjson", at), "audit-export-20261122T101500Z.fhir.ndjson");
  const headers = exportHeaders("fhir-bundle", at);
  assert.equal(headers.get("Content-Type"), "application/fhir+json; charset=utf-8; fhirVersion=4.0");
  assert.equal(
    headers.get("Content-Disposition"),
    'attachment; filename="audit-export-20261122T101500Z.fhir.json"',
  );
  assert.equal(exportHeaders("csv", at).get("Content-Type"), "text/csv; charset=utf-8; header=present");
  assert.equal(exportHeaders("ndjson", at).get("Content-Type"), "application/x-ndjson; charset=utf-8");
  assert.equal(exportHeaders("fhir-ndjson", at).get("Content-Type"), "application/fhir+ndjson");

  const options = { id: "x", timestamp: at.toISOString() };
  const csv = exportFormat("csv").encoder(options);
  assert.match(csv.head, /^seq,event_id,timestamp,organization_id,user_id,.*,metadata\r\n$/);
  assert.equal(csv.head.split(",").length, 21);
  const row = csv.row(ENTRY);
  assert.ok(row.includes(",'=evil(),"), "formula neutralised");
  assert.ok(row.endsWith(',"{""status"":401}"\r\n'));

  const ndjson = exportFormat("ndjson").encoder(options);
  assert.deepEqual(JSON.parse(ndjson.row(ENTRY)), ENTRY);
  assert.ok(ndjson.row(ENTRY).endsWith("}\n"));

  const fhir = exportFormat("fhir-ndjson").encoder(options);
  assert.equal(JSON.parse(fhir.row(ENTRY)).resourceType, "AuditEvent");

  const bundle = exportFormat("fhir-bundle").encoder(options);
  const text = bundle.head + bundle.row(ENTRY) + bundle.row(ENTRY) + bundle.tail();
  assert.equal(JSON.parse(text).total, 2);
});
