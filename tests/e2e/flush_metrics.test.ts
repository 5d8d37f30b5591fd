/**
 * flush-metrics through the local functions server: only the service role or the cron secret; a run
 * lands the hour's request metrics, health checks and alert evaluation and is audited as metrics.flush;
 * a second run leaves the rows of a quiet hour untouched; the pg_cron job's own command (URL and secret
 * from Vault, net.http_post) reaches the function through the net queue. Called with the typed client, so
 * each summary is parsed with its published response schema.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { flushMetricsContract } from "../../functions-shared/handlers/flush_metrics/contract.ts";
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });

/** A run with this bearer credential: the cron secret, the service-role key, or a user's token. */
const flush = (credential: string) => apiClient(credential)["flush-metrics"].flush();

/** The request's audit rows: the writer writes after the response, so poll (15 s) until one is there. */
async function auditRowsOf(requestId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await sql<{ action: string; metadata: Record<string, unknown> }[]>`
    select action::text, metadata from public.audit_logs where correlation_id = ${requestId}`;
    if (rows.length > 0) return rows;
    if (Date.now() > deadline) assert.fail(`no audit row for request ${requestId} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** requests.dosing.2xx in public.metrics, summed over the hour buckets of these instants. */
async function dosingCount(instants: readonly number[]): Promise<number> {
  const hours = [...new Set(instants.map((t) => new Date(t).toISOString().slice(0, 13)))];
  let total = 0;
  for (const hour of hours) {
    const [row] = await sql<{ count: string }[]>`select count::text from public.metrics
    where metric_name = 'requests.dosing.2xx' and date = ${hour.slice(0, 10)}::date
      and hour = ${Number(hour.slice(11, 13))}`;
    total += Number(row?.count ?? 0);
  }
  return total;
}

Deno.test("no credentials → 401; a user → 403; a wrong secret → 401", options, async () => {
  // Raw fetch: no Authorization header at all, which supabase-js never sends (it falls back to the anon key).
  const none = await fetch(`${stackEnv("FUNCTIONS_URL")}/flush-metrics`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  assert.equal(none.status, 401);
  assert.equal((await none.json()).error.code, "UNAUTHENTICATED");
  const user = await flush(await userToken(crypto.randomUUID(), { role: "admin" }));
  assert.equal((await errorBody(user.error)).status, 403);
  const wrong = await flush(`${stackEnv("CRON_SECRET")}-not`);
  assert.equal((await errorBody(wrong.error)).status, 401);
});

Deno.test(
  "the cron secret runs a flush: metrics, health, alerts; audited as metrics.flush",
  options,
  async () => {
    // What earlier tests left in this hour's counter, landed first, so the three below are what is counted.
    const sent = Date.now();
    assert.equal((await flush(stackEnv("CRON_SECRET"))).error, null);
    const before = await dosingCount([sent]);
    for (let i = 0; i < 3; i++) await apiClient().dosing.list();
    const { data: summary, error, response } = await flush(stackEnv("CRON_SECRET"));
    assert.equal(error, null);
    assert.equal(response?.status, 200);
    assert.ok(summary);
    assert.equal(summary.ok, true, JSON.stringify(summary));
    assert.ok(summary.metrics.ok && "rows" in summary.metrics.result && summary.metrics.result.rows >= 2);
    assert.ok(summary.health.ok && summary.alerts.ok);
    assert.deepEqual(summary.health.result.map((h) => h.component).sort(), [
      "audit",
      "database",
      "model",
      "redis",
    ]);
    // The audit probe runs as the functions do (service role): it must be able to read what it reports.
    assert.notEqual(summary.health.result.find((h) => h.component === "audit")?.status, "unhealthy");
    assert.ok(Array.isArray(summary.alerts.result.raised));
    // dosing runs in its own isolate: its last increments reach Redis on its next limiter round trip or
    // after its own flush delay (1 s), so later runs land them. Poll (15 s) until all three are counted.
    const deadline = Date.now() + 15_000;
    let counted = (await dosingCount([sent, Date.now()])) - before;
    while (counted < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      assert.equal((await flush(stackEnv("CRON_SECRET"))).error, null);
      counted = (await dosingCount([sent, Date.now()])) - before;
    }
    assert.ok(counted >= 3, `the three dosing requests are counted (${counted} since the first run)`);
    const requestId = response!.headers.get("X-Request-Id")!;
    const rows = await auditRowsOf(requestId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].action, "metrics.flush");
    assert.equal(rows[0].metadata.trigger, "cron");
    const [health] = await sql<{ n: number }[]>`select count(*)::int as n from public.system_health
    where checked_at > now() - interval '1 minute'`;
    assert.ok(health.n >= 4);
    const [audit] = await sql<{ error: string | null; unsealed: unknown }[]>`
    select error, details -> 'unsealed_rows' as unsealed from public.system_health
    where component = 'audit' order by checked_at desc limit 1`;
    assert.equal(audit.error, null);
    assert.equal(typeof audit.unsealed, "number");
  },
);

Deno.test(
  "the service-role key runs it too; a second run changes a quiet hour's rows not at all",
  options,
  async () => {
    const key = stackEnv("SUPABASE_SERVICE_ROLE_KEY");
    assert.equal((await flush(key)).error, null);
    const before = await sql`select metric_name, count, p50, updated_at from public.metrics
    where metric_name like 'latency.dosing' or metric_name like 'requests.dosing.%' order by metric_name, date, hour`;
    const second = await flush(key);
    assert.equal(second.error, null);
    assert.equal(second.data?.ok, true);
    const after = await sql`select metric_name, count, p50, updated_at from public.metrics
    where metric_name like 'latency.dosing' or metric_name like 'requests.dosing.%' order by metric_name, date, hour`;
    assert.deepEqual(after, before);
  },
);

Deno.test("the pg_cron job's command reaches flush-metrics with the Vault secret", options, async () => {
  const [{ id }] = await sql<
    { id: string }[]
  >`select coalesce(max(id), 0)::text as id from net.http_request_queue`;
  const [job] = await sql<
    { command: string }[]
  >`select command from cron.job where jobname = 'flush-metrics-hourly'`;
  const [queued] = await sql.unsafe(job.command) as unknown as { request_id: string }[];
  assert.ok(Number(queued.request_id) > Number(id));
  let response: { status_code: number; content: string } | undefined;
  for (let i = 0; i < 60 && !response; i++) {
    await new Promise((r) => setTimeout(r, 250));
    [response] = await sql<{ status_code: number; content: string }[]>`
      select status_code, content from net._http_response where id = ${queued.request_id}`;
  }
  assert.ok(response, "delivered by the functions server's net queue");
  assert.equal(response.status_code, 200, response.content);
  // Not through the client, so parsed here with the same published schema.
  const summary = flushMetricsContract.flush.response.json.parse(JSON.parse(response.content));
  assert.equal(summary.ok, true);
});

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
