// The export's formats and the third-party replacement, without a database: what a subject receives.
import assert from "node:assert/strict";
import {
  type ExportHeader,
  gdprExportFormat,
  gdprExportHeaders,
} from "../../functions-shared/handlers/gdpr_export/formats.ts";
import {
  hashPseudonymiser,
  tokenPseudonymiser,
} from "../../functions-shared/handlers/gdpr_export/pseudonymise.ts";
import type { RawSubjectRecord } from "../../functions-shared/handlers/gdpr_export/queries.ts";
import {
  type SubjectRecord,
  withThirdPartiesPseudonymised,
} from "../../functions-shared/handlers/gdpr_export/records.ts";
import { parseCsv } from "../support/csv.ts";

const SUBJECT = "3f1e2d4c-5b6a-4789-9abc-def012345678";
const ORG = "aaaaaaaa-0000-4000-8000-00000000000a";
const OTHER = "9d9d9d9d-0000-4000-8000-000000000009"; // someone else's audit pseudonym

function header(total: number): ExportHeader {
  return {
    requestId: "5e5e5e5e-0000-4000-8000-000000000005",
    generatedAt: "2026-11-22T10:15:00.000Z",
    subject: { id: SUBJECT, pseudonym: "1b1b1b1b-0000-4000-8000-000000000001" },
    scope: "self",
    organizationId: null,
    pseudonymisation: "hash",
    counts: { profile: 1 },
    total,
  };
}

const records: SubjectRecord[] = [
  {
    category: "profile",
    id: SUBJECT,
    at: "2026-01-01T00:00:00.000000Z",
    organizationId: ORG,
    data: { userId: SUBJECT, email: "a@b.test", fullName: '=HYPERLINK("x")', deletedAt: null },
  },
  {
    category: "audit_events",
    id: "7a7a7a7a-0000-4000-8000-000000000007",
    at: "2026-01-02T00:00:00.000000Z",
    organizationId: ORG,
    data: {
      seq: 7,
      eventId: "7a7a7a7a-0000-4000-8000-000000000007",
      timestamp: "2026-01-02T00:00:00.000000Z",
      organizationId: ORG,
      userId: SUBJECT,
      actorPseudonym: "1b1b1b1b-0000-4000-8000-000000000001",
      userRole: "paramedic",
      sessionId: null,
      action: "dosing.calculate",
      resource: "dosing",
      outcome: "success",
      metadata: {},
      ipAddress: "192.0.2.1",
      ipPseudonym: null,
      userAgent: null,
      errorMessage: null,
      durationMs: 3,
      correlationId: "c1",
      dataClassification: "INTERNAL",
      eventVersion: 1,
      createdAt: "2026-01-02T00:00:00.000000Z",
    },
  },
  {
    category: "phi_access",
    id: "42",
    at: "2026-01-03T00:00:00.000000Z",
    organizationId: ORG,
    data: {
      subjectRole: "patient",
      table: "public.patient_notes",
      operation: "UPDATE",
      actorRole: "x",
      actor: "h1.x",
    },
  },
  {
    category: "sessions",
    id: "5d5d5d5d-0000-4000-8000-000000000005",
    at: "2026-01-04T00:00:00.000000Z",
    organizationId: ORG,
    data: { sessionId: "5d5d5d5d-0000-4000-8000-000000000005", endReason: "logout" },
  },
];

async function encode(format: "json" | "csv" | "ndjson" | "fhir") {
  const encoder = gdprExportFormat(format).encoder(header(records.length));
  let text = encoder.head;
  for (const r of records) text += await encoder.row(r);
  return text + encoder.tail();
}

Deno.test("json: one document, the export's facts first, every record, the total", async () => {
  const doc = JSON.parse(await encode("json"));
  assert.equal(doc.export.subject.id, SUBJECT);
  assert.deepEqual(doc.records.map((r: SubjectRecord) => r.category), records.map((r) => r.category));
  assert.equal(doc.total, records.length);
  const empty = gdprExportFormat("json").encoder(header(0));
  assert.deepEqual(JSON.parse(empty.head + empty.tail()).records, []);
});

Deno.test("ndjson: a line per record", async () => {
  const lines = (await encode("ndjson")).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, records.length);
  assert.deepEqual(Object.keys(lines[0]), ["category", "id", "at", "organizationId", "data"]);
});

