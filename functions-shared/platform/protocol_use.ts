/**
 * protocol_access rows. A document view or the protocols one chat answer retrieved (recordProtocolAccess):
 * as the functions' login with the caller's claims (asLoginFor), after the response, the results sent as
 * JSON text. The answer never waits on analytics, and a failed write is logged, never the request's
 * failure. The SQL writer (record_protocol_use) only the login may call — not anon or authenticated, who
 * would fill the usage report from the Data API (20261205093200) — takes the user and session from the
 * verified claims, refuses a malformed result list (22023, p_results) and stores no text. The row id is the caller's (the view's accessId, the chat's
 * messageId), so a repeated write is one row.
 *
 * Searches are many and go in batches instead (databaseProtocolSearchWriter, through the protocol-search
 * function's batcher): one statement for many callers' rows, on the pool as the functions' login itself,
 * each row naming its caller as the function verified them (app.record_protocol_searches;
 * 20261203004500); the database scrubs the query.
 */
import { type Actor, asLoginFor, db, type Sql } from "./db.ts";
import type { Identity } from "../core/identity.ts";
import { consoleLogger, describeError, type Logger } from "../core/log.ts";
import { afterResponse } from "../core/runtime.ts";

/**
 * The most results one protocol_access row holds: the table refuses more (app.protocol_results_valid,
 * 20261203001500), so a longer list is cut here rather than have the write refused.
 */
const MAX_RESULTS_PER_ROW = 64;

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

/** One search as answered, for its batched row (protocolSearchRow). */
export interface ProtocolSearchAccess {
  readonly id: string;
  readonly results: readonly ProtocolAccessResult[];
  /** As typed: the database scrubs it before it is stored. */
  readonly query: string;
  readonly pediatric: boolean | null;
  readonly category: string | null;
  /** The knowledge-base version searched, when it is a number. */
  readonly kbVersion: string | null;
}

/**
 * A view's or a chat answer's row; settles when written (true), already there (false) or failed
 * (undefined, logged). A search is not this writer's: its row goes through the batcher.
 */
export function recordProtocolAccess(
  actor: Actor,
  access: ProtocolUse,
  log: Logger = consoleLogger,
): Promise<boolean | undefined> {
  const results = JSON.stringify(access.results.slice(0, MAX_RESULTS_PER_ROW));
  const written = asLoginFor(actor, async (tx) => {
    const [row] = await tx`
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

/** One search's row for app.record_protocol_searches: the caller as verified, the search as answered. */
export interface ProtocolSearchRow {
  readonly id: string;
  readonly user_id: string | null;
  readonly session_id: string | null;
  readonly organization_id: string | null;
  readonly user_role: string;
  readonly query: string;
  readonly results: readonly ProtocolAccessResult[];
  readonly pediatric: boolean | null;
  readonly category: string | null;
  readonly kb_version: string | null;
}

/** The row of `access` by `identity`: only a signed-in user is named (the database pseudonymises them). */
export function protocolSearchRow(
  identity: Identity,
  access: ProtocolSearchAccess,
): ProtocolSearchRow {
  const signedIn = identity.dbRole === "authenticated";
  return {
    id: access.id,
    user_id: signedIn ? identity.userId ?? null : null,
    session_id: signedIn ? identity.sessionId ?? null : null,
    organization_id: identity.organizationId ?? null,
    user_role: identity.userRole,
    query: access.query,
    results: access.results.slice(0, MAX_RESULTS_PER_ROW),
    pediatric: access.pediatric,
    category: access.category,
    kb_version: access.kbVersion,
  };
}

/** Writes many searches' rows in one statement; resolves to the ids written (a repeated id is not). */
export type WriteProtocolSearches = (rows: readonly ProtocolSearchRow[]) => Promise<ReadonlySet<string>>;

/** The database writer on `sql` (default: the isolate's pool), as the functions' login, no transaction. */
export function databaseProtocolSearchWriter(options: { sql?: Sql } = {}): WriteProtocolSearches {
  return async (rows) => {
    if (rows.length === 0) return new Set();
    // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
    const json = JSON.stringify(rows);
    const [row] = await (options.sql ?? db())`
      select app.record_protocol_searches(${json}::text::jsonb)::text[] as written`;
    return new Set(row.written as string[]);
  };
}
