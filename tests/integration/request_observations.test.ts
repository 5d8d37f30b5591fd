/**
 * 5xx answers, token failures and CORS rejections through a real pipeline land in error_logs and
 * security_events — written as the server (medic_server), exactly as the functions write them.
 */
import assert from "node:assert/strict";
import { asService, closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { createObservationSink } from "../../functions-shared/pipeline/observability/request_observations.ts";
import { defineFunction, route } from "../../functions-shared/pipeline/mod.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "a 5xx and a forged token in one batch: an error_logs row and a security event",
  options,
  async () => {
    const sink = createObservationSink({ service: asService, batchDelayMs: 50 });
    const noop = { record() {} };
    const fn = defineFunction({
      name: "observed",
      routes: [route({
        method: "GET",
        path: "/boom",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: () => {
          throw new Error("database exploded with patient John Doe");
        },
      })],
    }, {
      metricsSink: sink,
      auditSink: noop,
      rateLimiter: { check: () => ({ allowed: true }) },
      logger: () => {},
    });
    const boom = await fn.fetch(new Request("http://localhost/observed/boom"));
    assert.equal(boom.status, 500);
    await boom.body?.cancel();
    const forged = await fn.fetch(
      new Request("http://localhost/observed/boom", { headers: { Authorization: "Bearer not.a.jwt" } }),
    );
    assert.equal(forged.status, 401);
    await forged.body?.cancel();
    await sink.flush();

    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    try {
      const errors = await sql`select error_code, http_status, message, details from public.error_logs
      where request_id = ${boom.headers.get("X-Request-Id")}`;
      assert.equal(errors.length, 1);
      assert.equal(errors[0].http_status, 500);
      assert.ok(!JSON.stringify(errors[0]).includes("John Doe"), "the exception's text is never stored");
      const security = await sql`select event_type from public.security_events
      where correlation_id = ${forged.headers.get("X-Request-Id")}`;
      assert.equal(security.length, 1);
    } finally {
      await sql.end();
      await closeDb();
    }
  },
);
