/**
 * What the nightly audit_stats upkeep costs now that it is incremental, against what it cost before, in
 * the same run on the same trail: `BENCH_ROLLUP_ROWS` (1,000,000) synthetic rows over 12 months, then a
 * day's worth of new events written through audit.write_events.
 *   baseline  the old materialized view (20261122000260), rebuilt here under another name and refreshed
 *             CONCURRENTLY as daily_cleanup did: the whole history aggregated every night
 *   figure    audit.roll_up_audit_stats('0'): only the (organization, day) groups the new rows fall in
 * And the database health snapshot flush-metrics takes every hour, beside the trivial query it replaced.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";
import { generateSyntheticAudit } from "./synthetic_audit.ts";
import { asOwnerWithCronPaused } from "./owner_session.ts";
import { type Figure, round, summarize, timeRuns } from "./stats.ts";

const ROWS = Number(Deno.env.get("BENCH_ROLLUP_ROWS") ?? 1_000_000);
const RUNS = Number(Deno.env.get("BENCH_ROLLUP_RUNS") ?? 3);
const NEW_EVENTS = 2_000;

export function run(): Promise<Figure[]> {
  return asOwnerWithCronPaused(async (sql) => {
    try {
      return await measure(sql);
    } finally {
      await sql`drop materialized view if exists audit.bench_old_audit_stats`;
    }
  });
}

async function measure(sql: Sql): Promise<Figure[]> {
  const trail = await generateSyntheticAudit(sql, {
    rows: ROWS,
    months: 12,
    log: (l) => console.log(`  ${l}`),
  });
  await sql`analyze public.audit_logs`;
  await sql.unsafe(`create materialized view audit.bench_old_audit_stats as
    select l.organization_id, (l."timestamp" at time zone 'UTC')::date as day, l.action, l.outcome,
      count(*) as events, round(avg(l.duration_ms), 2) as avg_duration_ms,
      percentile_cont(0.50) within group (order by l.duration_ms) as p50_duration_ms,
      percentile_cont(0.95) within group (order by l.duration_ms) as p95_duration_ms,
      percentile_cont(0.99) within group (order by l.duration_ms) as p99_duration_ms
    from public.audit_logs l group by 1, 2, 3, 4`);
  await sql.unsafe(`create unique index on audit.bench_old_audit_stats (organization_id, day, action, outcome)
    nulls not distinct`);
  const full = summarize(
    await timeRuns(RUNS, () => sql`refresh materialized view concurrently audit.bench_old_audit_stats`),
  );

  const events = Array.from({ length: NEW_EVENTS }, (_, i) => ({
    organization_id: trail.organizationId,
    action: "dosing.calculate",
    resource: "dosing",
    outcome: "success",
    duration_ms: 5 + (i % 40),
  }));
  // Each run: the events written (not timed), then the roll-up that picks them up (timed); one warm-up.
  const rollOnly: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    await sql`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const start = performance.now();
    await sql`select audit.roll_up_audit_stats('0')`;
    if (i > 0) rollOnly.push(performance.now() - start);
  }
  const roll = summarize(rollOnly);

  const probe = summarize(await timeRuns(10, () => sql`select current_setting('server_version')`));
  const snapshot = summarize(await timeRuns(10, () => sql`select * from public.database_health_snapshot()`));
  const fullMs = full.p50;
  return [
    {
      bench: "audit_stats roll-up",
      name: `${NEW_EVENTS} new events on a ${ROWS.toLocaleString("en-US")}-row trail: incremental roll-up`,
      unit: "ms",
      p50: round(roll.p50, 1),
      p95: round(roll.p95, 1),
      baseline: `whole-history REFRESH MATERIALIZED VIEW CONCURRENTLY (the old nightly job): ${
        round(fullMs, 1)
      } ms`,
      ratio: round(roll.p50 / fullMs, 4),
      note: `${RUNS} runs each after a warm-up; the events' write is not in the figure`,
    },
    {
      bench: "database health",
      name: "public.database_health_snapshot() (every flush-metrics run)",
      unit: "ms",
      p50: round(snapshot.p50, 1),
      p95: round(snapshot.p95, 1),
      baseline: `the check it replaced, select current_setting('server_version'): ${round(probe.p50, 2)} ms`,
      ratio: round(snapshot.p50 / probe.p50, 1),
      note: `on the same ${ROWS.toLocaleString("en-US")}-row trail`,
    },
  ];
}
