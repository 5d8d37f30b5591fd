/**
 * `deno task deploy:check` (scripts/deploy/check.ts) run as an operator runs it: against the test stack
 * every line passes, and on a cluster of the test's own, migrated the same way, each thing taken away —
 * a Vault entry, an extension, a cron job's good last run, the functions' role — fails its own line and
 * no other, with a non-zero exit. Also: the cron jobs it expects are exactly those the migrations
 * schedule.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import type { CheckLine } from "../../scripts/deploy/checklist.ts";
import { EXPECTED_CRON_JOBS } from "../../scripts/deploy/cron_jobs.ts";
import { stackEnv } from "../support/env.ts";
import { startPrivateCluster } from "../support/private_cluster.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHECK = `${ROOT}scripts/deploy/check.ts`;

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

async function runCheckJson(dbUrl: string) {
  const { code, stdout, stderr } = await runCheck(["--db-url", dbUrl, "--json"]);
  assert.equal(stderr, "");
  const lines = (JSON.parse(stdout) as { lines: CheckLine[] }).lines;
  return { code, lines, failing: lines.filter((l) => l.status === "fail").map((l) => l.label) };
}

Deno.test("deploy:check passes every line against the test stack, its functions included", async () => {
  const { code, stdout, stderr } = await runCheck(
    ["--db-url", stackEnv("SUPABASE_DB_URL"), "--project-url", stackEnv("SUPABASE_URL"), "--json"],
    { SUPABASE_SERVICE_ROLE_KEY: stackEnv("SUPABASE_SERVICE_ROLE_KEY") },
  );
  const { lines, summary } = JSON.parse(stdout) as { lines: CheckLine[]; summary: string };
  assert.deepEqual(lines.filter((l) => l.status !== "pass"), [], stderr);
  assert.equal(code, 0);
  assert.equal(summary, `${lines.length} passed, 0 failed, 0 skipped`);
  for (
    const label of [
      "extension pg_net",
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
  const url = stackEnv("SUPABASE_DB_URL");
  const { code, stdout } = await runCheck(["--db-url", url]);
  assert.equal(code, 0);
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

Deno.test("the cron jobs deploy:check expects are those the migrations schedule", async () => {
  const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });
  try {
    const jobs = await sql<{ jobname: string }[]>`select jobname from cron.job order by jobname`;
    assert.deepEqual(jobs.map((j) => j.jobname), [...EXPECTED_CRON_JOBS].sort());
  } finally {
    await sql.end({ timeout: 2 });
  }
});

Deno.test(
  "what a project lacks fails its own line and no other",
  { sanitizeOps: false, sanitizeResources: false },
  async (t) => {
    const cluster = await startPrivateCluster("deploy-check", {
      project_url: "http://127.0.0.1:9/not-called",
      cron_secret: "deploy-check-test-cron-secret",
    });
    const sql = postgres(cluster.url, { prepare: false, max: 1, onnotice: () => {} });
    try {
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
