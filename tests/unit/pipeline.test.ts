/** The composed pipeline, end to end through defineFunction(...).fetch(new Request(...)). */
import assert from "node:assert/strict";
import { configVerdict } from "../../functions-shared/pipeline/config_check.ts";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { z } from "zod";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { SECURITY_HEADERS } from "../../functions-shared/pipeline/cors.ts";
import {
  defineFunction,
  HttpError,
  type PipelineOptions,
  registerSeams,
  route,
} from "../../functions-shared/pipeline/mod.ts";
import { resetSeams } from "../../functions-shared/pipeline/seams.ts";
import { toValidationIssues } from "../../functions-shared/pipeline/validate.ts";
import {
  ALLOWED_ORIGIN,
  chunkedBody,
  hsToken,
  OTHER_SECRET,
  recordingLogger,
  recordingSink,
  testConfig,
  unsignedToken,
  userClaims,
} from "./_helpers.ts";
import { LOCAL_SEAL_PUBLIC_KEY, LOCAL_SEAL_SIGNING_KEY } from "../../scripts/stack/keys.ts";

const BASE = "http://127.0.0.1:54321/dosing";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/; // newRequestId: v7

const CalculateSchema = z.object({
  medicationId: z.string().min(1),
  patient: z.object({ weightKg: z.number().positive().max(300) }),
});
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** A small function shaped like the dosing one, plus a few routes that exercise edge cases. */
function makeFunction(options: PipelineOptions = {}) {
  const handled: string[] = [];
  const audit = recordingSink();
  const metrics = recordingSink();
  const logger = recordingLogger();
  const fn = defineFunction({
    name: "dosing",
    rateLimitClass: "DOSING",
    routes: [
      route({
        method: "GET",
        path: "/",
        query: ListQuery,
        audit: { action: "dosing.list", resource: "formulary" },
        handler: ({ query }) => (handled.push("list"), { items: [], limit: query.limit }),
      }),
      route({
        method: "POST",
        path: "/",
        body: CalculateSchema,
        audit: { action: "dosing.calculate", resource: "dosing" },
        handler: ({ body, identity, addAuditMetadata }) => {
          handled.push("calculate");
          addAuditMetadata({ medicationId: body.medicationId });
          return {
            medicationId: body.medicationId,
            weightKg: body.patient.weightKg,
            role: identity.userRole,
          };
        },
      }),
      route({
        method: "POST",
        path: "/small",
        body: z.object({}).loose(),
        maxBodyBytes: 16,
        audit: { action: "protocol.search", resource: "dosing" },
        handler: () => ({ ok: true }),
      }),
      route({
        method: "GET",
        path: "/whoami",
        audit: { action: "user.login", resource: "identity" },
        handler: ({ identity }) => ({
          kind: identity.kind,
          userRole: identity.userRole,
          userId: identity.userId ?? null,
        }),
      }),
      route({
        method: "GET",
        path: "/boom",
        audit: { action: "protocol.view", resource: "dosing" },
        handler: () => {
          throw new Error("db password=hunter2 at 10.1.2.3");
        },
      }),
      route({
        method: "GET",
        path: "/conflict",
        audit: { action: "chat.query", resource: "dosing" },
        handler: () => {
          throw new HttpError(409, "DOSE_CONFLICT", "Weight band changed.");
        },
      }),
      route({
        method: "GET",
        path: "/export.csv",
        audit: { action: "audit.export", resource: "formulary" },
        handler: ({ setOutcome }) => {
          setOutcome("partial");
          return new Response("id,name\n1,epinephrine\n", { headers: { "Content-Type": "text/csv" } });
        },
      }),
      route({
        method: "GET",
        path: "/elsewhere",
        audit: { action: "chat.stream", resource: "dosing" },
        handler: () => Response.redirect("https://example.org/", 302), // immutable headers
      }),
      route({
        method: "DELETE",
        path: "/:id",
        audit: { action: "gdpr.erase", resource: "dosing" },
        handler: () => undefined,
      }),
      route({
        method: "GET",
        path: "/:id",
        audit: { action: "audit.query", resource: "formulary" },
        handler: ({ params }) => ({ id: params.id }),
      }),
      route({
        method: "GET",
        path: "/items/:itemId",
        params: z.strictObject({ itemId: z.uuid().transform((v) => v.toLowerCase()) }),
        audit: { action: "audit.query", resource: "formulary" },
        handler: ({ params }) => (handled.push("item"), { itemId: params.itemId }),
      }),
    ],
  }, { config: testConfig(), auditSink: audit, metricsSink: metrics, logger: logger.log, ...options });
  const call = (path: string, init: RequestInit = {}) => fn.fetch(new Request(BASE + path, init));
  return { fn, call, handled, audit, metrics, logger };
}

