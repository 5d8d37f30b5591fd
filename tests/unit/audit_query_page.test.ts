/**
 * pageOf: listQuery's rows as a list page. It orders them (the statement does not), keeps `limit`, says
 * whether there is more, and empties postgres.js's answer once read, so that an answer kept reachable
 * after its request no longer holds its rows (issue 18: they were what each scavenge copied).
 */
import assert from "node:assert/strict";
import type postgres from "postgres";
import { pageOf } from "../../functions-shared/handlers/audit_query/queries.ts";

/** A row as listQuery's columns name it (int8 seq as text, as postgres.js hands it over). */
function row(seq: number, timestamp: string): postgres.Row {
  return {
    seq: String(seq),
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    timestamp,
    organizationId: "0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4",
    actorPseudonym: "5c1d0e2f-0000-4000-8000-000000000001",
    userRole: "paramedic",
    sessionPseudonym: null,
    action: "dosing.calculate",
    resource: "dosing",
    outcome: "success",
    metadata: { medication: "naloxone" },
    ipPseudonym: "5c1d0e2f-0000-4000-8000-000000000002",
    userAgentPseudonym: null,
    errorMessage: null,
    durationMs: 12,
    correlationId: `corr-${seq}`,
    dataClassification: "INTERNAL",
    eventVersion: 1,
    createdAt: timestamp,
    userId: `user-of-${seq}`,
    sessionId: null,
    ipAddress: "198.18.0.1",
    userAgent: null,
  };
}

const ROWS = () => [
  row(7, "2026-11-20T10:00:00.000000Z"),
  row(9, "2026-11-21T10:00:00.000000Z"),
  row(8, "2026-11-21T10:00:00.000000Z"), // same instant as 9: the higher seq first
];

Deno.test("pageOf: newest first (seq breaks a tie), limit kept, more after it", () => {
  const rows = ROWS();
  const { entries, hasMore } = pageOf(rows, 2);
  assert.deepEqual(entries.map((e) => e.seq), [9, 8]);
  assert.equal(hasMore, true);
  assert.equal(entries[0].userId, "user-of-9");
  assert.equal(entries[0].ipAddress, "198.18.0.1");
  assert.equal(entries[0].ipPseudonym, "5c1d0e2f-0000-4000-8000-000000000002");
  assert.deepEqual(entries[0].metadata, { medication: "naloxone" });
});

Deno.test("pageOf: the whole answer when it fits, no more after it", () => {
  const { entries, hasMore } = pageOf(ROWS(), 3);
  assert.deepEqual(entries.map((e) => e.seq), [9, 8, 7]);
  assert.equal(hasMore, false);
});

Deno.test("pageOf: postgres.js's answer is emptied once read, the entries keep their values", () => {
  const rows = ROWS();
  const { entries } = pageOf(rows, 2);
  assert.equal(rows.length, 0);
  assert.equal(entries.length, 2);
  assert.equal(entries[1].correlationId, "corr-8");
});
