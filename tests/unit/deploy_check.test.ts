/**
 * The judgements of `deno task deploy:check` (scripts/deploy/), without a database: what passes, what
 * fails and what each failing line says; the deployed functions' answers through a stand-in fetch.
 */
import assert from "node:assert/strict";
import { exitCodeOf, fail, formatChecklist, pass, skip } from "../../scripts/deploy/checklist.ts";
import { type CronJobState, EXPECTED_CRON_JOBS, judgeCronJobs } from "../../scripts/deploy/cron_jobs.ts";
import { judgeExtensions } from "../../scripts/deploy/extensions.ts";
import { checkFunctionSecrets, judgeAnswer, secretNamesOf } from "../../scripts/deploy/function_secrets.ts";
import {
  DOOR_LOGIN,
  JOBS_LOGIN,
  judgeFunctionsRole,
  judgeLogin,
  LOGINS,
  type RoleFacts,
} from "../../scripts/deploy/functions_role.ts";
import { judgeMigrations, localVersions, readLocalVersions } from "../../scripts/deploy/migrations.ts";
import { judgeVaultEntries, projectUrlProblems } from "../../scripts/deploy/vault_entries.ts";
import {
  HTTP_CRON_JOBS,
  type HttpJobRun,
  judgeNetResponses,
  type NetResponse,
  NEWEST,
} from "../../scripts/deploy/net_responses.ts";
import { judgeKnowledgeBase, type KnowledgeBaseFacts } from "../../scripts/deploy/knowledge_base.ts";
import { INDEX_FORMAT } from "../../functions-shared/domain/protocols/mod.ts";
import { FUNCTION_NAMES } from "../../functions-shared/core/required_config.ts";

Deno.test("checklist: aligned lines, a summary, exit 1 only when a line failed", () => {
  const lines = [
    pass("extension pg_cron", "1.4-1"),
    skip("secrets of dosing", "X"),
    fail("vault entry x", "missing"),
  ];
  assert.deepEqual(formatChecklist(lines), [
    "PASS  extension pg_cron  1.4-1",
    "SKIP  secrets of dosing  X",
    "FAIL  vault entry x      missing",
    "1 passed, 1 failed, 1 skipped",
  ]);
  assert.equal(exitCodeOf(lines), 1);
  assert.equal(exitCodeOf(lines.slice(0, 2)), 0);
});

Deno.test("extensions: one line each, a missing one fails by name", () => {
  const lines = judgeExtensions([
    { name: "pg_cron", version: "1.4-1", schema: "pg_catalog" },
    { name: "pgcrypto", version: "1.3", schema: "extensions" },
    { name: "supabase_vault", version: "0.2.8", schema: "vault" },
  ]);
  assert.deepEqual(lines.map((l) => [l.label, l.status]), [
    ["extension pg_cron", "pass"],
    ["extension pg_net", "fail"],
    ["extension pgcrypto", "pass"],
    ["extension supabase_vault", "pass"],
  ]);
});

Deno.test("migrations: versions from file names; pending and unknown versions both fail", async () => {
  assert.deepEqual(localVersions(["20260102_b.sql", "20260101_a.sql", "README.md", "x_y.sql"]), [
    "20260101",
    "20260102",
  ]);
  const local = await readLocalVersions();
  assert.ok(local.length > 40 && local.every((v) => /^\d{14}$/.test(v)), "the repository's migrations");
  assert.equal(judgeMigrations(["1", "2"], ["2", "1"]).status, "pass");
  assert.equal(judgeMigrations(["1", "2"], null).status, "fail");
  assert.equal(
    judgeMigrations(["1", "2", "3"], ["1", "9"]).detail,
    "pending: 2, 3 (apply with `supabase db push`); applied but not in this repository: 9",
  );
});