async function envelopeOf(response: Response) {
  const body = await response.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.requestId, response.headers.get("X-Request-Id"));
  return body.error as { code: string; message: string; details?: unknown; requestId: string };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const validCalculation = { medicationId: "epinephrine-1mg-ml", patient: { weightKg: 20 } };

Deno.test("success: 200 JSON, a fresh server-side X-Request-Id, security headers, Vary: Origin", async () => {
  const { call } = makeFunction();
  const response = await call("?limit=5", { headers: { "X-Request-Id": "client-chosen" } });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { items: [], limit: 5 });
  assert.match(response.headers.get("X-Request-Id")!, UUID);
  assert.equal(response.headers.get("Vary"), "Origin");
  assert.equal(response.headers.has("Access-Control-Allow-Origin"), false);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(response.headers.get(name), value);
  }
  const other = await call("");
  await other.body?.cancel();
  assert.notEqual(other.headers.get("X-Request-Id"), response.headers.get("X-Request-Id"));
});

Deno.test("allowed origin is echoed with Vary, also on error responses", async () => {
  const { call } = makeFunction();
  const ok = await call("", { headers: { Origin: ALLOWED_ORIGIN } });
  await ok.body?.cancel();
  assert.equal(ok.headers.get("Access-Control-Allow-Origin"), ALLOWED_ORIGIN);
  assert.equal(ok.headers.get("Vary"), "Origin");
  assert.match(ok.headers.get("Access-Control-Expose-Headers")!, /X-Request-Id/);

  const denied = await call("", { headers: { Origin: ALLOWED_ORIGIN, ...bearer("not-a-jwt") } });
  assert.equal(denied.status, 401);
  assert.equal(
    denied.headers.get("Access-Control-Allow-Origin"),
    ALLOWED_ORIGIN,
    "browser must be able to read the 401",
  );
  await denied.body?.cancel();
});

Deno.test("allowed preflight: 204 with methods, headers, max-age; the handler never runs", async () => {
  const { call, handled, audit } = makeFunction();
  const response = await call("", {
    method: "OPTIONS",
    headers: { Origin: ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST", ...bearer("garbage") },
  });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get("Access-Control-Allow-Origin"), ALLOWED_ORIGIN);
  assert.equal(response.headers.get("Access-Control-Allow-Methods"), "GET, POST, DELETE, OPTIONS");
  assert.match(
    response.headers.get("Access-Control-Allow-Headers")!,
    /authorization.*apikey.*content-type.*x-client-info/,
  );
  assert.equal(response.headers.get("Access-Control-Max-Age"), "7200");
  assert.match(response.headers.get("X-Request-Id")!, UUID);
  assert.deepEqual(handled, []);
  assert.equal(audit.events[0].action, "api.preflight");
});

Deno.test("foreign-origin preflight: 403 CORS_ORIGIN_DENIED and no Access-Control-Allow-Origin", async () => {
  const { call, handled, audit } = makeFunction();
  const response = await call("", {
    method: "OPTIONS",
    headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
  });
  assert.equal(response.status, 403);
  assert.equal(response.headers.has("Access-Control-Allow-Origin"), false);
  assert.equal(response.headers.has("Access-Control-Allow-Methods"), false);
  assert.equal(response.headers.get("Vary"), "Origin");
  assert.equal((await envelopeOf(response)).code, "CORS_ORIGIN_DENIED");
  assert.deepEqual(handled, []);
  assert.deepEqual([audit.events.length, audit.events[0].action, audit.events[0].outcome], [
    1,
    "api.cors_denied",
    "failure",
  ]);
});

Deno.test("foreign origin on a normal request is refused before the handler; no Origin passes", async () => {
  const { call, handled } = makeFunction();
  const response = await call("", { headers: { Origin: "https://console.medic-bot.example.evil.com" } });
  assert.equal(response.status, 403);
  assert.equal(response.headers.has("Access-Control-Allow-Origin"), false);
  assert.equal((await envelopeOf(response)).code, "CORS_ORIGIN_DENIED");
  assert.deepEqual(handled, []);
});

Deno.test("localhost origins are allowed only in development", async () => {
  const dev = makeFunction({ config: loadConfig({ APP_ENV: "development", JWT_SECRET: "x".repeat(32) }) });
  const ok = await dev.call("", { headers: { Origin: "http://localhost:5173" } });
  await ok.body?.cancel();
  assert.equal(ok.headers.get("Access-Control-Allow-Origin"), "http://localhost:5173");
  const prod = await makeFunction().call("", { headers: { Origin: "http://localhost:5173" } });
  await prod.body?.cancel();
  assert.equal(prod.status, 403);
});

