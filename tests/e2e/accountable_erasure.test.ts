/**
 * Accountable erasure: an organization's admin may erase a paramedic, but not someone who holds — or has
 * ever acted in — a privileged role (admin, medical director): their privileged actions must stay
 * attributable (GDPR Art. 17(3)). Those requests answer 409 PRIVILEGED_SUBJECT and erase nothing; the
 * platform operator (service role) decides them. Through the functions server, and in SQL as the operator.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { apiClient } from "../support/api_client.ts";
import { stackEnv } from "../support/env.ts";
import { errorBody } from "../support/functions_client.ts";
import { createOrganization, createPerson } from "../support/gdpr_subjects.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "a privileged subject's erasure is refused to the organization and left to the operator",
  options,
  async () => {
    const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
    try {
      const org = await createOrganization(sql, "Accountable erasure");
      const admin = await createPerson(sql, org, "admin");
      const director = await createPerson(sql, org, "medical_director");
      const formerAdmin = await createPerson(sql, org, "paramedic");
      const medic = await createPerson(sql, org, "paramedic");
      // The former admin acted as one before being made a paramedic: their trail says so.
      await sql`select audit.write_events(${
        sql.json([{
          action: "audit.export",
          resource: "audit_logs",
          outcome: "success",
          organization_id: org,
          user_id: formerAdmin.id,
          user_role: "admin",
        }])
      })`;
      // Through the typed client: a 200's body is parsed with the erase contract.
      const erase = (subjectId: string) =>
        apiClient(admin.token)["gdpr-export"].erase({
          body: { subjectId, reason: "consent_withdrawn", reference: "DSR-ACC-1" },
        });

      for (
        const [label, subject] of [["a medical director", director], ["a former admin", formerAdmin]] as const
      ) {
        const refused = await errorBody((await erase(subject.id)).error);
        assert.equal(refused.status, 409, `${label}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error.code, "PRIVILEGED_SUBJECT", label);
        const [kept] = await sql`select count(*)::int as n from auth.users where id = ${subject.id}`;
        assert.equal(kept.n, 1, `${label} is not erased`);
      }
      const plain = await erase(medic.id);
      if (plain.error) {
        assert.fail(`a paramedic is erased: ${JSON.stringify((await errorBody(plain.error)).body)}`);
      }
      assert.equal(plain.response?.status, 200);
      assert.equal(plain.data?.subjectId, medic.id);

      // The platform operator decides: as the service role the erasure goes through.
      const [done] = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true),
                      set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
        return await tx`select gdpr.erase_subject(${director.id}::uuid, ${"0".repeat(64)},
        'consent_withdrawn', 'DSR-ACC-2', ${"erased-" + "x".repeat(20)},
        ${JSON.stringify({ metadata: { operator: "ops-acc-2" } })}::text::jsonb) as summary`;
      });
      assert.ok(done.summary, "the operator's erasure ran");
      const [gone] = await sql`select count(*)::int as n from auth.users where id = ${director.id}`;
      assert.equal(gone.n, 0);
    } finally {
      await sql.end();
    }
  },
);
