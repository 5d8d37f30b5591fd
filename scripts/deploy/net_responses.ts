// What the functions answered the pg_cron jobs that call them over pg_net (audit-anchor and
// flush-metrics-hourly: net.http_post to Vault's project_url with Vault's cron_secret). pg_cron records
// only that the request was enqueued ("1 row"); pg_net records each answer in net._http_response
// (status_code, timed_out, error_msg, created; kept pg_net.ttl, 6 hours by default). One line, from the
// newest answers. They cannot be tied to our jobs: pg_net keeps neither the URL (the request row is
// deleted once sent) nor who asked, and pg_cron's return_message is the row count, not the request id
// the job's SELECT returned. So a failing answer is reported as possibly another caller's (a database
// webhook), with the likely cause for ours.
import type postgres from "postgres";
import { type CheckLine, fail, pass, skip } from "./checklist.ts";

export const LABEL = "pg_net responses";

/** The jobs whose command is net.http_post to the functions (supabase/migrations, cron.schedule). */
export const HTTP_CRON_JOBS = ["audit-anchor", "flush-metrics-hourly"] as const;

/** How many of the newest answers are judged: audit-anchor alone calls once a minute. */
export const NEWEST = 10;

/** A job that ran this long ago has had its answer unless pg_net is not sending; within pg_net's ttl. */
const ANSWER_DUE_MS = 5 * 60_000;
const TTL_MS = 5 * 3600_000;

export interface NetResponse {
  id: string;
  statusCode: number | null;
  timedOut: boolean | null;
  errorMessage: string | null;
  created: Date;
}

export interface HttpJobRun {
  name: string;
  /** cron.job_run_details of its newest run; null when it has not run. */
  status: string | null;
  start: Date | null;
}

const UNTIED = `pg_net keeps no URL and pg_cron no request id, so these cannot be tied to ` +
  `${HTTP_CRON_JOBS.join(" or ")}: they may be another pg_net caller's (e.g. a database webhook)`;

const succeeded = (r: NetResponse) =>
  r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300 && !r.errorMessage && !r.timedOut;

const firstLine = (text: string) => text.trim().split("\n")[0].trim().slice(0, 160);

/** What a failed answer is (its status, or how the call failed) and, for our jobs, the likely cause. */
export function failureOf(r: NetResponse): { kind: string; cause?: string } {
  if (r.timedOut) return { kind: "timed out", cause: "the function did not answer within the job's timeout" };
  if (r.statusCode === null) {
    return {
      kind: `no answer (${firstLine(r.errorMessage ?? "no error recorded")})`,
      cause: "is Vault's project_url reachable?",
    };
  }
  if (r.statusCode === 401) {
    return {
      kind: "401",
      cause: "Vault's cron_secret differs from the functions' CRON_SECRET: set it to the same value " +
        "(select vault.update_secret((select id from vault.secrets where name = 'cron_secret'), '<CRON_SECRET>'))",
    };
  }
  if (r.statusCode === 404) {
    return {
      kind: "404",
      cause: "Vault's project_url is wrong (see vault entry project_url) or flush-metrics is not deployed",
    };
  }
  if (r.statusCode >= 500) {
    return {
      kind: String(r.statusCode),
      cause: "the function failed: see secrets of flush-metrics and its logs",
    };
  }
  return { kind: String(r.statusCode) };
}

/**
 * `responses`: the newest answers, newest first; `runs`: runs of the HTTP jobs (each job's newest, and its
 * newest good one old enough to have been answered).
 */
export function judgeNetResponses(
  responses: readonly NetResponse[],
  runs: readonly HttpJobRun[],
  now = new Date(),
): CheckLine {
  if (responses.length === 0) {
    const called = runs.filter((run) => run.status === "succeeded" && run.start)
      .map((run) => ({ ...run, age: now.getTime() - run.start!.getTime() }))
      .sort((a, b) => a.age - b.age);
    const unanswered = called.find((run) => run.age >= ANSWER_DUE_MS && run.age <= TTL_MS);
    if (unanswered) {
      return fail(
        LABEL,
        `none recorded, yet ${unanswered.name} enqueued a request at ${unanswered.start!.toISOString()}: ` +
          `is pg_net's worker running? (select count(*) from net.http_request_queue: requests not sent)`,
      );
    }
    const recent = called.find((run) => run.age >= 0 && run.age < ANSWER_DUE_MS);
    if (recent) {
      return pass(
        LABEL,
        `none recorded yet: ${recent.name} called at ${recent.start!.toISOString()}, under 5 minutes ago`,
      );
    }
    return pass(LABEL, "none recorded: the jobs have not called the functions in the last 5 hours");
  }
  const failed = responses.filter((r) => !succeeded(r));
  if (failed.length === 0) {
    return pass(
      LABEL,
      `the newest ${responses.length} answered 2xx, the latest at ${responses[0].created.toISOString()}`,
    );
  }
  const groups = new Map<string, { count: number; cause?: string }>();
  for (const r of failed) {
    const { kind, cause } = failureOf(r);
    const group = groups.get(kind) ?? { count: 0, cause };
    group.count++;
    groups.set(kind, group);
  }
  const described = [...groups].map(([kind, g]) => `${kind} ×${g.count}${g.cause ? ` (${g.cause})` : ""}`);
  return fail(
    LABEL,
    `${failed.length} of the newest ${responses.length} failed, the latest at ${
      failed[0].created.toISOString()
    }: ${described.join("; ")}. ${UNTIED}`,
  );
}

export async function checkNetResponses(sql: postgres.Sql): Promise<CheckLine> {
  const [{ responses, jobs }] = await sql<{ responses: boolean; jobs: boolean }[]>`
    select to_regclass('net._http_response') is not null as responses,
      to_regclass('cron.job_run_details') is not null as jobs`;
  if (!responses) return skip(LABEL, "no net._http_response: see extension pg_net");
  // By created, which pg_net indexes; never the content (an answer may carry what the caller should not print).
  const newest = await sql<NetResponse[]>`
    select id::text, status_code as "statusCode", timed_out as "timedOut", error_msg as "errorMessage", created
    from net._http_response order by created desc, id desc limit ${NEWEST}`;
  // Per job its newest run, and its newest good run old enough to have been answered: audit-anchor calls
  // every minute, so its newest run alone is never due.
  const runs = jobs
    ? await sql<HttpJobRun[]>`
      select j.jobname as name, r.status, r.start_time as start
      from cron.job j
      cross join lateral (
        (select d.status, d.start_time from cron.job_run_details d
          where d.jobid = j.jobid order by d.runid desc limit 1)
        union all
        (select d.status, d.start_time from cron.job_run_details d
          where d.jobid = j.jobid and d.status = 'succeeded'
            and d.start_time < now() - ${ANSWER_DUE_MS / 1000} * interval '1 second'
          order by d.runid desc limit 1)
      ) r
      where j.jobname = any(${HTTP_CRON_JOBS as unknown as string[]})`
    : [];
  return judgeNetResponses(newest, runs);
}