Deno.test("forged JWT → 401 TOKEN_INVALID; envelope requestId equals X-Request-Id; audited as auth.failure", async () => {
  const { call, handled, audit, metrics } = makeFunction();
  const response = await call("/whoami", {
    headers: bearer(await hsToken(userClaims(), { secret: OTHER_SECRET })),
  });
  assert.equal(response.status, 401);
  const error = await envelopeOf(response);
  assert.equal(error.code, "TOKEN_INVALID");
  assert.match(error.requestId, UUID);
  assert.deepEqual(handled, []);
  assert.equal(audit.events.length, 1);
  assert.equal(metrics.events.length, 1);
  assert.deepEqual(
    [audit.events[0].action, audit.events[0].outcome, audit.events[0].status, audit.events[0].requestId],
    ["auth.failure", "failure", 401, error.requestId],
  );
});

Deno.test("expired JWT → 401 TOKEN_EXPIRED; alg none → 401 TOKEN_ALG_NOT_ALLOWED; bad header → AUTH_HEADER_MALFORMED", async () => {
  const { call } = makeFunction();
  const expired = await call("/whoami", {
    headers: bearer(await hsToken(userClaims(), { expiresIn: -120 })),
  });
  assert.deepEqual([expired.status, (await envelopeOf(expired)).code], [401, "TOKEN_EXPIRED"]);
  const none = await call("/whoami", {
    headers: bearer(unsignedToken(userClaims({ app_metadata: { role: "admin" } }))),
  });
  assert.deepEqual([none.status, (await envelopeOf(none)).code], [401, "TOKEN_ALG_NOT_ALLOWED"]);
  const basic = await call("/whoami", { headers: { Authorization: "Basic dXNlcjpwdw==" } });
  assert.deepEqual([basic.status, (await envelopeOf(basic)).code], [401, "AUTH_HEADER_MALFORMED"]);
});

Deno.test("JWT_AUDIENCE reaches identify: a token for another audience is 401 TOKEN_INVALID, audited as auth.failure", async () => {
  const { call, audit } = makeFunction({ config: testConfig({ JWT_AUDIENCE: "medic-bot" }) });
  const refused = await call("/whoami", { headers: bearer(await hsToken(userClaims())) });
  assert.deepEqual([refused.status, (await envelopeOf(refused)).code], [401, "TOKEN_INVALID"]);
  assert.equal(audit.events[0].action, "auth.failure");
  const accepted = await call("/whoami", {
    headers: bearer(await hsToken(userClaims({ aud: "medic-bot" }))),
  });
  assert.equal((await accepted.json()).userRole, "paramedic");
  // And by default, Supabase Auth's audience only.
  const { call: byDefault } = makeFunction();
  const other = await byDefault("/whoami", {
    headers: bearer(await hsToken(userClaims({ aud: "medic-bot" }))),
  });
  assert.deepEqual([other.status, (await envelopeOf(other)).code], [401, "TOKEN_INVALID"]);
});

Deno.test("identity: guest without a token; user_metadata.role 'admin' does not make an admin", async () => {
  const { call } = makeFunction();
  assert.deepEqual(await (await call("/whoami")).json(), { kind: "guest", userRole: "guest", userId: null });
  const token = await hsToken(userClaims({ app_metadata: {}, user_metadata: { role: "admin" } }));
  assert.deepEqual(await (await call("/whoami", { headers: bearer(token) })).json(), {
    kind: "user",
    userRole: "guest",
    userId: userClaims().sub,
  });
  const paramedic = await call("/whoami", { headers: bearer(await hsToken(userClaims())) });
  assert.equal((await paramedic.json()).userRole, "paramedic");
});

Deno.test("ES256 tokens verify through an injected local JWKS (no network)", async () => {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(publicKey)), kid: "local-1", alg: "ES256" }],
  });
  const { call } = makeFunction({ jwks, config: loadConfig({ APP_ENV: "production" }) });
  const token = await new SignJWT(userClaims({ app_metadata: { role: "medical_director" } }))
    .setProtectedHeader({ alg: "ES256", kid: "local-1" }).setExpirationTime("5m").sign(privateKey);
  const response = await call("/whoami", { headers: bearer(token) });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).userRole, "medical_director");
  const hs = await call("/whoami", { headers: bearer(await hsToken(userClaims())) });
  assert.equal((await envelopeOf(hs)).code, "TOKEN_ALG_NOT_ALLOWED");
});

Deno.test("valid body reaches the handler typed; handler metadata lands in the audit event", async () => {
  const { call, audit } = makeFunction();
  const response = await call("", postJson(validCalculation, bearer(await hsToken(userClaims()))));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    medicationId: "epinephrine-1mg-ml",
    weightKg: 20,
    role: "paramedic",
  });
  const [event] = audit.events;
  assert.deepEqual(
    [event.action, event.resource, event.outcome, event.status, event.functionName, event.rateLimitClass],
    ["dosing.calculate", "dosing", "success", 200, "dosing", "DOSING"],
  );
  assert.deepEqual(event.metadata, { medicationId: "epinephrine-1mg-ml" });
  assert.equal(event.identity.kind, "user");
  assert.equal(event.method, "POST");
  assert.equal(event.path, "/");
  assert.ok(event.durationMs >= 0);
});

