/**
 * The CSV export, written by Postgres's own COPY … TO STDOUT (format csv): the rows read as the caller
 * (RLS), the originals behind their pseudonyms from one audit.reveal_many, and the quoting done in C, so
 * the function parses no row at all — it only turns COPY's LF line ends into CRLF, on the bytes as they
 * arrive (no decoding, no string building, no encoding again). Parsing 100,000 rows into objects and
 * encoding them again in TypeScript made the export 3× a plain COPY of the same rows.
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
import type { Readable } from "node:stream";
import { copyOut, db, type Tx } from "../../platform/db.ts";
import { type EntryCriteria, filterConditions } from "./queries.ts";

/**
 * The whole COPY's budget (a cursor's was 2 minutes per FETCH, 1 idle): a client that stops reading holds
 * one of the isolate's few pooled connections at most this long, so it is kept short — a 100,000-row
 * export takes about a second; a million rows over a slow link still fit.
 */
const COPY_TIMEOUT_MS = 5 * 60_000;

/** What the export hands on at a time (bytes, about). */
const CHUNK_BYTES = 64 * 1024;

const ISO_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;

/** csvCell's formula guard for a text column, and an empty text as no value. */
const text = (column: string) =>
  `case when ascii(${column}) in (61, 43, 45, 64, 9, 13) then '''' || ${column} else nullif(${column}, '') end`;

/** Filters that leave the organization's time index in the export's order (see csvSelect). */
const WINDOW_ONLY = new Set(["from", "to", "organization"]);

/**
 * queries.ts's filterConditions, built once, over `l` (both of csvSelect's reads of the trail are
 * named so), each value read from its setting (COPY binds no parameter); `walk`: no filter but the
 * window and the organization.
 */
function filterSettings(c: EntryCriteria) {
  const conditions = filterConditions(c, "l");
  return {
    values: Object.fromEntries(
      conditions.flatMap(({ name, value }) => value === null ? [] : [[name, value]]),
    ),
    where: conditions
      .map(({ name, condition }) => condition.replace("$", `current_setting('audit_export.${name}')`))
      .join(" and "),
    walk: conditions.every(({ name }) => WINDOW_ONLY.has(name)),
  };
}

/**
 * The original behind `pseudonym`, found at its place `at` (width_bucket's answer) in `keys`, the
 * revealed pseudonyms in order, `cells` holding their guarded originals in the same order: none when
 * the key there is another pseudonym (one not revealed to the caller sorts between two that were, and
 * must not take its neighbour's original) or when there is none (`at` 0 or null). Exported for tests.
 */
export const originalCell = (keys: string, cells: string, pseudonym: string, at: string): string =>
  `case when ${keys}[${at}] = ${pseudonym} then ${cells} ->> (${at} - 1) end`;

/** The four pseudonymised columns, each with the name of its place in the revealed keys. */
const PSEUDONYMS = {
  actor_pseudonym: "actor_at",
  session_pseudonym: "session_at",
  ip_pseudonym: "ip_at",
  user_agent_pseudonym: "agent_at",
} as const;

