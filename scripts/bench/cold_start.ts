/**
 * Cold start of each function (discovered from supabase/functions), the way an edge isolate pays for
 * it: a fresh Deno process imports the function's module and answers its first request in process (a
 * typical request: tests/support/load_recipes.ts), with the stack's Postgres and Redis behind it.
 * Baseline, same run: the same probe importing an empty module with a trivial handler.
 * Only runs whose first answer is 2xx are timed (a quick refusal is not a cold start's cost); every run's
 * answer is counted by class, a probe that dies counted under "errors".
 *   BENCH_COLD_START_RUNS (default 5; one untimed run per function first fills Deno's module cache)
 */
import { functionEntries } from "../../tests/support/function_catalog.ts";
import { ensureDevKnowledgeBase } from "../kb/dev_knowledge_base.ts";
import { loadMix } from "../../tests/support/load_recipes.ts";
import { errorMessage, nothingMeasured, requireAnswered } from "./failures.ts";
import { type Figure, round, summarize } from "./stats.ts";
import { isSuccess, noStatuses, tallyStatus } from "./statuses.ts";

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
  await probe(entry, spec).catch(() => {}); // fills the module cache; a failure shows in the timed runs
  const runs: Probe[] = [];
  const statuses = noStatuses();
  let failure: string | undefined;
  for (let i = 0; i < RUNS; i++) {
    try {
      const p = await probe(entry, spec);
      tallyStatus(statuses, p.status);
      if (isSuccess(p.status)) runs.push(p);
    } catch (error) {
      tallyStatus(statuses, 0);
      failure = errorMessage(error).slice(0, 300);
    }
  }
  const p50 = (f: (p: Probe) => number) => summarize(runs.map(f)).p50;
  return {
    wall: summarize(runs.map((r) => r.wallMs)),
    boot: p50((r) => r.bootMs),
    imported: p50((r) => r.importMs),
    first: p50((r) => r.firstRequestMs),
    statuses,
    failure,
  };
}

export async function run(): Promise<Figure[]> {
  await ensureDevKnowledgeBase(Deno.env.get("SUPABASE_DB_URL")!, () => {}); // else protocol-search: 503
  const entries = await functionEntries();
  const mix = await loadMix(entries.map((e) => e.name), { users: 20, inProcess: true });
  const base = await series(EMPTY, { method: "GET", path: "/" });
  const baseName = "empty module, trivial handler (baseline)";
  const figures: Figure[] = [
    base.wall.n === 0 ? nothingMeasured("cold start", baseName, "ms", base.statuses, base.failure) : {
      bench: "cold start",
      name: baseName,
      unit: "ms",
      p50: round(base.wall.p50, 1),
      p99: round(base.wall.p99, 1),
      note: `process wall time; runtime boot ${round(base.boot, 1)} ms, import ${round(base.imported, 1)} ms`,
      statuses: base.statuses,
    },
  ];
  for (const entry of entries) {
    const s = await series(`file://${entry.entrypoint}`, mix.first(entry.name).spec);
    const name = `${entry.name}: fresh process, import + first request`;
    if (s.wall.n === 0) {
      figures.push(nothingMeasured("cold start", name, "ms", s.statuses, s.failure));
      continue;
    }
    figures.push({
      bench: "cold start",
      name,
      unit: "ms",
      p50: round(s.wall.p50, 1),
      p99: round(s.wall.p99, 1),
      ...(base.wall.n > 0
        ? {
          baseline: `empty module: p50 ${round(base.wall.p50, 1)} ms`,
          ratio: round(s.wall.p50 / base.wall.p50, 2),
        }
        : {}),
      note: `${s.wall.n} runs timed; p50 import ${round(s.imported, 1)} ms, first request ${
        round(s.first, 1)
      } ms (${mix.first(entry.name).label})`,
      statuses: s.statuses,
    });
  }
  return requireAnswered(figures);
}
