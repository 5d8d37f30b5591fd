/**
 * The CSV export, from Postgres's own COPY … TO STDOUT in its binary format: the rows read as the caller
 * (RLS), the originals behind their pseudonyms from one audit.reveal_many over the window's distinct
 * pseudonyms, asked first in the same snapshot (the export's transaction is REPEATABLE READ:
 * EXPORT_TRANSACTION_MODE). Postgres reads the rows and sends each field with its length, as its binary
 * value (a uuid's 16 bytes, a timestamp's 8); export_binary_csv.ts writes the CSV from them, looking each
 * pseudonym's original up in reveal_many's answer, without searching a byte for a cell's end. Parsing
 * 100,000 rows into objects and encoding them again in TypeScript made the export 3× a plain COPY; the
 * text COPY that formatted every cell in SQL (to_char, the lookups by binary search, COPY's CSV quoting) made
 * it ~1.9–2.4×, its backend spending ~1 s of CPU per 100,000 rows against a plain COPY's ~0.45
 * (scripts/bench/HISTORY.md, "The CSV export from COPY's binary rows").
 *
 * Same bytes as the text COPY wrote (tests/integration/audit_export_csv.test.ts compares with export.ts's
 * CSV cell by cell): cells quoted as COPY quotes them, csvCell's apostrophe before a leading = + - @ tab or
 * CR on the free-text cells and the originals, an empty text written empty. One difference from export.ts:
 * metadata is Postgres's JSON text of it (`{"a": 1}`), the same JSON.
 *
 * COPY takes no bind parameters: the filters' values go into transaction-local settings (bound), and
 * the statements name only which filters there are.
 */
import { copyOut, doorCancelDb, type Tx } from "../../platform/db.ts";
import { binaryCopyToCsv, EXPORT_FIELDS, Originals } from "./export_binary_csv.ts";
import { type EntryCriteria, filterConditions } from "./queries.ts";

/**
 * The whole COPY's budget (a cursor's was 2 minutes per FETCH, 1 idle): a client that stops reading holds
 * one of the isolate's few pooled connections at most this long, so it is kept short — a 100,000-row
 * export takes about a second; a million rows over a slow link still fit.
 */
const COPY_TIMEOUT_MS = 5 * 60_000;

/** reveal_many's answers fetched per round trip. */
const REVEAL_BATCH_ROWS = 5_000;

/** What the export hands on at a time (bytes, about). */
const CHUNK_BYTES = 64 * 1024;

/** Filters that leave the organization's time index in the export's order (see rowsSelect). */
const WINDOW_ONLY = new Set(["from", "to", "organization"]);

/**
 * queries.ts's filterConditions, built once, over `l` (both statements' reads of the trail are named
 * so), each value read from its setting (COPY binds no parameter); `walk`: no filter but the
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
 * The export's transaction: one snapshot for the originals' statement and the rows' COPY, so that every
 * pseudonym of the rows was among those revealed (a row committed between the two would otherwise carry
 * pseudonyms no one asked reveal_many about). Read only: the export writes nothing (its event is written
 * and committed before, on the writer's connection).
 */
export const EXPORT_TRANSACTION_MODE = "isolation level repeatable read read only";

/**
 * The originals: one reveal_many over the distinct pseudonyms of the rows the filters select (grouped by
 * their four columns first, then unnested: a quarter of the values to group), each pseudonym with its
 * original as reveal_many answers it (none for one it does not reveal to the caller).
 */
function originalsSelect(where: string): string {
  return `select r.pseudonym::text, r.value
    from audit.reveal_many(array(
      select p from (
        select l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym, l.user_agent_pseudonym
        from public.audit_logs l where ${where} group by 1, 2, 3, 4
      ) g(a, s, i, u), lateral (values (a), (s), (i), (u)) v(p)
      where p is not null group by p)) r`;
}

/**
 * The rows, newest first, as the table holds them. A window with no other filter has them read along the
 * organization's time index, which is the export's order, instead of sorted (enable_sort off in
 * exportCsvStatements): the first row leaves at once and the function's work overlaps Postgres's.
 */
function rowsSelect(where: string): string {
  return `select ${EXPORT_FIELDS.map(([column]) => `l.${column}`).join(", ")}
    from public.audit_logs l where ${where}
    order by l."timestamp" desc, l.seq desc`;
}

/**
 * The export's two statements, its settings made in `tx` (transaction-local): the filters' values
 * (`audit_export.<name>`), the distinct pass's hash tables in memory rather than on disk, no JIT (the
 * statements are priced past its threshold, and compiling took longer than running them), the COPY's
 * budget, and for a window's export a sort discouraged, so that it walks the time index (discouraged,
 * never forbidden: walkingTheIndex in queries.ts; for the rest of the export's transaction, reveal_many's
 * statement included, which sorts nothing). Refused outside EXPORT_TRANSACTION_MODE's one snapshot.
 * Exported for tests, which read their plans.
 */
