/**
 * The long version of tests/load: BENCH_LOAD_CLIENTS concurrent clients for BENCH_LOAD_SECONDS across
 * every function, through the stack's functions server (local gateway) over loopback, with the same
 * generator (tests/support/load_generator.ts) and request mix (tests/support/load_recipes.ts); then the
 * audit trail is checked to hold exactly one row per answered request. Baseline, same run: the same
 * generator against a bare Deno.serve handler in its own process (what the generator itself costs).
 *   BENCH_LOAD_SECONDS (default 30), BENCH_LOAD_CLIENTS (default 16)
 */
import { createSql } from "../../functions-shared/platform/db.ts";
import { waitForAuditRows } from "../../tests/support/audit_rows.ts";
import { functionEntries, toRequest } from "../../tests/support/function_catalog.ts";
import {
  breakdown,
  runLoad,
  type Sample,
  serverErrors,
  stepMeans,
} from "../../tests/support/load_generator.ts";
import { ensureInsertProbe, stackProcesses } from "./pipeline.ts";
import { cpuPerRequest, cpuSnapshot, describeCpu } from "./process_cpu.ts";
import { loadMix } from "../../tests/support/load_recipes.ts";
import { bearer } from "../../tests/support/identities.ts";
import { ensureDevKnowledgeBase } from "../kb/dev_knowledge_base.ts";
import { freePort } from "../stack/run.ts";
import { nothingMeasured, requireAnswered } from "./failures.ts";
import { type Figure, round, summarize } from "./stats.ts";
import { countStatuses, describeStatuses, isSuccess } from "./statuses.ts";

const SECONDS = Number(Deno.env.get("BENCH_LOAD_SECONDS") ?? 30);
const CLIENTS = Number(Deno.env.get("BENCH_LOAD_CLIENTS") ?? 16);
const SERVER = new URL("./pipeline_server.ts", import.meta.url).pathname;

/** The same generator against a pipeline_server.ts baseline (bare, bare-insert) in its own process. */
async function baseline(target: "bare" | "bare-insert") {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SERVER, target, String(port)],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.body?.cancel().then(() => true),
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return await runLoad({
      clients: CLIENTS,
      seconds: SECONDS,
      next: (_, n) => ({
        fn: target,
        label: target,
        request: new Request(`http://127.0.0.1:${port}/`, {
          headers: { "X-Forwarded-For": `10.9.${n % 250}.1` },
        }),
      }),
    });
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
}

