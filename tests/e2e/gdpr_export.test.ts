/**
 * gdpr-export, the export side, end to end against the stack's functions server: a subject's own
 * export in every format, audited before it leaves with the exact record count; who may export whom;
 * other people's identifiers pseudonymised by each strategy, and the audited reveal of an encrypted
 * one; an admin's export limited to their organization; what others recorded about the subject (who
 * read or exported their data, the alerts naming them); a patient as a subject of the organization that
 * accessed their record; a large export streamed in batches.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import type { z } from "zod";
import {
  type ExportDocument,
  gdprExportContract,
  type SubjectRecord,
} from "../../functions-shared/handlers/gdpr_export/contract.ts";
import { apiClient, ok, refused } from "../support/api_client.ts";
import { stackEnv } from "../support/env.ts";
import {
  auditRowOf,
  callFunction,
  createOrganization,
  createPerson,
  type Person,
  recordPhiAccess,
  seedSubject,
} from "../support/gdpr_subjects.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const ORG_A = await createOrganization(sql, "GDPR export A");
const ORG_B = await createOrganization(sql, "GDPR export B");

const CATEGORIES = [
  "profile",
  "audit_events",
  "audit_events_about",
  "phi_access",
  "sessions",
  "protocol_access",
  "ai_audit",
  "rate_limit_violations",
  "security_events",
  "mfa_enrollments",
  "mfa_challenges",
  "mfa_backup_codes",
  "mfa_backup_code_sets",
  "alerts_handled",
  "alerts_about",
  "performance_metrics",
  "web_vitals",
];

async function pseudonymOf(userId: string): Promise<string | null> {
  const [row] = await sql`select audit.pseudonym_of('user', ${userId}) as p`;
  return row.p;
}

/** The chat writes its AI audit trail after the response: wait (up to 15 s) until it is there. */
async function aiTrailLanded(userId: string) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const [row] = await sql`select count(*)::int as n from public.ai_audit_trails
      where user_pseudonym = audit.pseudonym_of('user', ${userId})`;
    if (row.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the chat's AI audit trail did not land within 15 s");
}

/** gdpr-export through the typed client (supabase-js; every JSON answer parsed with the contract). */
const gdpr = (who?: Person) => apiClient(who?.token)["gdpr-export"];
type ExportQuery = NonNullable<Parameters<ReturnType<typeof gdpr>["export"]>[0]>["query"];
type Document = z.output<typeof ExportDocument>;
type RecordOf<C extends string> = Extract<z.output<typeof SubjectRecord>, { category: C }>;
const media = gdprExportContract.export.response.media;

const exportOf = (who: Person, query: ExportQuery = {}) =>
  gdpr(who).export({ query: { format: "json", ...query } });

/** A json-format export (validated against ExportDocument by the client). */
async function exportJson(who: Person, query: ExportQuery = {}) {
  const { data, headers } = await ok(exportOf(who, query));
  assert.ok(typeof data === "object" && data !== null && !(data instanceof Response), "a JSON export");
  const doc = data as Document;
  return { doc, headers, text: JSON.stringify(doc) };
}

/** A csv, ndjson or fhir export: supabase-js answers its body as text. */
async function exportText(who: Person, query: ExportQuery) {
  const { data, headers } = await ok(exportOf(who, query));
  assert.equal(typeof data, "string");
  return { text: data as string, headers };
}

const recordsOf = <C extends z.output<typeof SubjectRecord>["category"]>(doc: Document, category: C) =>
  doc.records.filter((r): r is RecordOf<C> => r.category === category);

