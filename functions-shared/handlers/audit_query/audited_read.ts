/**
 * A read through the audited door and its own audit event, in ONE transaction: the rows are read as
 * the caller (audit_reader, RLS), then the event is written as the server (medic_server) through
 * audit.write_events, then the transaction commits — and only then do the rows leave. The event is in audit_logs before
 * any row leaves, as with auditNow, without a second transaction on a second pooled connection, and in
 * two round trips (asAuditReaderPipelined): BEGIN, the settings and the read; then the write and COMMIT —
 * or in one (readAuditedInOneTrip) when what the event says of the result is SQL's to say.
 *
 * Failures: the read fails → its error (timeouts map to 503 QUERY_TIMEOUT); the event cannot be
 * written, the commit fails or the connection is lost (the event goes with it) → 503 AUDIT_UNAVAILABLE
 * and no row leaves. Either way the request is not
 * marked as audited early, so the pipeline records the failed request as it does for auditNow.
 */
import { toDbAuditEvent } from "../../pipeline/audit/mapping.ts";
import { auditUnavailable } from "../../pipeline/audit/writer.ts";
import {
  asAuditReaderPipelined,
  connectionLost,
  type PipelinedWork,
  serverEventSettingsSql,
  type Tx,
} from "../../platform/db.ts";
import type { RequestEvent } from "../../core/audit_event.ts";
import type { Fragment } from "./queries.ts";
import { HttpError } from "../../core/errors.ts";
import type { Context } from "../../core/context.ts";
import { QUERY_TIMEOUT } from "./filters.ts";

/** The audit write's own budget inside the transaction (auditNow's default). */
const AUDIT_WRITE_TIMEOUT_MS = 5_000;

type Ctx = Context<unknown, unknown, Record<string, string>>;

/**
 * Runs `read` as the caller under `timeoutMs`, writes the request's audit event with `metadataOf(result)`
 * in the same transaction, commits, and returns the result.
 */
export async function readAudited<T>(
  ctx: Ctx,
  timeoutMs: number,
  read: (tx: Tx) => Promise<T>,
  metadataOf: (result: T) => Record<string, unknown>,
): Promise<T> {
  return await inAuditedTransaction(ctx, async (event, tx, readDone) => {
    const snapshotAt = performance.now();
    // Two round trips: BEGIN, settings and the read; then the event's write with COMMIT.
    const [, result] = await Promise.all([setLocal(tx, "statement_timeout", timeoutMs), read(tx)]);
    readDone();
    const metadata = metadataOf(result);
    ctx.addAuditMetadata(metadata);
    const row = await toDbAuditEvent({
      ...event,
      metadata: { ...event.metadata, ...metadata },
      durationMs: Math.round((event.durationMs + performance.now() - snapshotAt) * 100) / 100,
    }, { dataClassification: "CONFIDENTIAL" });
    // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
    const write = tx`select audit.write_events(${JSON.stringify([row])}::text::jsonb) as inserted`;
    return { result, last: [asEventWriter(tx), write] };
  });
}

/**
 * readAudited in ONE round trip, for a read whose event needs from its result only what SQL can say:
 * BEGIN, the settings, the read, the event's write and COMMIT travel together. `metadata` is what is
 * known before the read; `resultMetadata` a jsonb expression the write adds to it, over what the read's
 * statements left in transaction-local settings (a page's row count, …). The request's own record gets
 * what the write returns of it, so the trail and the record cannot say different things. The event's
 * duration adds the read's time on the database's clock (from BEGIN: now(), to the write:
 * clock_timestamp()).
 *
 * The rule for `read`: every statement it sends is issued before its first `await` (await it at once,
 * or hand it to Promise.all), because the event's write and COMMIT are queued as soon as `read` returns
 * its promise; a statement issued later would run after COMMIT, as nobody, and the event would already
 * say what the read had not yet read. Enforced: the `tx` that `read` gets refuses every statement and
 * fragment made after that moment (LATE_STATEMENT), so such a read fails loudly and returns nothing.
 *
 * Failures as readAudited's: a read that fails aborts the transaction, so the write and the COMMIT
 * behind it fail too, and the read's error, which arrives first, is the one thrown (timeouts: 503
 * QUERY_TIMEOUT); a write or COMMIT that fails after a good read: 503 AUDIT_UNAVAILABLE. Either way no
 * row leaves.
 */