/**
 * The export as one COPY, newest first, in one backend (audit_logs' policy names parallel-unsafe role
 * checks: 20261204005000). The originals come first, once: one reveal_many over the window's distinct
 * pseudonyms (grouped by their four columns, then unnested: a quarter of the values to hash), as two
 * arrays in pseudonym order, the keys (uuid[]) and their originals (a jsonb array, each original already
 * guarded as csvCell guards it; an empty one is a JSON null, so an empty cell). Each row finds a
 * pseudonym's place with width_bucket, a binary search over the uuids themselves, and takes the cell at
 * that place when the key there is the pseudonym (originalCell). That replaced one jsonb object looked up
 * by the pseudonym's text: four uuid-to-text conversions and four searches of an 18k-key object per row
 * cost ~0.45 s of backend CPU per 100,000 rows; in one process, interleaved, on a 2M-row trail, the
 * export's backend CPU went from ~1.28 to ~1.10 s (scripts/bench/HISTORY.md, "The originals by binary search").
 *
 * A row's four cells come from one lateral subquery kept apart (OFFSET 0) whose only references to the
 * row are its four pseudonyms, the arrays being init plans: so the planner can put a Memoize over it,
 * keyed by those four, and a row whose four pseudonyms an earlier row had takes that row's cells from
 * the cache instead of searching again (a session's rows usually share all four). The places are computed
 * once per subquery run, not once in the check and again for the cell. On the 2M-row trail's 100,000-row
 * window (16,205 distinct fours, 84% of rows from the cache), interleaved against the cells computed in
 * every row, 15 rounds: backend CPU 1,062 → 997 ms per export (median; lower in 14 of 15 rounds), the
 * same bytes (scripts/bench/HISTORY.md, "The four cells cached"). Each pseudonym is named once (the
 * key is the subquery's references: named twice, the key was eight values and saved about half as
 * much); a cache per pseudonym instead saved nothing (four probes cost what the searches did). The
 * planner takes the cache only when the trail's own statistics say the pseudonyms repeat: autovacuum
 * never analyzes the partitioned table, so the nightly `audit-logs-statistics` job does
 * (20261205070000); without them every row computes its cells, the same bytes more slowly. The cache is
 * bounded by work_mem × hash_mem_multiplier (128 MB at this export's settings, about 330,000 distinct
 * fours at ~370 bytes each; past the bound it evicts, and stays right), beside the reveal's two hash
 * aggregates and a filtered export's sort, each under the same bounds.
 *
 * The arrays are never columns of the rows: joined to them before, they rode in every row a filtered
 * export sorted (30,004 rows of a 2M-row trail: ~59 s of backend CPU instead of ~0.65 s).
 *
 * The rows are read in a subquery that is never flattened (ORDER BY, OFFSET 0); the nested loop over them
 * keeps their order, so the outer ORDER BY costs no sort. A window with no other filter has the rows read
 * along the organization's time index, which is the export's order, instead of sorted: the first row
 * leaves once the originals are known and the function's work overlaps Postgres's.
 *
 * The shape made for parallel workers (20261204003000's labels, withdrawn: the originals as a CTE read
 * by init plans, every column cast to text in the select list, the sort left to the planner, the
 * organization said again for the planner's estimate) against the walk, both without the labels, same
 * run, interleaved, 15 rounds on a 2M-row trail, 100,000 rows, a plain COPY of them as the baseline:
 * backend CPU per export 0.75 → 0.71 s (median; mean 0.85 → 0.77), p50 1.70 → 1.48× COPY, the same
 * bytes. The planner walked the index for the old shape too on that trail, so what differs there is the
 * casts (one more copy of every cell) and the extra condition; here the walk no longer rests on an
 * estimate. scripts/bench/HISTORY.md ("The parallel labels withdrawn, the walk kept") has the runs.
 */
function csvSelect(where: string): string {
  const keys = "(select keys from n)";
  const cell = (column: keyof typeof PSEUDONYMS) =>
    originalCell(keys, "(select cells from n)", `q.${column}`, `q.${PSEUDONYMS[column]}`);
  const places = Object.entries(PSEUDONYMS)
    .map(([column, at]) => `width_bucket(p.${column}, ${keys}) as ${at}`)
    .join(", ");
  const pseudonyms = Object.keys(PSEUDONYMS).map((column) => `x.${column}`).join(", ");
  return `with n as materialized (
        -- one order for both arrays: the pseudonyms are reveal_many's distinct keys
        select coalesce(array_agg(r.pseudonym order by r.pseudonym), '{}') as keys,
          coalesce(jsonb_agg(${text("r.value")} order by r.pseudonym), '[]') as cells
        from audit.reveal_many(array(
          -- named l as the rows are, so one WHERE serves both
          select p from (
            select l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym, l.user_agent_pseudonym
            from public.audit_logs l where ${where} group by 1, 2, 3, 4
          ) g(a, s, i, u), lateral (values (a), (s), (i), (u)) v(p)
          where p is not null group by p)) r
    )
    select x.seq, x.event_id, to_char(x."timestamp" at time zone 'UTC', '${ISO_MICROS}'),
      x.organization_id, o.actor, x.actor_pseudonym, x.user_role,
      o.session, x.action, ${text("x.resource")}, x.outcome,
      o.ip, x.ip_pseudonym, o.agent,
      ${text("x.error_message")}, x.duration_ms, ${text("x.correlation_id")}, x.data_classification,
      x.event_version, to_char(x.created_at at time zone 'UTC', '${ISO_MICROS}'), x.metadata
    from (
      select l.* from public.audit_logs l
      where ${where}
      order by l."timestamp" desc, l.seq desc
      offset 0
    ) x
    left join lateral (
      -- the row's four pseudonyms, each named once, are all it reads of the row: the Memoize's key
      select ${cell("actor_pseudonym")} as actor, ${cell("session_pseudonym")} as session,
        ${cell("ip_pseudonym")} as ip, ${cell("user_agent_pseudonym")} as agent
      from (select p.*, ${places} from (select ${pseudonyms} offset 0) p offset 0) q
      offset 0
    ) o on true
    order by x."timestamp" desc, x.seq desc`;
}