Deno.test(
  "a data subject exports everything held about them, in every format, audited first",
  options,
  async () => {
    const subject = await createPerson(sql, ORG_A, "paramedic", { fullName: "Export Subject" });
    const medic = await createPerson(sql, ORG_A, "paramedic");
    await seedSubject(sql, subject, medic);
    await aiTrailLanded(subject.id);

    const json = await exportJson(subject);
    const categories = new Set<string>(json.doc.records.map((r) => r.category));
    assert.deepEqual(CATEGORIES.filter((c) => !categories.has(c)), [], "every category is there");
    assert.equal(json.doc.total, json.doc.records.length);
    assert.equal(json.headers.get("X-Export-Records"), String(json.doc.total));
    assert.equal(json.doc.export.scope, "self");
    const [profile] = recordsOf(json.doc, "profile");
    assert.equal(profile.data.fullName, "Export Subject");
    assert.ok(!json.text.includes("$2a$"), "MFA code hashes are never exported");

    // Audited before the data left: the request's own event, written early, with the exact count.
    const event = await auditRowOf(sql, json.headers.get("X-Request-Id")!);
    assert.equal(event.action, "gdpr.export");
    assert.equal(event.outcome, "success");
    assert.equal(event.actor_pseudonym, await pseudonymOf(subject.id), "the requester");
    assert.equal(
      event.metadata.subject_pseudonym,
      await pseudonymOf(subject.id),
      "the subject, as a pseudonym",
    );
    assert.equal(event.metadata.records, json.doc.total, "the record count is what was sent");
    assert.equal(event.metadata.format, "json");
    assert.equal(event.metadata.audited_early, true);
    assert.equal(event.data_classification, "PHI", "it released PHI access records");
    assert.ok(!JSON.stringify(event).includes(subject.id), "the event never holds the raw id");

    for (const format of ["csv", "ndjson", "fhir"] as const) {
      const reply = await exportText(subject, { format });
      const total = Number(reply.headers.get("X-Export-Records"));
      assert.ok(
        total >= json.doc.total,
        `${format}: at least the earlier records (the json export added one)`,
      );
      if (format === "csv") {
        assert.match(reply.headers.get("Content-Type")!, /^text\/csv/);
        assert.ok(reply.text.startsWith("category,record_id,occurred_at,organization_id,data\r\n"));
        assert.equal(reply.text.split("\r\n").filter((l) => /^[a-z_]+,/.test(l)).length, total + 1);
      } else if (format === "ndjson") {
        assert.match(reply.headers.get("Content-Type")!, /^application\/x-ndjson/);
        // Each line as the contract describes one (the client parses only application/json itself).
        const lines = reply.text.trimEnd().split("\n").map((l) =>
          media["application/x-ndjson; charset=utf-8"].schema.parse(JSON.parse(l))
        );
        assert.equal(lines.length, total);
      } else {
        assert.match(reply.headers.get("Content-Type")!, /^application\/fhir\+json/);
        const bundle = media["application/fhir+json; charset=utf-8; fhirVersion=4.0"].schema.parse(
          JSON.parse(reply.text),
        );
        assert.equal(bundle.resourceType, "Bundle");
        assert.equal(bundle.total, total);
        const types = new Set(bundle.entry!.map((e) => e.resource.resourceType));
        assert.deepEqual([...types].sort(), ["AuditEvent", "Basic", "Person"]);
      }
      const logged = await auditRowOf(sql, reply.headers.get("X-Request-Id")!);
      assert.equal(logged.metadata.records, total, `${format}: audited count = records sent`);
    }
  },
);

