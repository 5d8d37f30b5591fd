/**
 * Organization isolation, function by function: an admin (and a user) of organization A never reads,
 * exports or erases organization B's data through any function, and what a function writes lands in
 * its caller's organization. The table-by-table proof is tests/sql/71_organization_isolation.sql.
 *
 *   audit-query       list, user trail, export, failed-auth, ai-costs: only A's rows; naming B → 403
 *   gdpr-export       B's subject is not found (export, erase); B's encrypted pseudonyms do not open
 *   protocol-search   feedback on B's search is "not found"; a search is recorded in the caller's org
 *   flush-metrics     no user of any organization may run it (service role and cron secret only)
 *   dosing            holds no organization data: the answer names none, only its audit row is A's
 *   bedrock-ai-chat   its AI audit trail and audit row are the caller's organization's; none can be named
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { recordSearch } from "../../functions-shared/handlers/protocol_search/access_log.ts";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { apiClient, ok, refused } from "../support/api_client.ts";
import { stackEnv } from "../support/env.ts";
import {
  auditRowOf,
  callFunction,
  createOrganization,
  createPerson,
  type Person,
  seedSubject,
} from "../support/gdpr_subjects.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const ORG_A = await createOrganization(sql, "Isolation A");
const ORG_B = await createOrganization(sql, "Isolation B");
const MARK = `iso-e2e-${crypto.randomUUID().slice(0, 8)}`;

/** Organization B's data: a subject with data everywhere, audit rows under a marker resource. */
const memberB = await createPerson(sql, ORG_B, "paramedic");
const medicB = await createPerson(sql, ORG_B, "paramedic");
await seedSubject(sql, memberB, medicB);
await sql`select audit.write_events(${
  sql.json([
    {
      action: "auth.failure",
      resource: MARK,
      outcome: "failure",
      organization_id: ORG_B,
      user_id: memberB.id,
      ip_address: "192.0.2.201",
    },
    {
      action: "dosing.calculate",
      resource: MARK,
      outcome: "success",
      organization_id: ORG_B,
      user_id: memberB.id,
    },
  ])
})`;

const everyId = (text: string) => text.includes(ORG_B) || text.includes(memberB.id) || text.includes(MARK);

Deno.test("audit-query: A's admin reads, exports and counts only A's rows", options, async () => {
  const adminA = await createPerson(sql, ORG_A, "admin");
  const directorA = await createPerson(sql, ORG_A, "medical_director");
  for (const who of [adminA, directorA]) {
    const audit = apiClient(who.token)["audit-query"];
    const list = await ok(audit.list({ query: { resource: MARK, total: "exact" } }));
    assert.deepEqual(list.data.entries, [], `${who.role}: none of B's rows`);
    assert.equal(list.data.total?.value, 0);
    const named = await refused(audit.list({ query: { organization: ORG_B } }));
    assert.equal(named.status, 403, "naming B is refused, not answered empty");
    const trail = await ok(audit.userTrail({ params: { userId: memberB.id } }));
    assert.deepEqual(trail.data.entries, [], `${who.role}: B's member has no trail in A`);
    for (const format of ["csv", "ndjson", "fhir-bundle"] as const) {
      const exported = await ok(audit.export({ query: { format, from: "2000-01-01T00:00:00Z" } }));
      // (A's own audit.query events name the marker in their filters: that is A's data.)
      for (const trace of [ORG_B, memberB.id, "192.0.2.201"]) {
        assert.ok(!exported.text.includes(trace), `${who.role} ${format}: nothing of B (${trace})`);
      }
    }
    const failures = await ok(audit.failedAuth({ query: { hours: 48 } }));
    assert.ok(!failures.text.includes("192.0.2.201"), `${who.role}: B's failed logins are not A's`);
  }
  const costs = await ok(apiClient(adminA.token)["audit-query"].aiCosts());
  assert.equal(costs.data.costs.organization_id, ORG_A);
  assert.equal(costs.data.costs.totals.messages, 0, "B's chat messages are not counted for A");
});