/**
 * The export's SELECT, its settings made in `tx` (transaction-local): the filters' values
 * (`audit_export.<name>`), the sort in memory rather than on disk, no JIT (the statement is priced past
 * its threshold, and compiling it took longer than running it), the COPY's budget, and for a window's
 * export a sort discouraged, so that it walks the time index (discouraged, never forbidden:
 * walkingTheIndex in queries.ts; for the rest of the export's transaction, whose last statement the COPY is,
 * reveal_many's inside it included, which sorts nothing). Exported for tests, which read its plan.
 */
export async function exportCsvStatement(tx: Tx, c: EntryCriteria): Promise<{ pid: number; select: string }> {
  const { values, where, walk } = filterSettings(c);
  const [[{ pid }]] = await Promise.all([
    tx<{ pid: number }[]>`select pg_backend_pid() as pid`,
    tx`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
      set_config('enable_sort', ${walk ? "off" : "on"}, true),
      set_config('statement_timeout', ${String(COPY_TIMEOUT_MS)}, true)`,
    ...Object.entries(values).map(([name, value]) =>
      tx`select set_config(${`audit_export.${name}`}, ${value}, true)`
    ),
  ]);
  return { pid, select: csvSelect(where) };
}

/**
 * COPY's LF row ends as CRLF, on bytes: copies `chunk` into `out` from `at` (room for twice the chunk
 * needed) and returns where it stopped. An LF inside a quoted cell stays; `quoted` carries across
 * chunks. One plain loop over the bytes: measured 2–3× faster than finding LFs and quotes with
 * indexOf (a call per quote and per LF, and a subarray per row).
 */
export function crlfBytes(): (chunk: Uint8Array, out: Uint8Array, at: number) => number {
  let quoted = false;
  return (chunk, out, at) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 34) quoted = !quoted; // a doubled quote flips twice
      else if (byte === 10 && !quoted) out[at++] = 13;
      out[at++] = byte;
    }
    return at;
  };
}

/**
 * crlfBytes' answer without reading every byte: COPY's server sends one CopyData message per row (the
 * protocol says so), so a row's LF is the last byte of its message, and the bytes between are copied as
 * blocks. `row(length)` is told each message known to be one whole row, `bytes(length)` any other bytes
 * (ones that came before the lengths were watched, or a push not known to be one message), in the order
 * they arrive; those go through crlfBytes, which starts and ends them outside a quoted cell, at a row's
 * start and end. `convert` takes the bytes in chunks cut anywhere; `done()` says every byte told of came.
 * 57 MB of rows: 15–40 ms against crlfBytes' ~200 ms (scripts/bench/HISTORY.md).
 */
export function crlfByRows(): {
  row(length: number): void;
  bytes(length: number): void;
  convert(chunk: Uint8Array, out: Uint8Array, at: number): number;
  done(): boolean;
} {
  const byteByByte = crlfBytes();
  // A row's length, or minus the length of bytes to read one by one; in arrival order.
  const parts: number[] = [];
  let next = 0; // parts[next] is the next part's
  let left = 0; // bytes of the current part still to come
  let scanning = false; // the current part is read byte by byte
  return {
    row(length) {
      if (length > 0) parts.push(length);
    },
    bytes(length) {
      if (length > 0) parts.push(-length);
    },
    convert(chunk, out, at) {
      let i = 0;
      while (i < chunk.length) {
        if (left === 0) {
          if (next === parts.length) throw new Error("COPY sent bytes beyond the rows it announced");
          const part = parts[next++];
          if (next >= 4096) parts.splice(0, next), next = 0; // kept short
          scanning = part < 0;
          left = Math.abs(part);
        }
        const n = Math.min(left, chunk.length - i);
        if (scanning) {
          at = byteByByte(chunk.subarray(i, i + n), out, at);
        } else if (n === left) { // the row ends here
          if (chunk[i + n - 1] !== 10) throw new Error("a COPY row that does not end with LF");
          out.set(chunk.subarray(i, i + n - 1), at);
          at += n - 1;
          out[at++] = 13;
          out[at++] = 10;
        } else {
          out.set(chunk.subarray(i, i + n), at);
          at += n;
        }
        left -= n;
        i += n;
      }
      return at;
    },
    done: () => left === 0 && next === parts.length,
  };
}

