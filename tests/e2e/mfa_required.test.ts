/**
 * MFA where it matters: releasing audit data (audit-query), another person's data (gdpr-export), revealing
 * pseudonyms and erasing need a sign-in with a second factor (the JWT's aal = aal2). An admin or medical
 * director who signed in with one factor gets 403 MFA_REQUIRED, audited like every answer; one's own
 * export needs no second factor. Through the functions server, as the app would call it.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { auditRowOf, callFunction } from "../support/gdpr_subjects.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const ORG = crypto.randomUUID();

async function person(role: string, aal: "aal1" | "aal2") {
  const id = crypto.randomUUID();
  return { id, token: await userToken(id, { role, organization_id: ORG }, { aal }) };
}

Deno.test(
  "one factor: audit data, others' data, reveal and erasure answer 403 MFA_REQUIRED",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    try {
      const admin = await person("admin", "aal1");
      const director = await person("medical_director", "aal1");
      const attempts = [
        { who: director, path: "audit-query/summary" },
        { who: admin, path: "audit-query?limit=5" },
        { who: admin, path: "audit-query/mfa-compliance" },
        { who: admin, path: "audit-query/export?format=csv" },
        { who: admin, path: `gdpr-export?subject=${director.id}` },
        {
          who: admin,
          path: "gdpr-export/reveal",
          body: { pseudonyms: [`e1.${"A".repeat(40)}`], reason: "compliance_audit" },
        },
        {
          who: admin,
          path: "gdpr-export/erase",
          body: { subjectId: director.id, reason: "consent_withdrawn", reference: "DSR-MFA-1" },
        },
      ];
      for (const { who, path, body } of attempts) {
        const reply = await callFunction(path, { token: who.token, body });
        assert.equal(reply.status, 403, `${path}: ${reply.text}`);
        const error = (reply.json as { error: { code: string; requestId: string } }).error;
        assert.equal(error.code, "MFA_REQUIRED", path);
        const row = await auditRowOf(sql, error.requestId);
        assert.equal(row.outcome, "failure", `${path} is audited as refused`);
      }

      const withMfa = await person("admin", "aal2");
      assert.equal((await callFunction("audit-query/summary", { token: withMfa.token })).status, 200);
      const medic = await person("paramedic", "aal1");
      const own = await callFunction("gdpr-export?format=json", { token: medic.token });
      assert.equal(own.status, 200, `one's own export needs no second factor: ${own.text.slice(0, 200)}`);
    } finally {
      await sql.end();
    }
  },
);
