import assert from "node:assert/strict";
import {
  errorResponse,
  HttpError,
  jsonResponse,
  newRequestId,
  toHttpError,
} from "../../functions-shared/core/errors.ts";
import { z } from "zod";
import { ErrorEnvelope } from "../../functions-shared/core/contract.ts";
import { calculateDose, DosingError } from "../../functions-shared/domain/dosing/mod.ts";
import { parseWithSchema } from "../../functions-shared/pipeline/validate.ts";
import { recordingLogger } from "./_helpers.ts";

Deno.test("HttpError only takes 4xx/5xx statuses", () => {
  assert.throws(() => new HttpError(200, "OK", "fine"), RangeError);
  assert.throws(() => new HttpError(302, "MOVED", "moved"), RangeError);
  assert.equal(new HttpError(418, "TEAPOT", "short and stout").status, 418);
});

Deno.test("errorResponse renders the one envelope with status and extra headers", async () => {
  const response = errorResponse(
    new HttpError(405, "METHOD_NOT_ALLOWED", "nope", { allow: ["GET"] }, { Allow: "GET" }),
    "req-1",
  );
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("Allow"), "GET");
  assert.match(response.headers.get("Content-Type")!, /^application\/json/);
  assert.deepEqual(await response.json(), {
    error: { code: "METHOD_NOT_ALLOWED", message: "nope", details: { allow: ["GET"] }, requestId: "req-1" },
  });
});

Deno.test("errorResponse omits details when there are none", async () => {
  const body = await errorResponse(new HttpError(404, "NOT_FOUND", "missing"), "req-2").json();
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "requestId"]);
});

Deno.test("toHttpError keeps HttpErrors and hides everything else behind a logged generic 500", () => {
  const logger = recordingLogger();
  const known = new HttpError(409, "CONFLICT", "already there");
  assert.equal(toHttpError(known, "req-3", logger.log), known);
  assert.equal(logger.lines.length, 0);

  const hidden = toHttpError(
    new Error("connection to 10.0.0.5:5432 refused, password=hunter2"),
    "req-4",
    logger.log,
  );
  assert.equal(hidden.status, 500);
  assert.equal(hidden.code, "INTERNAL_ERROR");
  assert.doesNotMatch(hidden.message, /10\.0\.0\.5|hunter2/);
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0].level, "error");
  assert.equal(logger.lines[0].fields?.requestId, "req-4");
  assert.match(String(logger.lines[0].fields?.errorMessage), /refused/);
});

Deno.test("newRequestId gives a fresh UUIDv7 each time", () => {
  const a = newRequestId();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, newRequestId());
});

Deno.test("newRequestId: the time it was made in its first 48 bits, so a later id sorts after", () => {
  const at = Date.UTC(2026, 11, 5, 0, 1, 2, 345);
  const id = newRequestId(at);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  // Postgres orders uuids bytewise, as these strings sort: a later millisecond is a later key.
  const later = newRequestId(at + 1);
  assert.ok(id < later, `${id} before ${later}`);
  assert.ok(newRequestId(at + 86_400_000) > later);
  // The largest 48-bit time keeps the version and variant bits
  assert.match(newRequestId(2 ** 48 - 1), /^ffffffff-ffff-7[0-9a-f]{3}-[89ab]/);
});

Deno.test("newRequestId: 74 random bits, so ids of one millisecond do not repeat", () => {
  const at = Date.now();
  const ids = new Set(Array.from({ length: 10_000 }, () => newRequestId(at)));
  assert.equal(ids.size, 10_000);
});

Deno.test("jsonResponse: the JSON content type alone, with or without headers given", async () => {
  const plain = jsonResponse({ a: 1 }, { status: 201 });
  assert.equal(plain.status, 201);
  assert.deepEqual([...plain.headers], [["content-type", "application/json; charset=utf-8"]]);
  assert.deepEqual(await plain.json(), { a: 1 });
  const given = jsonResponse([1], { headers: { "Content-Type": "text/plain", "X-One": "1" } });
  assert.deepEqual([...given.headers], [["content-type", "application/json; charset=utf-8"], ["x-one", "1"]]);
});

Deno.test("the published envelope (openapi.json's ErrorEnvelope) types both shapes of details, and only those", async () => {
  const rendered = async (error: HttpError) =>
    ErrorEnvelope.safeParse(await errorResponse(error, "req").json());

  const invalid = (() => {
    try {
      parseWithSchema(z.strictObject({ weightKg: z.number().positive() }), { weightKg: -1, extra: 1 });
    } catch (error) {
      return error as HttpError;
    }
    throw new Error("expected a VALIDATION_ERROR");
  })();
  const fields = await rendered(invalid);
  assert.ok(fields.success, "a VALIDATION_ERROR's list of fields");
  assert.deepEqual((fields.data.error.details as { path: string }[]).map((d) => d.path).sort(), [
    "",
    "weightKg",
  ]);

  const refusal = (() => {
    try {
      calculateDose({ medication: "no such drug", weightKg: 20 });
    } catch (error) {
      if (error instanceof DosingError) return new HttpError(404, error.code, error.message, error.details());
    }
    throw new Error("expected a dosing refusal");
  })();
  const named = await rendered(refusal);
  assert.ok(named.success, "a domain refusal's named facts");
  assert.equal((named.data.error.details as Record<string, unknown>).field, "medication");

  // What the schema refuses, the type refuses too (core/errors.ts ErrorDetails), so no route can answer it.
  for (const details of ["a string", [1, 2], [{ path: "x" }]]) {
    const parsed = ErrorEnvelope.safeParse({ error: { code: "X", message: "m", details, requestId: "r" } });
    assert.equal(parsed.success, false, JSON.stringify(details));
  }
  // The shape is tied to the code: a VALIDATION_ERROR always lists its fields, and only it lists fields.
  const issue = { path: "weightKg", code: "too_small", message: "m" };
  for (
    const [code, details, ok] of [
      ["VALIDATION_ERROR", [issue], true],
      ["VALIDATION_ERROR", undefined, false],
      ["VALIDATION_ERROR", [], false],
      ["VALIDATION_ERROR", { field: "weightKg" }, false],
      ["UNKNOWN_MEDICATION", [issue], false],
      ["UNKNOWN_MEDICATION", undefined, true],
      ["lower_case", undefined, false],
    ] as const
  ) {
    const parsed = ErrorEnvelope.safeParse({ error: { code, message: "m", details, requestId: "r" } });
    assert.equal(parsed.success, ok, `${code} ${JSON.stringify(details)}`);
  }
});

Deno.test("HttpError refuses a details shape its code does not publish, before any answer is made", () => {
  const issue = { path: "weightKg", code: "too_small", message: "m" };
  assert.throws(() => new HttpError(400, "VALIDATION_ERROR", "m"), TypeError);
  assert.throws(() => new HttpError(400, "VALIDATION_ERROR", "m", []), TypeError);
  assert.throws(() => new HttpError(400, "VALIDATION_ERROR", "m", { field: "x" }), TypeError);
  assert.throws(() => new HttpError(400, "INVALID_CURSOR", "m", [issue]), TypeError);
  assert.equal(new HttpError(400, "VALIDATION_ERROR", "m", [issue]).details?.length, 1);
  assert.equal(new HttpError(404, "UNKNOWN_MEDICATION", "m", { field: "medication" }).status, 404);
  assert.equal(new HttpError(500, "INTERNAL_ERROR", "m").details, undefined);
});
