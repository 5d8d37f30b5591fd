/**
 * Runs `work` with pg_cron's jobs paused — the named ones, or every active one — and resumes those it
 * paused. The test stack runs pg_cron (flush-metrics-hourly at minute 2 calls the functions server; sealing,
 * roll-ups and the report job every minute or day), so a run landing mid-measurement would act beside the
 * test's or the benchmark's own work and make its exact counts depend on the clock.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

export async function withCronJobsPaused<T>(
  sql: Sql,
  names: readonly string[] | "all",
  work: () => Promise<T>,
): Promise<T> {
  const paused = names === "all"
    ? await sql<{ jobid: number }[]>`update cron.job set active = false where active returning jobid`
    : await sql<{ jobid: number }[]>`
      update cron.job set active = false where active and jobname = any(${names as string[]}) returning jobid`;
  try {
    return await work();
  } finally {
    if (paused.length) {
      await sql`update cron.job set active = true where jobid = any(${paused.map((j) => j.jobid)})`;
    }
  }
}
