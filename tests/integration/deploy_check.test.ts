/**
 * `deno task deploy:check` (scripts/deploy/check.ts) run as an operator runs it: against the test stack
 * every line passes, and on a cluster of the test's own, migrated the same way, each thing taken away —
 * a Vault entry, a usable project_url, an extension, a cron job's good last run, the functions' answers
 * to the jobs' calls, the published knowledge base, the functions' role — fails its own line and no
 * other, with a non-zero exit. The jobs' calls are real: the audit-anchor job's own command, delivered by
 * the net queue to the test stack's functions. Also: the cron jobs it expects are exactly those the
 * migrations schedule. A job whose last run failed (the suite's faults leave such runs) is run again by pg_cron
 * first, and said.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import type { CheckLine } from "../../scripts/deploy/checklist.ts";
import { checkCronJobs, EXPECTED_CRON_JOBS } from "../../scripts/deploy/cron_jobs.ts";
import { NEWEST } from "../../scripts/deploy/net_responses.ts";
import { startNetQueue } from "../../scripts/functions/net_queue.ts";
import { INDEX_FORMAT } from "../../functions-shared/domain/protocols/mod.ts";
import { rerunFailedJobs, type RerunJob } from "../support/cron_rerun.ts";
import { stackEnv } from "../support/env.ts";
import { LA_COUNTY_DIR } from "../support/la_county_corpus.ts";
import { startPrivateCluster } from "../support/private_cluster.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHECK = `${ROOT}scripts/deploy/check.ts`;

/** Made up, not a protocol: only its presence and version matter here. */
const MADE_UP_DOCUMENT = {
  key: "9902",
  protocol_number: "9902",
  title: "Made-up widget protocol",
  document_type: "treatment_protocol",
  category: "medical",
  sections: [{ heading: "Overview", content: "Made-up text for the deploy check." }],
};

