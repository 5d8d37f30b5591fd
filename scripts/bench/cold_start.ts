/**
 * Cold start of each function (discovered from supabase/functions), the way an edge isolate pays for
 * it: a fresh Deno process imports the function's module and answers its first request in process (a
 * typical request: tests/support/load_recipes.ts), with the stack's Postgres and Redis behind it.
 * Baseline, same run: the same probe importing an empty module with a trivial handler.
 *   BENCH_COLD_START_RUNS (default 5; one untimed run per function first fills Deno's module cache)
 */
import { functionEntries } from "../../tests/support/function_catalog.ts";
import { ensureDevKnowledgeBase } from "../kb/dev_knowledge_base.ts";
import { loadMix } from "../../tests/support/load_recipes.ts";
import { type Figure, round, summarize } from "./stats.ts";

const RUNS = Number(Deno.env.get("BENCH_COLD_START_RUNS") ?? 5);
const PROBE = new URL("./cold_start_probe.ts", import.meta.url).pathname;
const EMPTY = "data:application/javascript,export default { fetch: () => new Response('ok') };";

interface Probe {
  wallMs: number;
  bootMs: number;
  importMs: number;
  firstRequestMs: number;
  status: number;
}

async function probe(entry: string, spec: unknown): Promise<Probe> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", PROBE, entry, JSON.stringify(spec)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - started;
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
  if (!out.success || !text.startsWith("{")) {
    throw new Error(`cold start probe of ${entry} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return { wallMs, ...JSON.parse(text) };
}

async function series(entry: string, spec: unknown) {
  await probe(entry, spec);
  const runs: Probe[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await probe(entry, spec));
  const p50 = (f: (p: Probe) => number) => summarize(runs.map(f)).p50;
  return {
    wall: summarize(runs.map((r) => r.wallMs)),
    boot: p50((r) => r.bootMs),
    imported: p50((r) => r.importMs),
    first: p50((r) => r.firstRequestMs),
    statuses: [...new Set(runs.map((r) => r.status))],
  };
}

export async function run(): Promise<Figure[]> {
  await ensureDevKnowledgeBase(Deno.env.get("SUPABASE_DB_URL")!, () => {}); // else protocol-search: 503
  const entries = await functionEntries();
  const mix = await loadMix(entries.map((e) => e.name), { users: 20, inProcess: true });
  const base = await series(EMPTY, { method: "GET", path: "/" });
  const figures: Figure[] = [{
    bench: "cold start",
    name: "empty module, trivial handler (baseline)",
    unit: "ms",
    p50: round(base.wall.p50, 1),
    p99: round(base.wall.p99, 1),
    note: `process wall time; runtime boot ${round(base.boot, 1)} ms, import ${round(base.imported, 1)} ms`,
  }];
  for (const entry of entries) {
    const s = await series(`file://${entry.entrypoint}`, mix.first(entry.name).spec);
    figures.push({
      bench: "cold start",
      name: `${entry.name}: fresh process, import + first request`,
      unit: "ms",
      p50: round(s.wall.p50, 1),
      p99: round(s.wall.p99, 1),
      baseline: `empty module: p50 ${round(base.wall.p50, 1)} ms`,
      ratio: round(s.wall.p50 / base.wall.p50, 2),
      note: `${RUNS} runs; p50 import ${round(s.imported, 1)} ms, first request ${round(s.first, 1)} ms ` +
        `(${mix.first(entry.name).label}, status ${s.statuses.join("/")})`,
    });
  }
  return figures;
}
