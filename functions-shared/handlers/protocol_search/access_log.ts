/**
 * protocol_access rows, written as the caller (asUser) after the search has answered: the hit list is
 * the clinical answer and needs no database, the log is analytics. The accessId is made here and given
 * to the medic at once; public.record_protocol_access(p_id, …) takes the user and session from the
 * verified claims, pseudonymises them and scrubs the query in SQL — the raw query is never stored. A
 * failed write is logged and never fails the search (feedback on that search then finds no row).
 */
import { type Actor, asUser } from "../../platform/db.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import type { ProtocolHit } from "../../domain/protocols/mod.ts";
import { afterResponse } from "../../core/runtime.ts";

export interface RecordedAccess {
  readonly accessId: string;
  /** Settles when the row is written (true), was already there (false) or could not be (logged). */
  readonly written: Promise<boolean | undefined>;
}

export interface SearchRecord {
  readonly query: string;
  readonly hits: readonly ProtocolHit[];
  readonly pediatric: boolean | null;
  readonly category?: string;
  readonly kbVersion: string;
}

/** Writes still in flight in this isolate, so feedback on a search that just answered finds its row. */
const inFlight = new Map<string, Promise<unknown>>();

export function recordSearch(
  actor: Actor,
  record: SearchRecord,
  log: Logger = consoleLogger,
): RecordedAccess {
  const accessId = crypto.randomUUID();
  const results = record.hits.map((h, i) => ({
    protocolNumber: h.protocolNumber,
    rank: i + 1,
    score: h.score,
  }));
  const kbVersion = /^\d+$/.test(record.kbVersion) ? record.kbVersion : null;
  const written = asUser(actor, async (tx) => {
    const [row] = await tx`
      select public.record_protocol_access(${accessId}::uuid, ${record.query}, ${tx.json(results)},
        ${record.pediatric}, ${record.category ?? null}, ${kbVersion}) as written`;
    return row.written === true;
  }).catch((error) => {
    log("error", "protocol_access write failed after the answer", { accessId, ...describeError(error) });
    return undefined;
  }).finally(() => inFlight.delete(accessId));
  inFlight.set(accessId, written);
  afterResponse(written);
  return { accessId, written };
}

/** Sets was_helpful on the caller's own recent search; false when there is no such row. */
export async function recordFeedback(actor: Actor, accessId: string, helpful: boolean): Promise<boolean> {
  await inFlight.get(accessId); // a search this isolate answered a moment ago: its row first
  return await asUser(actor, async (tx) => {
    const [row] = await tx`select public.set_protocol_access_feedback(${accessId}, ${helpful}) as updated`;
    return row.updated === true;
  });
}