Deno.test("415 for a body with the wrong content type", async () => {
  const { call, handled } = makeFunction();
  const response = await call("", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
  assert.deepEqual([response.status, (await envelopeOf(response)).code], [415, "UNSUPPORTED_MEDIA_TYPE"]);
  assert.deepEqual(handled, []);
});

Deno.test("413 for a declared-too-large body and for a chunked body without Content-Length", async () => {
  const { call, audit } = makeFunction();
  const declared = await call("", postJson({ pad: "x".repeat(70 * 1024) }));
  assert.deepEqual([declared.status, (await envelopeOf(declared)).code], [413, "PAYLOAD_TOO_LARGE"]);

  const chunked = await call("", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: chunkedBody(1024 * 1024),
  });
  assert.deepEqual([chunked.status, (await envelopeOf(chunked)).code], [413, "PAYLOAD_TOO_LARGE"]);

  const perRoute = await call("/small", postJson({ note: "over sixteen bytes" }));
  assert.deepEqual([perRoute.status, (await envelopeOf(perRoute)).code], [413, "PAYLOAD_TOO_LARGE"]);
  assert.deepEqual(audit.events.map((e) => e.action), Array(3).fill("api.validation_error"));
});

Deno.test("400 INVALID_JSON for unparseable JSON", async () => {
  const { call } = makeFunction();
  const response = await call("", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{oops",
  });
  assert.deepEqual([response.status, (await envelopeOf(response)).code], [400, "INVALID_JSON"]);
});

Deno.test("a route's params schema: a malformed path parameter is a 400 naming it, a good one arrives parsed", async () => {
  const { call, handled } = makeFunction();
  const bad = await call("/items/xyz");
  assert.equal(bad.status, 400);
  const error = await envelopeOf(bad);
  assert.equal(error.code, "VALIDATION_ERROR");
  assert.deepEqual((error.details as { path: string }[]).map((d) => d.path), ["itemId"]);
  assert.deepEqual(handled, []);
  const good = await call("/items/0E3A8C1B-94C4-4C2B-9E9A-6F2D1B7A5C01");
  assert.equal(good.status, 200);
  assert.deepEqual(await good.json(), { itemId: "0e3a8c1b-94c4-4c2b-9e9a-6f2d1b7a5c01" });
});

Deno.test("400 VALIDATION_ERROR lists every failing field", async () => {
  const { call, handled } = makeFunction();
  const response = await call("", postJson({ medicationId: "", patient: { weightKg: -3 } }));
  assert.equal(response.status, 400);
  const error = await envelopeOf(response);
  assert.equal(error.code, "VALIDATION_ERROR");
  const details = error.details as { path: string; code: string; message: string }[];
  assert.deepEqual(details.map((d) => d.path).sort(), ["medicationId", "patient.weightKg"]);
  assert.ok(details.every((d) => d.code && d.message));
  assert.deepEqual(handled, []);

  const query = await call("?limit=1000");
  assert.deepEqual((await envelopeOf(query)).details, [{
    path: "limit",
    code: "too_big",
    message: "Too big: expected number to be <=100",
  }]);
});

Deno.test("a route that declares no query refuses any parameter: 400 VALIDATION_ERROR naming each, before its handler", async () => {
  const { call, handled, audit } = makeFunction();
  const response = await call("?weightKg=20&unit=kg&unit=lb", postJson(validCalculation));
  assert.equal(response.status, 400);
  const error = await envelopeOf(response);
  assert.equal(error.code, "VALIDATION_ERROR");
  assert.deepEqual(error.details, [{
    path: "",
    code: "unrecognized_keys",
    message: 'Unrecognized keys: "weightKg", "unit"',
  }]);
  // The answer a route's own strict query schema gives for parameters it does not know.
  const strict = ListQuery.strict().safeParse({ weightKg: "20", unit: ["kg", "lb"] });
  assert.deepEqual(error.details, toValidationIssues(strict.error!));
  // A GET route, and a parameter with no value, are refused the same way.
  const get = await call("/whoami?debug");
  assert.equal(get.status, 400);
  assert.deepEqual((await envelopeOf(get)).details, [{
    path: "",
    code: "unrecognized_keys",
    message: 'Unrecognized key: "debug"',
  }]);
  assert.deepEqual(handled, []);
  assert.deepEqual(audit.events.map((e) => e.action), ["api.validation_error", "api.validation_error"]);
  // No parameter, or a bare `?`, is no query at all.
  assert.equal((await call("", postJson(validCalculation))).status, 200);
  assert.equal((await call("?", postJson(validCalculation))).status, 200);
  assert.deepEqual(handled, ["calculate", "calculate"]);
});

