/**
 * A run's summary over the results so far: summary.json (everything) and summary.md (the harness's table,
 * one row per figure, a FAILED row per failed benchmark). Pure, so an interrupted run's summary reads
 * the same as the one it would have had at that point.
 */
import type { BenchResult } from "./run_loop.ts";
import type { Figure } from "./stats.ts";
import { describeStatuses } from "./statuses.ts";

export interface RunInfo {
  /** The run's timestamp, also its folder's name. */
  readonly run: string;
  readonly machine: string;
  /** The code measured: its commit, and whether uncommitted changes were measured too (machine.ts describeCode). */
  readonly code: string;
  /** The benchmarks asked for, in order. */
  readonly planned: readonly string[];
}

export interface RunSummary extends RunInfo {
  readonly passed: number;
  readonly failed: number;
  /** Planned and not (yet) run: the run is going on, or was interrupted. */
  readonly pending: readonly string[];
  readonly results: readonly BenchResult[];
}

export function runSummary(info: RunInfo, results: readonly BenchResult[]): RunSummary {
  const done = new Set(results.map((r) => r.name));
  return {
    ...info,
    passed: results.filter((r) => r.status === "passed").length,
    failed: results.filter((r) => r.status === "failed").length,
    pending: info.planned.filter((name) => !done.has(name)),
    results,
  };
}

const HEADER = [
  "| benchmark | measured | unit | p50 | p95 | p99 | value | baseline | ratio | note |",
  "|---|---|---|---|---|---|---|---|---|---|",
];
const MAX_ERROR_CHARS = 500; // the whole message is in the json

/** A table cell: a `|` would end the cell and a newline the row. */
function cell(x: number | string | undefined): string {
  return x === undefined ? "" : String(x).replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function figureRow(f: Figure): string {
  const note = [f.note, f.statuses ? `answers: ${describeStatuses(f.statuses)}` : undefined]
    .filter(Boolean).join("; ");
  return `| ${cell(f.bench)} | ${cell(f.name)} | ${f.unit} | ${cell(f.p50)} | ${cell(f.p95)} | ${
    cell(f.p99)
  } | ${cell(f.value)} | ${cell(f.baseline)} | ${cell(f.ratio)} | ${cell(note)} |`;
}

function resultRows(r: BenchResult): string[] {
  const rows = r.figures.map(figureRow);
  if (r.status === "failed") {
    const error = r.error && r.error.length > MAX_ERROR_CHARS
      ? `${r.error.slice(0, MAX_ERROR_CHARS)}…`
      : r.error;
    rows.push(
      `| ${cell(r.name)} | FAILED after ${r.seconds.toFixed(1)} s |  |  |  |  |  |  |  | ${cell(error)} |`,
    );
  } else if (rows.length === 0) {
    rows.push(`| ${cell(r.name)} | no figures |  |  |  |  |  |  |  |  |`);
  }
  return rows;
}

export function renderSummaryMarkdown(s: RunSummary): string {
  const tally = [
    `${s.passed} passed`,
    `${s.failed} failed`,
    ...(s.pending.length ? [`pending: ${s.pending.join(", ")}`] : []),
  ];
  return [
    `Machine: ${s.machine}. Code: ${s.code}. Run ${s.run}: ${tally.join(", ")}.`,
    "",
    ...HEADER,
    ...s.results.flatMap(resultRows),
  ].join("\n") + "\n";
}
