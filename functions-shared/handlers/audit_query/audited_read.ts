/**
 * A read through the audited door and its own audit event, in ONE transaction: the rows are read as
 * the caller (audit_reader, RLS), then the event is written as service_role through audit.write_events,
 * then the transaction commits — and only then do the rows leave. The event is in audit_logs before
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
import { asAuditReaderPipelined, connectionLost, type Tx } from "../../platform/db.ts";
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
  let outcome: { result: T } | undefined;
  let readDone = false;
  try {
    await ctx.auditEarly(async (event) => {
      const snapshotAt = performance.now();
      // Two round trips: BEGIN, settings and the read; then the event's write with COMMIT.
      outcome = await asAuditReaderPipelined(ctx, async (tx) => {
        const [, result] = await Promise.all([setLocal(tx, "statement_timeout", timeoutMs), read(tx)]);
        readDone = true;
        const metadata = metadataOf(result);
        ctx.addAuditMetadata(metadata);
        const row = await toDbAuditEvent({
          ...event,
          metadata: { ...event.metadata, ...metadata },
          durationMs: Math.round((event.durationMs + performance.now() - snapshotAt) * 100) / 100,
        }, { dataClassification: "CONFIDENTIAL" });
        // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
        const last = [
          tx`select set_config('role', 'service_role', true),
            set_config('request.jwt.claims', '{"role":"service_role"}', true),
            set_config('statement_timeout', ${String(AUDIT_WRITE_TIMEOUT_MS)}, true)`,
          tx`select audit.write_events(${JSON.stringify([row])}::text::jsonb) as inserted`,
        ];
        return { result: { result }, last };
      });
    });
  } catch (error) {
    if (!readDone && !connectionLost(error)) throw timeoutAsHttp(error);
    throw auditUnavailable(ctx.requestId, error);
  }
  if (!outcome) throw new Error("this request's audit event was already written: nothing was read");
  return outcome.result;
}

/**
 * readAudited in ONE round trip, for a read whose event needs from its result only what SQL can say:
 * BEGIN, the settings, the read, the event's write and COMMIT travel together. `metadata` is what is
 * known before the read; `resultMetadata` a jsonb expression the write adds to it, over what the read's
 * statements left in transaction-local settings (a page's row count, …); `metadataOf` says the same from
 * the result, for the request's own record. The event's duration adds the read's time on the
 * database's clock (from BEGIN: now(), to the write: clock_timestamp()).
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
    readonly metadataOf: (result: T) => Record<string, unknown>;
  },
): Promise<T> {
  let outcome: { result: Promise<T> } | undefined;
  let readDone = false;
  try {
    await ctx.auditEarly(async (event) => {
      const row = await toDbAuditEvent(
        { ...event, metadata: { ...event.metadata, ...known.metadata } },
        { dataClassification: "CONFIDENTIAL" },
      );
      outcome = await asAuditReaderPipelined(ctx, (tx) => {
        const reading = Promise.all([setLocal(tx, "statement_timeout", timeoutMs), read(tx)])
          .then(([, result]) => (readDone = true, result));
        const last = [
          reading,
          tx`select set_config('role', 'service_role', true),
            set_config('request.jwt.claims', '{"role":"service_role"}', true),
            set_config('statement_timeout', ${String(AUDIT_WRITE_TIMEOUT_MS)}, true)`,
          // Sent as text: a bare string parameter typed jsonb would be encoded again as a JSON string.
          tx`select audit.write_events(jsonb_build_array(e || jsonb_build_object(
              'duration_ms', (e ->> 'duration_ms')::numeric
                + round(extract(epoch from clock_timestamp() - now()) * 1000),
              'metadata', (e -> 'metadata') || ${known.resultMetadata(tx)}))) as inserted
            from (select ${JSON.stringify(row)}::text::jsonb as e) event`,
        ];
        return Promise.resolve({ result: { result: reading }, last });
      });
    });
  } catch (error) {
    if (!readDone && !connectionLost(error)) throw timeoutAsHttp(error);
    throw auditUnavailable(ctx.requestId, error);
  }
  if (!outcome) throw new Error("this request's audit event was already written: nothing was read");
  const result = await outcome.result;
  ctx.addAuditMetadata({ ...known.metadata, ...known.metadataOf(result) });
  return result;
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
