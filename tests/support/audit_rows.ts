/**
 * Audit rows by request: the pipeline stamps every answer with X-Request-Id and writes that id as the
 * event's correlation_id, so "every answered request has exactly one audit row" is a query.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";
import { drainAuditSpool } from "../../functions-shared/pipeline/audit/spool.ts";

export interface AuditMatch {
  /** Rows whose correlation_id is one of the ids. */
  readonly rows: number;
  /** Ids with at least one row. */
  readonly matched: number;
  /** Ids with no row (at most 10, for the failure message). */
  readonly missing: string[];
}

export async function auditRowsFor(sql: Sql, requestIds: readonly string[]): Promise<AuditMatch> {
  const ids = [...new Set(requestIds)];
  const found = await sql<{ id: string; n: number }[]>`
    select correlation_id as id, count(*)::int as n from public.audit_logs
    where correlation_id = any(${ids}) group by correlation_id`;
  const seen = new Set(found.map((r) => r.id));
  return {
    rows: found.reduce((sum, r) => sum + r.n, 0),
    matched: seen.size,
    missing: ids.filter((id) => !seen.has(id)).slice(0, 10),
  };
}

/**
 * Polls until every id has its row (the writer batches after the response) or `timeoutMs` passes.
 * `beforePoll` runs before each look, e.g. to land the Redis audit spool as flush-metrics would.
 */
export async function waitForAuditRows(
  sql: Sql,
  requestIds: readonly string[],
  timeoutMs = 20_000,
  beforePoll?: () => Promise<unknown>,
): Promise<AuditMatch> {
  const want = new Set(requestIds).size;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await beforePoll?.();
    const match = await auditRowsFor(sql, requestIds);
    if (match.matched >= want || Date.now() > deadline) return match;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Lands what the Redis audit spool holds, as flush-metrics does every hour: a batch a function could not
 * write at once (its pooled connection died with an earlier fault test's Postgres restart, say) is
 * spooled by design, not lost. Says so when it landed anything, so that it is seen.
 */
export async function landAuditSpool(): Promise<void> {
  const drained = await drainAuditSpool({ limit: 10_000 }).catch((error) => {
    console.log(`(the audit spool could not be drained: ${error})`);
    return undefined;
  });
  if (drained?.landed) console.log(`(the audit spool held ${drained.landed} events; landed)`);
}
