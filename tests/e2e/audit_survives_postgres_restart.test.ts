/**
 * Fault: Postgres stops while requests are answered. The answers do not fail, the events wait in the
 * Redis spool, and once Postgres is back every one of them lands exactly once.
 */
import assert from "node:assert/strict";
import { createAuditWriter, drainAuditSpool } from "../../functions-shared/pipeline/audit/writer.ts";
import { closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { defineFunction, route } from "../../functions-shared/pipeline/mod.ts";
import { startStackPostgres, stopStackPostgres } from "../support/postgres_control.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const noLimit = { check: () => ({ allowed: true }) };

Deno.test("stopping Postgres during requests loses no audit event once it is back", options, async () => {
  const writer = createAuditWriter(); // the production writer: isolate pool, Redis spool audit:spool
  const fn = defineFunction({
    name: "fault-probe",
    routes: [route({
      method: "GET",
      path: "/",
      audit: { action: "dosing.list", resource: "formulary" },
      handler: () => ({ ok: true }),
    })],
  }, { auditSink: writer, rateLimiter: noLimit, metricsSink: { record() {} } });

  const requestIds: string[] = [];
  async function burst(n: number) {
    const responses = await Promise.all(
      Array.from({ length: n }, () => fn.fetch(new Request("http://localhost/fault-probe"))),
    );
    for (const r of responses) {
      assert.equal(r.status, 200, "answers keep coming");
      requestIds.push(r.headers.get("X-Request-Id")!);
      await r.body?.cancel();
    }
  }

  await burst(5);
  await writer.flush();
  await stopStackPostgres();
  try {
    await burst(20);
    await writer.flush();
  } finally {
    await startStackPostgres();
  }
  await burst(5);
  await writer.flush();

  // Land what was spooled while Postgres was down (flush-metrics does this hourly in production).
  for (let i = 0; i < 10; i++) {
    const { remaining } = await drainAuditSpool();
    if (remaining === 0) break;
  }
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  try {
    const [row] = await sql`select count(*)::int as rows, count(distinct correlation_id)::int as requests
      from public.audit_logs where correlation_id = any(${requestIds})`;
    assert.deepEqual(row, { rows: 30, requests: 30 }, "every request audited exactly once");
  } finally {
    await sql.end();
    await closeDb();
  }
});
