/**
 * Pipeline throughput and latency: dosing (POST, the engine) and protocol-search (GET, in-memory search
 * plus its protocol_access row) through the whole pipeline — CORS, auth, Upstash limiter, validation,
 * audit writer, metrics — against two baselines measured in the same run with the same load generator:
 * a bare Deno.serve handler, and a bare handler doing one postgres.js INSERT per request. Each target
 * is its own process (scripts/bench/pipeline_server.ts), driven by Debian's wrk over loopback with a new
 * client address per request (scripts/bench/wrk.ts). Each server counts its answers by status class; a
 * target that got no 2xx answer (or whose server or wrk failed) is reported as such and fails the benchmark
 * once the other targets are measured.
 *   BENCH_PIPELINE_SECONDS (default 10), BENCH_PIPELINE_CONNECTIONS (default 16)
 */
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../kb/dev_knowledge_base.ts";
import { freePort } from "../stack/run.ts";
import { errorMessage, nothingMeasured, requireAnswered } from "./failures.ts";
import { type Figure, round } from "./stats.ts";
import { noStatuses, SERVER_STATUS_PATH, type StatusCounts, statusesBetween } from "./statuses.ts";
import { wrk, type WrkRequest, type WrkResult } from "./wrk.ts";
import {
  type CpuByProcess,
  cpuPerRequest,
  cpuSnapshot,
  describeCpu,
  parentOf,
  type StackProcesses,
} from "./process_cpu.ts";

const SECONDS = Number(Deno.env.get("BENCH_PIPELINE_SECONDS") ?? 10);
const CONNECTIONS = Number(Deno.env.get("BENCH_PIPELINE_CONNECTIONS") ?? 16);
const SERVER = new URL("./pipeline_server.ts", import.meta.url).pathname;
const BENCH = "pipeline (wrk)";

const QUERIES = ["seizure", "chest pain", "stroke", "anaphylaxis", "cardiac arrest", "peds siezure", "burns"];

const TARGETS: { name: string; target: string; request: WrkRequest }[] = [
  { name: "bare Deno.serve handler", target: "bare", request: { method: "GET", paths: ["/"] } },
  {
    name: "bare handler + one postgres.js INSERT",
    target: "bare-insert",
    request: { method: "GET", paths: ["/"] },
  },
  {
    name: "dosing POST through the pipeline",
    target: "dosing",
    request: {
      method: "POST",
      paths: ["/dosing"],
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ medication: "epinephrine", route: "IV", indication: "push-dose", weightKg: 24 }),
    },
  },
  {
    name: "protocol-search GET through the pipeline",
    target: "protocol-search",
    request: {
      method: "GET",
      paths: QUERIES.map((q) => `/protocol-search?q=${encodeURIComponent(q)}&limit=5`),
    },
  },
];

interface TargetRun {
  readonly name: string;
  readonly result?: WrkResult;
  /**
   * The server's answers during the timed run (a few more than wrk's count: those in flight when it
   * stopped), and wrk's socket errors as "errors".
   */
  readonly statuses: StatusCounts;
  /** CPU milliseconds per request by process (process_cpu.ts). */
  readonly cpu?: CpuByProcess;
  readonly failure?: string;
}

async function serverStatuses(url: string): Promise<StatusCounts> {
  const res = await fetch(`${url}${SERVER_STATUS_PATH}`);
  if (!res.ok) throw new Error(`the server's answer counts: ${res.status}`);
  return await res.json();
}