export async function run(): Promise<Figure[]> {
  const dbUrl = Deno.env.get("SUPABASE_DB_URL")!;
  const base = `${Deno.env.get("SUPABASE_URL")}/functions/v1`;
  await ensureDevKnowledgeBase(dbUrl, () => {});
  const names = (await functionEntries()).map((f) => f.name);
  const users = 300;
  const mix = await loadMix(names, { users });
  for (const fn of names) {
    // A warm-up that fails is no figure: the load below counts what that function answers.
    await fetch(toRequest(mix.first(fn).spec, base)).then((r) => r.body?.cancel()).catch(() => {});
  }
  // Every caller's first request opens a session (Postgres): done before the clock, as for a warm fleet.
  const callers = [
    ...Array.from({ length: users }, () => mix.callers.paramedic()),
    ...Array.from({ length: users / 10 }, () => mix.callers.director()),
  ];
  // `next`'s n counts one client's requests: a count shared by the clients walks every caller once (with
  // n, 8 clients warmed the first 42 callers over and over, and ~290 sessions opened on the clock).
  let warmed = 0;
  await runLoad({
    clients: 8,
    seconds: 120,
    maxRequests: callers.length,
    next: () => ({
      fn: "dosing",
      label: "warm-up",
      request: toRequest({
        method: "GET",
        path: "/dosing",
        headers: bearer(callers[warmed++ % callers.length]),
      }, base),
    }),
  });

  const stack = await stackProcesses(dbUrl, Number(new URL(Deno.env.get("SUPABASE_URL")!).port));
  await resetStatements(dbUrl);
  const cpuBefore = cpuSnapshot({ generator: Deno.pid }, stack);
  const load = await runLoad({
    clients: CLIENTS,
    seconds: SECONDS,
    keepBody: (status) => status >= 500,
    next: () => {
      const pick = mix.next();
      return { fn: pick.fn, label: pick.label, request: toRequest(pick.spec, base) };
    },
  });
  const cpu = cpuPerRequest(cpuBefore, cpuSnapshot({ generator: Deno.pid }, stack), load.samples.length);
  const statements = await topStatements(dbUrl, load.samples.length);
  const bare = await baseline("bare");
  await ensureInsertProbe(dbUrl);
  const insert = await baseline("bare-insert");

  const sql = createSql({ url: dbUrl, max: 1 });
  let audited, degraded;
  try {
    audited = await waitForAuditRows(sql, load.samples.map((s) => s.requestId ?? "none"), 60_000);
    degraded = await degradedDecisions(sql, load.samples.map((s) => s.requestId ?? "none"));
  } finally {
    await sql.end();
  }
  const failed = serverErrors(load.samples);
  const failedWhat = failed.slice(0, 3).map((f) =>
    `${f.label} → ${f.status || f.error} ${/"code":"([^"]+)"/.exec(f.body ?? "")?.[1] ?? ""}`.trim()
  );
  const statuses = countStatuses(load.samples.map((s) => s.status));
  const bareStatuses = countStatuses(bare.samples.map((s) => s.status));
  const name = `${CLIENTS} clients × ${SECONDS} s through the functions server`;
  if (statuses["2xx"] === 0) {
    const why = failedWhat.join("; ") || undefined;
    return requireAnswered([
      nothingMeasured("load (all functions)", `${name}: throughput`, "ops/s", statuses, why),
      nothingMeasured("load (all functions)", `${name}: latency`, "ms", statuses, why),
    ]);
  }
  // Throughput counts every answer (as wrk does in the pipeline benchmark); latency only the 2xx ones, as a
  // fast refusal would flatter it. `statuses` says how many of each there were.
  const all = summarize(load.samples.filter((s) => isSuccess(s.status)).map((s) => s.ms));
  const b = summarize(bare.samples.filter((s) => isSuccess(s.status)).map((s) => s.ms));
  const rps = load.samples.length / load.seconds;
  const bareRps = bare.samples.length / bare.seconds;
  const insertAnswered = insert.samples.some((s) => isSuccess(s.status));
  const insertRps = insert.samples.length / insert.seconds;
  const compared = b.n > 0; // the bare handler answered: a baseline to stand beside
  const baselines = [
    compared
      ? `bare Deno.serve ${round(bareRps, 0)} ops/s`
      : `bare Deno.serve measured nothing (${describeStatuses(bareStatuses)})`,
    insertAnswered
      ? `one-INSERT handler ${round(insertRps, 0)} ops/s`
      : `one-INSERT handler measured nothing (${
        describeStatuses(countStatuses(insert.samples.map((s) => s.status)))
      })`,
  ].join("; ");
  const perFunction = breakdown(load.samples).map((x) => `${x.key} ${x.count} (p99 ${round(x.p99, 0)} ms)`)
    .join(", ");
  return [
    {
      bench: "load (all functions)",
      name: `${name}: throughput`,
      unit: "ops/s",
      value: round(rps, 0),
      baseline: `same generator: ${baselines}`,
      ...(insertAnswered ? { ratio: round(rps / insertRps, 3) } : {}),
      note: `${load.samples.length} requests${failures(failedWhat)}; ` +
        `audit rows ${audited.rows} for ${audited.matched} of ${load.samples.length} requests; ` +
        `limiter decisions degraded: ${degraded}; ${perFunction}; ` +
        `ratio: against the one-INSERT handler${
          compared ? ` (against bare: ${round(rps / bareRps, 4)})` : ""
        }; CPU ms per request: ${describeCpu(cpu)}`,
      statuses,
    },
    {
      bench: "load (all functions)",
      name: `${name}: latency`,
      unit: "ms",
      p50: round(all.p50, 1),
      p95: round(all.p95, 1),
      p99: round(all.p99, 1),
      ...(compared
        ? {
          baseline: `bare Deno.serve: p50 ${round(b.p50, 2)} ms, p99 ${round(b.p99, 2)} ms`,
          ratio: round(all.p50 / b.p50, 1),
        }
        : {}),
      note: `${all.n} 2xx answers`,
      statuses,
    },
    ...perFunctionFigures(load.samples, load.seconds, insertAnswered ? insertRps : undefined),
    {
      bench: "load (all functions)",
      name: "Postgres time per request, by statement (pg_stat_statements, top 6)",
      unit: "ms",
      value: round(statements.totalMs, 3),
      note: statements.top,
    },
  ];
}

