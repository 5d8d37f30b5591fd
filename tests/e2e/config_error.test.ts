/**
 * A function deployed without part of its configuration: through a functions server whose environment
 * lacks flush-metrics' signing key and has a malformed Upstash URL for nobody else, flush-metrics answers
 * every request 503 CONFIG_ERROR (the operator's service-role call is told the names, an app is not), and
 * a function whose own list is complete keeps serving.
 */
import assert from "node:assert/strict";
import { startFunctionsServer } from "../support/functions_server.ts";
import { stackEnv } from "../support/env.ts";
import { errorBody, functionsClient } from "../support/functions_client.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "a function missing its configuration answers 503 CONFIG_ERROR; the others serve",
  options,
  async () => {
    const server = await startFunctionsServer({ SEAL_SIGNING_KEY: "", ALERT_WEBHOOK_SECRET: " " });
    try {
      const base = server.functionsUrl.replace(/\/functions\/v1$/, "");
      const app = await functionsClient(undefined, base).functions.invoke("flush-metrics", {
        method: "POST",
      });
      const refused = await errorBody(app.error);
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, "CONFIG_ERROR");
      assert.equal(refused.body.error.details, undefined, "an app learns no names");

      const operator = await functionsClient(stackEnv("SUPABASE_SERVICE_ROLE_KEY"), base).functions.invoke(
        "flush-metrics",
        { method: "POST" },
      );
      const told = await errorBody(operator.error);
      assert.equal(told.status, 503);
      assert.deepEqual(told.body.error.details, {
        missing: ["SEAL_SIGNING_KEY", "ALERT_WEBHOOK_SECRET"],
        invalid: [],
      });

      const dosing = await functionsClient(undefined, base).functions.invoke("dosing", { method: "GET" });
      assert.equal(dosing.error, null, "dosing needs neither");
      assert.ok(Array.isArray(dosing.data.medications));
    } finally {
      await server.stop();
    }
  },
);
