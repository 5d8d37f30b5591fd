// The functions' `contract.undeclared_error` lines (functions-shared/pipeline/declared_errors.ts) in a
// functions server's log: an error answer whose code openapi.json does not list for its route and status.
// `deno task test` fails a run that has any (scripts/test.ts); a second server a test starts
// (tests/support/functions_server.ts) hands its lines to the file UNDECLARED_ERRORS_LOG names before its
// log is removed.
import { UNDECLARED_ERROR } from "../../functions-shared/pipeline/declared_errors.ts";

/** The environment variable naming where second servers append their lines for the runner. */
export const UNDECLARED_ERRORS_LOG = "UNDECLARED_ERRORS_LOG";

/** The log's lines that report an undeclared error answer. */
export function undeclaredErrorLines(log: string): string[] {
  return log.split("\n").filter((line) => line.includes(`"${UNDECLARED_ERROR}"`));
}

/**
 * One line per distinct drift (function, method, route, status, code), with how often it was answered, e.g.
 * `dosing POST / 404 UNKNOWN_MEDICATION (declared for 404: NOT_FOUND) ×3`. A line that does not parse is
 * kept as it is: it still counts.
 */
export function describeUndeclared(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const key = describeLine(line);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => n > 1 ? `${key} ×${n}` : key).sort();
}

function describeLine(line: string): string {
  try {
    const f = JSON.parse(line.slice(line.indexOf("{")));
    const declared = Array.isArray(f.declared) && f.declared.length ? f.declared.join(", ") : "nothing";
    return `${f.function} ${f.method} ${f.route ?? "(no route matched)"} ${f.status} ${f.code} ` +
      `(declared for ${f.status}: ${declared})`;
  } catch {
    return line.trim();
  }
}
