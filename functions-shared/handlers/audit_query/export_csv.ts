/**
 * The CSV export, written by Postgres's own COPY … TO STDOUT (format csv): the rows read as the caller
 * (RLS), the originals behind their pseudonyms from one audit.reveal_many, and the quoting done in C, so
 * the function parses no row at all — it only turns COPY's LF line ends into CRLF. Parsing 100,000 rows
 * into objects and encoding them again in TypeScript made the export 3× a plain COPY of the same rows.
 *
 * Same cells as export.ts's CSV (tests/integration/audit_export_csv.test.ts compares the two encoders
 * cell by cell): COPY quotes a cell holding a comma, quote, CR or LF, as csvCell does; the free-text
 * cells get csvCell's apostrophe before a leading = + - @ tab or CR here in SQL, and an empty text is
 * written empty (nullif), as csvCell writes it. One difference: metadata is Postgres's JSON text of it
 * (`{"a": 1}`), the same JSON.
 *
 * COPY takes no bind parameters: the filters' values go into transaction-local settings (bound), and
 * the statement names only which filters there are.
 */
import { db, type Tx } from "../../platform/db.ts";
import { type EntryCriteria, filterConditions } from "./queries.ts";

/**
 * The whole COPY's budget (a cursor's was 2 minutes per FETCH, 1 idle): a client that stops reading holds
 * one of the isolate's few pooled connections at most this long, so it is kept short — a 100,000-row
 * export takes about a second; a million rows over a slow link still fit.
 */
const COPY_TIMEOUT_MS = 5 * 60_000;

/** What the export hands on at a time (characters). */
const CHUNK_CHARS = 64 * 1024;

const ISO_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;

/** csvCell's formula guard for a text column, and an empty text as no value. */
const text = (column: string) =>
  `case when ascii(${column}) in (61, 43, 45, 64, 9, 13) then '''' || ${column} else nullif(${column}, '') end`;

/** queries.ts's filterConditions, each value read from its setting (COPY binds no parameter). */
function filterSettings(c: EntryCriteria): { values: Record<string, string>; where: string } {
  const conditions = filterConditions(c);
  return {
    values: Object.fromEntries(
      conditions.flatMap(({ name, value }) => value === null ? [] : [[name, value]]),
    ),
    where: conditions
      .map(({ name, condition }) => condition.replace("$", `current_setting('audit_export.${name}')`))
      .join(" and "),
  };
}

/** The export as one COPY: the rows once, their distinct pseudonyms revealed once, newest first. */
function copyStatement(where: string): string {
  return `copy (
    with rows as materialized (
      select l.seq, l.event_id, l."timestamp", l.organization_id, l.actor_pseudonym, l.user_role,
        l.session_pseudonym, l.action, l.resource, l.outcome, l.ip_pseudonym, l.user_agent_pseudonym,
        l.error_message, l.duration_ms, l.correlation_id, l.data_classification, l.event_version,
        l.created_at, l.metadata
      from public.audit_logs l where ${where}
    ), names as materialized (
      select r.pseudonym, r.value from audit.reveal_many(array(
        select distinct p from rows,
          unnest(array[actor_pseudonym, session_pseudonym, ip_pseudonym, user_agent_pseudonym]) p)) r
    )
    select l.seq, l.event_id, to_char(l."timestamp" at time zone 'UTC', '${ISO_MICROS}'), l.organization_id,
      ${text("u.value")}, l.actor_pseudonym, l.user_role, ${text("s.value")}, l.action, ${text("l.resource")},
      l.outcome, ${text("i.value")}, l.ip_pseudonym, ${text("a.value")}, ${text("l.error_message")},
      l.duration_ms, ${text("l.correlation_id")}, l.data_classification, l.event_version,
      to_char(l.created_at at time zone 'UTC', '${ISO_MICROS}'), l.metadata
    from rows l
    left join names u on u.pseudonym = l.actor_pseudonym
    left join names s on s.pseudonym = l.session_pseudonym
    left join names i on i.pseudonym = l.ip_pseudonym
    left join names a on a.pseudonym = l.user_agent_pseudonym
    order by l."timestamp" desc, l.seq desc
  ) to stdout with (format csv)`;
}

/** COPY's LF line ends as CRLF; an LF inside a quoted cell stays as it is. `quoted` carries across chunks. */
export function crlfLines(): (chunk: string) => string {
  let quoted = false;
  return (chunk) => {
    let out = "";
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 34) quoted = !quoted; // a doubled quote flips twice
      else if (ch === 10 && !quoted) {
        out += chunk.slice(from, i) + "\r\n";
        from = i + 1;
      }
    }
    return out + chunk.slice(from);
  };
}

/**
 * Every matching row as CSV text, chunk by chunk as COPY sends it (backpressure: postgres.js stops
 * reading the socket while a chunk waits). Stopped early (the client gone), the COPY is cancelled and
 * what is still in flight is read to its end, so the connection comes back clean for the rollback.
 */
export async function* exportCsvLines(tx: Tx, c: EntryCriteria): AsyncGenerator<string> {
  const { values, where } = filterSettings(c);
  const names = Object.keys(values);
  // The sort of a whole export in memory rather than on disk; the statement is priced past JIT's
  // threshold, and compiling it took longer than running it. Hash joins to the few revealed names: the
  // planner, not knowing how few, merge-joined them, sorting every row once more (~20% of the CPU).
  const [[{ pid }]] = await Promise.all([
    tx<{ pid: number }[]>`select pg_backend_pid() as pid`,
    tx`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
      set_config('enable_mergejoin', 'off', true),
      set_config('statement_timeout', ${String(COPY_TIMEOUT_MS)}, true)`,
    ...names.map((name) => tx`select set_config(${`audit_export.${name}`}, ${values[name]}, true)`),
  ]);
  const stream = await tx.unsafe(copyStatement(where)).readable();
  const decoder = new TextDecoder();
  const crlf = crlfLines();
  let finished = false;
  try {
    // COPY sends a message per row: gathered into chunks of about 64 KiB, not one write per row.
    let pending = "";
    for await (const chunk of stream) {
      pending += crlf(decoder.decode(chunk as Uint8Array, { stream: true }));
      if (pending.length >= CHUNK_CHARS) {
        yield pending;
        pending = "";
      }
    }
    finished = true;
    pending += crlf(decoder.decode());
    if (pending) yield pending;
  } finally {
    // postgres.js 3.4.9 pauses the socket when a chunk fills the stream's buffer and resumes it only when
    // the stream is read again; if that chunk also held the end of the COPY, nothing reads again and the
    // next statement's answer (COMMIT) is never read: the export hung. Resume it (the stream's read()).
    resumeSocket(stream);
    if (!finished) {
      await db()`select pg_cancel_backend(${pid})`.catch(() => {});
      try {
        for await (const _ of stream) { /* drained: the cancelled COPY's last data and its error */ }
      } catch { /* the cancellation itself */ }
      resumeSocket(stream);
    }
  }
}

/** The read() postgres.js gave the COPY's stream: it resumes the connection's socket, and nothing else. */
function resumeSocket(stream: unknown): void {
  (stream as { _read?: () => void })._read?.();
}