Deno.test("who may export whom: the subject, their organization's admins, nobody else", options, async () => {
  const subject = await createPerson(sql, ORG_A, "paramedic");
  const colleague = await createPerson(sql, ORG_A, "paramedic");
  const adminA = await createPerson(sql, ORG_A, "admin");
  const adminB = await createPerson(sql, ORG_B, "admin");
  await callFunction("dosing", { token: subject.token, body: { medication: "naloxone", weightKg: 20 } });

  assert.equal((await refused(gdpr().export())).status, 401, "no user token (the anon key: a guest)");
  const peer = await refused(exportOf(colleague, { subject: subject.id }));
  assert.equal(peer.status, 403, "a colleague without gdpr.export.any");
  assert.equal(peer.body.error.code, "FORBIDDEN");
  assert.equal((await auditRowOf(sql, peer.headers.get("X-Request-Id")!)).action, "auth.unauthorized");

  const admin = await exportJson(adminA, { subject: subject.id });
  assert.equal(admin.doc.export.scope, "organization");
  assert.ok(admin.doc.records.some((r) => r.category === "audit_events"));

  const other = await refused(exportOf(adminB, { subject: subject.id }));
  assert.equal(other.status, 404, "another organization's admin does not find them");
  assert.equal(other.body.error.code, "SUBJECT_NOT_FOUND");
  assert.equal(
    (await refused(exportOf(adminA, { subject: crypto.randomUUID() }))).status,
    404,
    "nobody unknown",
  );
  // A format outside the contract, on purpose.
  assert.equal((await refused(exportOf(adminA, { format: "xml" as "json" }))).status, 400);
  assert.equal((await refused(exportOf(adminA, { subject: "not-a-uuid" }))).status, 400);

  // An organization that takes gdpr.export.any from its admins.
  const orgC = await createOrganization(sql, "GDPR export C");
  await sql`insert into public.organization_role (organization_id, name, permissions) values (${orgC}, 'admin', '{}')`;
  const memberC = await createPerson(sql, orgC, "paramedic");
  const adminC = await createPerson(sql, orgC, "admin");
  assert.equal(
    (await refused(exportOf(adminC, { subject: memberC.id }))).status,
    403,
    "organization_role decides",
  );
  assert.equal(
    (await exportJson(memberC)).doc.export.scope,
    "self",
    "while everyone may still export their own data",
  );
});

Deno.test(
  "other people in a subject's records are pseudonymised; an encrypted one opens only by an audited investigation",
  options,
  async () => {
    const patient = await createPerson(sql, ORG_A, "emt");
    const medic = await createPerson(sql, ORG_A, "paramedic");
    const adminA = await createPerson(sql, ORG_A, "admin");
    const adminB = await createPerson(sql, ORG_B, "admin");
    await seedSubject(sql, patient, medic);
    const medicPseudonym = await pseudonymOf(medic.id);
    const actorIn = (reply: { doc: Document }) =>
      recordsOf(reply.doc, "phi_access").map((r) => r.data.actor!);

    const hashed = [await exportJson(patient), await exportJson(patient)].map(actorIn);
    assert.match(hashed[0][0], /^h1\.[0-9a-f]{64}$/);
    assert.deepEqual(hashed[0], hashed[1], "hash: the same accessor is the same pseudonym in every export");
    const tokens = [
      await exportJson(patient, { pseudonymise: "token" }),
      await exportJson(patient, { pseudonymise: "token" }),
    ]
      .map(actorIn);
    assert.match(tokens[0][0], /^t1\./);
    assert.equal(tokens[0][0], tokens[0][1], "token: consistent within one export");
    assert.notEqual(tokens[0][0], tokens[1][0], "token: unlinkable across exports");
    const encrypted = await exportJson(patient, { pseudonymise: "encryption" });
    const sealed = actorIn(encrypted)[0];
    assert.match(sealed, /^e1\./);
    for (const reply of [encrypted]) {
      assert.ok(
        !reply.text.includes(medic.id) && !reply.text.includes(medicPseudonym!),
        "never the accessor",
      );
    }

    const reveal = (who: Person) =>
      gdpr(who).reveal({
        body: { pseudonyms: [sealed], reason: "data_subject_request", reference: "DSR-E2E-1" },
      });
    const opened = await ok(reveal(adminA));
    assert.deepEqual(opened.data.results[0], {
      pseudonym: sealed,
      opened: true,
      value: medicPseudonym,
      original: medic.id,
    });
    const event = await auditRowOf(sql, opened.headers.get("X-Request-Id")!);
    assert.equal(event.action, "gdpr.reveal");
    assert.equal(event.metadata.reason, "data_subject_request");
    assert.deepEqual(event.metadata.audit_pseudonyms, [medicPseudonym]);
    assert.ok(
      !JSON.stringify(event).includes(medic.id),
      "the reveal's record names the pseudonym, not the person",
    );

    assert.equal((await refused(reveal(medic))).status, 403, "a paramedic holds no gdpr.reveal");
    const foreign = await ok(reveal(adminB));
    assert.equal(foreign.data.results[0].opened, false, "another organization's key context cannot open it");
  },
);

