/**
 * A search's protocol_access row, written after the search has answered: the hit list is the clinical
 * answer and needs no database, the log is analytics. The accessId is made here and given to the medic at
 * once; the row goes to the isolate's batcher (access_batch.ts), which writes many searches in one
 * statement, each row naming its caller as the pipeline verified them; the database pseudonymises them and
 * scrubs the query — the raw query is never stored. A failed write is retried or logged and never fails
 * the search (feedback on that search then finds no row).
 */
import { type Actor, asUser } from "../../platform/db.ts";
import type { Identity } from "../../core/identity.ts";
import type { ProtocolHit } from "../../domain/protocols/mod.ts";
import { protocolSearchRow } from "../../platform/protocol_use.ts";
import { type SearchAccessBatcher, searchAccessBatcher } from "./access_batch.ts";

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

/** Who searched: an Identity, or a handler ctx holding one. */
export type Searcher = Identity | { readonly identity: Identity };

export function recordSearch(
  searcher: Searcher,
  record: SearchRecord,
  batcher: SearchAccessBatcher = searchAccessBatcher(),
): RecordedAccess {
  const accessId = crypto.randomUUID();
  const identity = "identity" in searcher ? searcher.identity : searcher;
  const written = batcher.enqueue(protocolSearchRow(identity, {
    id: accessId,
    query: record.query,
    results: record.hits.map((h, i) => ({ protocolNumber: h.protocolNumber, rank: i + 1, score: h.score })),
    pediatric: record.pediatric,
    category: record.category ?? null,
    kbVersion: /^\d+$/.test(record.kbVersion) ? record.kbVersion : null,
  }));
  return { accessId, written };
}

/** Sets was_helpful on the caller's own recent search; false when there is no such row. */
export async function recordFeedback(
  actor: Actor,
  accessId: string,
  helpful: boolean,
  batcher: SearchAccessBatcher = searchAccessBatcher(),
): Promise<boolean> {
  await batcher.settled(accessId); // a search this isolate answered a moment ago: its batch first
  return await asUser(actor, async (tx) => {
    const [row] = await tx`select public.set_protocol_access_feedback(${accessId}, ${helpful}) as updated`;
    return row.updated === true;
  });
}