Deno.test("vault entries: present, non-empty, project_url equal to --project-url but for its trailing slash", () => {
  const values = new Map([["project_url", "https://ref.supabase.co"], ["cron_secret", "s3cret-value"]]);
  const ok = judgeVaultEntries(values, "https://ref.supabase.co/");
  assert.deepEqual(ok.map((l) => l.status), ["pass", "pass"]);
  assert.equal(judgeVaultEntries(values)[0].detail, "set, an http(s) URL without path");
  const other = judgeVaultEntries(values, "https://other.supabase.co");
  assert.deepEqual(other.map((l) => l.status), ["fail", "pass"]);
  const gone = judgeVaultEntries(new Map([["project_url", " "]]));
  assert.deepEqual(gone.map((l) => [l.label, l.status]), [
    ["vault entry project_url", "fail"],
    ["vault entry cron_secret", "fail"],
  ]);
  const printed = JSON.stringify([ok, other, gone]);
  assert.ok(!printed.includes("s3cret-value") && !printed.includes("ref.supabase.co"), "no value printed");
});

Deno.test("vault entries: a project_url the jobs would append /functions/v1 to wrongly fails, with or without --project-url", () => {
  const remedy = "set it to the project's URL alone, e.g. select vault.update_secret(" +
    "(select id from vault.secrets where name = 'project_url'), 'https://<ref>.supabase.co')";
  const cases: [string, string][] = [
    ["https://ref.supabase.co/", "ends in '/' (the jobs would call //functions/v1/…, answered 404)"],
    ["https://ref.supabase.co/functions/v1", "has a path (the jobs append /functions/v1/… themselves)"],
    ["https://ref.supabase.co?x=1", "has a query"],
    ["https://ref.supabase.co#top", "has a fragment"],
    ["ftp://ref.supabase.co", "has the scheme ftp: (not http or https)"],
    ["ref.supabase.co", "is not a URL"],
    ["https://ref.supabase.co\n", "has leading or trailing whitespace"],
  ];
  for (const [url, problem] of cases) {
    assert.deepEqual(projectUrlProblems(url), [problem], url);
    for (const given of [undefined, "https://ref.supabase.co", "https://ref.supabase.co/"]) {
      const [line] = judgeVaultEntries(new Map([["project_url", url], ["cron_secret", "s"]]), given);
      assert.deepEqual([line.label, line.status, line.detail], [
        "vault entry project_url",
        "fail",
        `${problem}: ${remedy}`,
      ], `${url} with --project-url ${given}`);
      assert.ok(!line.detail!.includes("ref.supabase.co"), "the value is not printed");
    }
  }
  assert.deepEqual(projectUrlProblems("http://127.0.0.1:54321"), [], "the local stack's");
  assert.deepEqual(projectUrlProblems("https://ref.supabase.co/a/?q#f"), [
    "has a path (the jobs append /functions/v1/… themselves)",
    "has a query",
    "has a fragment",
  ]);
});

Deno.test("functions role: missing, and every way it is wider than the migration made it", () => {
  const good: RoleFacts = {
    login: true,
    inherit: false,
    superuser: false,
    bypassrls: false,
    createrole: false,
    createdb: false,
    replication: false,
    settings: ["statement_timeout=60s"],
    memberOf: ["anon", "authenticated", "medic_server"],
    owned: [],
    ownedCount: 0,
  };
  assert.equal(judgeFunctionsRole(good).status, "pass");
  assert.equal(
    judgeFunctionsRole(good).detail,
    "LOGIN NOINHERIT, owns nothing, member of anon, authenticated, medic_server only",
  );
  // As 20261202001200 left it, before the server's own role: service_role reads Vault on Supabase.
  const beforeServerRole = judgeFunctionsRole({
    ...good,
    memberOf: ["anon", "audit_reader", "authenticated", "service_role"],
  });
  assert.equal(beforeServerRole.status, "fail");
  assert.equal(
    beforeServerRole.detail,
    "not a member of medic_server; also a member of audit_reader, service_role; " +
      "service_role reads Vault's secrets: apply 20261205110000_server_role.sql; " +
      "audit_reader is the audited door's: apply 20261205120000_door_and_jobs_logins.sql",
  );
  assert.match(judgeFunctionsRole(null).detail!, /^missing/);
  const wide = judgeFunctionsRole({
    ...good,
    inherit: true,
    bypassrls: true,
    settings: [],
    memberOf: ["anon", "postgres"],
    owned: ["table public.a", "function public.f()", "schema x"],
    ownedCount: 5,
  });
  assert.equal(wide.status, "fail");
  assert.equal(
    wide.detail,
    "inherits its roles' privileges (INHERIT); has BYPASSRLS; " +
      "owns table public.a, function public.f(), schema x, … (5 in all); " +
      "not a member of authenticated, medic_server; also a member of postgres; no statement_timeout",
  );
});

