// `deno task bench`: starts an isolated stack (like `test`), runs every benchmark, writes
// bench/results/<timestamp>.json and .md, and prints the table. Every figure stands beside a baseline
// measured in the same run: the machines are shared, so ratios travel better than milliseconds.
//   deno task bench [name…]   e.g. `deno task bench rate_limit`
import { functionEnv, isolatedConfig, ROOT, startServices, stopServices } from "../stack/mod.ts";
import type { Figure } from "./stats.ts";

const BENCHES: Record<string, () => Promise<{ run(): Promise<Figure[]> }>> = {
  rate_limit: () => import("./rate_limit.ts"),
  metrics: () => import("./metrics.ts"),
  protocol_search: () => import("./protocol_search.ts"),
  bedrock_client: () => import("./bedrock_client.ts"),
};

const chosen = Deno.args.length ? Deno.args : Object.keys(BENCHES);
const config = isolatedConfig("bench");
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

const machine =
  `${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}`;
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

function toMarkdown(rows: Figure[], machine: string): string {
  const cell = (x: number | string | undefined) => (x === undefined ? "" : String(x));
  const lines = [
    `Machine: ${machine}. ${new Date().toISOString()}.`,
    "",
    "| benchmark | measured | unit | p50 | p99 | value | baseline | ratio | note |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((f) =>
      `| ${f.bench} | ${f.name} | ${f.unit} | ${cell(f.p50)} | ${cell(f.p99)} | ${cell(f.value)} | ${
        cell(f.baseline)
      } | ${cell(f.ratio)} | ${cell(f.note)} |`
    ),
  ];
  return lines.join("\n") + "\n";
}
