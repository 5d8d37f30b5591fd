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
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const ORG = crypto.randomUUID();

async function person(role: string, aal: "aal1" | "aal2") {
  const id = crypto.randomUUID();
  return { id, token: await userToken(id, { role, organization_id: ORG }, { aal }) };
}

/** audit-query through the typed client (answers checked against its contract). */
const auditQuery = (token: string) => apiClient(token)["audit-query"];

/** A typed client's answer as callFunction gives it: status, JSON (or text). */
async function answer(
  pending: Promise<{ readonly data: unknown; readonly error: unknown; readonly response?: Response }>,
) {
  const { data, error, response } = await pending;
  if (error) {
    const { status, body } = await errorBody(error);
    return { status, json: body as unknown, text: JSON.stringify(body) };
  }
  return {
    status: response!.status,
    json: data,
    text: typeof data === "string" ? data : JSON.stringify(data),
  };
}

Deno.test(
  "one factor: audit data, others' data, reveal and erasure answer 403 MFA_REQUIRED",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    try {
      const admin = await person("admin", "aal1");
      const director = await person("medical_director", "aal1");
      const gdpr = (path: string, body?: unknown) => () => callFunction(path, { token: admin.token, body });
      const attempts: [string, () => Promise<{ status: number; json: unknown; text: string }>][] = [
        ["audit-query/summary", () => answer(auditQuery(director.token).summary())],
        ["audit-query?limit=5", () => answer(auditQuery(admin.token).list({ query: { limit: 5 } }))],
        ["audit-query/mfa-compliance", () => answer(auditQuery(admin.token).mfaCompliance())],
        [
          "audit-query/export?format=csv",
          () => answer(auditQuery(admin.token).export({ query: { format: "csv" } })),
        ],
        [`gdpr-export?subject=${director.id}`, gdpr(`gdpr-export?subject=${director.id}`)],
        [
          "gdpr-export/reveal",
          gdpr("gdpr-export/reveal", { pseudonyms: [`e1.${"A".repeat(40)}`], reason: "compliance_audit" }),
        ],
        [
          "gdpr-export/erase",
          gdpr("gdpr-export/erase", {
            subjectId: director.id,
            reason: "consent_withdrawn",
            reference: "DSR-MFA-1",
          }),
        ],
      ];
      for (const [path, attempt] of attempts) {
        const reply = await attempt();
        assert.equal(reply.status, 403, `${path}: ${reply.text}`);
        const error = (reply.json as { error: { code: string; requestId: string } }).error;
        assert.equal(error.code, "MFA_REQUIRED", path);
        const row = await auditRowOf(sql, error.requestId);
        assert.equal(row.outcome, "failure", `${path} is audited as refused`);
      }

      const withMfa = await person("admin", "aal2");
      assert.equal((await answer(auditQuery(withMfa.token).summary())).status, 200);
      const medic = await person("paramedic", "aal1");
      const own = await callFunction("gdpr-export?format=json", { token: medic.token });
      assert.equal(own.status, 200, `one's own export needs no second factor: ${own.text.slice(0, 200)}`);
    } finally {
      await sql.end();
    }
  },
);