async function measure(target: string, request: WrkRequest, stack: StackProcesses) {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SERVER, target, String(port)],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    for (let text = ""; !text.includes("ready");) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`${target} server exited before listening`);
      text += value;
    }
    reader.releaseLock();
    child.stdout.cancel().catch(() => {});
    const url = `http://127.0.0.1:${port}`;
    await wrk(url, request, { connections: CONNECTIONS, seconds: 2 }); // warm-up: JIT, pools, index load
    const before = await serverStatuses(url);
    const cpuBefore = cpuSnapshot({ server: child.pid }, stack);
    const result = await wrk(url, request, { connections: CONNECTIONS, seconds: SECONDS });
    const cpu = cpuPerRequest(cpuBefore, cpuSnapshot({ server: child.pid }, stack), result.requests);
    const answered = statusesBetween(before, await serverStatuses(url));
    return { result, cpu, statuses: { ...answered, errors: result.socketErrors } };
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
}

/** The stack's bridge, redis and Postgres processes (ports from the environment the stack set). */
export async function stackProcesses(dbUrl: string, functionsPort?: number): Promise<StackProcesses> {
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    return {
      postmaster: parentOf(pid),
      bridgePort: Number(new URL(Deno.env.get("UPSTASH_REDIS_REST_URL")!).port),
      redisPort: Number(new URL(Deno.env.get("REDIS_URL")!).port),
      functionsPort,
    };
  } finally {
    await sql.end();
  }
}

/** The table the one-INSERT baseline (pipeline_server.ts bare-insert) writes to. */
export async function ensureInsertProbe(dbUrl: string): Promise<void> {
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    await sql.unsafe(`create schema if not exists bench;
      create table if not exists bench.insert_probe (
        id bigserial primary key, at timestamptz not null default now(), path text, client text)`);
  } finally {
    await sql.end();
  }
}

export async function run(): Promise<Figure[]> {
  const dbUrl = Deno.env.get("SUPABASE_DB_URL")!;
  await ensureDevKnowledgeBase(dbUrl, () => {});
  await ensureInsertProbe(dbUrl);
  const stack = await stackProcesses(dbUrl);

  const runs: TargetRun[] = [];
  for (const t of TARGETS) {
    try {
      runs.push({ name: t.name, ...(await measure(t.target, t.request, stack)) });
    } catch (error) {
      runs.push({ name: t.name, statuses: noStatuses(), failure: errorMessage(error) });
    }
  }
  const measured = (t: TargetRun) => t.result !== undefined && t.statuses["2xx"] > 0;
  const [bare, insert] = runs.map((t) => (measured(t) ? t.result : undefined));
  const conditions = `wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, loopback`;
  // wrk's latency percentiles cover every answer: it cannot tell them apart (wrk.ts); `statuses` can.
  return requireAnswered(runs.flatMap((t, i): Figure[] => {
    if (!measured(t)) return [nothingMeasured(BENCH, t.name, "ops/s", t.statuses, t.failure)];
    const r = t.result!;
    const vsInsert = i >= 2 && insert
      ? `; ${round(r.rps / insert.rps, 2)}× the INSERT handler's throughput`
      : "";
    return [
      {
        bench: BENCH,
        name: `${t.name}: throughput`,
        unit: "ops/s",
        value: round(r.rps, 0),
        ...(i === 0 || !bare
          ? {}
          : { baseline: `bare: ${round(bare.rps, 0)} ops/s`, ratio: round(r.rps / bare.rps, 3) }),
        note: `${r.requests} requests, ${conditions}${vsInsert}; CPU ms per request: ${
          t.cpu ? describeCpu(t.cpu) : "not measured"
        }`,
        statuses: t.statuses,
      },
      {
        bench: BENCH,
        name: `${t.name}: latency`,
        unit: "ms",
        p50: round(r.p50, 2),
        p99: round(r.p99, 2),
        ...(i === 0 || !bare ? {} : {
          baseline: `bare: p50 ${round(bare.p50, 2)} ms, p99 ${round(bare.p99, 2)} ms`,
          ratio: round(r.p50 / bare.p50, 2),
        }),
        ...(i >= 2 && insert
          ? { note: `INSERT handler: p50 ${round(insert.p50, 2)} ms, p99 ${round(insert.p99, 2)} ms` }
          : {}),
        statuses: t.statuses,
      },
    ];
  }));
}