export async function readAuditedInOneTrip<T>(
  ctx: Ctx,
  timeoutMs: number,
  read: (tx: Tx) => Promise<T>,
  known: {
    readonly metadata: Record<string, unknown>;
    readonly resultMetadata: (tx: Tx) => Fragment;
  },
): Promise<T> {
  const { reading, written } = await inAuditedTransaction(ctx, async (event, tx, readDone) => {
    const row = await toDbAuditEvent(
      { ...event, metadata: { ...event.metadata, ...known.metadata } },
      { dataClassification: "CONFIDENTIAL" },
    );
    // Made before the read, sent after it (db.ts sends `last` in order, behind the read's statements):
    // from the read's start to the return nothing can throw, so a failing read is always db.ts's to handle.
    const writer = asEventWriter(tx);
    // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
    const written = tx<{ found: Record<string, unknown> }[]>`
      select audit.write_events(jsonb_build_array(e || jsonb_build_object(
          'duration_ms', (e ->> 'duration_ms')::numeric
            + round(extract(epoch from clock_timestamp() - now()) * 1000),
          'metadata', (e -> 'metadata') || found))) as inserted,
        found
      from (select ${JSON.stringify(row)}::text::jsonb as e, ${known.resultMetadata(tx)} as found) event`;
    const window = closableTx(tx);
    const reading = Promise.all([setLocal(tx, "statement_timeout", timeoutMs), read(window.tx)])
      .then(([, result]) => (readDone(), result));
    window.close(); // the event's write is queued from here on
    return { result: { reading, written }, last: [reading, writer, written] };
  });
  const [[{ found }], result] = await Promise.all([written, reading]);
  ctx.addAuditMetadata({ ...known.metadata, ...found });
  return result;
}

/** Why a one-trip read's statement was refused (see readAuditedInOneTrip's rule). */
export const LATE_STATEMENT =
  "readAuditedInOneTrip: a statement issued after the read's first await would run after COMMIT; issue every statement before awaiting anything";

/**
 * The part both reads share: the event's write inside the pipeline's auditEarly, in an audited-door
 * transaction; `work` calls `readDone` once its read succeeded, which decides what a failure means —
 * before it, the read's own error (timeouts: 503 QUERY_TIMEOUT); after it, 503 AUDIT_UNAVAILABLE. The
 * request is marked audited only when everything committed.
 */
async function inAuditedTransaction<T>(
  ctx: Ctx,
  work: (event: RequestEvent, tx: Tx, readDone: () => void) => Promise<PipelinedWork<T>>,
): Promise<T> {
  let outcome: { result: T } | undefined;
  let readDone = false;
  try {
    await ctx.auditEarly(async (event) => {
      const result = await asAuditReaderPipelined(ctx, (tx) => work(event, tx, () => (readDone = true)));
      outcome = { result };
    });
  } catch (error) {
    if (!readDone && !connectionLost(error)) throw timeoutAsHttp(error);
    throw auditUnavailable(ctx.requestId, error);
  }
  if (!outcome) throw new Error("this request's audit event was already written: nothing was read");
  return outcome.result;
}

/** The event's writer for the rest of the transaction: the server's role (audit.write_events), its own budget. */
function asEventWriter(tx: Tx): Fragment {
  return tx.unsafe(EVENT_WRITER_SETTINGS_SQL);
}

// No parameter: the statement goes out whole behind the read, with no Parse/Describe of its own.
const EVENT_WRITER_SETTINGS_SQL = serverEventSettingsSql(AUDIT_WRITE_TIMEOUT_MS);

/** `tx` until close(); after it, making any statement or fragment through it throws LATE_STATEMENT. */
function closableTx(tx: Tx): { readonly tx: Tx; close(): void } {
  let closed = false;
  const refuseWhenClosed = () => {
    if (closed) throw new Error(LATE_STATEMENT);
  };
  const guarded = new Proxy(tx, {
    apply(target, thisArg, args) {
      refuseWhenClosed();
      return Reflect.apply(target, thisArg, args);
    },
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        refuseWhenClosed();
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { tx: guarded, close: () => (closed = true) };
}

/** A setting for the rest of the transaction (statement_timeout, …), in milliseconds. */
export async function setLocal(tx: Tx, setting: string, milliseconds: number): Promise<void> {
  await tx`select set_config(${setting}, ${String(milliseconds)}, true)`;
}

/** Postgres' statement timeout (57014) → 503 with advice, instead of a bare 500. */
export function timeoutAsHttp(error: unknown): unknown {
  if ((error as { code?: unknown })?.code !== "57014") return error;
  return new HttpError(
    503,
    QUERY_TIMEOUT,
    "The audit query took too long. Narrow the time window or filters (or ask for total=estimated).",
  );
}
