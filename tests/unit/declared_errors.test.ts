/**
 * An error answer is held to what openapi.json declares for its route and status: one that is not logs
 * `contract.undeclared_error` (pipeline/declared_errors.ts), the answer itself unchanged; and the test
 * runner's reader (scripts/functions/undeclared_errors.ts) finds that line in what the real logger writes.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { defineFunction, HttpError, route } from "../../functions-shared/pipeline/mod.ts";
import { contract } from "../../functions-shared/core/contract.ts";
import { consoleLogger } from "../../functions-shared/core/log.ts";
import { UNDECLARED_ERROR } from "../../functions-shared/pipeline/declared_errors.ts";
import { describeUndeclared, undeclaredErrorLines } from "../../scripts/functions/undeclared_errors.ts";
import { recordingLogger, recordingSink, testConfig } from "./_helpers.ts";

const ok = { description: "ok", json: z.object({ ok: z.boolean() }) };
const throwing = (status: number, code: string) => () => {
  throw new HttpError(status, code, "refused");
};

/** A public GET route of the dosing function that publishes a contract (its declared `errors`) and throws. */
const published = (
  path: string,
  operation: string,
  summary: string,
  handler: () => never,
  errors?: Record<number, readonly string[]>,
) =>
  route({
    ...contract({ method: "GET", path, operation, summary, access: "public", response: ok, errors }),
    audit: { action: "dosing.list", resource: "formulary" },
    handler,
  });

function makeFunction() {
  const logger = recordingLogger();
  const fn = defineFunction({
    name: "dosing",
    routes: [
      published(
        "/declared",
        "declared",
        "answers the code it declares",
        throwing(404, "UNKNOWN_MEDICATION"),
        { 404: ["UNKNOWN_MEDICATION"] },
      ),
      published(
        "/undeclared",
        "undeclared",
        "answers a code it does not declare",
        throwing(409, "DOSE_CONFLICT"),
      ),
      published(
        "/other-status",
        "otherStatus",
        "answers its declared code under another status",
        throwing(422, "UNKNOWN_MEDICATION"),
        { 404: ["UNKNOWN_MEDICATION"] },
      ),
      published(
        "/public-forbidden",
        "publicForbidden",
        "a public route answering what only signed-in routes declare",
        throwing(403, "FORBIDDEN"),
      ),
      route({
        method: "GET",
        path: "/unpublished",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: throwing(409, "DOSE_CONFLICT"),
      }),
    ],
  }, {
    config: testConfig(),
    auditSink: recordingSink(),
    metricsSink: recordingSink(),
    rateLimiter: { check: () => ({ allowed: true }) },
    sessionGuard: null,
    logger: logger.log,
  });
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fn.fetch(new Request(`http://127.0.0.1:54321/dosing${path}`, init));
    return { status: response.status, code: (await response.json()).error?.code as string };
  };
  const undeclared = () => logger.lines.filter((line) => line.message === UNDECLARED_ERROR);
  return { call, undeclared };
}

Deno.test("a route's undeclared code is logged once, with its function, method, route, status and code; the answer is unchanged", async () => {
  const { call, undeclared } = makeFunction();
  assert.deepEqual(await call("/undeclared"), { status: 409, code: "DOSE_CONFLICT" });
  const [line, ...more] = undeclared();
  assert.equal(more.length, 0);
  assert.equal(line.level, "warn");
  assert.deepEqual({ ...line.fields, requestId: typeof line.fields?.requestId }, {
    function: "dosing",
    method: "GET",
    route: "/undeclared",
    status: 409,
    code: "DOSE_CONFLICT",
    declared: [],
    requestId: "string",
  });
});

Deno.test("a code the route declares, and the pipeline's own codes for every route, log nothing", async () => {
  const { call, undeclared } = makeFunction();
  assert.deepEqual(await call("/declared"), { status: 404, code: "UNKNOWN_MEDICATION" });
  assert.deepEqual(await call("/declared?x=1"), { status: 400, code: "VALIDATION_ERROR" });
  const badToken = { headers: { Authorization: "Bearer not-a-jwt" } };
  assert.deepEqual(await call("/declared", badToken), { status: 401, code: "TOKEN_INVALID" });
  assert.deepEqual(undeclared(), []);
});

Deno.test("a declared code under another status, or a code only other kinds of route declare, is logged", async () => {
  const { call, undeclared } = makeFunction();
  assert.deepEqual(await call("/other-status"), { status: 422, code: "UNKNOWN_MEDICATION" });
  assert.deepEqual(await call("/public-forbidden"), { status: 403, code: "FORBIDDEN" });
  assert.deepEqual(
    undeclared().map((line) => [line.fields?.route, line.fields?.status, line.fields?.declared]),
    [
      ["/other-status", 422, []],
      ["/public-forbidden", 403, ["BANNED", "CORS_ORIGIN_DENIED"]],
    ],
  );
});

Deno.test("answers before any route matched are held to the document's 404, 405 and the pipeline's own", async () => {
  const { call, undeclared } = makeFunction();
  assert.deepEqual(await call("/nowhere"), { status: 404, code: "NOT_FOUND" });
  assert.deepEqual(await call("/declared", { method: "POST" }), { status: 405, code: "METHOD_NOT_ALLOWED" });
  const badToken = { headers: { Authorization: "Bearer not-a-jwt" } };
  assert.deepEqual(await call("/nowhere", badToken), { status: 401, code: "TOKEN_INVALID" });
  assert.deepEqual(undeclared(), []);
});

Deno.test("a route that publishes no contract is not checked: there is no document to hold it to", async () => {
  const { call, undeclared } = makeFunction();
  assert.deepEqual(await call("/unpublished"), { status: 409, code: "DOSE_CONFLICT" });
  assert.deepEqual(undeclared(), []);
});

Deno.test("the test runner's reader finds the line the real logger writes, one entry per distinct drift", () => {
  const written: string[] = [];
  const warn = console.warn;
  console.warn = (line: string) => void written.push(line);
  try {
    for (const requestId of ["a", "b"]) {
      consoleLogger("warn", UNDECLARED_ERROR, {
        function: "dosing",
        method: "POST",
        route: "/",
        status: 409,
        code: "DOSE_CONFLICT",
        declared: ["A", "B"],
        requestId,
      });
    }
  } finally {
    console.warn = warn;
  }
  const log = ["functions server listening", ...written, '{"level":"info","message":"other"}', ""].join("\n");
  const lines = undeclaredErrorLines(log);
  assert.equal(lines.length, 2);
  assert.deepEqual(describeUndeclared(lines), [
    "dosing POST / 409 DOSE_CONFLICT (declared for 409: A, B) ×2",
  ]);
  assert.deepEqual(undeclaredErrorLines('{"level":"warn","message":"contract.declared"}\n'), []);
});
