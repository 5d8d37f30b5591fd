// One line of `deno task deploy:check`, and how a list of them is printed, summed up and turned into the
// exit code. Every check module returns these lines; only check.ts prints them.

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckLine {
  readonly status: CheckStatus;
  /** What was checked, e.g. "extension pg_net"; unique within a run. */
  readonly label: string;
  /** Why it passed, failed or was skipped. Never a secret's value. */
  readonly detail?: string;
}

export const pass = (label: string, detail?: string): CheckLine => ({ status: "pass", label, detail });
export const fail = (label: string, detail: string): CheckLine => ({ status: "fail", label, detail });
export const skip = (label: string, detail: string): CheckLine => ({ status: "skip", label, detail });

/** `PASS  extension pg_cron       1.4-1 in pg_catalog`, labels padded to `labelWidth`. */
export function formatLine(line: CheckLine, labelWidth: number): string {
  const head = `${line.status.toUpperCase()}  ${line.label}`;
  return line.detail ? `${head.padEnd(labelWidth + 6)}  ${line.detail}` : head;
}

export function formatChecklist(lines: readonly CheckLine[]): string[] {
  const width = Math.max(0, ...lines.map((l) => l.label.length));
  return [...lines.map((l) => formatLine(l, width)), summaryLine(lines)];
}

/** `12 passed, 1 failed, 6 skipped` */
export function summaryLine(lines: readonly CheckLine[]): string {
  const count = (status: CheckStatus) => lines.filter((l) => l.status === status).length;
  return `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`;
}

/** 1 when any line failed, else 0: a skipped line is not a failure. */
export function exitCodeOf(lines: readonly CheckLine[]): 0 | 1 {
  return lines.some((l) => l.status === "fail") ? 1 : 0;
}
