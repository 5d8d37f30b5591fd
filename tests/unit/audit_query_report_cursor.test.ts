/**
 * GET /reports' keyset cursor (handlers/audit_query/reports/cursor.ts): opaque, checksummed, tied to the
 * filters it was issued for, and never taken for the audit list's cursor (nor the other way round).
 */
import assert from "node:assert/strict";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { fromBase64Url, toBase64Url } from "../../functions-shared/core/encoding.ts";
import {
  decodeCursor,
  encodeCursor,
  encodeToken,
} from "../../functions-shared/handlers/audit_query/cursor.ts";
import {
  decodeReportCursor,
  encodeReportCursor,
  reportFiltersFingerprint,
} from "../../functions-shared/handlers/audit_query/reports/cursor.ts";
import { reportListQuerySchema } from "../../functions-shared/handlers/audit_query/reports/contract.ts";

const FILTERS = reportFiltersFingerprint({ kind: "on_demand" });
const ID = "0b6a1c3e-5f2d-4a8b-9c7d-1e2f3a4b5c6d";

function rejects(token: string, filters = FILTERS) {
  assert.throws(() => decodeReportCursor(token, filters), (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.deepEqual([error.status, error.code], [400, "INVALID_CURSOR"]);
    return true;
  });
}

Deno.test("a report cursor round-trips and is opaque base64url", () => {
  const token = encodeReportCursor({ afterId: ID, filters: FILTERS });
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.ok(!token.includes(ID));
  assert.deepEqual(decodeReportCursor(token, FILTERS), { afterId: ID, filters: FILTERS });
});

Deno.test("a report cursor changed anywhere, or issued for other filters, is a 400", () => {
  const token = encodeReportCursor({ afterId: ID, filters: FILTERS });
  for (let i = 0; i < token.length; i++) {
    if (token[i] === ".") continue;
    rejects(token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1));
  }
  rejects(token, reportFiltersFingerprint({ kind: "monthly" }));
  rejects(token, reportFiltersFingerprint({ kind: "on_demand", before: "2026-11-01T00:00:00Z" }));
  for (const bad of ["", ".", token.slice(0, -1), `${token}=`, "x".repeat(2000)]) rejects(bad);
});

Deno.test("the list's cursors and the reports' are not interchangeable", () => {
  const list = encodeCursor({
    timestamp: "2026-11-21T10:00:00.123456Z",
    seq: "42",
    from: "2026-11-20T10:00:00.000Z",
    to: "2026-11-21T10:00:00.000Z",
    filters: FILTERS,
  });
  rejects(list);
  const report = encodeReportCursor({ afterId: ID, filters: FILTERS });
  assert.throws(() => decodeCursor(report, FILTERS), HttpError);
});

Deno.test("a correctly summed report cursor with bad content is still refused", () => {
  const domain = "medic-bot/audit-query/reports-cursor/v1\n";
  const good = { v: 1, r: ID, h: FILTERS };
  assert.deepEqual(decodeReportCursor(encodeToken(domain, good), FILTERS), { afterId: ID, filters: FILTERS });
  for (
    const payload of [
      { ...good, v: 2 },
      { ...good, r: "not-a-uuid" },
      { ...good, r: ID.toUpperCase() },
      { ...good, extra: 1 },
      { v: 1, r: ID },
    ]
  ) rejects(encodeToken(domain, payload));
  // Not JSON at all, correctly summed.
  const [, sum] = encodeToken(domain, good).split(".");
  assert.ok(fromBase64Url(sum).length > 0);
  rejects(`${toBase64Url(new TextEncoder().encode("{"))}.${sum}`);
});

Deno.test("encodeReportCursor refuses what it could not decode", () => {
  assert.throws(() => encodeReportCursor({ afterId: "x", filters: FILTERS }));
  assert.throws(() => encodeReportCursor({ afterId: ID, filters: "abc" }));
});

Deno.test("GET /reports takes a cursor (bounded) beside kind, before and limit", () => {
  const token = encodeReportCursor({ afterId: ID, filters: FILTERS });
  assert.deepEqual(reportListQuerySchema.parse({ cursor: token }), { cursor: token, limit: 24 });
  assert.equal(reportListQuerySchema.safeParse({ cursor: "x".repeat(1025) }).success, false);
});
