/**
 * A run's folder, bench/results/<run>/: <name>.json for each benchmark as soon as it ends, and
 * summary.json + summary.md rewritten after each, so a run stopped at any point keeps what it finished.
 */
import type { BenchResult } from "./run_loop.ts";
import { renderSummaryMarkdown, type RunInfo, runSummary } from "./summary.ts";

/** A run's name: the timestamp it started at, safe in a file name. */
export function runStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** Rename over the old file: an interrupted write never leaves a half-written summary behind. */
async function replaceFile(path: string, text: string): Promise<void> {
  const partial = `${path}.partial`;
  await Deno.writeTextFile(partial, text);
  await Deno.rename(partial, path);
}

/** Results stay local (README, Benchmarks): the repository's .gitignore covers bench/results/. */
export async function createRunFolder(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
}

export async function writeBenchResult(dir: string, result: BenchResult): Promise<void> {
  await replaceFile(`${dir}/${result.name}.json`, JSON.stringify(result, null, 2) + "\n");
}

/** Writes summary.json and summary.md; returns the markdown. */
export async function writeSummary(
  dir: string,
  info: RunInfo,
  results: readonly BenchResult[],
): Promise<string> {
  const summary = runSummary(info, results);
  const markdown = renderSummaryMarkdown(summary);
  await replaceFile(`${dir}/summary.json`, JSON.stringify(summary, null, 2) + "\n");
  await replaceFile(`${dir}/summary.md`, markdown);
  return markdown;
}