Deno.test(
  "an admin's export holds their organization's records; the subject's own holds all",
  options,
  async () => {
    const subject = await createPerson(sql, ORG_A, "paramedic");
    const adminA = await createPerson(sql, ORG_A, "admin");
    // Events from an earlier membership of organization B.
    await sql`select audit.write_events(${
      sql.json([1, 2].map((i) => ({
        action: "dosing.list",
        resource: `gdpr-e2e-earlier-${i}`,
        outcome: "success",
        organization_id: ORG_B,
        user_id: subject.id,
      })))
    })`;
    await callFunction("dosing", { token: subject.token, body: { medication: "naloxone", weightKg: 20 } });
    const orgs = (reply: { doc: Document }) => new Set(reply.doc.records.map((r) => r.organizationId));
    const own = await exportJson(subject);
    assert.ok(orgs(own).has(ORG_B) && orgs(own).has(ORG_A), "the subject sees all of their records");
    const admin = await exportJson(adminA, { subject: subject.id });
    assert.ok(!orgs(admin).has(ORG_B), "an admin of A never receives B's records");
    assert.ok(!admin.text.includes(ORG_B));
  },
);

Deno.test("a large export streams in batches, every record once", options, async () => {
  const subject = await createPerson(sql, ORG_A, "paramedic");
  const events = Array.from({ length: 2600 }, (_, i) => ({
    action: "dosing.calculate",
    resource: "gdpr-e2e-bulk",
    outcome: "success",
    organization_id: ORG_A,
    user_id: subject.id,
    correlation_id: `bulk-${i}`,
    timestamp: new Date(Date.now() - (i + 1) * 1000).toISOString(),
  }));
  await sql`select audit.write_events(${sql.json(events)})`;
  // Raw fetch: this test watches the body arrive chunk by chunk, and supabase-js (so the typed client)
  // reads an NDJSON body whole, as text. Each line is still checked against the contract below.
  const res = await fetch(`${stackEnv("FUNCTIONS_URL")}/gdpr-export?format=ndjson`, {
    headers: { Authorization: `Bearer ${subject.token}` },
  });
  assert.equal(res.status, 200);
  let chunks = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body!) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  const lines = text.trimEnd().split("\n").map((l) =>
    media["application/x-ndjson; charset=utf-8"].schema.parse(JSON.parse(l))
  );
  assert.equal(lines.length, Number(res.headers.get("X-Export-Records")));
  const bulk = lines.filter((l): l is RecordOf<"audit_events"> =>
    l.category === "audit_events" && l.data.resource === "gdpr-e2e-bulk"
  );
  assert.equal(bulk.length, 2600);
  assert.equal(new Set(bulk.map((l) => l.data.correlationId)).size, 2600, "no record twice");
  assert.ok(chunks > 1, "delivered as a stream, not one buffer");
});

