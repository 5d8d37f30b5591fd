/**
 * Runs again, through pg_cron itself, each job whose newest run failed, and returns what those runs said.
 * The test stack's job history is the whole suite's: a fault test stops Postgres under a running job ("server
 * restarted"), another holds a lock past audit.seal's lock_timeout, a migration ran under a job's minute. An
 * hourly job keeps such a run, and deploy:check's line for it, until its next hour. So a job whose newest run
 * failed is scheduled every minute until a newer run has ended, then given its schedule back: its line is
 * then judged on a run of the stack as it is now, and a job that fails again still fails it.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

export interface RerunJob {
  jobname: string;
  /** The failed run's message, first line. */
  failed: string;
}

/** A liveness bound only: a job set to every minute runs at the next minute's turn. */
const RERUN_BOUND_MS = 150_000;

export async function rerunFailedJobs(sql: Sql): Promise<RerunJob[]> {
  // The newest run that ended on its own, as deploy:check judges it (scripts/deploy/cron_jobs.ts).
  const failed = await sql<
    { jobid: string; jobname: string; schedule: string; runid: string; failed: string }[]
  >`
    select j.jobid::text, j.jobname, j.schedule, r.runid::text,
      split_part(trim(coalesce(r.return_message, '')), E'\n', 1) as failed
    from cron.job j
    cross join lateral (
      select d.runid, d.status, d.return_message from cron.job_run_details d
      where d.jobid = j.jobid and d.return_message is distinct from 'job canceled'
        and d.status in ('succeeded', 'failed')
      order by d.runid desc limit 1
    ) r
    where j.active and r.status = 'failed'`;
  if (failed.length === 0) return [];
  try {
    for (const job of failed) await sql`select cron.alter_job(${job.jobid}::bigint, schedule := '* * * * *')`;
    for (const end = Date.now() + RERUN_BOUND_MS;;) {
      const [{ waiting }] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting
        from unnest(${failed.map((j) => j.jobid)}::bigint[], ${
        failed.map((j) => j.runid)
      }::bigint[]) f(jobid, runid)
        where not exists (
          select 1 from cron.job_run_details d
          where d.jobid = f.jobid and d.runid > f.runid and d.status in ('succeeded', 'failed')
            and d.return_message is distinct from 'job canceled')`;
      if (waiting === 0) break;
      if (Date.now() > end) throw new Error(`pg_cron did not run ${failed.map((j) => j.jobname)} again`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    for (const job of failed) {
      await sql`select cron.alter_job(${job.jobid}::bigint, schedule := ${job.schedule})`;
    }
  }
  return failed.map(({ jobname, failed }) => ({ jobname, failed }));
}