Deno.test("a thrown non-HttpError → 500 INTERNAL_ERROR without message or stack; logged with the request id", async () => {
  const { call, logger, audit } = makeFunction();
  const response = await call("/boom");
  assert.equal(response.status, 500);
  const text = await response.text();
  assert.doesNotMatch(text, /hunter2|10\.1\.2\.3|at |Error:/);
  const error = JSON.parse(text).error;
  assert.equal(error.code, "INTERNAL_ERROR");
  assert.equal(error.requestId, response.headers.get("X-Request-Id"));
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0].fields?.requestId, error.requestId);
  assert.match(String(logger.lines[0].fields?.stack), /hunter2/);
  assert.deepEqual([audit.events[0].action, audit.events[0].errorCode], ["api.error", "INTERNAL_ERROR"]);
});

Deno.test("a handler's HttpError keeps its status and code; audited under the route's action", async () => {
  const { call, audit } = makeFunction();
  const response = await call("/conflict");
  assert.deepEqual([response.status, (await envelopeOf(response)).code], [409, "DOSE_CONFLICT"]);
  assert.deepEqual([audit.events[0].action, audit.events[0].outcome], ["chat.query", "failure"]);
});

Deno.test("404 for an unknown path (or outside /<name>), 405 with Allow for a known path", async () => {
  const { call, fn, audit } = makeFunction();
  const unknown = await call("/a/b/c");
  assert.deepEqual([unknown.status, (await envelopeOf(unknown)).code], [404, "NOT_FOUND"]);
  const outside = await fn.fetch(new Request("http://127.0.0.1:54321/other-fn/"));
  assert.deepEqual([outside.status, (await envelopeOf(outside)).code], [404, "NOT_FOUND"]);
  const wrongMethod = await call("/", { method: "PUT" });
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get("Allow"), "GET, POST");
  assert.equal((await envelopeOf(wrongMethod)).code, "METHOD_NOT_ALLOWED");
  assert.deepEqual(audit.events.map((e) => e.action), [
    "api.not_found",
    "api.not_found",
    "api.method_not_allowed",
  ]);
});

Deno.test("path params; literal routes win; undefined → 204; /functions/v1 prefix tolerated", async () => {
  const { call, fn } = makeFunction();
  assert.deepEqual(await (await call("/epi%20nephrine")).json(), { id: "epi nephrine" });
  assert.equal((await call("/whoami")).status, 200);
  const deleted = await call("/abc", { method: "DELETE" });
  assert.equal(deleted.status, 204);
  assert.equal(deleted.body, null);
  const full = await fn.fetch(new Request("http://127.0.0.1:54321/functions/v1/dosing/xyz"));
  assert.deepEqual(await full.json(), { id: "xyz" });
});

Deno.test("a handler's own Response is passed through with pipeline headers; immutable headers are copied", async () => {
  const { call, audit } = makeFunction();
  const csv = await call("/export.csv");
  assert.equal(csv.headers.get("Content-Type"), "text/csv");
  assert.equal(await csv.text(), "id,name\n1,epinephrine\n");
  assert.match(csv.headers.get("X-Request-Id")!, UUID);
  assert.equal(audit.events[0].outcome, "partial");

  const redirect = await call("/elsewhere");
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get("Location"), "https://example.org/");
  assert.match(redirect.headers.get("X-Request-Id")!, UUID);
  assert.equal(redirect.headers.get("X-Frame-Options"), "DENY");
});

Deno.test("rate limiter seam: sees class and identity; refusal → 429 with Retry-After and limit headers", async () => {
  const seen: string[] = [];
  const { call, handled, audit } = makeFunction({
    rateLimiter: {
      check: (ctx) => {
        seen.push(`${ctx.rateLimitClass}:${ctx.identity.kind}:${ctx.path}`);
        return seen.length > 1
          ? {
            allowed: false,
            retryAfter: 30,
            headers: { "X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0" },
          }
          : { allowed: true, headers: { "X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0" } };
      },
    },
  });
  const first = await call("", { headers: { Origin: ALLOWED_ORIGIN } });
  await first.body?.cancel();
  assert.equal(first.headers.get("X-RateLimit-Limit"), "1");
  const second = await call("/nope", { headers: { Origin: ALLOWED_ORIGIN } });
  assert.equal(second.status, 429);
  assert.equal(second.headers.get("Retry-After"), "30");
  assert.equal(second.headers.get("X-RateLimit-Remaining"), "0");
  assert.match(second.headers.get("Access-Control-Expose-Headers")!, /Retry-After/);
  assert.equal((await envelopeOf(second)).code, "RATE_LIMITED");
  assert.deepEqual(seen, ["DOSING:guest:/", "DOSING:guest:/nope"]);
  assert.deepEqual(handled, ["list"]);
  assert.deepEqual(audit.events.map((e) => e.action), ["dosing.list", "api.rate_limited"]);
});