Deno.test(
  "who read or exported a subject's data, and the alerts naming them, are in their export, per organization",
  options,
  async () => {
    const subject = await createPerson(sql, ORG_A, "paramedic");
    const medic = await createPerson(sql, ORG_A, "paramedic");
    const adminA = await createPerson(sql, ORG_A, "admin");
    await seedSubject(sql, subject, medic);
    const subjectPseudonym = await pseudonymOf(subject.id);
    const adminPseudonym = await pseudonymOf(adminA.id);
    // An administrator reads their trail and exports them; B read their trail while they were B's.
    const trail = await ok(
      apiClient(adminA.token)["audit-query"].userTrail({ params: { userId: subject.id } }),
    );
    await auditRowOf(sql, trail.headers.get("X-Request-Id")!);
    const byAdmin = await exportJson(adminA, { subject: subject.id });
    await auditRowOf(sql, byAdmin.headers.get("X-Request-Id")!);
    await sql`select audit.write_events(${
      sql.json([{
        action: "audit.query",
        resource: "audit_logs",
        outcome: "success",
        organization_id: ORG_B,
        user_role: "admin",
        metadata: { subject_pseudonym: subjectPseudonym },
      }])
    })`;

    const own = await exportJson(subject);
    const about = recordsOf(own.doc, "audit_events_about");
    const actions = about.map((r) => `${r.data.action}@${r.organizationId === ORG_A ? "A" : "B"}`);
    assert.deepEqual(
      actions.filter((a) => a !== "role.change@A").sort(),
      ["audit.query@A", "audit.query@B", "gdpr.export@A"],
      "the admin's read and export of them, and B's read; each once",
    );
    assert.ok(actions.includes("role.change@A"), "their account's role and organization history");
    const exported = about.find((r) => r.data.action === "gdpr.export")!;
    assert.match(exported.data.actor!, /^h1\.[0-9a-f]{64}$/, "the actor, pseudonymised as other people are");
    assert.equal(
      exported.data.metadata.subject_pseudonym,
      subjectPseudonym,
      "naming them, by their pseudonym",
    );
    assert.ok(!own.text.includes(adminA.id) && !own.text.includes(adminPseudonym!), "never the admin");
    assert.equal(
      recordsOf(own.doc, "audit_events").filter((r) => r.data.action === "gdpr.export").length,
      0,
      "their own export of themselves is written after it is counted: not in this one",
    );
    const [ban] = recordsOf(own.doc, "alerts_about");
    assert.match(
      ban.data.description!,
      new RegExp(`^user:${subject.id} banned`),
      "the ban alert naming them",
    );
    assert.equal(own.doc.export.counts.alerts_about, 1);

    const admin = await exportJson(adminA, { subject: subject.id });
    assert.ok(
      recordsOf(admin.doc, "audit_events_about").every((r) => r.organizationId === ORG_A),
      "an admin of A receives A's events about them alone",
    );
    assert.equal(
      recordsOf(admin.doc, "audit_events_about").length,
      about.length - 1,
      "every one of A's (all but B's read)",
    );

    // The same records in the other formats.
    const ndjson = await exportText(subject, { format: "ndjson" });
    const lines = ndjson.text.trimEnd().split("\n").map((l) =>
      media["application/x-ndjson; charset=utf-8"].schema.parse(JSON.parse(l))
    );
    assert.ok(lines.some((l) => l.category === "audit_events_about" && l.data.action === "gdpr.export"));
    assert.ok(lines.some((l) => l.category === "alerts_about"));
    const csv = await exportText(subject, { format: "csv" });
    assert.ok(/\r\naudit_events_about,/.test(csv.text) && /\r\nalerts_about,/.test(csv.text));
    const fhir = media["application/fhir+json; charset=utf-8; fhirVersion=4.0"].schema.parse(
      JSON.parse((await exportText(subject, { format: "fhir" })).text),
    );
    const event = fhir.entry!.map((e) => e.resource).find((r) =>
      r.resourceType === "AuditEvent" && r.subtype?.some((c) => c.code === "audit_events_about") &&
      r.subtype?.some((c) => c.code === "gdpr.export")
    );
    assert.ok(event && event.resourceType === "AuditEvent");
    assert.match(event.agent[0].who!.identifier.value, /^h1\./, "FHIR: the actor as a pseudonymous agent");
    assert.equal(event.entity[0].what!.identifier.value, subject.id, "and the subject as what it was about");
  },
);

