import assert from "node:assert/strict";
import { auditActionFor, outcomeFor } from "../../functions-shared/core/audit_event.ts";

Deno.test("outcomeFor: 2xx success (or the handler's override), everything else failure", () => {
  assert.equal(outcomeFor(200), "success");
  assert.equal(outcomeFor(204), "success");
  assert.equal(outcomeFor(200, "partial"), "partial");
  assert.equal(outcomeFor(500, "partial"), "failure");
  assert.equal(outcomeFor(500, "success"), "failure");
  assert.equal(outcomeFor(404), "failure");
  assert.equal(outcomeFor(302), "failure");
});

Deno.test("auditActionFor maps pipeline failures to fixed actions and the rest to the route's", () => {
  const cases: [Parameters<typeof auditActionFor>[0], string][] = [
    [{ status: 200, routeAction: "dosing.calculate" }, "dosing.calculate"],
    [{ status: 403, errorCode: "FORBIDDEN", routeAction: "audit.query" }, "auth.unauthorized"],
    [{ status: 403, errorCode: "ORGANIZATION_MISMATCH", routeAction: "audit.query" }, "audit.query"],
    [{ status: 404, errorCode: "NOT_FOUND", routeAction: "dosing.get" }, "dosing.get"],
    [{ status: 401, errorCode: "TOKEN_INVALID" }, "auth.failure"],
    [{ status: 401, errorCode: "TOKEN_EXPIRED" }, "auth.failure"],
    [{ status: 401, errorCode: "AUTH_HEADER_MALFORMED" }, "auth.failure"],
    [{ status: 401, errorCode: "TOKEN_INVALID", routeAction: "dosing.calculate" }, "auth.failure"],
    [{ status: 400, errorCode: "VALIDATION_ERROR", routeAction: "dosing.calculate" }, "api.validation_error"],
    [{ status: 400, errorCode: "INVALID_JSON", routeAction: "dosing.calculate" }, "api.validation_error"],
    [
      { status: 413, errorCode: "PAYLOAD_TOO_LARGE", routeAction: "dosing.calculate" },
      "api.validation_error",
    ],
    [
      { status: 415, errorCode: "UNSUPPORTED_MEDIA_TYPE", routeAction: "dosing.calculate" },
      "api.validation_error",
    ],
    [{ status: 500, errorCode: "INTERNAL_ERROR", routeAction: "dosing.calculate" }, "api.error"],
    [{ status: 502, routeAction: "chat.ask" }, "api.error"],
    [{ status: 503, errorCode: "AUTH_UNAVAILABLE" }, "api.error"],
    [{ status: 403, errorCode: "CORS_ORIGIN_DENIED" }, "api.cors_denied"],
    [{ status: 429, errorCode: "RATE_LIMITED" }, "api.rate_limited"],
    // Refused before routing, so no route action: not a 404's api.not_found.
    [{ status: 403, errorCode: "BANNED" }, "api.rate_limited"],
    [{ status: 204, preflight: true }, "api.preflight"],
    [{ status: 404, errorCode: "NOT_FOUND" }, "api.not_found"],
    [{ status: 405, errorCode: "METHOD_NOT_ALLOWED" }, "api.method_not_allowed"],
  ];
  for (const [input, expected] of cases) assert.equal(auditActionFor(input), expected, JSON.stringify(input));
});
