/**
 * Fault: audit-query's list reads lose their connection mid-transaction. Its reads pipeline their
 * statements on a reserved connection (platform/db.ts asAuditReaderPipelined), as the reverted one-trip
 * audit writer did (900706d, 0b71905), and postgres.js 3.4.9 throws outside any promise when it writes to
 * a connection that has closed (porsager/postgres#1208): in production that ends the isolate.
 *
 * Through a functions server of its own, directors keep list reads (one trip, and the two-trip estimated
 * total), the summary and the CSV export in flight while this test terminates (pg_terminate_backend) the
 * function's backends that are inside a transaction, until every route has answered 503 (a read cut
 * mid-transaction) `HITS_PER_ROUTE` times (bounded sweeps: no clock decides). Then: no uncaught error in
 * the function, every answer a complete 200 or a clear 503 (no 500, no reset or hang), every route answers
 * 200 again, and every 200 has its audit event committed.
 *
 * Not killed: a connection fetching its array types, which postgres.js does on a pool's first connects
 * (db.ts skips it on reconnects: a kill then rejects a promise nothing handles), not the pipelining here.
 *
 * Part of `deno task test` since the stall it showed (reads unanswered for 30 s, the pool stuck) was
 * fixed: every connection sat out postgres.js's reconnect backoff, grown to 10–20 s by resets that no
 * reservation reset, and a reservation refused with a killed backend's stale FATAL lost its connection
 * for good (db.ts reconnectDelaySeconds, reserved_tx.ts; each reproduced without load in
 * reserved_tx.test.ts). 30 runs after the fix: none stalled, 29 passed in 7–15 s. The other one was the
 * CSV export answering 500 when its transaction lost its connection before the first byte (about one run
 * in 30: the kill must land between the export's audit event and COPY's first answer); it now answers
 * 503 EXPORT_INTERRUPTED (handlers/audit_query exportEntries), which this test is the one to catch.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { auditRowsFor } from "../support/audit_rows.ts";
import { stackEnv } from "../support/env.ts";
import { toRequest } from "../support/function_catalog.ts";
import { startFunctionsServer } from "../support/functions_server.ts";
import { bearer, cycle, makeUsers } from "../support/identities.ts";
import { report, runLoad, type Sample } from "../support/load_generator.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Reads of each route that must lose their connection (answered 503) before the load stops. */
const HITS_PER_ROUTE = 5;
/** The bound on the fault's attempts (one pg_terminate_backend sweep each). */
const MAX_SWEEPS = 8_000;

const ROUTES = [
  { label: "list, one trip", path: "/audit-query?limit=20&total=exact", complete: isJsonPage },
  { label: "list, estimated total", path: "/audit-query?limit=20&total=estimated", complete: isJsonPage },
  { label: "summary", path: "/audit-query/summary", complete: isJson },
  { label: "export csv", path: "/audit-query/export?format=csv", complete: isCsv },
];

function isJson(body: string): boolean {
  try {
    return typeof JSON.parse(body) === "object";
  } catch {
    return false;
  }
}

function isJsonPage(body: string): boolean {
  return isJson(body) && Array.isArray(JSON.parse(body).entries) && "total" in JSON.parse(body);
}

/** A header line and whole CRLF-ended lines: a cut stream ends mid-line or not at all. */
function isCsv(body: string): boolean {
  return body.startsWith("seq,") && body.endsWith("\r\n");
}