export async function exportCsvStatements(
  tx: Tx,
  c: EntryCriteria,
): Promise<{ pid: number; originals: string; rows: string }> {
  const { values, where, walk } = filterSettings(c);
  const [[{ pid, isolation }]] = await Promise.all([
    tx<{ pid: number; isolation: string }[]>`select pg_backend_pid() as pid,
      current_setting('transaction_isolation') as isolation`,
    tx`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
      set_config('enable_sort', ${walk ? "off" : "on"}, true),
      set_config('statement_timeout', ${String(COPY_TIMEOUT_MS)}, true)`,
    ...Object.entries(values).map(([name, value]) =>
      tx`select set_config(${`audit_export.${name}`}, ${value}, true)`
    ),
  ]);
  if (isolation !== "repeatable read" && isolation !== "serializable") {
    throw new Error(`the CSV export needs one snapshot (${EXPORT_TRANSACTION_MODE}), not ${isolation}`);
  }
  return { pid, originals: originalsSelect(where), rows: rowsSelect(where) };
}

/**
 * Every matching row as CSV bytes, in chunks of about CHUNK_BYTES as COPY sends them (backpressure:
 * postgres.js stops reading the socket while a chunk waits). Stopped early (the client gone), the COPY
 * is cancelled and what is still in flight is read to its end, so the connection comes back clean for
 * the rollback.
 */
export async function* exportCsvBytes(tx: Tx, c: EntryCriteria): AsyncGenerator<Uint8Array> {
  const { pid, originals, rows } = await exportCsvStatements(tx, c);
  // In batches, each added and let go: a long window's answer never sits in the isolate as rows at once.
  const revealed = new Originals();
  const answers = tx.unsafe<{ pseudonym: string; value: string | null }[]>(originals).cursor(
    REVEAL_BATCH_ROWS,
  );
  for await (const batch of answers) for (const r of batch) revealed.add(r.pseudonym, r.value);
  const csv = binaryCopyToCsv(revealed);
  // Named first: pg_stat_activity keeps a statement's first 1 KiB.
  const copy = `/* audit_export: audit-query's CSV export */ copy (${rows}) to stdout with (format binary)`;
  const stream = await copyOut(tx.unsafe(copy));
  let finished = false;
  try {
    // COPY sends a message per row: gathered into chunks of about 64 KiB, not one write per row.
    let out = new Uint8Array(2 * CHUNK_BYTES);
    let used = 0;
    // Not destroyed when the client lets go at a yield: the finally below must read the COPY to its end on
    // the connection (a destroyed stream ended the drain at once, and the rollback behind it met postgres.js
    // still in COPY: COPY_IN_PROGRESS, CI run 90).
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      // A plain view of postgres.js's Buffer: Buffer's own indexing and subarray cost several times more.
      const { buffer, byteOffset, byteLength } = chunk as Uint8Array;
      const bytes = new Uint8Array(buffer, byteOffset, byteLength);
      const room = csv.room(bytes.length);
      if (used + room > out.length) {
        if (used > 0) yield out.subarray(0, used);
        out = new Uint8Array(Math.max(2 * CHUNK_BYTES, room));
        used = 0;
      }
      used = csv.convert(bytes, out, used);
      if (used >= CHUNK_BYTES) {
        yield out.subarray(0, used);
        out = new Uint8Array(2 * CHUNK_BYTES);
        used = 0;
      }
    }
    finished = true;
    if (!csv.done()) throw new Error("COPY ended inside a row, or without its trailer");
    if (used > 0) yield out.subarray(0, used);
  } finally {
    // copyOut leaves the socket readable once the COPY ends (else the COMMIT's answer was never read).
    if (!finished) {
      // From the door's login (a backend is cancelled only by a member of the role it logged in as), on its
      // own connection: the door's pool may be held by this export and another being abandoned.
      // The cancellation's error may reach the stream before the drain below listens: an 'error' nobody
      // heard would be thrown out of the isolate.
      stream.on("error", () => {});
      await doorCancelDb()`select pg_cancel_backend(${pid})`.catch(() => {});
      try {
        // Ends with the COPY's end, or with the cancellation's error, which postgres.js raises on the stream
        // when the connection is ready for the next statement.
        for await (const _ of stream) { /* drained: the cancelled COPY's last data */ }
      } catch { /* the cancellation itself */ }
    }
  }
}