Deno.test("door and jobs logins: each reaches exactly its roles; medic_edge none of theirs", () => {
  const facts = (memberOf: string[]): RoleFacts => ({
    login: true,
    inherit: false,
    superuser: false,
    bypassrls: false,
    createrole: false,
    createdb: false,
    replication: false,
    settings: ["statement_timeout=60s"],
    memberOf,
    owned: [],
    ownedCount: 0,
  });
  assert.deepEqual(LOGINS.map((l) => l.login), ["medic_edge", "medic_audit", "medic_jobs"]);
  const door = judgeLogin(DOOR_LOGIN, facts(["audit_reader", "authenticated", "medic_server"]));
  assert.deepEqual([door.label, door.status], ["functions role medic_audit", "pass"]);
  const jobs = judgeLogin(JOBS_LOGIN, facts(["medic_job_writer"]));
  assert.deepEqual([jobs.label, jobs.status], ["functions role medic_jobs", "pass"]);
  // As main left medic_edge: the door's role is a capability of every function's transactions.
  const edgeAsBefore = judgeFunctionsRole(facts(["anon", "audit_reader", "authenticated", "medic_server"]));
  assert.equal(edgeAsBefore.status, "fail");
  assert.equal(
    edgeAsBefore.detail,
    "also a member of audit_reader; audit_reader is the audited door's: apply 20261205120000_door_and_jobs_logins.sql",
  );
  const edgeWithJobs = judgeFunctionsRole(
    facts(["anon", "authenticated", "medic_job_writer", "medic_server"]),
  );
  assert.match(edgeWithJobs.detail!, /medic_job_writer is the scheduled jobs'/);
  const jobsWide = judgeLogin(JOBS_LOGIN, facts(["medic_job_writer", "medic_server", "service_role"]));
  assert.equal(
    jobsWide.detail,
    "also a member of medic_server, service_role; service_role reads Vault's secrets: apply 20261205110000_server_role.sql",
  );
  assert.match(judgeLogin(DOOR_LOGIN, null).detail!, /^missing: apply the migrations \(20261205120000/);
});

Deno.test("cron jobs: missing, inactive and a failed last run fail; not run yet passes", () => {
  const job = (name: string, state: Partial<CronJobState> = {}): CronJobState => ({
    name,
    active: true,
    lastStatus: "succeeded",
    lastMessage: "1 row",
    lastStart: new Date("2026-12-02T10:00:00Z"),
    ...state,
  });
  const [first, second, third, ...rest] = EXPECTED_CRON_JOBS;
  const lines = judgeCronJobs([
    job(first, { active: false }),
    job(second, { lastStatus: "failed", lastMessage: "ERROR:  relation missing\nCONTEXT: line 1" }),
    job(third, { lastStatus: null, lastMessage: null, lastStart: null }),
    ...rest.slice(1).map((name) => job(name)),
  ]);
  assert.deepEqual(lines.filter((l) => l.status === "fail").map((l) => [l.label, l.detail]), [
    [`cron job ${first}`, "inactive: cron.alter_job(<jobid>, active := true)"],
    [`cron job ${second}`, "last run failed: ERROR:  relation missing"],
    [`cron job ${rest[0]}`, "not scheduled: apply the migrations"],
  ]);
  assert.equal(lines.find((l) => l.label === `cron job ${third}`)?.detail, "active, not run yet");
});

Deno.test("function secrets: names to set, and a deployed function's CONFIG_ERROR fails its line", async () => {
  assert.deepEqual(secretNamesOf("dosing"), [
    "MEDIC_EDGE_DB_URL",
    "JWT_SECRET or JWT_JWKS_URL",
    "UPSTASH_REDIS_REST_URL",
    "UPSTASH_REDIS_REST_TOKEN",
  ]);
  const unconfigured = JSON.stringify({
    error: { code: "CONFIG_ERROR", message: "…", details: { missing: ["CRON_SECRET"], invalid: [] } },
  });
  assert.equal(
    judgeAnswer("flush-metrics", 503, unconfigured).detail,
    "503 CONFIG_ERROR: missing CRON_SECRET; set with `supabase secrets set`",
  );
  assert.equal(judgeAnswer("dosing", 503, '{"error":{"code":"AUDIT_UNAVAILABLE"}}').status, "pass");
  assert.equal(judgeAnswer("dosing", 405, "").status, "pass");

  const none = await checkFunctionSecrets({});
  assert.equal(none.length, FUNCTION_NAMES.length);
  assert.ok(none.every((l) => l.status === "skip" && /supabase secrets set.*--project-url/.test(l.detail!)));
  const noKey = await checkFunctionSecrets({ projectUrl: "https://ref.supabase.co" });
  assert.ok(noKey.every((l) => l.status === "skip" && l.detail!.includes("SUPABASE_SERVICE_ROLE_KEY")));

  const asked: string[] = [];
  const fakeFetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    asked.push(`${url} ${new Headers(init?.headers).get("authorization")}`);
    if (url.includes("/gdpr-export/")) return Promise.reject(new TypeError("connection refused"));
    if (url.includes("/flush-metrics/")) return Promise.resolve(new Response(unconfigured, { status: 503 }));
    return Promise.resolve(new Response("{}", { status: 200 }));
  };
  const lines = await checkFunctionSecrets({
    projectUrl: "https://ref.supabase.co/",
    serviceRoleKey: "service-key",
    fetch: fakeFetch as typeof fetch,
  });
  assert.ok(
    asked.includes("https://ref.supabase.co/functions/v1/dosing/ Bearer service-key"),
    asked.join("\n"),
  );
  assert.deepEqual(lines.filter((l) => l.status === "fail").map((l) => l.label), [
    "secrets of flush-metrics",
    "secrets of gdpr-export",
  ]);
});

Deno.test("pg_net responses: the newest answers judged, a failed one named with its likely cause, not blamed on our jobs", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));
  const answer = (minute: number, state: Partial<NetResponse> = {}): NetResponse => ({
    id: String(minute),
    statusCode: 200,
    timedOut: false,
    errorMessage: null,
    created: at(minute),
    ...state,
  });
  const good = judgeNetResponses([answer(3), answer(2)], []);
  assert.deepEqual([good.label, good.status, good.detail], [
    "pg_net responses",
    "pass",
    "the newest 2 answered 2xx, the latest at 2026-12-06T10:03:00.000Z",
  ]);
  const broken = judgeNetResponses([
    answer(9, { statusCode: 404 }),
    answer(8, { statusCode: 401 }),
    answer(7, { statusCode: 401 }),
    answer(6, { statusCode: null, errorMessage: "Couldn't connect to server\nmore" }),
    answer(5, { statusCode: null, timedOut: true }),
    answer(4, { statusCode: 503 }),
    answer(3, { statusCode: 302 }),
    answer(2),
  ], []);
  assert.equal(broken.status, "fail");
  assert.equal(
    broken.detail,
    "7 of the newest 8 failed, the latest at 2026-12-06T10:09:00.000Z: " +
      "404 ×1 (Vault's project_url is wrong (see vault entry project_url) or flush-metrics is not deployed); " +
      "401 ×2 (Vault's cron_secret differs from the functions' CRON_SECRET: set it to the same value " +
      "(select vault.update_secret((select id from vault.secrets where name = 'cron_secret'), '<CRON_SECRET>'))); " +
      "no answer (Couldn't connect to server) ×1 (is Vault's project_url reachable?); " +
      "timed out ×1 (the function did not answer within the job's timeout); " +
      "503 ×1 (the function failed: see secrets of flush-metrics and its logs); 302 ×1. " +
      "pg_net keeps no URL and pg_cron no request id, so these cannot be tied to " +
      "audit-anchor or flush-metrics-hourly: they may be another pg_net caller's (e.g. a database webhook)",
  );
  // An older failure among the newest still fails: audit-anchor calls every minute, so it soon drops out.
  assert.equal(judgeNetResponses([answer(3), answer(2, { statusCode: 401 })], []).status, "fail");
  assert.equal(NEWEST, 10);
  assert.deepEqual([...HTTP_CRON_JOBS], ["audit-anchor", "flush-metrics-hourly"]);
});