Deno.test("a banned client's 403 is audited as the limiter's refusal, not as a path that was not found", async () => {
  const bannedUntil = new Date(Date.now() + 60_000).toISOString();
  const { call, handled, audit } = makeFunction({
    rateLimiter: { check: () => ({ allowed: false, bannedUntil, retryAfter: 60, headers: {} }) },
  });
  const refused = await call("", { headers: { Origin: ALLOWED_ORIGIN } });
  assert.equal(refused.status, 403);
  assert.equal((await envelopeOf(refused)).code, "BANNED");
  assert.deepEqual(handled, []);
  assert.deepEqual(audit.events.map((e) => [e.action, e.errorCode]), [["api.rate_limited", "BANNED"]]);
});

Deno.test("sinks are called exactly once per request, with matching events, whatever the outcome", async () => {
  const { call, audit, metrics } = makeFunction();
  const requests: [string, RequestInit][] = [
    ["", {}],
    ["", { headers: bearer("x.y.z") }],
    ["/boom", {}],
    ["/none/such", {}],
    ["", {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    }],
  ];
  const ids: string[] = [];
  for (const [path, init] of requests) {
    const response = await call(path, init);
    ids.push(response.headers.get("X-Request-Id")!);
    await response.body?.cancel();
  }
  assert.deepEqual(audit.events.map((e) => e.requestId), ids);
  assert.deepEqual(metrics.events, audit.events);
  assert.deepEqual(
    audit.events.map((e) => [e.action, e.outcome, e.status]),
    [
      ["dosing.list", "success", 200],
      ["auth.failure", "failure", 401],
      ["api.error", "failure", 500],
      ["api.not_found", "failure", 404],
      ["api.cors_denied", "failure", 403],
    ],
  );
});

Deno.test("a failing sink is logged and does not change the response", async () => {
  const logger = recordingLogger();
  const { call } = makeFunction({
    auditSink: { record: () => Promise.reject(new Error("audit db down")) },
    logger: logger.log,
  });
  const response = await call("");
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.equal(logger.lines[0]?.message, "audit sink failed");
});

Deno.test("a sink that throws synchronously is logged too; the other sink still records, the response stands", async () => {
  const logger = recordingLogger();
  const audit = recordingSink();
  const { call } = makeFunction({
    auditSink: audit,
    metricsSink: {
      record: () => {
        throw new Error("metrics broke");
      },
    },
    logger: logger.log,
  });
  const response = await call("");
  assert.equal(response.status, 200);
  await response.body?.cancel();
  assert.equal(audit.events.length, 1);
  assert.equal(logger.lines[0]?.message, "metrics sink failed");
});

Deno.test("registered seams are used when no override is given", async () => {
  const audit = recordingSink();
  registerSeams({ auditSink: audit, rateLimiter: { check: () => ({ allowed: false, retryAfter: 1 }) } });
  try {
    const fn = defineFunction({ name: "dosing", routes: [] }, { config: testConfig() });
    const response = await fn.fetch(new Request(BASE));
    assert.equal(response.status, 429);
    await response.body?.cancel();
    assert.equal(audit.events.length, 1);
  } finally {
    resetSeams();
  }
});

/** A function with one GET / route, for the tests that are about the pipeline around it. */
const listOnly = (options: PipelineOptions) =>
  defineFunction({
    name: "dosing",
    routes: [
      route({
        method: "GET",
        path: "/",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: () => ({}),
      }),
    ],
  }, options);

Deno.test("a forged token is counted in the AUTH class and refused 429 past it; an expired one is not counted", async () => {
  const classes: (string | undefined)[] = [];
  const refuseAll = {
    check: (ctx: { rateLimitClass?: string }) => (classes.push(ctx.rateLimitClass), { allowed: false }),
  };
  const audit = recordingSink();
  const fn = listOnly({
    config: testConfig(),
    auditSink: audit,
    metricsSink: recordingSink(),
    rateLimiter: refuseAll,
    sessionGuard: null,
  });
  const call = async (token: string) => {
    const res = await fn.fetch(
      new Request(BASE, { headers: { Authorization: `Bearer ${token}`, "X-Forwarded-For": "203.0.113.50" } }),
    );
    return { status: res.status, code: (await res.json()).error?.code };
  };
  assert.deepEqual(await call(await hsToken(userClaims(), { secret: OTHER_SECRET })), {
    status: 429,
    code: "RATE_LIMITED",
  });
  assert.deepEqual(classes, ["AUTH"]);
  assert.equal(audit.events[0].metadata.refused_failure, "TOKEN_INVALID");
  assert.equal(audit.events[0].ip, null, "a refused guest is recorded by its key, not its address");
  assert.deepEqual(await call(await hsToken(userClaims(), { expiresIn: -60 })), {
    status: 401,
    code: "TOKEN_EXPIRED",
  });
  assert.deepEqual(classes, ["AUTH"], "an expired token (ours) is not counted");
  assert.equal(audit.events[1].ip, "203.0.113.50", "and its answer is audited as usual");
  const foreign = await fn.fetch(new Request(BASE, { headers: { Origin: "https://elsewhere.example" } }));
  assert.deepEqual([foreign.status, (await foreign.json()).error.code], [429, "RATE_LIMITED"]);
  assert.deepEqual(classes, ["AUTH", "AUTH"], "a foreign origin counts in the same class");
});

