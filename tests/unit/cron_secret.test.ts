/**
 * `Bearer <CRON_SECRET>` identifies the scheduler as the service — only for functions that declare
 * acceptsCronSecret; anything else in that header is still verified as a JWT.
 */
import assert from "node:assert/strict";
import { defineFunction, route } from "../../functions-shared/pipeline/mod.ts";
import { cronSecretIdentity } from "../../functions-shared/pipeline/cron_auth.ts";
import { testConfig } from "./_helpers.ts";

const SECRET = "cron-secret-for-unit-tests-000000";
const noop = { record() {} };

function fn(acceptsCronSecret: boolean) {
  return defineFunction({
    name: "job",
    acceptsCronSecret,
    routes: [route({
      method: "POST",
      path: "/",
      audit: { action: "metrics.flush", resource: "metrics" },
      handler: (ctx) => ({ kind: ctx.identity.kind, source: ctx.identity.claims.source ?? null }),
    })],
  }, { config: testConfig({ CRON_SECRET: SECRET }), auditSink: noop, metricsSink: noop, sessionGuard: null });
}

const post = (auth: string) =>
  new Request("http://localhost/job", { method: "POST", headers: { Authorization: auth } });

Deno.test("the cron secret is the service for a function that accepts it", async () => {
  const res = await fn(true).fetch(post(`Bearer ${SECRET}`));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { kind: "service", source: "cron_secret" });
});

Deno.test("a wrong secret, or a function that does not accept it → verified as a JWT → 401", async () => {
  for (const [accepts, auth] of [[true, `Bearer ${SECRET}x`], [false, `Bearer ${SECRET}`]] as const) {
    const res = await fn(accepts).fetch(post(auth));
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, "TOKEN_INVALID");
  }
});

Deno.test("no secret configured, or a short one, accepts nothing", () => {
  assert.equal(cronSecretIdentity(post("Bearer anything"), undefined), undefined);
  assert.equal(cronSecretIdentity(post("Bearer short"), "short"), undefined);
});
