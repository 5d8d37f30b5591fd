// `deno task bench`: starts an isolated stack (like `test`), runs the benchmarks one by one and keeps each
// result as soon as it ends in bench/results/<run>/ (<name>.json, summary.json, summary.md; see
// result_files.ts). A benchmark that fails is recorded with its error and the rest still run; the exit
// code is 1 when any failed. Every figure stands beside a baseline measured in the same run: the machines
// are shared, so ratios travel better than milliseconds.
//   deno task bench [name…]   e.g. `deno task bench rate_limit`
import {
  archiveEnv,
  functionEnv,
  isolatedConfig,
  removeCluster,
  ROOT,
  startServices,
  stopServices,
} from "../stack/mod.ts";
import { provision, WRK } from "../stack/provision.ts";
import { describeMachine } from "./machine.ts";
import { createRunFolder, runStamp, writeBenchResult, writeSummary } from "./result_files.ts";
import { type Benchmark, type BenchResult, runBenchmarks } from "./run_loop.ts";
import type { Figure } from "./stats.ts";

const BENCHES: Record<string, () => Promise<{ run(): Promise<Figure[]> }>> = {
  rate_limit: () => import("./rate_limit.ts"),
  metrics: () => import("./metrics.ts"),
  protocol_search: () => import("./protocol_search.ts"),
  bedrock_client: () => import("./bedrock_client.ts"),
  dosing_engine: () => import("./dosing_engine.ts"),
  cold_start: () => import("./cold_start.ts"),
  pipeline: () => import("./pipeline.ts"),
  load: () => import("./load.ts"),
  audit_ingest: () => import("./audit_ingest.ts"),
  audit_queries: () => import("./audit_queries.ts"),
  compliance_reports: () => import("./compliance_reports.ts"),
  cold_archive: () => import("./cold_archive.ts"),
  rollups: () => import("./rollups.ts"),
};

// Each name once: a name is also its result file's.
const chosen = [...new Set(Deno.args.length ? Deno.args : Object.keys(BENCHES))];
const unknown = chosen.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  Deno.exit(2);
}
const benchmarks: Benchmark[] = chosen.map((name) => ({
  name,
  run: async () => (await BENCHES[name]()).run(),
}));

const info = { run: runStamp(new Date()), machine: await describeMachine(), planned: chosen };
const dir = `${ROOT}/bench/results/${info.run}`;

// Guests are counted per address; each simulated device names its own (scripts/functions/gateway.ts).
// Server-Timing on every answer: the load benchmark reports where each function's time goes.
const config = isolatedConfig("bench", { GATEWAY_SIMULATED_PEERS: "true", SERVER_TIMING: "true" });
await provision((l) => console.log(`[stack] ${l}`), [WRK]); // the pipeline benchmark's load generator
const started = await startServices(config, { functions: true, log: (l) => console.log(`[stack] ${l}`) });
for (const [k, v] of Object.entries({ ...functionEnv(config), ...archiveEnv(config) })) Deno.env.set(k, v);

let results: BenchResult[];
let markdown = "";
try {
  await createRunFolder(dir);
  markdown = await writeSummary(dir, info, []);
  console.log(`results: ${dir}`);
  results = await runBenchmarks(benchmarks, {
    onStart: (name) => console.log(`running ${name} …`),
    onResult: async (result, soFar) => {
      await writeBenchResult(dir, result);
      markdown = await writeSummary(dir, info, soFar);
      console.log(
        result.status === "passed"
          ? `${result.name}: ${result.figures.length} figures in ${result.seconds.toFixed(1)} s`
          : `${result.name}: FAILED after ${result.seconds.toFixed(1)} s: ${result.error}`,
      );
    },
  });
} finally {
  await stopServices(config, started);
  await Deno.remove(config.dir, { recursive: true }).catch(() => {});
  await removeCluster(config); // the cluster lives outside config.dir (postgres.ts): a full run leaves ~7 GB
}

console.log(markdown);
console.log(`results: ${dir}`);
Deno.exit(results.some((r) => r.status === "failed") ? 1 : 0); // pools and timers would keep it alive
