/**
 * gdpr-export erasure end to end: a subject with data in every table (through the functions where a
 * function writes it) is exported, erased by an admin of their organization, and then: the audit rows
 * are the same rows and verify (audit.verify and audit-query /verify), their events are still counted
 * under the pseudonym, no table anywhere holds their id, address, session id, agent or e-mail, an
 * export answers "erased", their old token is refused, and erasing again is a no-op.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { apiClient, ok, refused } from "../support/api_client.ts";
import { stackEnv } from "../support/env.ts";
import {
  auditRowOf,
  createOrganization,
  createPerson,
  seedSubject,
  tablesHolding,
} from "../support/gdpr_subjects.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });

Deno.test(
  "erasure keeps the audit trail intact and leaves nothing that names the subject",
  options,
  async () => {
    const org = await createOrganization(sql, "GDPR erasure");
    const otherOrg = await createOrganization(sql, "GDPR erasure, elsewhere");
    const subject = await createPerson(sql, org, "paramedic", { fullName: "Erin Erasable" });
    const medic = await createPerson(sql, org, "paramedic");
    const admin = await createPerson(sql, org, "admin");
    const outsider = await createPerson(sql, otherOrg, "admin");
    const markers = await seedSubject(sql, subject, medic);
    // The chat's AI audit trail lands after its response: wait for it (15 s), or fail here, not later.
    for (const deadline = Date.now() + 15_000;;) {
      const [row] = await sql`select count(*)::int as n from public.ai_audit_trails
      where user_pseudonym = audit.pseudonym_of('user', ${subject.id})`;
      if (row.n > 0) break;
      if (Date.now() > deadline) assert.fail("the chat's AI audit trail did not land within 15 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Before: everything is there, and the subject's pseudonyms resolve.
    // gdpr-export and audit-query through the typed client: every JSON answer parsed with its contract.
    const exportAs = (who: typeof admin) =>
      apiClient(who.token)["gdpr-export"].export({ query: { format: "json", subject: subject.id } });
    const before = await ok(exportAs(admin));
    assert.ok(typeof before.data === "object" && before.data && "export" in before.data, "a JSON export");
    const beforeCounts = before.data.export.counts;
    for (
      const category of [
        "profile",
        "audit_events",
        "phi_access",
        "sessions",
        "ai_audit",
        "protocol_access",
      ] as const
    ) {
      assert.ok((beforeCounts[category] ?? 0) > 0, `before: ${category}`);
    }
    const [{ p, pp }] = await sql`select audit.pseudonym_of('user', ${subject.id}) as p,
    audit.pseudonym_of('patient', ${subject.id}) as pp`;
    assert.ok(p && pp);
    await sql`select audit.seal()`;
    const rowsBefore = await sql`select seq::text, encode(row_hash, 'hex') as h from public.audit_logs
    where actor_pseudonym = ${p} order by seq`;
    const [phiBefore] =
      await sql`select count(*)::int as n from public.phi_access_audit_log where patient_pseudonym = ${pp}`;

    // Who may erase: not another organization, not a paramedic, not oneself.
    const request = (who: typeof admin, subjectId = subject.id) =>
      apiClient(who.token)["gdpr-export"].erase({
        body: { subjectId, reason: "consent_withdrawn", reference: "DSR-E2E-0042" },
      });
    assert.equal((await refused(request(outsider))).status, 404, "another organization's admin finds nobody");
    assert.equal((await refused(request(medic))).status, 403, "a paramedic holds no gdpr.erase");
    assert.equal((await refused(request(admin, admin.id))).status, 409, "an admin cannot erase themselves");
    const badReason = await refused(
      apiClient(admin.token)["gdpr-export"].erase({
        // A reason outside the contract, on purpose.
        body: { subjectId: subject.id, reason: "just because" as "consent_withdrawn" },
      }),
    );
    assert.equal(badReason.status, 400, "the reason is a recorded ground");

    const erased = await ok(request(admin));
    assert.equal(erased.data.alreadyErased, false);
    assert.equal(erased.data.deleted.users, 1);
    const { linkage } = erased.data;
    assert.ok(linkage.user === 1 && linkage.patient === 1 && (linkage.ip ?? 0) >= 1);
    assert.ok(erased.data.sessionsRevoked >= 1, "their sessions are ended in Redis");
    assert.equal(
      (erased.data as Record<string, unknown>).sessionIds,
      undefined,
      "session ids never leave the function (the strict contract would refuse them too)",
    );

    // The erasure's record: gdpr.erase by the admin, with its grounds, naming no pseudonym of theirs.
    const event = await auditRowOf(sql, erased.headers.get("X-Request-Id")!);
    assert.equal(event.action, "gdpr.erase");
    assert.equal(event.metadata.reason, "consent_withdrawn");
    assert.equal(event.metadata.reference, "DSR-E2E-0042");
    assert.equal(event.metadata.function, "gdpr-export", "the pipeline's own fields are kept");
    assert.ok(!JSON.stringify(event).includes(p) && !JSON.stringify(event).includes(subject.id));
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a (wrong) second write to land
    const [{ n: eventsForRequest }] = await sql`select count(*)::int as n from public.audit_logs
    where correlation_id = ${erased.headers.get("X-Request-Id")}`;
    assert.equal(eventsForRequest, 1, "one event for the request, written with the erasure");

    // The audit trail: the same rows, still verifying, still countable under the pseudonym.
    const rowsAfter = await sql`select seq::text, encode(row_hash, 'hex') as h from public.audit_logs
    where actor_pseudonym = ${p} and seq <= ${rowsBefore.at(-1)!.seq}::bigint order by seq`;
    assert.deepEqual(rowsAfter, rowsBefore, "every row of theirs is untouched");
    const [{ n: phiAfter }] =
      await sql`select count(*)::int as n from public.phi_access_audit_log where patient_pseudonym = ${pp}`;
    assert.equal(phiAfter, phiBefore.n, "accesses to their patient record are still counted");
    await sql`select audit.seal()`;
    const [check] = await sql`select ok, problem from audit.verify()`;
    assert.deepEqual({ ...check }, { ok: true, problem: null }, "audit.verify passes");
    const verify = await ok(apiClient(admin.token)["audit-query"].verify({ body: {} }));
    assert.equal(verify.data.ok, true, "and so does audit-query /verify");
    const [{ resolved }] = await sql`select audit.reveal(${p}) as resolved`;
    assert.equal(resolved, null, "the pseudonym resolves to nobody");

    // Nothing anywhere still names them.
    for (
      const needle of [
        subject.id,
        markers.ip,
        subject.sessionId,
        markers.userAgent,
        subject.email,
        "Erin Erasable",
      ]
    ) {
      assert.deepEqual(await tablesHolding(sql, needle), [], `no table holds ${needle}`);
    }

    // After: an export says "erased"; erasing again changes nothing; their old token is refused.
    const after = await refused(exportAs(admin));
    assert.equal(after.status, 410);
    assert.equal(after.body.error.code, "SUBJECT_ERASED");
    const again = await ok(request(admin));
    assert.equal(again.data.alreadyErased, true, "idempotent");
    assert.equal(again.data.deleted.users, 0);
    const stale = await refused(
      apiClient(subject.token)["gdpr-export"].export({ query: { format: "json" } }),
    );
    assert.equal(stale.status, 401, "a token issued before the erasure no longer works");
    assert.equal(stale.body.error.code, "SESSION_EXPIRED");
    const [{ q }] = await sql`select audit.pseudonym_of('user', ${subject.id}) as q`;
    assert.equal(q, null, "and its refusal did not give them a pseudonym again");
    assert.deepEqual(await tablesHolding(sql, subject.id), [], "nor put their id anywhere");
  },
);
