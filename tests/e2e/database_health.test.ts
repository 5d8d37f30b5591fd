/**
 * Database health through the functions server: a flush-metrics run records the database's figures in
 * system_health, and a threshold in monitoring_configs that the database crosses raises exactly one alert
 * however many runs see it (repeats are suppressed); under the threshold again, none. The threshold is
 * lowered for the test (any connection counts) and restored after, with the alert resolved; the hourly
 * flush job is paused meanwhile, so only the test's own runs count.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { apiClient } from "../support/api_client.ts";
import { withCronJobsPaused } from "../support/cron_pause.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });

async function flush() {
  const { data, error } = await apiClient(stackEnv("CRON_SECRET"))["flush-metrics"].flush();
  assert.equal(error, null);
  assert.ok(data && data.health.ok && data.alerts.ok, JSON.stringify(data));
  return data.alerts.result.raised.filter((r) => r.rule === "db_connections").map((r) => r.outcome);
}

const resolveOpen = () =>
  sql`update public.alerts set resolved_at = now(), notify_pending = false
    where dedup_key = 'db_connections' and resolved_at is null`;

Deno.test(
  "health figures land in system_health; a crossed threshold raises one alert",
  options,
  () =>
    withCronJobsPaused(sql, ["flush-metrics-hourly"], async () => {
      const [{ config }] = await sql<{ config: string }[]>`
    select config::text from public.monitoring_configs where kind = 'alert_rule' and name = 'db_connections'`;
      await resolveOpen();
      const [{ since }] = await sql<{ since: Date }[]>`select now() as since`;
      try {
        assert.deepEqual(await flush(), [], "at the seeded 80% nobody is near the limit");
        const [row] = await sql<
          { status: string; details: Record<string, Record<string, number> | number> }[]
        >`
      select status, details from public.system_health where component = 'database'
      order by checked_at desc, id desc limit 1`;
        const connections = row.details.connections as Record<string, number>;
        assert.ok(connections.used >= 1 && connections.max >= connections.used);
        for (
          const figure of [
            "cache_hit",
            "index_hit",
            "table_bloat",
            "index_bloat",
            "largest_tables",
            "cron_failures",
          ]
        ) assert.ok(figure in row.details, figure);
        assert.ok(Number(row.details.database_bytes) > 0);

        await sql`update public.monitoring_configs set config = config || '{"threshold": 0}'
      where kind = 'alert_rule' and name = 'db_connections'`;
        assert.deepEqual(await flush(), ["new"]);
        assert.deepEqual(await flush(), ["suppressed"]);
        const alerts = await sql<{ occurrences: number; severity: string }[]>`
      select occurrences, severity from public.alerts where dedup_key = 'db_connections' and created_at >= ${since}`;
        assert.deepEqual(
          [...alerts],
          [{ occurrences: 2, severity: "HIGH" }],
          "exactly one alert, seen twice",
        );
        const [degraded] = await sql<{ status: string; breaches: string[] }[]>`
      select status, details -> 'breaches' as breaches from public.system_health where component = 'database'
      order by checked_at desc, id desc limit 1`;
        assert.equal(degraded.status, "degraded");
        assert.ok(degraded.breaches.includes("db_connections"));
      } finally {
        await sql`update public.monitoring_configs set config = ${config}::text::jsonb
      where kind = 'alert_rule' and name = 'db_connections'`;
        await resolveOpen();
      }
      assert.deepEqual(await flush(), [], "back under the threshold: no alert");
    }),
);

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
