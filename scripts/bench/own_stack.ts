/**
 * One benchmark in a process and on a stack of its own (registry.ts, OWN_STACK):
 *   deno run -A scripts/bench/own_stack.ts <name> <out.json>
 * writes { figures } or { error, figures } to out.json. main.ts runs it as a child (runInOwnStack) and
 * reads the file; the stack's own output goes to stderr.
 */
import { BENCHES } from "./registry.ts";
import { withBenchStack } from "./bench_stack.ts";
import { errorMessage, IncompleteBenchmark } from "./failures.ts";
import type { Figure } from "./stats.ts";

interface Outcome {
  readonly figures: readonly Figure[];
  readonly error?: string;
}

/** The parent's side: the benchmark's figures, or its error (with the figures it did measure). */
export async function runInOwnStack(name: string): Promise<readonly Figure[]> {
  const out = await Deno.makeTempFile({ prefix: `bench-${name}-`, suffix: ".json" });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(import.meta.url).pathname, name, out],
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const status = await child.status;
    const text = await Deno.readTextFile(out);
    if (!text) throw new Error(`the benchmark's process ended (exit ${status.code}) without a result`);
    const outcome = JSON.parse(text) as Outcome;
    if (outcome.error !== undefined) throw new IncompleteBenchmark(outcome.error, outcome.figures);
    return outcome.figures;
  } finally {
    await Deno.remove(out).catch(() => {});
  }
}

if (import.meta.main) {
  const [name, out] = Deno.args;
  let outcome: Outcome;
  try {
    if (!BENCHES[name]) throw new Error(`unknown benchmark ${name}`); // before a stack is started for it
    const figures = await withBenchStack(`bench-${name}`, (l) => console.error(`[stack] ${l}`), async () => {
      return await (await BENCHES[name]()).run();
    });
    outcome = { figures };
  } catch (error) {
    outcome = {
      error: errorMessage(error),
      figures: error instanceof IncompleteBenchmark ? error.figures : [],
    };
  }
  await Deno.writeTextFile(out, JSON.stringify(outcome));
  Deno.exit(0); // pools and timers would keep it alive
}
