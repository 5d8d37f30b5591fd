// `deno task bench`: starts an isolated stack (like `test`), runs the benchmarks one by one and keeps each
// result as soon as it ends in bench/results/<run>/ (<name>.json, summary.json, summary.md; see
// result_files.ts). A benchmark that fails is recorded with its error and the rest still run; the exit
// code is 1 when any failed. Every figure stands beside a baseline measured in the same run: the machines
// are shared, so ratios travel better than milliseconds. The benchmarks that generate an audit trail of
// their own run each in a child process on a stack of its own (registry.ts, OWN_STACK).
//   deno task bench [name…]   e.g. `deno task bench rate_limit`
import { ROOT } from "../stack/mod.ts";
import { provision, WRK } from "../stack/provision.ts";
import { describeCode, describeMachine } from "./machine.ts";
import { createRunFolder, runStamp, writeBenchResult, writeSummary } from "./result_files.ts";
import { type Benchmark, type BenchResult, runBenchmarks } from "./run_loop.ts";
import { BENCHES, OWN_STACK } from "./registry.ts";
import { withBenchStack } from "./bench_stack.ts";
import { runInOwnStack } from "./own_stack.ts";

// Each name once: a name is also its result file's.
const chosen = [...new Set(Deno.args.length ? Deno.args : Object.keys(BENCHES))];
const unknown = chosen.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  Deno.exit(2);
}
const benchmarks: Benchmark[] = chosen.map((name) => ({
  name,
  run: OWN_STACK.has(name) ? () => runInOwnStack(name) : async () => (await BENCHES[name]()).run(),
}));

const code = await describeCode(ROOT);
if (code.includes("uncommitted")) {
  console.log(
    `[bench] measuring ${code}: each benchmark loads its modules as it starts, so edits made during the run are measured too`,
  );
}
const info = { run: runStamp(new Date()), machine: await describeMachine(), code, planned: chosen };
const dir = `${ROOT}/bench/results/${info.run}`;

await provision((l) => console.log(`[stack] ${l}`), [WRK]); // the pipeline benchmark's load generator
let markdown = "";
const results: BenchResult[] = await withBenchStack("bench", (l) => console.log(`[stack] ${l}`), async () => {
  await createRunFolder(dir);
  markdown = await writeSummary(dir, info, []);
  console.log(`results: ${dir}`);
  return await runBenchmarks(benchmarks, {
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
});

console.log(markdown);
console.log(`results: ${dir}`);
Deno.exit(results.some((r) => r.status === "failed") ? 1 : 0); // pools and timers would keep it alive