async function runCheck(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHECK, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  return { code: out.code, stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/**
 * The test stack's knowledge base as README's deploy section loads it (`deno task kb import`): the stack
 * starts without one (protocol-search's end-to-end test imports the same corpus, unchanged documents skipped).
 */
let knowledgeBaseImported: Promise<void> | undefined;
function importKnowledgeBase(): Promise<void> {
  knowledgeBaseImported ??= (async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${ROOT}scripts/kb/main.ts`,
        "import",
        "--source",
        LA_COUNTY_DIR,
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1", SUPABASE_DB_URL: stackEnv("SUPABASE_DB_URL") }, // README: never on the command line
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const printed = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, printed);
    assert.match(printed, /search index (published for knowledge-base version|already current)/);
  })();
  return knowledgeBaseImported;
}

/**
 * The test stack's newest pg_net answers are whatever earlier tests left there (a call in flight when a fault
 * test stopped Postgres or the functions answers 5xx), and the check judges the newest NEWEST: so the
 * stack's own audit-anchor command is run that many times first, each answered before the next (one anchor
 * run at a time, as pg_cron makes them). They are real calls, judged as any others.
 */
async function answeredAnchorCalls(dbUrl: string): Promise<void> {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  try {
    const [{ command }] = await sql`select command from cron.job where jobname = 'audit-anchor'`;
    for (let call = 0; call < NEWEST; call++) {
      const [{ request_id }] = await sql.unsafe(command);
      // A liveness bound only: the functions server's net queue delivers every 500 ms.
      for (const end = Date.now() + 60_000;;) {
        const [answer] = await sql`select 1 from net._http_response where id = ${request_id}`;
        if (answer) break;
        assert.ok(Date.now() < end, `audit-anchor's call ${request_id} was answered`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/**
 * Each job whose newest run failed, run again by pg_cron (tests/support/cron_rerun.ts), once for the file:
 * the suite's faults leave such runs behind, and an hourly job's stands for an hour. Said in the output.
 */
let jobsRunAgain: Promise<RerunJob[]> | undefined;
function failedJobsRunAgain(): Promise<RerunJob[]> {
  jobsRunAgain ??= (async () => {
    const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
    try {
      const rerun = await rerunFailedJobs(sql);
      for (const job of rerun) {
        console.log(`run again by pg_cron: ${job.jobname}, whose last run failed: ${job.failed}`);
      }
      return rerun;
    } finally {
      await sql.end({ timeout: 2 });
    }
  })();
  return jobsRunAgain;
}

async function runCheckJson(dbUrl: string) {
  const { code, stdout, stderr } = await runCheck(["--json"], { SUPABASE_DB_URL: dbUrl });
  assert.equal(stderr, "");
  const lines = (JSON.parse(stdout) as { lines: CheckLine[] }).lines;
  return { code, lines, failing: lines.filter((l) => l.status === "fail").map((l) => l.label) };
}

Deno.test("a job whose last run failed is run again by pg_cron, its schedule given back", async () => {
  // audit-logs-statistics (daily: analyze public.audit_logs) as if a fault had failed its last run.
  const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
  try {
    const schedule = async () =>
      (await sql`select schedule from cron.job where jobname = 'audit-logs-statistics'`)[0].schedule;
    const daily = await schedule();
    await sql`insert into cron.job_run_details (jobid, job_pid, database, username, command, status,
        return_message, start_time, end_time)
      select jobid, 0, 'postgres', 'postgres', command, 'failed', E'server restarted', now(), now()
      from cron.job where jobname = 'audit-logs-statistics'`;
    const rerun = await failedJobsRunAgain();
    assert.deepEqual(rerun.find((j) => j.jobname === "audit-logs-statistics"), {
      jobname: "audit-logs-statistics",
      failed: "server restarted",
    });
    assert.equal(await schedule(), daily);
    const [line] = (await checkCronJobs(sql)).filter((l) => l.label === "cron job audit-logs-statistics");
    assert.equal(line.status, "pass", line.detail);
    assert.match(line.detail!, /^active, last run succeeded at /);
  } finally {
    await sql.end({ timeout: 2 });
  }
});

Deno.test("deploy:check passes every line against the test stack, its functions included", async () => {
  await failedJobsRunAgain();
  await importKnowledgeBase();
  await answeredAnchorCalls(stackEnv("SUPABASE_DB_URL"));
  const { code, stdout, stderr } = await runCheck(
    ["--project-url", stackEnv("SUPABASE_URL"), "--json"],
    {
      SUPABASE_DB_URL: stackEnv("SUPABASE_DB_URL"),
      SUPABASE_SERVICE_ROLE_KEY: stackEnv("SUPABASE_SERVICE_ROLE_KEY"),
    },
  );
  const { database, projectUrl, lines, summary } = JSON.parse(stdout) as {
    database: string;
    projectUrl: string;
    lines: CheckLine[];
    summary: string;
  };
  const stackUrl = new URL(stackEnv("SUPABASE_DB_URL"));
  assert.equal(
    database,
    stackUrl.password ? stackUrl.href.replace(`:${stackUrl.password}@`, ":***@") : stackUrl.href,
  );
  assert.equal(projectUrl, stackEnv("SUPABASE_URL"));
  const notPassing = lines.filter((l) => l.status !== "pass");
  assert.deepEqual(notPassing, [], `${JSON.stringify(notPassing, null, 2)}\n${stderr}`);
  assert.equal(code, 0);
  assert.equal(summary, `${lines.length} passed, 0 failed, 0 skipped`);
  for (
    const label of [
      "extension pg_net",
      "pg_net responses",
      "knowledge base published",
      "extension supabase_vault",
      "functions role medic_edge",
      "functions role medic_audit",
      "functions role medic_jobs",
    ]
  ) {
    assert.ok(lines.some((l) => l.label === label), label);
  }
  assert.equal(lines.filter((l) => l.label.startsWith("secrets of ")).length, 6, "one line per function");
});

Deno.test("without --project-url the secrets are listed as SKIP lines, and the checklist reads as one", async () => {
  await failedJobsRunAgain();
  await importKnowledgeBase();
  await answeredAnchorCalls(stackEnv("SUPABASE_DB_URL"));
  const url = stackEnv("SUPABASE_DB_URL");
  // --db-url still names the database, and a password in it is warned about, never printed.
  const { code, stdout, stderr } = await runCheck(["--db-url", url]);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stderr, /^warning: --db-url carries a password.*set SUPABASE_DB_URL in the environment/);
  assert.ok(!stderr.includes(new URL(url).password), "the warning names no password");
  const printed = stdout.trimEnd().split("\n");
  assert.match(printed[0], /^deploy:check postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres$/);
  assert.ok(!stdout.includes(":postgres@"), "no password printed");
  const checklist = printed.slice(1, -1);
  assert.ok(checklist.every((l) => /^(PASS|SKIP) {2}\S/.test(l)), checklist.join("\n"));
  const skipped = checklist.filter((l) => l.startsWith("SKIP"));
  assert.equal(skipped.length, 6);
  assert.match(
    skipped.find((l) => l.includes("secrets of flush-metrics"))!,
    /CRON_SECRET.*supabase secrets set/,
  );
  assert.equal(printed.at(-1), `${checklist.length - 6} passed, 0 failed, 6 skipped`);
});

Deno.test("the stack stores what the jobs read from Vault before the push schedules them, as README's deploy does", async () => {
  // Written after, a job that ran mid-push failed on a null URL, and flush-metrics-hourly kept that run
  // (and failed its deploy:check line) for an hour. Transaction ids order the writes: the stack is fresh.
  const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
  try {
    const [order] = await sql`
      select (select count(*)::int from vault.secrets where name in ('project_url', 'cron_secret')) as secrets,
        (select min(age(xmin)) from vault.secrets where name in ('project_url', 'cron_secret'))
          > (select max(age(xmin)) from supabase_migrations.schema_migrations) as before_push`;
    assert.deepEqual(order, { secrets: 2, before_push: true });
  } finally {
    await sql.end({ timeout: 2 });
  }
});

Deno.test("the cron jobs deploy:check expects are those the migrations schedule", async () => {
  const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
  try {
    const jobs = await sql<{ jobname: string }[]>`select jobname from cron.job order by jobname`;
    assert.deepEqual(jobs.map((j) => j.jobname), [...EXPECTED_CRON_JOBS].sort());
  } finally {
    await sql.end({ timeout: 2 });
  }
});

Deno.test("a run cancelled because its job was paused does not decide the job's line; the newest run that ended does", async () => {
  const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
  class Rollback extends Error {}
  try {
    await sql.begin(async (tx) => {
      const lineOf = async () =>
        (await checkCronJobs(tx as unknown as postgres.Sql)).find((l) => l.label === "cron job audit-seal")!;
      const run = (status: string, message: string) =>
        tx`insert into cron.job_run_details (jobid, job_pid, database, username, command, status,
             return_message, start_time, end_time)
           select jobid, 0, 'postgres', 'postgres', command, ${status}, ${message}, now(), now()
           from cron.job where jobname = 'audit-seal'`;
      await run("succeeded", "1 row");
      await run("failed", "job canceled"); // a test or an operator paused the job mid-run
      assert.equal((await lineOf()).status, "pass");
      await run("failed", "ERROR:  relation does not exist");
      assert.deepEqual([(await lineOf()).status, (await lineOf()).detail], [
        "fail",
        "last run failed: ERROR:  relation does not exist",
      ]);
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  } finally {
    await sql.end({ timeout: 2 });
  }
});

Deno.test(
  "what a project lacks fails its own line and no other",
  { sanitizeOps: false, sanitizeResources: false },
  async (t) => {
    // The test stack's functions, with another secret than theirs: the jobs' calls are answered 401.
    const cluster = await startPrivateCluster("deploy-check", {
      project_url: stackEnv("SUPABASE_URL"),
      cron_secret: "deploy-check-test-cron-secret",
    });
    const sql = postgres(cluster.url, { prepare: false, max: 1, onnotice: () => {} });
    /** audit-anchor's own command, as pg_cron runs it, and its request delivered as pg_net would. */
    const callAsAuditAnchor = async () => {
      const [{ command }] = await sql`select command from cron.job where jobname = 'audit-anchor'`;
      await sql.unsafe(command);
      const queue = startNetQueue(cluster.url, { intervalMs: 3_600_000 });
      try {
        assert.equal(await queue.drainOnce(), 1);
      } finally {
        await queue.stop();
      }
      const [answer] = await sql`select status_code from net._http_response order by id desc limit 1`;
      return answer.status_code as number;
    };
    /** A knowledge base of one made-up document, and an index (not a real one) published for its version. */
    const publishMadeUpKnowledgeBase = async (doc: typeof MADE_UP_DOCUMENT) => {
      await sql`select public.kb_import_document(${sql.json(doc)})`;
      await sql`insert into public.knowledge_base_index
          (kb_version, format, document_count, section_count, byte_size, sha256, payload)
        select version, ${INDEX_FORMAT}, 1, 1, 3, encode(sha256(bytes), 'hex'), bytes
        from public.knowledge_base_state, decode('010203', 'hex') bytes`;
    };
    const setProjectUrl = (url: string) =>
      sql`select vault.update_secret((select id from vault.secrets where name = 'project_url'), ${url})`;
    try {
      await publishMadeUpKnowledgeBase(MADE_UP_DOCUMENT);

      const baseline = await runCheckJson(cluster.url);
      assert.deepEqual(baseline.failing, [], "a freshly migrated database passes");
      assert.equal(baseline.code, 0);

      await t.step("a missing Vault entry", async () => {
        await sql`delete from vault.secrets where name = 'cron_secret'`;
        const run = await runCheckJson(cluster.url);
        assert.deepEqual(run.failing, ["vault entry cron_secret"]);
        assert.equal(run.code, 1);
        assert.ok(!JSON.stringify(run.lines).includes("deploy-check-test"), "no Vault value printed");
        await sql`select vault.create_secret('deploy-check-test-cron-secret', 'cron_secret')`;
      });

      await t.step("a project_url the jobs cannot use", async () => {
        for (
          const url of [`${stackEnv("SUPABASE_URL")}/`, `${stackEnv("SUPABASE_URL")}/functions/v1`, "ftp://x"]
        ) {
          await setProjectUrl(url);
          const run = await runCheckJson(cluster.url);
          assert.deepEqual(run.failing, ["vault entry project_url"], url);
          assert.match(
            run.lines.find((l) => l.label === "vault entry project_url")!.detail!,
            /vault\.update_secret\(.*'https:\/\/<ref>\.supabase\.co'\)/,
          );
        }
        await setProjectUrl(stackEnv("SUPABASE_URL"));
      });

      await t.step(
        "the jobs' calls answered 401 (another cron_secret) or 404 (a trailing slash)",
        async () => {
          assert.equal(await callAsAuditAnchor(), 401);
          const wrongSecret = await runCheckJson(cluster.url);
          assert.deepEqual(wrongSecret.failing, ["pg_net responses"]);
          assert.match(
            wrongSecret.lines.find((l) => l.label === "pg_net responses")!.detail!,
            /^1 of the newest 1 failed, .*: 401 ×1 \(Vault's cron_secret differs from the functions' CRON_SECRET.*another pg_net caller's/,
          );
          // Still the wrong secret: the path is refused before the secret is looked at.
          await setProjectUrl(`${stackEnv("SUPABASE_URL")}/`);
          assert.equal(await callAsAuditAnchor(), 404);
          const trailingSlash = await runCheckJson(cluster.url);
          assert.deepEqual(trailingSlash.failing, ["vault entry project_url", "pg_net responses"]);
          assert.match(
            trailingSlash.lines.find((l) => l.label === "pg_net responses")!.detail!,
            /^2 of the newest 2 failed, .*: 404 ×1 \(Vault's project_url is wrong.*; 401 ×1/,
          );
          await setProjectUrl(stackEnv("SUPABASE_URL"));
          await sql`delete from net._http_response`;
        },
      );

      await t.step("a job that called with no answer recorded", async () => {
        // An older call not answered, behind a newer one whose answer is not due yet.
        const runs = await sql<{ runid: string }[]>`
          insert into cron.job_run_details (jobid, status, return_message, start_time, end_time)
          select jobid, 'succeeded', '1 row', now() - ago, now() - ago
          from cron.job, unnest(array[interval '10 minutes', interval '1 minute']) with ordinality as a(ago, n)
          where jobname = 'audit-anchor'
          order by n
          returning runid`;
        const checked = await runCheckJson(cluster.url);
        assert.deepEqual(checked.failing, ["pg_net responses"]);
        assert.match(
          checked.lines.find((l) => l.label === "pg_net responses")!.detail!,
          /^none recorded, yet audit-anchor enqueued a request at .*is pg_net's worker running\?/,
        );
        await sql`delete from cron.job_run_details where runid = any(${runs.map((r) => r.runid)})`;
      });

      await t.step("a knowledge base ahead of its index, then none", async () => {
        await sql`select public.kb_import_document(${
          sql.json({ ...MADE_UP_DOCUMENT, title: "Made-up widget protocol, revised" })
        })`;
        const stale = await runCheckJson(cluster.url);
        assert.deepEqual(stale.failing, ["knowledge base published"]);
        assert.match(
          stale.lines.find((l) => l.label === "knowledge base published")!.detail!,
          /^the newest index is for version \d+, the knowledge-base version \d+: .*task kb publish`$/,
        );
        await sql`update public.knowledge_base set is_active = false where is_active`;
        const none = await runCheckJson(cluster.url);
        assert.deepEqual(none.failing, ["knowledge base published"]);
        assert.match(
          none.lines.find((l) => l.label === "knowledge base published")!.detail!,
          /^no knowledge base/,
        );
        await publishMadeUpKnowledgeBase(MADE_UP_DOCUMENT);
      });

      await t.step("a missing extension", async () => {
        await sql`drop extension pg_net`;
        const run = await runCheckJson(cluster.url);
        assert.deepEqual(run.failing, ["extension pg_net"]);
        assert.equal(run.code, 1);
        await cluster.remigrate(); // the bootstrap creates it again, with its grants
      });

      await t.step("a cron job whose last run failed", async () => {
        const [run] = await sql<{ runid: string }[]>`
          insert into cron.job_run_details (jobid, status, return_message, start_time, end_time)
          select jobid, 'failed', E'ERROR:  deploy-check test failure\nCONTEXT:  not shown', now(), now()
          from cron.job where jobname = 'audit-seal'
          returning runid`;
        const checked = await runCheckJson(cluster.url);
        assert.deepEqual(checked.failing, ["cron job audit-seal"]);
        assert.equal(
          checked.lines.find((l) => l.label === "cron job audit-seal")?.detail,
          "last run failed: ERROR:  deploy-check test failure",
        );
        assert.equal(checked.code, 1);
        await sql`delete from cron.job_run_details where runid = ${run.runid}`;
      });

      await t.step("a missing functions role", async () => {
        await sql`drop owned by medic_edge`;
        await sql`drop role medic_edge`;
        const run = await runCheckJson(cluster.url);
        assert.deepEqual(run.failing, ["functions role medic_edge"]);
        assert.equal(run.code, 1);
      });
    } finally {
      await sql.end({ timeout: 2 });
      await cluster.stop();
    }
  },
);
