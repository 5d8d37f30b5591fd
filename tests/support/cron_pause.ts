/**
 * Runs `work` with the named pg_cron jobs paused, and resumes those it paused. The test stack runs pg_cron
 * (flush-metrics-hourly at minute 2 calls the functions server), so a run landing mid-test would raise or
 * deliver alerts beside the test's own and make its exact counts depend on the clock.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

export async function withCronJobsPaused<T>(
  sql: Sql,
  names: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const paused = await sql<{ jobid: number }[]>`
    update cron.job set active = false where active and jobname = any(${names as string[]}) returning jobid`;
  try {
    return await work();
  } finally {
    await sql`update cron.job set active = true where jobid = any(${paused.map((j) => j.jobid)})`;
  }
}
