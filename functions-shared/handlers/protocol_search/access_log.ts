/**
 * protocol_access rows, written as the caller (asUser): public.record_protocol_access takes the
 * user and session from the verified claims, pseudonymises them and scrubs the query in SQL — the
 * raw query is never stored. A failed write never fails the search: the hit list is the clinical
 * answer, the log is analytics.
 */
import { config } from "../../core/config.ts";
import { withinBudget } from "../../core/timing.ts";
import { type Actor, asUser } from "../../platform/db.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import type { ProtocolHit } from "../../domain/protocols/mod.ts";
import { afterResponse } from "../../core/runtime.ts";

export interface RecordedAccess {
  readonly accessId: string;
  /** sha256 (hex) of the scrubbed query, for the audit event. */
  readonly queryHash: string;
}

export interface SearchRecord {
  readonly query: string;
  readonly hits: readonly ProtocolHit[];
  readonly pediatric: boolean | null;
  readonly category?: string;
  readonly kbVersion: string;
}

export async function recordSearch(
  actor: Actor,
  record: SearchRecord,
  log: Logger = consoleLogger,
): Promise<RecordedAccess | null> {
  const results = record.hits.map((h, i) => ({
    protocolNumber: h.protocolNumber,
    rank: i + 1,
    score: h.score,
  }));
  const kbVersion = /^\d+$/.test(record.kbVersion) ? record.kbVersion : null;
  const write = asUser(actor, async (tx) => {
    const [row] = await tx`
      select id::text, query_sha256 from public.record_protocol_access(
        ${record.query}, ${tx.json(results)}, ${record.pediatric}, ${record.category ?? null}, ${kbVersion})`;
    return { accessId: row.id as string, queryHash: row.query_sha256 as string };
  });
  // The search itself needs no database: with Postgres slow or down the medic gets the results
  // after at most DB_BUDGET_MS, without an accessId; the write finishes (or fails) afterwards.
  const budgetMs = config().dbBudgetMs;
  afterResponse(write.catch(() => {}));
  try {
    return await withinBudget(write, budgetMs);
  } catch (error) {
    log("error", "protocol_access write failed; answering without an accessId", describeError(error));
    return null;
  }
}

/** Sets was_helpful on the caller's own recent search; false when there is no such row. */
export async function recordFeedback(actor: Actor, accessId: string, helpful: boolean): Promise<boolean> {
  return await asUser(actor, async (tx) => {
    const [row] = await tx`select public.set_protocol_access_feedback(${accessId}, ${helpful}) as updated`;
    return row.updated === true;
  });
}
