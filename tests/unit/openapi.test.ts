/**
 * The published contract (openapi.json): generated from the routes' own contracts, current, valid
 * OpenAPI 3.1 by a validator we did not write, complete (every route of every function, with its
 * security, errors and rate-limit headers), and what each function serves at GET /<name>/openapi.json.
 */
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { functionContracts, OPENAPI_PATH, renderOpenApi } from "../../scripts/openapi.ts";
import { registerSeams } from "../../functions-shared/pipeline/mod.ts";
import { resetSeams } from "../../functions-shared/pipeline/seams.ts";
import { noopMetricsSink } from "../../functions-shared/core/metrics_event.ts";
import { recordingSink } from "./_helpers.ts";
import { KB_INTEGRITY, KB_UNAVAILABLE } from "../../functions-shared/platform/protocol_index.ts";
import { pipelineErrors } from "../../functions-shared/pipeline/openapi.ts";

// deno-lint-ignore no-explicit-any -- a parsed JSON document, read field by field
type Json = Record<string, any>;

const rendered = await renderOpenApi();
const document: Json = JSON.parse(rendered);

Deno.test("openapi.json is what the code generates (run `deno task openapi` after changing a contract)", async () => {
  assert.equal(await Deno.readTextFile(OPENAPI_PATH), rendered);
});

Deno.test("the document is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)", async () => {
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(validator.version, "3.1");
  assert.deepEqual(result.errors ?? [], []);
  assert.equal(result.valid, true);
  // And the validator is not a yes-man: a document missing a response description fails.
  const broken = structuredClone(document);
  const [firstPath] = Object.values(broken.paths) as Json[];
  const [firstOperation] = Object.values(firstPath) as Json[];
  delete firstOperation.responses["200"].description;
  assert.equal((await new Validator().validate(broken)).valid, false);
});

Deno.test("every route of every function is described: security, errors, rate-limit headers", async () => {
  const operations = new Set<string>();
  for (const fn of await functionContracts()) {
    for (const route of fn.routes) {
      const path = `/${fn.name}${route.path === "/" ? "" : route.path.replace(/:(\w+)/g, "{$1}")}`;
      const operation: Json = document.paths[path]?.[route.method.toLowerCase()];
      assert.ok(operation, `${fn.name} ${route.method} ${route.path} is missing from the document`);
      operations.add(operation.operationId);
      assert.ok(operation.security.length > 0, `${operation.operationId}: who may call`);
      const success = Object.keys(operation.responses).find((s) => s.startsWith("2"))!;
      assert.ok(operation.responses[success].headers["X-RateLimit-Remaining"], operation.operationId);
      for (const status of ["401", "429", "500", "503"]) {
        assert.equal(
          operation.responses[status]?.content["application/json"].schema.allOf[0].$ref,
          "#/components/schemas/ErrorEnvelope",
          `${operation.operationId} ${status}`,
        );
      }
      if (route.body) assert.ok(operation.requestBody, `${operation.operationId}: its body`);
      // A route without a query schema refuses any parameter, so every route may answer it.
      assert.match(operation.responses["400"].description, /VALIDATION_ERROR/, operation.operationId);
    }
  }
  assert.equal(operations.size, Object.values(document.paths).flatMap((p) => Object.keys(p as Json)).length);
  assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), [
    "anonKey",
    "cronSecret",
    "serviceRole",
    "userJwt",
  ]);
});

Deno.test("each error answer's code is an enum of what the route answers with that status: the set every answer is held to", async () => {
  for (const fn of await functionContracts()) {
    for (const route of fn.routes) {
      const path = `/${fn.name}${route.path === "/" ? "" : route.path.replace(/:(\w+)/g, "{$1}")}`;
      const responses: Json = document.paths[path][route.method.toLowerCase()].responses;
      const published = Object.fromEntries(
        Object.entries(responses).filter(([status]) => Number(status) >= 400).map(([status, response]) => {
          const [envelope, narrowed] = (response as Json).content["application/json"].schema.allOf;
          assert.equal(envelope.$ref, "#/components/schemas/ErrorEnvelope");
          return [status, narrowed.properties.error.properties.code.enum];
        }),
      );
      const declared = Object.fromEntries(
        [...pipelineErrors(route)].map(([status, codes]) => [String(status), [...codes].sort()]),
      );
      assert.deepEqual(published, declared, `${fn.name} ${route.method} ${route.path}`);
    }
  }
  // And the enum narrows: an answer with a code outside it is not a valid 404 of GET /protocol-search/{number}.
  const schema: Json =
    document.paths["/protocol-search/{number}"].get.responses["404"].content["application/json"]
      .schema.allOf[1];
  assert.deepEqual(schema.properties.error.properties.code.enum, ["PROTOCOL_NOT_FOUND"]);
});

Deno.test("the protocol search's 503 names the codes of a knowledge base that is not published or not intact", () => {
  for (const method of ["get", "post"]) {
    const described = document.paths["/protocol-search"][method].responses["503"].description;
    for (const code of [KB_UNAVAILABLE, KB_INTEGRITY]) {
      assert.match(described, new RegExp(`\\b${code}\\b`), method);
    }
  }
});

Deno.test("a path parameter with a format is published with it, and its route may answer 400", () => {
  for (
    const [path, name] of [
      ["/audit-query/ai-trail/{messageId}", "messageId"],
      ["/audit-query/users/{userId}/trail", "userId"],
      ["/audit-query/reports/{id}", "id"],
    ]
  ) {
    const operation: Json = document.paths[path].get;
    const parameter = operation.parameters.find((p: Json) => p.in === "path" && p.name === name);
    assert.equal(parameter.schema.format, "uuid", path);
    assert.match(operation.responses["400"].description, /VALIDATION_ERROR/, path);
  }
  // A parameter without one stays a string (protocol-search's document number answers 404 when unknown).
  const view: Json = document.paths["/protocol-search/{number}"].get;
  assert.deepEqual(view.parameters.find((p: Json) => p.name === "number").schema, { type: "string" });
});

Deno.test("the chat's event stream and the exports' media types are described", () => {
  const chat: Json = document.paths["/bedrock-ai-chat"].post.responses["200"].content;
  assert.ok(chat["application/json"] && chat["text/event-stream"]["x-sse-events"]);
  assert.ok(Object.keys(chat["text/event-stream"]["x-sse-events"]).length >= 2);
  const auditExport: Json = document.paths["/audit-query/export"].get.responses["200"].content;
  assert.ok(Object.keys(auditExport).some((media) => media.includes("csv")));
});

Deno.test("each function serves its own part at GET /<name>/openapi.json", async () => {
  registerSeams({
    auditSink: recordingSink(),
    metricsSink: noopMetricsSink,
    rateLimiter: { check: () => ({ allowed: true }) },
  });
  try {
    for (const fn of await functionContracts()) {
      const mod = await import(`../../supabase/functions/${fn.name}/index.ts`);
      const response: Response = await mod.default.fetch(
        new Request(`http://localhost/${fn.name}/openapi.json`),
      );
      assert.equal(response.status, 200, fn.name);
      const part: Json = await response.json();
      assert.equal(part.openapi, "3.1.0");
      const own = Object.fromEntries(
        Object.entries(document.paths).filter(([path]) =>
          path === `/${fn.name}` || path.startsWith(`/${fn.name}/`)
        ),
      );
      assert.deepEqual(part.paths, own, `${fn.name}: its part is the whole document's`);
    }
  } finally {
    resetSeams();
  }
});
