/**
 * organization_role through the functions: the admin operations of audit-query (/verify) and
 * gdpr-export (/erase, /reveal, exporting someone else) follow each organization's role rows, with
 * inheritance — granted to a custom role, taken from the admins — and Postgres enforces the same rule.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { stackEnv } from "../support/env.ts";
import { auditRowOf, callFunction, createOrganization, createPerson } from "../support/gdpr_subjects.ts";
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";
import { PERMISSIONS } from "../../functions-shared/pipeline/permissions.ts";
import { ERASURE_REASONS } from "../../functions-shared/handlers/gdpr_export/schemas.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });

Deno.test(
  "an organization moves verification and erasure from its admins to its medical directors",
  options,
  async () => {
    const org = await createOrganization(sql, "Roles");
    // Admins keep roles.manage only; medical directors inherit a compliance role that verifies and erases.
    await sql`insert into public.organization_role (organization_id, name, permissions, inherits) values
    (${org}, 'admin', '{roles.manage}', '{}'),
    (${org}, 'compliance', '{audit.verify,gdpr.erase}', '{}'),
    (${org}, 'medical_director', '{}', '{paramedic,compliance}')`;
    const admin = await createPerson(sql, org, "admin");
    const director = await createPerson(sql, org, "medical_director");
    const subject = await createPerson(sql, org, "paramedic");

    // audit-query through the typed client: a 200 is checked against the verify contract.
    const verify = (who: typeof admin) => apiClient(who.token)["audit-query"].verify({ body: {} });
    const denied = await errorBody((await verify(admin)).error);
    assert.equal(denied.status, 403, "the admin lost audit.verify");
    assert.equal((await auditRowOf(sql, denied.headers.get("X-Request-Id")!)).action, "auth.unauthorized");
    const allowed = await verify(director);
    assert.equal(allowed.error, null, String(allowed.error));
    assert.equal(allowed.response?.status, 200);

    const erase = (who: typeof admin) =>
      callFunction("gdpr-export/erase", {
        token: who.token,
        body: { subjectId: subject.id, reason: "no_longer_necessary" },
      });
    assert.equal((await erase(admin)).status, 403, "the admin lost gdpr.erase");
    assert.equal(
      (await callFunction(`gdpr-export?subject=${subject.id}`, { token: admin.token })).status,
      403,
    );
    const erased = await erase(director);
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.json.deleted.users, 1, "the medical director erased through the inherited role");
  },
);

Deno.test(
  "the TypeScript vocabularies mirror Postgres: permissions and erasure reasons",
  options,
  async () => {
    const [row] = await sql`select app.role_permissions(null, 'admin') as permissions,
    gdpr.erasure_reasons() as reasons`;
    assert.deepEqual(
      [...PERMISSIONS].sort(),
      row.permissions,
      "every permission a function checks is an admin's",
    );
    assert.deepEqual([...ERASURE_REASONS], row.reasons);
  },
);
