// `deno task bench`: starts an isolated stack (like `test`), runs every benchmark, writes
// bench/results/<timestamp>.json and .md, and prints the table. Every figure stands beside a baseline
// measured in the same run: the machines are shared, so ratios travel better than milliseconds.
//   deno task bench [name…]   e.g. `deno task bench rate_limit`
import { functionEnv, isolatedConfig, ROOT, startServices, stopServices } from "../stack/mod.ts";
import { provision, WRK } from "../stack/provision.ts";
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
};

const chosen = Deno.args.length ? Deno.args : Object.keys(BENCHES);
// Guests are counted per address; each simulated device names its own (scripts/functions/gateway.ts).
const config = isolatedConfig("bench", { GATEWAY_SIMULATED_PEERS: "true" });
await provision((l) => console.log(`[stack] ${l}`), [WRK]); // the pipeline benchmark's load generator
const started = await startServices(config, { functions: true, log: (l) => console.log(`[stack] ${l}`) });
for (const [k, v] of Object.entries(functionEnv(config))) Deno.env.set(k, v);

const figures: Figure[] = [];
try {
  for (const name of chosen) {
    if (!BENCHES[name]) {
      throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(", ")}`);
    }
    console.log(`running ${name} …`);
    figures.push(...await (await BENCHES[name]()).run());
  }
} finally {
  await stopServices(config, started);
  await Deno.remove(config.dir, { recursive: true }).catch(() => {});
}

const machine = await describeMachine();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const markdown = toMarkdown(figures, machine);
await Deno.mkdir(`${ROOT}/bench/results`, { recursive: true });
await Deno.writeTextFile(
  `${ROOT}/bench/results/${stamp}.json`,
  JSON.stringify({ machine, figures }, null, 2),
);
await Deno.writeTextFile(`${ROOT}/bench/results/${stamp}.md`, markdown);
console.log(markdown);
Deno.exit(0);

async function describeMachine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1];
  const memory = `${Math.round(Deno.systemMemoryInfo().total / 2 ** 30)} GiB`;
  const cores = `${navigator.hardwareConcurrency} cores`;
  return [`${Deno.build.os}/${Deno.build.arch}`, cpu, cores, memory, `Deno ${Deno.version.deno}`]
    .filter(Boolean).join(", ");
}

function toMarkdown(rows: Figure[], machine: string): string {
  const cell = (x: number | string | undefined) => (x === undefined ? "" : String(x));
  const lines = [
    `Machine: ${machine}. ${new Date().toISOString()}.`,
    "",
    "| benchmark | measured | unit | p50 | p95 | p99 | value | baseline | ratio | note |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((f) =>
      `| ${f.bench} | ${f.name} | ${f.unit} | ${cell(f.p50)} | ${cell(f.p95)} | ${cell(f.p99)} | ${
        cell(f.value)
      } | ${cell(f.baseline)} | ${cell(f.ratio)} | ${cell(f.note)} |`
    ),
  ];
  return lines.join("\n") + "\n";
}