Deno.test("pg_net responses: none recorded passes, unless a job called minutes ago and nothing was answered", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const run = (name: string, minutesAgo: number, status = "succeeded"): HttpJobRun => ({
    name,
    status,
    start: new Date(now.getTime() - minutesAgo * 60_000),
  });
  const notRun: HttpJobRun[] = [{ name: "audit-anchor", status: null, start: null }];
  assert.deepEqual(judgeNetResponses([], notRun, now), {
    status: "pass",
    label: "pg_net responses",
    detail: "none recorded: the jobs have not called the functions in the last 5 hours",
  });
  assert.deepEqual(judgeNetResponses([], [run("audit-anchor", 1)], now), {
    status: "pass",
    label: "pg_net responses",
    detail: "none recorded yet: audit-anchor called at 2026-12-06T11:59:00.000Z, under 5 minutes ago",
  });
  assert.equal(judgeNetResponses([], [run("audit-anchor", 600)], now).status, "pass", "past pg_net's ttl");
  assert.equal(
    judgeNetResponses([], [run("audit-anchor", 30, "failed")], now).status,
    "pass",
    "its own line",
  );
  const lost = judgeNetResponses([], [run("audit-anchor", 1), run("flush-metrics-hourly", 58)], now);
  assert.equal(lost.status, "fail");
  assert.equal(
    lost.detail,
    "none recorded, yet flush-metrics-hourly enqueued a request at 2026-12-06T11:02:00.000Z: is pg_net's " +
      "worker running? (select count(*) from net.http_request_queue: requests not sent)",
  );
});