/**
 * Per function: its share of the throughput and its latency, and where its requests' time went — each
 * pipeline step's mean own time from the answers' Server-Timing, and what the client waited beyond the
 * pipeline (the gateway's forwarding, queueing).
 */
function perFunctionFigures(samples: readonly Sample[], seconds: number, insertRps?: number): Figure[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s.fn, [...(groups.get(s.fn) ?? []), s]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([fn, group]) => {
    const answered = summarize(group.filter((s) => isSuccess(s.status)).map((s) => s.ms));
    const { n, steps } = stepMeans(group.filter((s) => isSuccess(s.status)));
    const where = n > 0
      ? Object.entries(steps).filter(([, ms]) => ms >= 0.05).map(([step, ms]) => `${step} ${round(ms, 2)}`)
        .join(", ")
      : "no Server-Timing on its answers";
    return {
      bench: "load (all functions)",
      name: `${fn}: requests/s`,
      unit: "ops/s",
      value: round(group.length / seconds, 1),
      ...(insertRps ? { baseline: `one-INSERT handler ${round(insertRps, 0)} ops/s` } : {}),
      note: `${group.length} requests, 2xx latency p50 ${round(answered.p50, 1)} ms, p99 ${
        round(answered.p99, 1)
      } ms; mean ms per step (Server-Timing): ${where}`,
      statuses: countStatuses(group.map((s) => s.status)),
    };
  });
}

/**
 * The limiter decisions the load's requests got without Upstash (security_events rate_limit.*, written after
 * the response: fallback to Postgres, fail_open, fail_closed), so "degrade, don't refuse" is a figure.
 */
async function degradedDecisions(sql: ReturnType<typeof createSql>, requestIds: string[]): Promise<string> {
  const rows = await sql<{ event_type: string; n: number }[]>`
    select event_type, count(*)::int as n from public.security_events
    where event_type in ('rate_limit.fallback', 'rate_limit.fail_open', 'rate_limit.fail_closed')
      and correlation_id = any(${requestIds}) group by 1 order by 1`;
  return rows.length
    ? rows.map((r) => `${r.event_type.slice("rate_limit.".length)} ${r.n}`).join(", ")
    : "none";
}

/** Where the database's share of a request goes: statement counters from zero for the load alone. */
async function resetStatements(dbUrl: string) {
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    await sql`create extension if not exists pg_stat_statements`;
    await sql`select pg_stat_statements_reset()`;
  } finally {
    await sql.end();
  }
}

async function topStatements(dbUrl: string, requests: number): Promise<{ totalMs: number; top: string }> {
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    const rows = await sql<{ query: string; calls: number; ms: number }[]>`
      select left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 90) as query, calls::int, total_exec_time::float8 as ms
      from pg_stat_statements where toplevel order by total_exec_time desc`;
    const totalMs = rows.reduce((sum, r) => sum + r.ms, 0) / Math.max(requests, 1);
    const top = rows.slice(0, 6).map((r) =>
      `${round(r.ms / Math.max(requests, 1), 3)} ms/request: ${r.query} (${r.calls} calls)`
    ).join("; ");
    return { totalMs, top };
  } finally {
    await sql.end();
  }
}

/** The first few 5xx or unanswered requests, for the note. */
const failures = (what: string[]) => (what.length ? ` (first 5xx or unanswered: ${what.join("; ")})` : "");