Deno.test(
  "gdpr-export: B's subject is nobody to A; B's encrypted pseudonyms do not open for A",
  options,
  async () => {
    const adminA = await createPerson(sql, ORG_A, "admin");
    const adminB = await createPerson(sql, ORG_B, "admin");
    const userA = await createPerson(sql, ORG_A, "paramedic");
    // gdpr-export through the typed client: every JSON answer parsed with its contract.
    const gdpr = (who: Person) => apiClient(who.token)["gdpr-export"];
    const exported = await refused(gdpr(adminA).export({ query: { subject: memberB.id } }));
    assert.equal(exported.status, 404);
    assert.ok(!everyId(JSON.stringify(exported.body)));
    const erased = await refused(
      gdpr(adminA).erase({ body: { subjectId: memberB.id, reason: "consent_withdrawn" } }),
    );
    assert.equal(erased.status, 404);
    const [{ p }] = await sql`select audit.pseudonym_of('user', ${memberB.id}) as p`;
    assert.ok(p, "B's member was not erased");
    assert.equal((await refused(gdpr(userA).export({ query: { subject: memberB.id } }))).status, 403);

    const own = await ok(gdpr(userA).export());
    assert.ok(!everyId(own.text), "a user of A exporting themselves receives nothing of B");

    const sealedByB = await ok(
      gdpr(adminB).export({ query: { subject: memberB.id, pseudonymise: "encryption" } }),
    );
    assert.ok(typeof sealedByB.data === "object" && "records" in sealedByB.data, "a JSON export");
    const phi = sealedByB.data.records.find((r) => r.category === "phi_access");
    assert.ok(
      phi?.category === "phi_access" && phi.data.actor,
      "B's member's record was accessed by someone",
    );
    const sealed = phi.data.actor;
    const reveal = await ok(
      gdpr(adminA).reveal({ body: { pseudonyms: [sealed], reason: "security_incident" } }),
    );
    assert.deepEqual(reveal.data.results[0], {
      pseudonym: sealed,
      opened: false,
      value: null,
      original: null,
    });
  },
);

Deno.test(
  "protocol-search: B's searches are not A's to rate; a search is recorded in its caller's organization",
  options,
  async () => {
    const userA = await createPerson(sql, ORG_A, "paramedic");
    const [{ id: accessB }] = await sql`
    select id::text as id from public.protocol_access where organization_id = ${ORG_B} limit 1`;
    const feedback = await callFunction("protocol-search/feedback", {
      token: userA.token,
      body: { accessId: accessB, helpful: false },
    });
    assert.equal(feedback.status, 404, "feedback on another organization's search");
    const [{ was_helpful }] = await sql`select was_helpful from public.protocol_access where id = ${accessB}`;
    assert.equal(was_helpful, null, "and it was not recorded");

    // What the search route records (the function's own writer, as the caller): A's organization, always.
    {
      const claims = {
        sub: userA.id,
        role: "authenticated",
        session_id: userA.sessionId,
        app_metadata: { role: "paramedic", organization_id: ORG_A },
        user_metadata: { organization_id: ORG_B },
      };
      const access = recordSearch(identityFromClaims(claims), {
        query: "stroke",
        hits: [],
        pediatric: null,
        kbVersion: "1",
      });
      assert.equal(await access.written, true, "written after the answer, as the caller");
      const [row] =
        await sql`select organization_id from public.protocol_access where id = ${access.accessId}`;
      assert.equal(row.organization_id, ORG_A, "user_metadata cannot move it to B");
    }
  },
);

Deno.test("flush-metrics: no user of any organization may run it", options, async () => {
  for (const role of ["admin", "paramedic"] as const) {
    for (const org of [ORG_A, ORG_B]) {
      const who: Person = await createPerson(sql, org, role);
      const reply = await callFunction("flush-metrics", { token: who.token, body: {} });
      assert.equal(reply.status, 403, `${role} of an organization`);
    }
  }
  assert.equal((await callFunction("flush-metrics", { body: {} })).status, 401);
});

Deno.test(
  "dosing holds no organization data; bedrock-ai-chat writes to its caller's organization only",
  options,
  async () => {
    const userA = await createPerson(sql, ORG_A, "paramedic");
    const dose = await callFunction("dosing", {
      token: userA.token,
      body: { medication: "naloxone", weightKg: 20 },
    });
    assert.equal(dose.status, 200);
    assert.ok(!/organi[sz]ation/i.test(dose.text), "the answer names no organization");
    assert.equal((await auditRowOf(sql, dose.headers.get("X-Request-Id")!)).organization_id, ORG_A);

    // The chat through the typed client: its JSON answer is parsed with the contract.
    const chatAs = apiClient(userA.token)["bedrock-ai-chat"];
    // A field outside the contract, on purpose (a variable, so the compiler lets it through).
    const smuggledBody = {
      stream: false,
      organization_id: ORG_B,
      messages: [{ role: "user" as const, content: "Naloxone dose?" }],
    };
    const smuggled = await refused(chatAs.ask({ body: smuggledBody }));
    assert.equal(smuggled.status, 400, "a request cannot name an organization");

    const chat = await ok(chatAs.ask({
      body: { stream: false, messages: [{ role: "user", content: "Naloxone dose for a 20 kg child?" }] },
    }));
    assert.ok(typeof chat.data === "object" && "messageId" in chat.data, "a JSON answer");
    const { messageId } = chat.data;
    assert.ok(!everyId(chat.text), "the answer carries nothing of B");
    assert.equal((await auditRowOf(sql, chat.headers.get("X-Request-Id")!)).organization_id, ORG_A);
    let trail;
    for (let i = 0; i < 400 && !trail; i++) {
      [trail] = await sql`select organization_id from public.ai_audit_trails where message_id = ${messageId}`;
      if (!trail) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(trail?.organization_id, ORG_A, "the AI audit trail is A's");
  },
);