Deno.test("knowledge base published: none fails with `kb import`; no index of this format, an older index with `kb publish`", () => {
  const facts = (state: Partial<KnowledgeBaseFacts> = {}): KnowledgeBaseFacts => ({
    activeDocuments: 120,
    kbVersion: "7",
    indexVersion: "7",
    otherFormatVersion: null,
    ...state,
  });
  const importIt =
    '`SUPABASE_DB_URL="$OWNER_URL" npx -y deno@2.9.6 task kb import --source ../shared/data/la-county-ems`';
  // The protocols are in the database: rebuilding the index from them needs no source.
  const publishIt = '`SUPABASE_DB_URL="$OWNER_URL" npx -y deno@2.9.6 task kb publish`';
  assert.deepEqual(judgeKnowledgeBase(facts()), {
    status: "pass",
    label: "knowledge base published",
    detail: `120 documents, index of format ${INDEX_FORMAT} for knowledge-base version 7`,
  });
  const cases: [Partial<KnowledgeBaseFacts>, string][] = [
    [
      { activeDocuments: 0, indexVersion: null },
      `no knowledge base (no active document): import the protocols with ${importIt}`,
    ],
    [
      { indexVersion: null },
      `no index of format ${INDEX_FORMAT} published: protocol-search answers 503 KB_UNAVAILABLE; publish it with ${publishIt}`,
    ],
    [
      { indexVersion: null, otherFormatVersion: "7" },
      `no index of format ${INDEX_FORMAT} published (only one of another format, for version 7): ` +
      `protocol-search answers 503 KB_UNAVAILABLE; publish it with ${publishIt}`,
    ],
    [
      { indexVersion: "5" },
      `the newest index is for version 5, the knowledge-base version 7: protocol-search answers from the ` +
      `older protocols; publish with ${publishIt}`,
    ],
  ];
  for (const [state, detail] of cases) {
    assert.deepEqual(judgeKnowledgeBase(facts(state)), {
      status: "fail",
      label: "knowledge base published",
      detail,
    });
  }
});