const SERVICE_KEY = "service-role-key-for-the-config-check";
/** Everything core/required_config.ts asks of dosing. */
const DOSING_ENV = {
  MEDIC_EDGE_DB_URL: "postgres://medic_edge:x@127.0.0.1:1/postgres",
  JWT_SECRET: "a-jwt-secret-that-is-long-enough-to-sign-with",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
  UPSTASH_REDIS_REST_TOKEN: "token",
  SUPABASE_URL: "http://127.0.0.1:2",
  SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
};

Deno.test("configuration incomplete: every request is refused 503 CONFIG_ERROR, the names logged once", async () => {
  resetSeams(); // the production sinks: the check applies
  const logger = recordingLogger();
  const env = { ...DOSING_ENV, MEDIC_EDGE_DB_URL: undefined, JWT_SECRET: "" };
  const fn = listOnly({ env, logger: logger.log, rateLimiter: { check: () => ({ allowed: true }) } });
  for (let i = 0; i < 2; i++) {
    const response = await fn.fetch(new Request(BASE));
    assert.equal(response.status, 503);
    const error = await envelopeOf(response);
    assert.equal(error.code, "CONFIG_ERROR");
    assert.equal(error.details, undefined, "a caller who is not the operator learns no names");
  }
  const logged = logger.lines.filter((l) => l.message.startsWith("configuration incomplete"));
  assert.equal(logged.length, 1, "logged once per isolate");
  assert.deepEqual(logged[0].fields?.missing, ["MEDIC_EDGE_DB_URL", "JWT_SECRET or JWT_JWKS_URL"]);
  const operator = await fn.fetch(new Request(BASE, { headers: { Authorization: `Bearer ${SERVICE_KEY}` } }));
  assert.equal(operator.status, 503);
  assert.deepEqual((await envelopeOf(operator)).details, {
    missing: ["MEDIC_EDGE_DB_URL", "JWT_SECRET or JWT_JWKS_URL"],
    invalid: [],
  });
});

