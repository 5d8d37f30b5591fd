/**
 * Fault: the stack's Postgres is stopped and started again while dosing, protocol-search and the chat
 * (offline, retrieval-only) are under load through the functions server. Audit batches and AI-trail rows
 * that fail while it is down go to their Redis spools; once it is back, flush-metrics (the service-role
 * call pg_cron makes every hour) lands them, and then every answered request has exactly one audit row and
 * every chat answer exactly one ai_audit_trails row: nothing lost, nothing doubled. No answer is a 5xx:
 * dosing needs no database, protocol-search and the chat answer from the in-memory index (protocol_access is
 * written after the answer; while Postgres is down that write fails and is logged). The functions run in a functions server of their own,
 * so that what the fault leaves behind in its isolate cannot reach the tests that follow.
 */
import assert from "node:assert/strict";
import { AUDIT_SPOOL_KEY } from "../../functions-shared/pipeline/audit/writer.ts";
import { createSql } from "../../functions-shared/platform/db.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { LOCAL_SERVICE_ROLE_KEY } from "../../scripts/stack/keys.ts";
import { auditRowsFor } from "../support/audit_rows.ts";
import { stackEnv } from "../support/env.ts";
import { toRequest } from "../support/function_catalog.ts";
import { startFunctionsServer } from "../support/functions_server.ts";
import { report, runLoad, serverErrors } from "../support/load_generator.ts";
import { loadMix } from "../support/load_recipes.ts";
import { startStackPostgres, stopStackPostgres } from "../support/postgres_control.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MIN_DURING = 12;

Deno.test(
  "Postgres restarted during load: no audit event or AI-trail row lost once it is back",
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    await ensureDevKnowledgeBase(dbUrl, () => {});
    // Production's budget on Postgres (the test stack's is long): an outage is exactly when it acts.
    const server = await startFunctionsServer({ DB_BUDGET_MS: "1000" });
    const base = server.functionsUrl;
    const functions = ["dosing", "protocol-search", "bedrock-ai-chat"];
    const mix = await loadMix(functions);
    // Warm: the function modules are loaded and the index is in memory before Postgres goes away.
    for (const fn of functions) {
      const res = await fetch(toRequest(mix.first(fn).spec, base));
      await res.body?.cancel();
      assert.equal(res.status, 200);
    }

    let outage = { from: Infinity, to: Infinity };
    // Down for at least 2 s, until enough answers were sent during the outage and until a failed write reached
    // the spool: a slow machine lengthens the outage instead of leaving it empty. The spool is counted while
    // Postgres is down, since once it is back pg_cron's hourly flush-metrics (minute 2) may drain it first (CI
    // run 243 began its count after that job and found it empty).
    const redis = createRedis();
    let sentDuring = 0;
    let spooledDuringOutage = 0;
    const t0 = performance.now();
    const fault = (async () => {
      await sleep(1000);
      outage = { from: performance.now() - t0, to: Infinity };
      await stopStackPostgres();
      await sleep(2000);
      for (const end = Date.now() + 30_000; sentDuring < MIN_DURING && Date.now() < end;) await sleep(50);
      for (const end = Date.now() + 30_000; spooledDuringOutage === 0 && Date.now() < end;) {
        spooledDuringOutage = await redis.llen(AUDIT_SPOOL_KEY);
        if (spooledDuringOutage === 0) await sleep(50);
      }
      await startStackPostgres();
      outage = { ...outage, to: performance.now() - t0 };
      await sleep(1500);
    })();
    let run;
    try {
      run = await runLoad({
        clients: 12,
        seconds: 60,
        maxRequests: 6000,
        stop: fault,
        onSample: (s) => void (s.at > outage.from && sentDuring++),
        keepBody: (status) => status >= 500,
        next: () => {
          const pick = mix.next();
          return { fn: pick.fn, label: pick.label, request: toRequest(pick.spec, base) };
        },
      });
    } finally {
      await fault.catch(() => {});
      await startStackPostgres();
    }
    console.log(report(run.samples, run.seconds, "label"));
    const failures = serverErrors(run.samples);
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} answers were 5xx or missing`);
    // In flight at some point of the outage (sent before it ended, answered after it began).
    const during = run.samples.filter((s) => s.at < outage.to && s.at + s.ms > outage.from);
    assert.ok(during.length >= MIN_DURING, `only ${during.length} requests were in flight during the outage`);

    // Land the spool the way production does: flush-metrics with the service-role key. A batch whose
    // write was still waiting on a connection when Postgres went away is spooled late (after its connect
    // timeout), so drain and count until every answered request has its row, or the deadline passes.
    const sql = createSql({ url: dbUrl, max: 1 });
    const ids = run.samples.map((s) => s.requestId!);
    const chatIds = run.samples.filter((s) => s.fn === "bedrock-ai-chat" && s.status === 200).map((s) =>
      s.requestId!
    );
    const trailRows = async () => {
      const [row] = await sql<{ n: number; ids: number }[]>`select count(*)::int as n,
      count(distinct correlation_id)::int as ids from public.ai_audit_trails where correlation_id = any(${chatIds})`;
      return row;
    };
    let spooled = 0;
    let match = await auditRowsFor(sql, ids);
    let trail = await trailRows();
    try {
      for (
        const deadline = Date.now() + 60_000;
        (match.matched < ids.length || trail.ids < chatIds.length) && Date.now() < deadline;
      ) {
        spooled += await redis.llen(AUDIT_SPOOL_KEY);
        const flush = await fetch(toRequest({
          method: "POST",
          path: "/flush-metrics",
          headers: { Authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
        }, base));
        await flush.body?.cancel();
        assert.equal(flush.status, 200);
        await new Promise((r) => setTimeout(r, 1000));
        match = await auditRowsFor(sql, ids);
        trail = await trailRows();
      }
      assert.ok(spooledDuringOutage + spooled > 0, "events written during the outage waited in the spool");
      assert.deepEqual(
        { rows: match.rows, requests: match.matched, missing: match.missing },
        { rows: ids.length, requests: ids.length, missing: [] },
        "every answered request has exactly one audit row",
      );
      assert.ok(chatIds.length > 0, "the chat answered under load");
      assert.deepEqual(
        trail,
        { n: chatIds.length, ids: chatIds.length },
        "every chat answer has exactly one AI-trail row",
      );
    } finally {
      await sql.end();
      await server.stop();
    }
  },
);
