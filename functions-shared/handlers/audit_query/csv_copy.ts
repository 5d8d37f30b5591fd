/**
 * The CSV export written by Postgres: `COPY (select …) TO STDOUT (FORMAT csv, HEADER)` as the caller
 * (RLS decides the rows), pseudonyms revealed in the same statement, the bytes passed through as they
 * arrive. Building each cell in TypeScript cost ~3× the COPY of the same rows; here the only work per
 * byte in TypeScript is csvLineEnds (COPY ends rows with LF, RFC 4180 and our export with CRLF).
 *
 * The same file as core/export/csv.ts writes: the same columns and header, formula cells neutralised
 * with a leading apostrophe (text cells only: the other columns are numbers, uuids, enum labels and
 * timestamps), an empty text written as nothing (COPY would write ""), quoting where a cell holds a
 * comma, quote, CR or LF. One difference: metadata is JSON as Postgres prints jsonb ({"a": 1}), not
 * JSON.stringify's {"a":1}: the same JSON value.
 *
 * COPY takes no bind parameters, so the filters are written into the statement as literals: every
 * value is a string quoted by `literal` (standard_conforming_strings is set on for the transaction, so
 * doubling the quote is the whole escape) or a uuid/enum the schema validated, and cast in SQL.
 */
import type { Tx } from "../../platform/db.ts";
import type { EntryCriteria } from "./queries.ts";

const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** A SQL string literal of `value` (with standard_conforming_strings on). */
export function literal(value: string): string {
  if (value.includes("\0")) throw new Error("a NUL character cannot be part of a SQL literal");
  return `'${value.replaceAll("'", "''")}'`;
}

/** A text cell as csvCell writes it: empty → nothing, a formula start → a leading apostrophe. */
function textCell(expression: string): string {
  const e = `(${expression})`;
  const formula = `left(${e}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r')`;
  return `case when ${formula} then '''' || ${e} else nullif(${e}, '') end`;
}

/** The WHERE of queries.ts' whereClause, with literals (the same filters, the same order). */
export function literalWhere(c: EntryCriteria): string {
  const parts = [
    `l."timestamp" >= ${literal(c.from)}::timestamptz`,
    `l."timestamp" < ${literal(c.to)}::timestamptz`,
  ];
  if (c.actorPseudonym !== undefined) parts.push(`l.actor_pseudonym = ${literal(c.actorPseudonym)}::uuid`);
  if (c.actions) parts.push(`l.action = any(${literal(`{${c.actions.join(",")}}`)}::public.audit_action[])`);
  if (c.outcomes) {
    parts.push(`l.outcome = any(${literal(`{${c.outcomes.join(",")}}`)}::public.audit_outcome[])`);
  }
  if (c.resource !== undefined) parts.push(`l.resource = ${literal(c.resource)}`);
  if (c.organization !== undefined) parts.push(`l.organization_id = ${literal(c.organization)}::uuid`);
  if (c.correlationId !== undefined) parts.push(`l.correlation_id = ${literal(c.correlationId)}`);
  if (c.metadata !== undefined) parts.push(`l.metadata @> ${literal(JSON.stringify(c.metadata))}::jsonb`);
  return parts.join(" and ");
}

/** The COPY statement: every matching row, newest first, as export.ts' CSV columns. */
export function csvCopyStatement(c: EntryCriteria): string {
  const where = literalWhere(c);
  const reveal = (column: string) => `n.originals ->> l.${column}::text`;
  return `copy (
    with n as materialized (
      -- One audit.reveal_many over the distinct pseudonyms of the matching rows: one key read.
      select coalesce(jsonb_object_agg(r.pseudonym, r.value), '{}') as originals
      from audit.reveal_many(array(
        select p from public.audit_logs l,
          unnest(array[l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym, l.user_agent_pseudonym]) p
        where ${where} and p is not null group by p)) r
    )
    select l.seq, l.event_id, to_char(l."timestamp" at time zone 'UTC', ${ISO_MICROS}) as "timestamp",
      l.organization_id, ${textCell(reveal("actor_pseudonym"))} as user_id, l.actor_pseudonym, l.user_role,
      ${textCell(reveal("session_pseudonym"))} as session_id, l.action, ${textCell("l.resource")} as resource,
      l.outcome, ${textCell(reveal("ip_pseudonym"))} as ip_address, l.ip_pseudonym,
      ${textCell(reveal("user_agent_pseudonym"))} as user_agent, ${
    textCell("l.error_message")
  } as error_message,
      l.duration_ms, ${textCell("l.correlation_id")} as correlation_id, l.data_classification,
      l.event_version, to_char(l.created_at at time zone 'UTC', ${ISO_MICROS}) as created_at, l.metadata
    from n, public.audit_logs l
    where ${where}
    order by l."timestamp" desc, l.seq desc
  ) to stdout with (format csv, header)`;
}

/**
 * Rewrites COPY's LF row ends as CRLF, across chunk boundaries. A LF inside a quoted cell is data and
 * stays as it is; inside quotes means after an odd number of quote characters (a doubled quote counts
 * twice, so it never changes the parity).
 */
export function csvLineEnds(): (chunk: Uint8Array) => Uint8Array {
  let quoted = false;
  return (chunk) => {
    const ends: number[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) ends.push(i);
    }
    if (ends.length === 0) return chunk;
    const out = new Uint8Array(chunk.length + ends.length);
    let from = 0;
    let at = 0;
    for (const end of ends) {
      out.set(chunk.subarray(from, end), at);
      at += end - from;
      out[at++] = 0x0d;
      out[at++] = 0x0a;
      from = end + 1;
    }
    out.set(chunk.subarray(from), at);
    return out;
  };
}

/**
 * Streams the export's CSV bytes into `write` (which waits while the client is slow). One statement
 * runs for the whole export, so statement_timeout cannot bound it; instead the COPY is cancelled when
 * it makes no progress (no bytes from Postgres, or the client takes none) for `stallMs`. Stopping
 * early (write throws: the client left) cancels it too, so the transaction can roll back at once.
 */
export async function copyCsv(
  tx: Tx,
  c: EntryCriteria,
  write: (bytes: Uint8Array) => Promise<void>,
  stallMs: number,
): Promise<void> {
  await tx`select set_config('standard_conforming_strings', 'on', true),
    set_config('statement_timeout', '0', true)`;
  const query = tx.unsafe(csvCopyStatement(c));
  let stalled = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const progress = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      stalled = true;
      query.cancel();
    }, stallMs);
  };
  progress();
  try {
    const readable = await query.readable();
    const lineEnds = csvLineEnds();
    try {
      // COPY sends a message per row: gathered into pieces of ~64 KiB before they go out.
      let pending: Uint8Array[] = [];
      let size = 0;
      const flush = async () => {
        const piece = pending.length === 1 ? pending[0] : concat(pending, size);
        pending = [];
        size = 0;
        await write(lineEnds(piece));
        progress();
      };
      for await (const chunk of readable) {
        progress();
        pending.push(chunk as Uint8Array);
        size += (chunk as Uint8Array).length;
        if (size >= PIECE_BYTES) await flush();
      }
      if (size > 0) await flush();
    } catch (error) {
      query.cancel();
      readable.destroy();
      throw error;
    }
  } catch (error) {
    throw stalled ? new Error(`the CSV export made no progress for ${stallMs} ms`, { cause: error }) : error;
  } finally {
    clearTimeout(watchdog);
  }
}

const PIECE_BYTES = 64 * 1024;

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
