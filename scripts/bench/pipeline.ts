/**
 * Pipeline throughput and latency: dosing (POST, the engine) and protocol-search (GET, in-memory search
 * plus its protocol_access row) through the whole pipeline — CORS, auth, Upstash limiter, validation,
 * audit writer, metrics — against two baselines measured in the same run with the same load generator:
 * a bare Deno.serve handler, and a bare handler doing one postgres.js INSERT per request. Each target
 * is its own process (scripts/bench/pipeline_server.ts), driven by Debian's wrk over loopback with a new
 * client address per request (scripts/bench/wrk.ts). All four servers run side by side and are measured in
 * interleaved rounds (rounds.ts: A B C D, D C B A, …), so each pipeline target meets the INSERT handler on
 * the same machine in every round and its ratio is the median of those pairs (2xx answers a second). Each
 * server counts its answers by status class; a target that got no 2xx answer, or whose server or wrk failed
 * in any round, is reported as such (from the rounds it has) and fails the benchmark once the other targets
 * are measured.
 *   BENCH_PIPELINE_SECONDS (a round, default 10), BENCH_PIPELINE_ROUNDS (default 4),
 *   BENCH_PIPELINE_CONNECTIONS (default 16)
 */
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../kb/dev_knowledge_base.ts";
import { freePort } from "../stack/run.ts";
import { errorMessage, IncompleteBenchmark, nothingMeasured, requireAnswered } from "./failures.ts";
import { type Figure, round } from "./stats.ts";
import { noStatuses, SERVER_STATUS_PATH, type StatusCounts, statusesBetween } from "./statuses.ts";
import { combineRounds, pairedRatios, type Round, roundOrder } from "./rounds.ts";
import { wrk, type WrkRequest } from "./wrk.ts";
import { cpuPerRequest, cpuSnapshot, describeCpu, parentOf, type StackProcesses } from "./process_cpu.ts";

const SECONDS = Number(Deno.env.get("BENCH_PIPELINE_SECONDS") ?? 10);
const ROUNDS = Number(Deno.env.get("BENCH_PIPELINE_ROUNDS") ?? 4);
/** Between rounds: the previous target's batched writes finish before the next is timed. */
const SETTLE_MS = 1_000;
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

interface Server {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

interface TargetRun {
  readonly name: string;
  readonly request: WrkRequest;
  readonly server?: Server;
  /** Round by round; undefined where the round failed (then `failure` says why). */
  readonly rounds: (Round | undefined)[];
  failure?: string;
}

async function serverStatuses(url: string): Promise<StatusCounts> {
  const res = await fetch(`${url}${SERVER_STATUS_PATH}`);
  if (!res.ok) throw new Error(`the server's answer counts: ${res.status}`);
  return await res.json();
}

/** The target's server in a process of its own, warmed up (JIT, pools, index load) and left running. */
async function startServer(target: string, request: WrkRequest): Promise<Server> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SERVER, target, String(port)],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const server = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      child.kill("SIGKILL");
      await child.status;
    },
  };
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    for (let text = ""; !text.includes("ready");) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`${target} server exited before listening`);
      text += value;
    }
    reader.releaseLock();
    child.stdout.cancel().catch(() => {});
    await wrk(server.url, request, { connections: CONNECTIONS, seconds: 2 });
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** One timed round against a running server; a pause first lets the previous target's writes finish. */
async function measureRound(server: Server, request: WrkRequest, stack: StackProcesses): Promise<Round> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const before = await serverStatuses(server.url);
  const cpuBefore = cpuSnapshot({ server: server.pid }, stack);
  const result = await wrk(server.url, request, { connections: CONNECTIONS, seconds: SECONDS });
  const cpu = cpuPerRequest(cpuBefore, cpuSnapshot({ server: server.pid }, stack), result.requests);
  const answered = statusesBetween(before, await serverStatuses(server.url));
  return { result, cpu, statuses: { ...answered, errors: result.socketErrors } };
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
  try {
    for (const t of TARGETS) {
      try {
        runs.push({
          name: t.name,
          request: t.request,
          server: await startServer(t.target, t.request),
          rounds: [],
        });
      } catch (error) {
        runs.push({ name: t.name, request: t.request, rounds: [], failure: errorMessage(error) });
      }
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of roundOrder(runs, r)) {
        if (!t.server) continue;
        try {
          t.rounds[r] = await measureRound(t.server, t.request, stack);
        } catch (error) {
          t.failure ??= `round ${r + 1}: ${errorMessage(error)}`;
        }
      }
    }
  } finally {
    await Promise.all(runs.map((t) => t.server?.stop()));
  }
  const all = requireAnswered(figures(runs));
  // A target that failed a round is reported from its other rounds, and the benchmark still fails.
  const failed = runs.filter((t) => t.failure).map((t) => `${t.name}: ${t.failure}`);
  if (failed.length) throw new IncompleteBenchmark(`a round failed: ${failed.join("; ")}`, all);
  return all;
}

function figures(runs: readonly TargetRun[]): Figure[] {
  const combined = runs.map((t) => {
    const rounds = t.rounds.filter((r): r is Round => r !== undefined);
    return rounds.length === 0 ? undefined : combineRounds(rounds);
  });
  const measured = (i: number) => combined[i] !== undefined && combined[i]!.statuses["2xx"] > 0;
  const [bare, insert] = [0, 1].map((i) => (measured(i) ? combined[i]!.result : undefined));
  const conditions = `wrk -t1 -c${CONNECTIONS}, ${ROUNDS} interleaved rounds of ${SECONDS} s, loopback`;
  // wrk's latency percentiles cover every answer: it cannot tell them apart (wrk.ts); `statuses` can.
  const perTarget = runs.flatMap((t, i): Figure[] => {
    const c = combined[i];
    if (!c || !measured(i)) {
      return [nothingMeasured(BENCH, t.name, "ops/s", c?.statuses ?? noStatuses(), t.failure)];
    }
    const r = c.result;
    const vsInsert = i >= 2 && insert
      ? `; ${round(r.rps / insert.rps, 2)}× the INSERT handler's throughput over all rounds`
      : "";
    const failed = t.failure ? `; ${t.failure}` : "";
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
          describeCpu(c.cpu)
        }; by round: ${
          t.rounds.map((x) => (x ? round(x.result.rps, 0) : "failed")).join(", ")
        } ops/s${failed}`,
        statuses: c.statuses,
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
        note: `the rounds' medians (the worst round's p99: ${round(c.p99Max, 2)} ms)${
          i >= 2 && insert
            ? `; INSERT handler: p50 ${round(insert.p50, 2)} ms, p99 ${round(insert.p99, 2)} ms`
            : ""
        }`,
        statuses: c.statuses,
      },
    ];
  });
  return [...perTarget, ...againstInsert(runs)];
}

/** Each pipeline target over the INSERT handler, round by round (the goal's ratio for dosing). */
function againstInsert(runs: readonly TargetRun[]): Figure[] {
  const insert = runs[1];
  return runs.slice(2).flatMap((t): Figure[] => {
    const paired = pairedRatios(t.rounds, insert.rounds);
    if (paired.ratios.length === 0) return [];
    return [{
      bench: BENCH,
      name: `${t.name} ÷ INSERT handler, paired rounds`,
      unit: "share",
      value: round(paired.median, 3),
      baseline: "the INSERT handler's throughput in the same round",
      ratio: round(paired.median, 3),
      note: `median of ${paired.ratios.length} rounds, range ${round(paired.min, 2)}–${
        round(paired.max, 2)
      }: ${paired.ratios.map((x) => round(x, 2)).join(", ")}`,
    }];
  });
}