/**
 * Whether `chunk` is exactly one CopyData message's data, as postgres.js pushes it today (the message's
 * `subarray(5)`): the five bytes before it in its buffer are that message's type ('d') and its length
 * (the data's + 4). Checked on each push rather than assumed, so a postgres.js that pushed several
 * messages at once, or a copy of one, only costs the byte-by-byte pass, never a wrong line end.
 */
export function isOneCopyDataMessage(chunk: Uint8Array): boolean {
  if (chunk.byteOffset < 5) return false;
  const header = new DataView(chunk.buffer, chunk.byteOffset - 5, 5);
  return header.getUint8(0) === 0x64 && header.getInt32(1) === chunk.length + 4;
}

/**
 * crlfByRows told of `stream`'s bytes as postgres.js pushes them (copyOut's stream, before it is read):
 * what came with COPY's first answer is in it already, its rows unseen, so read byte by byte; each later
 * push is a row when isOneCopyDataMessage says so. `pushes()` counts both kinds.
 */
export function crlfOfCopy(
  stream: Readable,
): ReturnType<typeof crlfByRows> & { pushes(): { oneRow: number; notOneRow: number } } {
  const crlf = crlfByRows();
  crlf.bytes(stream.readableLength);
  let oneRow = 0, notOneRow = 0;
  const push = stream.push;
  stream.push = function (chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk) {
      const bytes = chunk as Uint8Array;
      if (isOneCopyDataMessage(bytes)) oneRow++, crlf.row(bytes.length);
      else notOneRow++, crlf.bytes(bytes.length);
    }
    return push.call(this, chunk, encoding);
  };
  return { ...crlf, pushes: () => ({ oneRow, notOneRow }) };
}

/**
 * Every matching row as CSV bytes, in chunks of about CHUNK_BYTES as COPY sends them (backpressure:
 * postgres.js stops reading the socket while a chunk waits). Stopped early (the client gone), the COPY
 * is cancelled and what is still in flight is read to its end, so the connection comes back clean for
 * the rollback.
 */
export async function* exportCsvBytes(tx: Tx, c: EntryCriteria): AsyncGenerator<Uint8Array> {
  const { pid, select } = await exportCsvStatement(tx, c);
  // Named first: pg_stat_activity keeps a statement's first 1 KiB, and the select list fills it.
  const copy = `/* audit_export: audit-query's CSV export */ copy (${select}) to stdout with (format csv)`;
  const stream = await copyOut(tx.unsafe(copy));
  const crlf = crlfOfCopy(stream);
  let finished = false;
  try {
    // COPY sends a message per row: gathered into chunks of about 64 KiB, not one write per row.
    let out = new Uint8Array(2 * CHUNK_BYTES);
    let used = 0;
    for await (const chunk of stream) {
      // A plain view of postgres.js's Buffer: Buffer's own indexOf and subarray cost several times more.
      const { buffer, byteOffset, byteLength } = chunk as Uint8Array;
      const bytes = new Uint8Array(buffer, byteOffset, byteLength);
      if (used + 2 * bytes.length > out.length) { // room for a CR before every LF
        if (used > 0) yield out.subarray(0, used);
        out = new Uint8Array(Math.max(2 * CHUNK_BYTES, 2 * bytes.length));
        used = 0;
      }
      used = crlf.convert(bytes, out, used);
      if (used >= CHUNK_BYTES) {
        yield out.subarray(0, used);
        out = new Uint8Array(2 * CHUNK_BYTES);
        used = 0;
      }
    }
    finished = true;
    if (!crlf.done()) throw new Error("COPY ended inside a row it announced");
    if (used > 0) yield out.subarray(0, used);
  } finally {
    // copyOut leaves the socket readable once the COPY ends (else the COMMIT's answer was never read).
    if (!finished) {
      await db()`select pg_cancel_backend(${pid})`.catch(() => {});
      try {
        for await (const _ of stream) { /* drained: the cancelled COPY's last data and its error */ }
      } catch { /* the cancellation itself */ }
    }
  }
}