Deno.test(
  "a patient-scope export names the patient pseudonym, never their user pseudonym, and lists the organization's earlier exports of them",
  options,
  async () => {
    // Review L1: A's crew treated B's paramedic. A exports them (scope patient); the plan and its gdpr.export
    // event named them by their user pseudonym (20261206170000), a key to their account's trail that A has no
    // business holding, and now by the patient pseudonym A's records know (20261206220000). A's next export
    // finds the earlier one under either (20261206200000; pgTAP 153 holds an event filed the old way).
    const medicA = await createPerson(sql, ORG_A, "paramedic");
    const adminA = await createPerson(sql, ORG_A, "admin");
    const memberB = await createPerson(sql, ORG_B, "paramedic");
    await recordPhiAccess(sql, medicA, memberB.id);
    const userPseudonym = await pseudonymOf(memberB.id);
    assert.ok(userPseudonym, "the audit trail knows them as a user (their account's role.change)");

    const first = await exportJson(adminA, { subject: memberB.id });
    assert.equal(first.doc.export.scope, "patient");
    const [{ pp }] = await sql`select audit.pseudonym_of('patient', ${memberB.id}) as pp`;
    assert.equal(first.doc.export.subject.pseudonym, pp, "the export names the patient pseudonym");
    const firstEvent = await auditRowOf(sql, first.headers.get("X-Request-Id")!);
    assert.equal(firstEvent.metadata.subject_pseudonym, pp, "and so does its event");
    assert.ok(!JSON.stringify(first.doc).includes(userPseudonym), "their user pseudonym is nowhere in it");

    const second = await exportJson(adminA, { subject: memberB.id });
    assert.equal(second.doc.export.scope, "patient");
    assert.deepEqual(
      recordsOf(second.doc, "audit_events_about").map((r) => [r.data.action, r.organizationId]),
      [["gdpr.export", ORG_A]],
      "A's earlier export of them, and nothing of B's (their account's role.change is B's)",
    );
    assert.equal(second.doc.export.counts.audit_events_about, 1, "counted, as its own event says");
  },
);

Deno.test(
  "a patient is a subject of the organization that accessed their record, and of no other",
  options,
  async () => {
    const medicA = await createPerson(sql, ORG_A, "paramedic");
    const medicB = await createPerson(sql, ORG_B, "paramedic");
    const adminA = await createPerson(sql, ORG_A, "admin");
    const adminB = await createPerson(sql, ORG_B, "admin");
    const patient = crypto.randomUUID(); // no account: a patient of A's crew
    await recordPhiAccess(sql, medicA, patient);

    const byA = await exportJson(adminA, { subject: patient });
    assert.equal(byA.doc.export.scope, "organization");
    assert.deepEqual(byA.doc.export.counts, { phi_access: 2 });
    const [{ pp }] = await sql`select audit.pseudonym_of('patient', ${patient}) as pp`;
    assert.equal(byA.doc.export.subject.pseudonym, pp);
    const event = await auditRowOf(sql, byA.headers.get("X-Request-Id")!);
    assert.equal(event.metadata.subject_pseudonym, pp, "the gdpr.export event names whom it released");
    const foreign = await refused(exportOf(adminB, { subject: patient }));
    assert.equal(foreign.status, 404, "B's admin does not learn that the patient exists");
    assert.equal(foreign.body.error.code, "SUBJECT_NOT_FOUND");

    // Treated by both: each organization exports its own accesses; erasure is the operator's.
    const shared = crypto.randomUUID();
    await recordPhiAccess(sql, medicA, shared);
    await recordPhiAccess(sql, medicB, shared);
    const sharedByA = await exportJson(adminA, { subject: shared });
    assert.equal(sharedByA.doc.export.scope, "patient");
    assert.deepEqual(sharedByA.doc.export.counts, { phi_access: 2 });
    assert.ok(sharedByA.doc.records.every((r) => r.organizationId === ORG_A));
    const erase = (who: Person, subjectId: string) =>
      apiClient(who.token)["gdpr-export"].erase({
        body: { subjectId, reason: "consent_withdrawn", reference: "DSR-E2E-PATIENT" },
      });
    const refusedShared = await refused(erase(adminA, shared));
    assert.equal(refusedShared.status, 409);
    assert.equal(refusedShared.body.error.code, "SHARED_SUBJECT");

    assert.equal((await refused(erase(adminB, patient))).status, 404, "B cannot erase A's patient");
    const erased = await ok(erase(adminA, patient));
    assert.deepEqual(erased.data.linkage, { patient: 1 }, "the patient pseudonym's mapping is destroyed");
    assert.equal(erased.data.deleted.users, 0, "there was no account to delete");
    assert.equal(erased.data.kept.phi_access, 2, "the accesses stay, countable");
    const after = await refused(exportOf(adminA, { subject: patient }));
    assert.equal(after.status, 410);
    assert.equal(after.body.error.code, "SUBJECT_ERASED");
  },
);