Deno.test("configuration: a malformed value is named as invalid; a complete one passes", async () => {
  resetSeams();
  const fn = listOnly({
    env: { ...DOSING_ENV, UPSTASH_REDIS_REST_URL: "redis.example:6379", MAX_BODY_BYTES: "lots" },
    logger: recordingLogger().log,
  });
  const response = await fn.fetch(new Request(BASE, { headers: { Authorization: `Bearer ${SERVICE_KEY}` } }));
  assert.deepEqual((await envelopeOf(response)).details, {
    missing: [],
    invalid: ["UPSTASH_REDIS_REST_URL", "MAX_BODY_BYTES"],
  });
  assert.deepEqual(configVerdict("dosing", DOSING_ENV), { missing: [], invalid: [] });
  // Each login's URL must log in as that login, directly or through the pooler: the owner's URL in its place
  // would run the door (or the jobs, or every request) as the owner.
  const owner = "postgresql://postgres.projectref:x@pooler.example:6543/postgres";
  const logins = {
    ...DOSING_ENV,
    MEDIC_AUDIT_DB_URL: "postgresql://medic_audit.projectref:x@pooler.example:6543/postgres",
    MEDIC_JOBS_DB_URL: "postgresql://medic_jobs:x@db.example:5432/postgres",
    CRON_SECRET: "c",
    SEAL_SIGNING_KEY: LOCAL_SEAL_SIGNING_KEY,
    SEAL_PUBLIC_KEY: LOCAL_SEAL_PUBLIC_KEY,
    ALERT_WEBHOOK_SECRET: "w",
  };
  assert.deepEqual(configVerdict("audit-query", logins), { missing: [], invalid: [] });
  assert.deepEqual(configVerdict("flush-metrics", logins), { missing: [], invalid: [] });
  // The seal keys must import: a function that started with a key that does not failed on its first anchor.
  assert.deepEqual(
    configVerdict("flush-metrics", { ...logins, SEAL_SIGNING_KEY: "k", SEAL_PUBLIC_KEY: "p" }).invalid,
    ["SEAL_SIGNING_KEY", "SEAL_PUBLIC_KEY"],
  );
  assert.deepEqual(
    configVerdict("audit-query", { ...logins, SEAL_PUBLIC_KEY: LOCAL_SEAL_SIGNING_KEY }).invalid,
    ["SEAL_PUBLIC_KEY"],
  );
  assert.deepEqual(configVerdict("audit-query", { ...logins, MEDIC_AUDIT_DB_URL: owner }).invalid, [
    "MEDIC_AUDIT_DB_URL",
  ]);
  assert.deepEqual(
    configVerdict("flush-metrics", { ...logins, MEDIC_JOBS_DB_URL: logins.MEDIC_AUDIT_DB_URL }).invalid,
    ["MEDIC_JOBS_DB_URL"],
  );
  assert.deepEqual(configVerdict("dosing", { ...logins, MEDIC_EDGE_DB_URL: owner }).invalid, [
    "MEDIC_EDGE_DB_URL",
  ]);
  assert.deepEqual(configVerdict("dosing", { ...logins, MEDIC_EDGE_DB_URL: "not a url" }).invalid, [
    "MEDIC_EDGE_DB_URL",
  ]);
  // Each function's own needs come on top of the shared ones.
  assert.deepEqual(configVerdict("flush-metrics", DOSING_ENV).missing, [
    "MEDIC_JOBS_DB_URL",
    "CRON_SECRET",
    "SEAL_SIGNING_KEY",
    "SEAL_PUBLIC_KEY",
    "ALERT_WEBHOOK_SECRET",
  ]);
  // The door's and the jobs' logins are theirs alone: the trail's readers (audit-query, gdpr-export's export
  // and reveal: 20261206030000) need the one, flush-metrics the other.
  assert.deepEqual(configVerdict("gdpr-export", DOSING_ENV).missing, [
    "MEDIC_AUDIT_DB_URL",
    "GDPR_PSEUDONYM_SALT",
    "GDPR_ENCRYPTION_KEY",
  ]);
  assert.deepEqual(configVerdict("audit-query", DOSING_ENV).missing, [
    "MEDIC_AUDIT_DB_URL",
    "SEAL_PUBLIC_KEY",
  ]);
  for (const other of ["dosing", "protocol-search", "bedrock-ai-chat"] as const) {
    const missing = configVerdict(other, DOSING_ENV).missing;
    assert.ok(!missing.includes("MEDIC_AUDIT_DB_URL") && !missing.includes("MEDIC_JOBS_DB_URL"), other);
  }
  // With the sinks replaced (tests, scripts) the check does not apply.
  const swapped = listOnly({
    env: {},
    auditSink: recordingSink(),
    rateLimiter: { check: () => ({ allowed: true }) },
  });
  const served = await swapped.fetch(new Request(BASE));
  assert.equal(served.status, 200);
  await served.body?.cancel();
});

Deno.test("a broken environment is a logged 500 with the usual headers, still audited", async () => {
  const logger = recordingLogger();
  const audit = recordingSink();
  const previous = Deno.env.get("MAX_BODY_BYTES");
  Deno.env.set("MAX_BODY_BYTES", "not-a-number");
  const { resetConfig } = await import("../../functions-shared/core/config.ts");
  resetConfig();
  try {
    const fn = defineFunction({ name: "dosing", routes: [] }, { auditSink: audit, logger: logger.log });
    const response = await fn.fetch(new Request(BASE, { headers: { Origin: ALLOWED_ORIGIN } }));
    assert.equal(response.status, 500);
    assert.equal((await envelopeOf(response)).code, "INTERNAL_ERROR");
    assert.equal(response.headers.has("Access-Control-Allow-Origin"), false);
    assert.equal(response.headers.get("X-Content-Type-Options"), "nosniff");
    assert.match(String(logger.lines[0].fields?.errorMessage), /MAX_BODY_BYTES/);
    assert.equal(audit.events[0].action, "api.error");
  } finally {
    if (previous === undefined) Deno.env.delete("MAX_BODY_BYTES");
    else Deno.env.set("MAX_BODY_BYTES", previous);
    resetConfig();
  }
});

Deno.test("a route's audit.actionFor refines the action from the validated input", async () => {
  const audit = recordingSink();
  const fn = defineFunction({
    name: "chat",
    routes: [route({
      method: "POST",
      path: "/",
      body: z.object({ stream: z.boolean().default(true) }),
      audit: {
        action: "chat.query",
        resource: "chat",
        actionFor: ({ body }) => body.stream ? "chat.stream" : "chat.query",
      },
      handler: () => ({ ok: true }),
    })],
  }, {
    config: testConfig(),
    auditSink: audit,
    metricsSink: recordingSink(),
    rateLimiter: { check: () => ({ allowed: true }) },
  });
  for (const body of [{}, { stream: false }, { stream: "no" }]) {
    const res = await fn.fetch(
      new Request("http://localhost/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    await res.body?.cancel();
  }
  assert.deepEqual(audit.events.map((e) => e.action), ["chat.stream", "chat.query", "api.validation_error"]);
});
