/**
 * A function deployed without part of its configuration: through a functions server whose environment
 * lacks flush-metrics' signing key and has a malformed Upstash URL for nobody else, flush-metrics answers
 * every request 503 CONFIG_ERROR (the operator's service-role call is told the names, an app is not), and
 * a function whose own list is complete keeps serving.
 */
import assert from "node:assert/strict";
import { startFunctionsServer } from "../support/functions_server.ts";
import { stackEnv } from "../support/env.ts";
import { errorBody } from "../support/functions_client.ts";
import { apiClient } from "../support/api_client.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "a function missing its configuration answers 503 CONFIG_ERROR; the others serve",
  options,
  async () => {
    const server = await startFunctionsServer({ SEAL_SIGNING_KEY: "", ALERT_WEBHOOK_SECRET: " " });
    try {
      const base = server.functionsUrl.replace(/\/functions\/v1$/, "");
      const app = await apiClient(undefined, base)["flush-metrics"].flush();
      const refused = await errorBody(app.error);
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, "CONFIG_ERROR");
      assert.equal(refused.body.error.details, undefined, "an app learns no names");

      const operator = await apiClient(stackEnv("SUPABASE_SERVICE_ROLE_KEY"), base)["flush-metrics"].flush();
      const told = await errorBody(operator.error);
      assert.equal(told.status, 503);
      assert.deepEqual(told.body.error.details, {
        missing: ["SEAL_SIGNING_KEY", "ALERT_WEBHOOK_SECRET"],
        invalid: [],
      });

      const dosing = await apiClient(undefined, base).dosing.list();
      assert.equal(dosing.error, null, "dosing needs neither");
      assert.ok(dosing.data && dosing.data.medications.length > 0);
    } finally {
      await server.stop();
    }
  },
);
