/**
 * protocol_access rows — a search, a document view, the protocols one chat answer retrieved — written the
 * one way: as the caller (asUser), after the response, the results sent as JSON text. The answer never
 * waits on analytics, and a failed write is logged, never the request's failure. The SQL writers
 * (record_protocol_access for a search, record_protocol_use for the rest) take the user and session from
 * the verified claims and refuse a malformed result list (22023, p_results); a search's query is scrubbed
 * there, and a view or chat row stores no text. The row id is the caller's (a search's accessId, the
 * chat's messageId), so a repeated write is one row.
 */
import { type Actor, asUser } from "./db.ts";
import { consoleLogger, describeError, type Logger } from "../core/log.ts";
import { afterResponse } from "../core/runtime.ts";

export interface ProtocolAccessResult {
  readonly protocolNumber: string;
  readonly rank: number;
  /** search only: the relevance the hit was ranked by. */
  readonly score?: number;
  /** chat only: the answer cites this protocol. */
  readonly cited?: boolean;
}

/** A document view or the protocols one chat answer retrieved. */
export interface ProtocolUse {
  readonly id: string;
  readonly kind: "view" | "chat";
  readonly results: readonly ProtocolAccessResult[];
}

export interface ProtocolSearchAccess {
  readonly id: string;
  readonly kind: "search";
  readonly results: readonly ProtocolAccessResult[];
  /** As typed: the database scrubs it before it is stored. */
  readonly query: string;
  readonly pediatric: boolean | null;
  readonly category: string | null;
  /** The knowledge-base version searched, when it is a number. */
  readonly kbVersion: string | null;
}

export type ProtocolAccess = ProtocolSearchAccess | ProtocolUse;

/** Settles when written (true), already there (false) or failed (undefined, logged). */
export function recordProtocolAccess(
  actor: Actor,
  access: ProtocolAccess,
  log: Logger = consoleLogger,
): Promise<boolean | undefined> {
  const results = JSON.stringify(access.results.slice(0, 64));
  const written = asUser(actor, async (tx) => {
    const [row] = access.kind === "search"
      ? await tx`
        select public.record_protocol_access(${access.id}::uuid, ${access.query}, ${results}::text::jsonb,
          ${access.pediatric}, ${access.category}, ${access.kbVersion}) as written`
      : await tx`
        select public.record_protocol_use(${access.id}::uuid, ${access.kind}, ${results}::text::jsonb) as written`;
    return row.written === true;
  }).catch((error) => {
    log("error", "protocol_access write failed after the answer", {
      id: access.id,
      kind: access.kind,
      ...describeError(error),
    });
    return undefined;
  });
  afterResponse(written);
  return written;
}
