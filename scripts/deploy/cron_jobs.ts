// The pg_cron jobs the migrations schedule (`cron.schedule` in supabase/migrations, less what a later one
// unschedules), declared once here; tests/integration/deploy_check.test.ts fails when this list and
// cron.job on a freshly migrated database differ. One line per job: it exists, is active, and its most
// recent run did not fail.
import type postgres from "postgres";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const EXPECTED_CRON_JOBS = [
  "ai-audit-retention",
  "audit-anchor",
  "audit-logs-statistics",
  "audit-partitions-ahead",
  "audit-retention",
  "audit-seal",
  "cold-archive-watch",
  "compliance-reports",
  "daily-cleanup",
  "end-stale-sessions",
  "flush-metrics-hourly",
  "phi-access-partitions-ahead",
  "protocol-access-retention",
  "rate-limit-tracking-cleanup",
  "rate-limit-violations-cleanup",
] as const;

export interface CronJobState {
  name: string;
  active: boolean;
  /** cron.job_run_details of the newest run; null when the job has not run yet. */
  lastStatus: string | null;
  lastMessage: string | null;
  lastStart: Date | null;
}

const firstLine = (text: string | null) => (text ?? "").trim().split("\n")[0].trim() || "no message";

export function judgeCronJobs(jobs: readonly CronJobState[]): CheckLine[] {
  return EXPECTED_CRON_JOBS.map((name) => {
    const label = `cron job ${name}`;
    const job = jobs.find((j) => j.name === name);
    if (!job) return fail(label, "not scheduled: apply the migrations");
    if (!job.active) return fail(label, "inactive: cron.alter_job(<jobid>, active := true)");
    if (job.lastStatus === null) return pass(label, "active, not run yet");
    if (job.lastStatus === "failed") return fail(label, `last run failed: ${firstLine(job.lastMessage)}`);
    return pass(label, `active, last run ${job.lastStatus} at ${job.lastStart?.toISOString() ?? "?"}`);
  });
}

export async function checkCronJobs(sql: postgres.Sql): Promise<CheckLine[]> {
  const [{ present }] = await sql<{ present: boolean }[]>`
    select to_regclass('cron.job') is not null as present`;
  if (!present) return judgeCronJobs([]);
  // Newest run per job by the run id's index, so a long cron.job_run_details is not read in full. A run
  // pg_cron cancelled because the job was paused meanwhile (cron.alter_job active := false: "job canceled")
  // says nothing of the job, so the newest run that ended on its own decides.
  const jobs = await sql<CronJobState[]>`
    select j.jobname as name, j.active, r.status as "lastStatus", r.return_message as "lastMessage",
      r.start_time as "lastStart"
    from cron.job j
    left join lateral (
      select d.status, d.return_message, d.start_time from cron.job_run_details d
      where d.jobid = j.jobid and d.return_message is distinct from 'job canceled'
      order by d.runid desc limit 1
    ) r on true
    where j.jobname = any(${EXPECTED_CRON_JOBS as unknown as string[]})`;
  return judgeCronJobs(jobs);
}
