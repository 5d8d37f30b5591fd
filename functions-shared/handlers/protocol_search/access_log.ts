/**
 * A search's protocol_access row, written after the search has answered (platform/protocol_use.ts, the
 * one writer of those rows): the hit list is the clinical answer and needs no database, the log is
 * analytics. The accessId is made here and given to the medic at once; the database takes the user and
 * session from the verified claims, pseudonymises them and scrubs the query — the raw query is never
 * stored. A failed write is logged and never fails the search (feedback on that search then finds no row).
 */
import { type Actor, asUser } from "../../platform/db.ts";
import type { ProtocolHit } from "../../domain/protocols/mod.ts";
import { recordProtocolAccess } from "../../platform/protocol_use.ts";
import type { Logger } from "../../core/log.ts";

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
  log?: Logger,
): RecordedAccess {
  const accessId = crypto.randomUUID();
  const written = recordProtocolAccess(actor, {
    id: accessId,
    kind: "search",
    query: record.query,
    results: record.hits.map((h, i) => ({ protocolNumber: h.protocolNumber, rank: i + 1, score: h.score })),
    pediatric: record.pediatric,
    category: record.category ?? null,
    kbVersion: /^\d+$/.test(record.kbVersion) ? record.kbVersion : null,
  }, log).finally(() => inFlight.delete(accessId));
  inFlight.set(accessId, written);
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
