/**
 * flush-metrics' database check, on a clock of the test's own (no wall-clock timing): the status the
 * snapshot's thresholds give, degraded by a slow answer only when the figures say healthy, a failure as
 * unhealthy — and one measurement (two clock reads) gives both the recorded time and the slowness. And the
 * audit trail's check: unhealthy while a CRITICAL integrity alert is open.
 */
import assert from "node:assert/strict";
import { checkAudit, checkDatabase } from "../../functions-shared/handlers/flush_metrics/health_checks.ts";
import type { ServiceQuery, Tx } from "../../functions-shared/platform/db.ts";

/** A clock that moves only when the fake database answers, by `tookMs`; it counts its reads. */
function fakeDatabase(answer: { status: string; details: Record<string, unknown> } | Error, tookMs: number) {
  let t = 1_000;
  let reads = 0;
  const tx = (() => {
    t += tookMs;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve([answer]);
  }) as unknown as Tx;
  const service: ServiceQuery = (work) => work(tx);
  const now = () => (reads++, t);
  return { service, now, reads: () => reads };
}

const figures = { version: "15.8", connections: { used: 3, max: 100, ratio: 0.03 }, breaches: [] };

Deno.test("healthy figures, answered fast: healthy, timed once", async () => {
  const db = fakeDatabase({ status: "healthy", details: figures }, 12.5);
  const result = await checkDatabase(db.service, db.now);
  assert.deepEqual(result, {
    component: "database",
    status: "healthy",
    responseTimeMs: 12.5,
    details: figures,
  });
  assert.equal(db.reads(), 2, "one start, one end");
});

Deno.test("healthy figures, answered slowly: degraded by the same measurement", async () => {
  const db = fakeDatabase({ status: "healthy", details: figures }, 501);
  const result = await checkDatabase(db.service, db.now);
  assert.deepEqual([result.status, result.responseTimeMs], ["degraded", 501]);
  assert.equal(db.reads(), 2);
});

Deno.test("a threshold crossed: degraded, however fast", async () => {
  const crossed = { ...figures, breaches: ["db_connections"] };
  const db = fakeDatabase({ status: "degraded", details: crossed }, 3);
  const result = await checkDatabase(db.service, db.now);
  assert.deepEqual([result.status, result.details], ["degraded", crossed]);
});

Deno.test("the snapshot fails: unhealthy, with the error and the time it took", async () => {
  const db = fakeDatabase(new Error("permission denied for function database_health_snapshot"), 7);
  const result = await checkDatabase(db.service, db.now);
  assert.deepEqual(result, {
    component: "database",
    status: "unhealthy",
    responseTimeMs: 7,
    details: {},
    error: "permission denied for function database_health_snapshot",
  });
  assert.equal(db.reads(), 2);
});

/** The audit check's one row (audit.seal_status and audit.integrity_alerts_open), answered at once. */
function auditRow(integrityAlerts: string): ServiceQuery {
  const tx = (() =>
    Promise.resolve([{
      unsealed: "0",
      oldest_unsealed: null,
      integrity_alerts: integrityAlerts,
    }])) as unknown as Tx;
  return (work) => work(tx);
}

Deno.test("the audit trail: unhealthy while a CRITICAL integrity alert is open, however fresh its seals", async () => {
  const open = await checkAudit(auditRow("1"), 0);
  assert.deepEqual([open.status, open.details.integrity_alerts_open], ["unhealthy", 1]);
  const none = await checkAudit(auditRow("0"), 0);
  assert.deepEqual([none.status, none.details.integrity_alerts_open], ["healthy", 0]);
});
