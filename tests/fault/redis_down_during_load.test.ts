/**
 * Fault: the stack's Redis stops while clinical traffic (dosing, protocol-search, chat) is under load
 * through the functions server, and comes back. The Postgres limiter takes over for every class: each
 * request is still answered 200 and still limited, each decision made without Redis is recorded in
 * security_events (rate_limit.fallback, correlation_id = the request id), and every request is audited.
 * An audit-query request (PHI, fail closed) in the same window is answered too. A second test holds a
 * medical director to the PHI limit through Postgres while Redis is down (the 51st in a minute is 429)
 * and shows the one case left for 503: Redis and Postgres both down. The functions run in a functions
 * server of their own, so that what the fault leaves behind in its isolate cannot reach the tests that
 * follow.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { waitForAuditRows } from "../support/audit_rows.ts";
import { stackEnv } from "../support/env.ts";
import { toRequest } from "../support/function_catalog.ts";
import { startFunctionsServer } from "../support/functions_server.ts";
import { bearer, makeUsers } from "../support/identities.ts";
import { report, runLoad, type Sample } from "../support/load_generator.ts";
import { loadMix } from "../support/load_recipes.ts";
import { callUntilRefused } from "../support/fixed_window.ts";
import { startStackPostgres, stopStackPostgres } from "../support/postgres_control.ts";
import { startStackRedis, stopStackRedis } from "../support/redis_control.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const CLINICAL = ["dosing", "protocol-search", "bedrock-ai-chat"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MIN_WHILE_DOWN = 20;

Deno.test(
  "Redis stopped during load: the Postgres limiter answers for every class, security events written",
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    await ensureDevKnowledgeBase(dbUrl, () => {});
    const server = await startFunctionsServer({});
    const base = server.functionsUrl;
    const mix = await loadMix(CLINICAL);
    const sql = createSql({ url: dbUrl, max: 1 });
    for (const fn of CLINICAL) await fetch(toRequest(mix.first(fn).spec, base)).then((r) => r.body?.cancel());

    let down = { from: Infinity, to: Infinity };
    let phiProbe: Response | undefined;
    // Answers sent after the stop finished: the outage lasts until enough of them were answered, not a
    // fixed time, so a slow machine lengthens it instead of emptying it.
    let answeredWhileDown = 0;
    const t0 = performance.now();
    const fault = (async () => {
      await sleep(1200);
      await stopStackRedis();
      down = { from: performance.now() - t0, to: Infinity };
      const director = mix.callers.director();
      phiProbe = await fetch(
        toRequest({ method: "GET", path: "/audit-query/summary", headers: bearer(director) }, base),
      );
      for (const end = Date.now() + 30_000; answeredWhileDown < MIN_WHILE_DOWN && Date.now() < end;) {
        await sleep(50);
      }
      down = { ...down, to: performance.now() - t0 };
      await startStackRedis();
      await sleep(1200);
    })();
    let run;
    try {
      run = await runLoad({
        clients: 6,
        seconds: 60,
        maxRequests: 6000,
        stop: fault,
        onSample: (s) => void (s.at > down.from && answeredWhileDown++),
        keepBody: (status) => status !== 200,
        next: () => {
          const pick = mix.next();
          return { fn: pick.fn, label: pick.label, request: toRequest(pick.spec, base) };
        },
      });
    } finally {
      await fault.catch(() => {});
      await startStackRedis(); // whatever happened above, the stack leaves this test with its Redis
    }
    console.log(report(run.samples, run.seconds));

    try {
      const notOk = run.samples.filter((s) => s.status !== 200);
      assert.deepEqual(notOk.slice(0, 3), [], `${notOk.length} clinical requests were not answered 200`);
      // Sent after the stop finished and answered before the restart began: Redis was certainly down.
      const whileDown = run.samples.filter((s: Sample) => s.at > down.from && s.at + s.ms < down.to);
      assert.ok(
        whileDown.length >= MIN_WHILE_DOWN,
        `only ${whileDown.length} requests fell in the Redis outage`,
      );

      assert.ok(phiProbe, "the PHI probe ran");
      assert.equal(phiProbe.status, 200, "PHI is answered through the Postgres limiter");
      assert.ok(phiProbe.headers.get("X-RateLimit-Limit"), "and limited there");
      const phiRequestId = phiProbe.headers.get("X-Request-Id")!;
      await phiProbe.body?.cancel();

      const ids = whileDown.map((s) => s.requestId!);
      const events = await waitFor(async () => {
        const rows = await sql<{ event_type: string; correlation_id: string }[]>`
        select event_type, correlation_id from public.security_events
        where correlation_id = any(${[...ids, phiRequestId]})`;
        return rows.length >= ids.length + 1 ? rows : undefined;
      });
      assert.deepEqual(new Set(events.map((e) => e.event_type)), new Set(["rate_limit.fallback"]));
      assert.equal(
        new Set(events.map((e) => e.correlation_id)).size,
        ids.length + 1,
        "one fallback event per request answered during the outage, the PHI probe's included",
      );

      const all = run.samples.map((s) => s.requestId!);
      const match = await waitForAuditRows(sql, all);
      assert.deepEqual([match.rows, match.matched], [all.length, all.length], "every request audited once");

      // Redis is back: Upstash answers again, so a new caller leaves no count in the Postgres limiter.
      // (Headers alone would not show it: the fallback sends them too.) Polled: the first answers after a
      // restart may still be slower than the budget.
      let answeredByRedis = false;
      for (const end = Date.now() + 20_000; !answeredByRedis && Date.now() < end;) {
        const [medic] = await makeUsers(1, "paramedic", crypto.randomUUID());
        const after = await fetch(
          toRequest({ method: "GET", path: "/dosing", headers: bearer(medic) }, base),
        );
        await after.body?.cancel();
        assert.equal(after.status, 200);
        assert.ok(after.headers.get("X-RateLimit-Limit"), "and limited");
        const [counted] = await sql<{ n: number }[]>`
          select count(*)::int as n from public.rate_limit_tracking where identifier = ${`user:${medic.id}`}`;
        answeredByRedis = counted.n === 0;
      }
      assert.ok(answeredByRedis, "once Redis is back, requests are limited in Redis again");
    } finally {
      await sql.end();
      await server.stop();
    }
  },
);

Deno.test(
  "Redis stopped: PHI is limited through Postgres (the 51st in a minute is 429); 503 only without Postgres too",
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    const sql = createSql({ url: dbUrl, max: 1 });
    const [{ max_requests: phiLimit, window_seconds: phiWindow }] = await sql<
      { max_requests: number; window_seconds: number }[]
    >`select max_requests, window_seconds from public.rate_limit_config where class = 'PHI' and enabled`;
    await sql.end();
    const server = await startFunctionsServer({});
    const [director] = await makeUsers(1, "medical_director", crypto.randomUUID());
    const summary = () =>
      fetch(
        toRequest(
          { method: "GET", path: "/audit-query/summary", headers: bearer(director) },
          server.functionsUrl,
        ),
      );
    try {
      const warm = await summary(); // module loaded and limits cached while Redis is up
      await warm.body?.cancel();
      assert.equal(warm.status, 200);

      await stopStackRedis();
      // The Postgres limiter's windows start with this run: on a busy machine the warm-up's Upstash round
      // trip can outlast its budget, and the Postgres limiter then counted that call too (CI run 103: 49
      // answered, not 50, in the refusing window).
      const owner = createSql({ url: dbUrl, max: 1 });
      try {
        await owner`delete from public.rate_limit_tracking where identifier = ${`user:${director.id}`}`;
      } finally {
        await owner.end();
      }
      // Enough calls to reach the limit whichever minute boundary the run crosses.
      const run = await callUntilRefused(summary, 2 * phiLimit + 2);
      assert.deepEqual(
        run.statuses.filter((s) => s !== 200 && s !== 429),
        [],
        `only 200 or 429 while Redis is down: ${run.statuses}`,
      );
      assert.equal(
        run.allowedInWindow,
        phiLimit,
        `${phiLimit} answered in the refusing ${phiWindow} s window`,
      );
      const refused = await run.refused!.json();
      assert.equal(refused.error.code, "RATE_LIMITED");
      assert.ok(Number(run.refused!.headers.get("Retry-After")) >= 1);

      await stopStackPostgres();
      try {
        const [other] = await makeUsers(1, "medical_director", crypto.randomUUID());
        const neither = await fetch(
          toRequest(
            { method: "GET", path: "/audit-query/summary", headers: bearer(other) },
            server.functionsUrl,
          ),
        );
        const body = await neither.json();
        assert.equal(neither.status, 503, "no limiter can answer: PHI refuses");
        assert.equal(body.error.code, "RATE_LIMIT_UNAVAILABLE");
        assert.equal(neither.headers.get("Retry-After"), "5");
      } finally {
        await startStackPostgres();
      }
    } finally {
      await startStackRedis();
      await server.stop();
    }
  },
);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(250);
  }
}