Deno.test(
  "audit-query reads whose connection is terminated mid-transaction: a 200 or a 503, never a crash or a hang",
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    const admin = createSql({ url: dbUrl, max: 1 });
    const [{ since }] = await admin<{ since: Date }[]>`select now() as since`;
    const server = await startFunctionsServer({});
    const base = server.functionsUrl;
    const directors = cycle(await makeUsers(40, "medical_director", crypto.randomUUID()));
    const request = (path: string) => toRequest({ method: "GET", path, headers: bearer(directors()) }, base);
    try {
      for (const route of ROUTES) {
        const res = await fetch(request(route.path));
        assert.equal(res.status, 200, `${route.label}: ${await res.text()}`);
        await res.body?.cancel().catch(() => {});
      }

      // Only this test's function server opened connections since `since` (tests run one at a time).
      // The fault is observed when every route has answered 503 often enough: reads cut mid-transaction.
      const hits = new Map(ROUTES.map((r) => [r.label, 0]));
      const observed = () => [...hits.values()].every((n) => n >= HITS_PER_ROUTE);
      let killed = 0;
      let sweeps = 0;
      const fault = (async () => {
        for (; !observed() && sweeps < MAX_SWEEPS; sweeps++) {
          const rows = await admin<{ ok: boolean }[]>`
            select pg_terminate_backend(pid) as ok from pg_stat_activity
            where application_name = 'medic-bot-edge' and backend_start >= ${since}
              and xact_start is not null and pid <> pg_backend_pid()
              and query not like '%pg_catalog.pg_type%'`;
          killed += rows.filter((r) => r.ok).length;
          await sleep(Math.random() * 15); // lands at different stages of the transaction
        }
      })();
      const run = await runLoad({
        clients: 8,
        seconds: 600, // a bound, not the decision: the fault ends the run
        stop: fault,
        keepBody: () => true,
        onSample: (s) => void (s.status === 503 && hits.set(s.label, hits.get(s.label)! + 1)),
        next: (client) => {
          const route = ROUTES[client % ROUTES.length];
          return { fn: "audit-query", label: route.label, request: request(route.path) };
        },
      });
      await fault;
      console.log(report(run.samples, run.seconds, "label"));
      console.log(`${killed} backends terminated inside a transaction in ${sweeps} sweeps`);

      // An error nothing caught ends an isolate in production (the local one logs it and goes on).
      const log = await server.log();
      const uncaught = log.split("\n").filter((l) => l.includes("[uncaught]"));
      assert.deepEqual(uncaught.slice(0, 3), [], `${uncaught.length} uncaught errors in the function`);
      const bad = run.samples.filter((s) => !answeredWell(s));
      if (bad.length > 0) {
        console.log(`the function's errors:\n${errorTally(log)}\n${logOf(log, bad.slice(0, 3))}`);
      }
      assert.deepEqual(bad.slice(0, 3).map(brief), [], `${bad.length} answers neither a full 200 nor a 503`);
      assert.ok(observed(), `the fault was not observed in ${sweeps} sweeps: ${JSON.stringify([...hits])}`);

      // Afterwards every route answers again, each on every connection of the pool (3) and more.
      for (const route of ROUTES) {
        for (let i = 0; i < 4; i++) {
          const res = await fetch(request(route.path), { signal: AbortSignal.timeout(60_000) });
          const body = await res.text();
          assert.equal(res.status, 200, `${route.label} after the fault: ${body.slice(0, 300)}`);
          assert.ok(route.complete(body), `${route.label} after the fault: ${body.slice(0, 300)}`);
        }
      }

      const answered = run.samples.filter((s) => s.status === 200).map((s) => s.requestId!);
      assert.ok(answered.length > 0, "some reads were answered under the fault");
      const match = await auditRowsFor(admin, answered);
      assert.deepEqual(
        { rows: match.rows, requests: match.matched, missing: match.missing },
        { rows: answered.length, requests: answered.length, missing: [] },
        "every 200 read has exactly one audit event, committed",
      );
    } finally {
      await admin.end();
      await server.stop();
    }
  },
);

function answeredWell(s: Sample): boolean {
  if (s.status === 503) return isJson(s.body ?? "") && typeof JSON.parse(s.body!).error?.code === "string";
  const route = ROUTES.find((r) => r.label === s.label)!;
  return s.status === 200 && route.complete(s.body ?? "");
}

function brief(s: Sample) {
  return { label: s.label, status: s.status, error: s.error, body: s.body?.slice(0, 300) };
}

/** The function's log lines of these answers' requests (what a 500 needs first: its cause). */
function logOf(log: string, samples: Sample[]): string {
  const ids = samples.map((s) => s.requestId).filter((id): id is string => !!id);
  return log.split("\n").filter((line) => ids.some((id) => line.includes(id))).join("\n");
}

/** How often each error message appears in the server log (what a failure here needs first). */
function errorTally(log: string): string {
  const counts = new Map<string, number>();
  for (const [, message] of log.matchAll(/"errorMessage":"([^"]{0,120})/g)) {
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([m, n]) => `  ${n} × ${m}`).join("\n");
}
