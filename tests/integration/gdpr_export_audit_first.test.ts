/**
 * The export's order, against the stack's Postgres: nothing leaves before the gdpr.export event is
 * written, and when it cannot be written the request fails with 503 and the snapshot is rolled back —
 * the handler called directly, with the audit hook (ctx.auditEarly) under the test's control. And when
 * every connection of the exports' pool is busy, a clear 503 instead of an endless queue.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { gdprDeps } from "../../functions-shared/handlers/gdpr_export/deps.ts";
import { createDoorSql } from "../../functions-shared/platform/db.ts";
import { exportSubject } from "../../functions-shared/handlers/gdpr_export/export_subject.ts";
import type { ExportQuery } from "../../functions-shared/handlers/gdpr_export/schemas.ts";
import { loadGdprSettings } from "../../functions-shared/handlers/gdpr_export/settings.ts";
import type { Context } from "../../functions-shared/core/context.ts";
import { stackEnv } from "../support/env.ts";
import { createOrganization, createPerson } from "../support/gdpr_subjects.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const deps = gdprDeps(() => loadGdprSettings(Deno.env.toObject()));

async function contextFor(auditEarly: () => Promise<void>): Promise<Context<ExportQuery>> {
  const org = await createOrganization(sql, "Audit first");
  const person = await createPerson(sql, org, "paramedic");
  const identity = identityFromClaims({
    sub: person.id,
    role: "authenticated",
    session_id: person.sessionId,
    app_metadata: { role: "paramedic", organization_id: org },
  });
  const req = new Request("http://localhost/gdpr-export?format=ndjson");
  return {
    req,
    url: new URL(req.url),
    requestId: crypto.randomUUID(),
    functionName: "gdpr-export",
    path: "/",
    identity,
    startedAt: Date.now(),
    ip: null,
    userAgent: null,
    clientKey: null,
    params: {},
    query: { format: "ndjson", pseudonymise: "hash" },
    body: undefined,
    addAuditMetadata: () => {},
    setOutcome: () => {},
    auditEarly: () => auditEarly(),
  };
}

Deno.test("the export's audit event is written before its first byte", options, async () => {
  const order: string[] = [];
  const ctx = await contextFor(() => {
    order.push("audited");
    return Promise.resolve();
  });
  const response = await exportSubject(ctx, deps);
  order.push("response");
  const text = await response.text();
  order.push("body read");
  assert.deepEqual(order, ["audited", "response", "body read"]);
  assert.ok(text.includes('"category":"profile"'));
});

Deno.test("no audit, no export: 503 and the snapshot is rolled back", options, async () => {
  const ctx = await contextFor(() => Promise.reject(new Error("audit trail down")));
  await assert.rejects(
    () => exportSubject(ctx, deps),
    (error: unknown) =>
      error instanceof HttpError && error.status === 503 && error.code === "AUDIT_UNAVAILABLE",
  );
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const [row] = await sql`select count(*)::int as n from pg_stat_activity
      where query like '%gdpr.export_plan%' and pid <> pg_backend_pid() and state <> 'idle'`;
    if (row.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail("the export's transaction is still open after 15 s");
});

Deno.test(
  "every export connection busy: 503 EXPORT_BUSY with Retry-After; the transaction that begins later rolls back",
  options,
  async () => {
    // A pool of one connection, held by the test: only the wait's budget can end the request's wait.
    const pool = createDoorSql({ max: 1 });
    const held = await pool.reserve();
    try {
      const ctx = await contextFor(() => Promise.resolve());
      const busy = { ...deps, exportSql: () => pool, exportConnectionWaitMs: 50 };
      await assert.rejects(
        () => exportSubject(ctx, busy),
        (error: unknown) =>
          error instanceof HttpError && error.status === 503 && error.code === "EXPORT_BUSY" &&
          error.headers.get("Retry-After") === "30",
      );
    } finally {
      held.release();
    }
    // The queued export now gets the connection, finds its export refused and rolls back: the pool serves
    // the next caller (a transaction left open would hold its only connection until the idle timeout).
    const [row] = await pool.begin((tx) => tx`select 1 as one`);
    assert.equal(row.one, 1);
    await pool.end({ timeout: 5 });
  },
);