Deno.test("csv: fixed columns, data as JSON, formula-safe", async () => {
  const rows = parseCsv(await encode("csv"));
  assert.deepEqual(rows[0], ["category", "record_id", "occurred_at", "organization_id", "data"]);
  assert.equal(rows.length, records.length + 1);
  assert.deepEqual(
    JSON.parse(rows[1][4]),
    records[0].data,
    "the cell that holds a formula-like name is JSON",
  );
});

Deno.test("fhir: a Bundle of Person, AuditEvent and Basic resources with uuid ids", async () => {
  const bundle = JSON.parse(await encode("fhir"));
  assert.equal(bundle.resourceType, "Bundle");
  assert.equal(bundle.total, records.length);
  const resources = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource);
  assert.deepEqual(resources.map((r: { resourceType: string }) => r.resourceType), [
    "Person",
    "AuditEvent",
    "AuditEvent",
    "Basic",
  ]);
  for (const entry of bundle.entry) assert.match(entry.fullUrl, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(resources[1].id, records[1].id, "audit events keep their event id");
  assert.equal(
    resources[2].agent[0].who.identifier.value,
    "h1.x",
    "the patient's accessor stays pseudonymous",
  );
  assert.equal(resources[2].action, "U");
  const again = JSON.parse(await encode("fhir"));
  assert.equal(again.entry[2].resource.id, resources[2].id, "derived ids are stable");
});

Deno.test("headers: media type, file name and the record count", () => {
  const h = gdprExportHeaders("csv", new Date("2026-11-22T10:15:00.000Z"), 4);
  assert.match(h.get("Content-Type")!, /^text\/csv/);
  assert.equal(h.get("Content-Disposition"), 'attachment; filename="gdpr-export-20261122T101500Z.csv"');
  assert.equal(h.get("X-Export-Records"), "4");
});

Deno.test("third parties: each named identifier is replaced at its path, nothing else changes", async () => {
  const raw: RawSubjectRecord = {
    category: "audit_events",
    id: "e",
    at: null,
    organizationId: ORG,
    data: { metadata: { route: "/users/:userId/trail" }, userId: SUBJECT },
    thirdParties: { "metadata.subject_pseudonym": OTHER, actor: OTHER },
  };
  const hash = await hashPseudonymiser("a-salt-that-is-long-enough-for-the-hash-strategy");
  const out = await withThirdPartiesPseudonymised(structuredClone(raw), hash);
  const expected = await hash.pseudonymise(OTHER);
  assert.deepEqual(out.data, {
    metadata: { route: "/users/:userId/trail", subject_pseudonym: expected },
    userId: SUBJECT,
    actor: expected,
  });
  assert.ok(!JSON.stringify(out).includes(OTHER), "the other person's pseudonym never appears");
  const tokens = tokenPseudonymiser();
  const t = await withThirdPartiesPseudonymised(structuredClone(raw), tokens);
  assert.equal((t.data.metadata as Record<string, string>).subject_pseudonym, t.data.actor);
});

Deno.test("fhir: an event someone else wrote about the subject names the actor as a pseudonymous agent", async () => {
  const about: SubjectRecord = {
    category: "audit_events_about",
    id: "8b8b8b8b-0000-4000-8000-000000000008",
    at: "2026-01-05T00:00:00.000000Z",
    organizationId: ORG,
    data: {
      seq: 8,
      eventId: "8b8b8b8b-0000-4000-8000-000000000008",
      action: "gdpr.export",
      outcome: "success",
      actorRole: "admin",
      actor: "h1.admin",
      metadata: { subject_pseudonym: "1b1b1b1b-0000-4000-8000-000000000001" },
    },
  };
  const encoder = gdprExportFormat("fhir").encoder(header(1));
  const resource = JSON.parse(encoder.head + await encoder.row(about) + encoder.tail()).entry[0].resource;
  assert.equal(resource.resourceType, "AuditEvent");
  assert.equal(resource.id, about.id);
  assert.equal(resource.action, "R", "typed as the export it records (DICOM 110106, read)");
  assert.equal(resource.outcome, "0");
  assert.deepEqual(resource.agent, [{
    who: { identifier: { system: resource.agent[0].who.identifier.system, value: "h1.admin" } },
    role: [{ text: "admin" }],
    requestor: true,
  }]);
  assert.equal(resource.entity[0].what.identifier.value, SUBJECT, "what the event was about: the subject");
  assert.deepEqual(
    resource.subtype.map((c: { code: string }) => c.code),
    ["gdpr.export", "audit_events_about"],
  );
});
