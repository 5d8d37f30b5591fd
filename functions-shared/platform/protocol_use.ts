/**
 * protocol_access rows for a document view and for the protocols one chat answer retrieved, written as
 * the caller after the response, as searches are (handlers/protocol_search/access_log.ts): the answer
 * never waits on analytics, and a failed write is logged, never the request's failure.
 * public.record_protocol_use takes the user and session from the verified claims and stores no text.
 * The row id is the caller's (the chat's messageId), so a repeated write is one row.
 */
import { type Actor, asUser } from "./db.ts";
import { consoleLogger, describeError, type Logger } from "../core/log.ts";
import { afterResponse } from "../core/runtime.ts";

export type ProtocolUseKind = "view" | "chat";

export interface ProtocolUseResult {
  readonly protocolNumber: string;
  readonly rank: number;
  /** chat only: the answer cites this protocol. */
  readonly cited?: boolean;
}

export interface ProtocolUse {
  readonly id: string;
  readonly kind: ProtocolUseKind;
  readonly results: readonly ProtocolUseResult[];
}

/** Settles when written (true), already there (false) or failed (undefined, logged). */
export function recordProtocolUse(
  actor: Actor,
  use: ProtocolUse,
  log: Logger = consoleLogger,
): Promise<boolean | undefined> {
  const written = asUser(actor, async (tx) => {
    const [row] = await tx`
      select public.record_protocol_use(${use.id}::uuid, ${use.kind},
        ${JSON.stringify(use.results.slice(0, 64))}::text::jsonb) as written`;
    return row.written === true;
  }).catch((error) => {
    log("error", "protocol_access write failed after the answer", {
      id: use.id,
      kind: use.kind,
      ...describeError(error),
    });
    return undefined;
  });
  afterResponse(written);
  return written;
}
