/** Which requests leave error_logs and security_events rows, and what those rows hold (no token, no path ids). */
import assert from "node:assert/strict";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import { clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { observationsOf } from "../../functions-shared/pipeline/observability/request_observations.ts";

const base: RequestEvent = {
  functionName: "audit-query",
  action: "audit.query",
  resource: "audit_logs",
  outcome: "failure",
  status: 200,
  durationMs: 12.4,
  identity: GUEST_IDENTITY,
  requestId: "9f1b6c2e-0000-4000-8000-000000000001",
  method: "GET",
  path: "/users/7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87/trail",
  route: "/users/:userId/trail",
  ip: "198.51.100.7",
  userAgent: "MedicBot/1.0",
  clientKey: clientAddressKey("198.51.100.7", "test-secret"),
  startedAt: Date.UTC(2026, 10, 22, 13, 5),
  metadata: {},
};

Deno.test("a 5xx → one error_logs row with the route template and the client-safe message", () => {
  const { errors, security } = observationsOf({ ...base, status: 503, errorCode: "AUDIT_UNAVAILABLE" });
  assert.equal(security.length, 0);
  assert.equal(errors.length, 1);
  const row = errors[0];
  assert.deepEqual([row.component, row.error_code, row.http_status, row.request_id], [
    "audit-query/users/:userId/trail",
    "AUDIT_UNAVAILABLE",
    503,
    base.requestId,
  ]);
  assert.ok(!JSON.stringify(row).includes("7b0c6a3e"), "no id from the concrete path");
  const raw = observationsOf({ ...base, status: 502, errorCode: undefined });
  assert.equal(raw.errors[0].error_code, "HTTP_502");
});

Deno.test("token failures and CORS rejections → security events keyed by the client's address key", () => {
  const token = observationsOf({ ...base, status: 401, errorCode: "TOKEN_EXPIRED" });
  const cors = observationsOf({ ...base, status: 403, errorCode: "CORS_ORIGIN_DENIED" });
  assert.equal(token.security[0].event_type, "auth.token_failure");
  assert.equal(cors.security[0].event_type, "cors.rejected");
  assert.equal(token.security[0].identifier, base.clientKey, "the key the limiter counts the address under");
  assert.equal(token.security[0].identifier, cors.security[0].identifier, "same client, same key");
  assert.ok(!JSON.stringify(token.security).includes("198.51.100.7"), "no raw address");
});

Deno.test("ordinary 2xx and 4xx answers leave nothing", () => {
  for (
    const [status, errorCode] of [[200, undefined], [404, "NOT_FOUND"], [429, "RATE_LIMITED"], [
      401,
      "UNAUTHENTICATED",
    ]] as const
  ) {
    const { errors, security } = observationsOf({ ...base, status, errorCode });
    assert.equal(errors.length + security.length, 0, `${status} ${errorCode}`);
  }
});
