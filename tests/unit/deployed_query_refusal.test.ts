/**
 * Every route of the six deployed functions that declares no query refuses a query parameter: 400
 * VALIDATION_ERROR naming it, before its handler runs (pipeline/validate.ts NO_QUERY). In process, as a
 * guest, with sinks that record: the refusal comes from the pipeline, so no database is needed.
 */
import assert from "node:assert/strict";
import { functionContracts } from "../../scripts/openapi.ts";
import { registerSeams } from "../../functions-shared/pipeline/mod.ts";
import { resetSeams } from "../../functions-shared/pipeline/seams.ts";
import { noopMetricsSink } from "../../functions-shared/core/metrics_event.ts";
import { recordingSink } from "./_helpers.ts";

/** A value every path parameter of the six accepts (uuids, and protocol-search's document number). */
const PARAM_VALUE = "0e3a8c1b-94c4-4c2b-9e9a-6f2d1b7a5c01";

Deno.test("every deployed route without a query schema answers a query parameter 400 VALIDATION_ERROR naming it", async () => {
  const audit = recordingSink();
  registerSeams({
    auditSink: audit,
    metricsSink: noopMetricsSink,
    rateLimiter: { check: () => ({ allowed: true }) },
  });
  try {
    const refused: string[] = [];
    for (const fn of await functionContracts()) {
      const mod = await import(`../../supabase/functions/${fn.name}/index.ts`);
      for (const route of fn.routes.filter((r) => !r.query)) {
        const path = route.path === "/" ? "" : route.path.replace(/:\w+/g, PARAM_VALUE);
        const response: Response = await mod.default.fetch(
          new Request(`http://localhost/${fn.name}${path}?unexpected=1`, {
            method: route.method,
            ...(route.method === "GET"
              ? {}
              : { headers: { "Content-Type": "application/json" }, body: "{}" }),
          }),
        );
        const label = `${fn.name} ${route.method} ${route.path}`;
        const body = await response.json();
        assert.equal(response.status, 400, `${label}: ${JSON.stringify(body)}`);
        assert.equal(body.error.code, "VALIDATION_ERROR", label);
        assert.deepEqual(body.error.details, [
          { path: "", code: "unrecognized_keys", message: 'Unrecognized key: "unexpected"' },
        ], label);
        refused.push(label);
      }
    }
    // The routes the review listed, so a test that found none cannot pass.
    for (
      const label of [
        "dosing POST /",
        "dosing GET /",
        "protocol-search GET /:number",
        "bedrock-ai-chat POST /",
      ]
    ) {
      assert.ok(refused.includes(label), label);
    }
    assert.equal(audit.events.length, refused.length, "one audit event per refused request");
    assert.ok(audit.events.every((e) => e.action === "api.validation_error"));
  } finally {
    resetSeams();
  }
});
