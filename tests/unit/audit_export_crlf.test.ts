/**
 * The CSV export's line ends (handlers/audit_query/export_csv.ts): COPY's LF becomes CRLF, never inside a
 * cell — byte by byte (crlfBytes), and from the rows' lengths (crlfByRows), which must write the same.
 */
import assert from "node:assert/strict";
import {
  crlfByRows,
  crlfBytes,
  isOneCopyDataMessage,
} from "../../functions-shared/handlers/audit_query/export_csv.ts";

/** `chunks` through one crlfBytes, as the export writes them (room for twice each chunk), as text. */
function throughCrlf(chunks: readonly string[]): string {
  const crlf = crlfBytes();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let text = "";
  for (const chunk of chunks) {
    const bytes = encoder.encode(chunk);
    const out = new Uint8Array(3 + 2 * bytes.length).fill(120); // 'x': anything not written shows
    const end = crlf(bytes, out, 3);
    text += decoder.decode(out.subarray(3, end), { stream: true });
  }
  return text + decoder.decode();
}

Deno.test("a row's LF becomes CRLF; an LF inside a quoted cell stays", () => {
  assert.equal(throughCrlf(['1,a,"x\ny",b\n2,"q ""x""\n",c\n']), '1,a,"x\ny",b\r\n2,"q ""x""\n",c\r\n');
});

Deno.test("a quoted cell split across chunks keeps its LF, and the row after it ends in CRLF", () => {
  const chunks = ['1,"agent', '\nline two""', '",z\n2,', "plain\n"];
  assert.equal(throughCrlf(chunks), '1,"agent\nline two""",z\r\n2,plain\r\n');
});

Deno.test("several LFs inside one quoted cell, then rows: only the row ends change", () => {
  assert.equal(throughCrlf(['1,"a\n\nb\n"\n2,"""\n"\n']), '1,"a\n\nb\n"\r\n2,"""\n"\r\n');
});

Deno.test("multi-byte text and a chunk cut inside a character pass through unchanged", () => {
  const bytes = new TextEncoder().encode("1,\u00e9t\u00e9,\u{1F691}\n");
  const crlf = crlfBytes();
  const out = new Uint8Array(2 * bytes.length + 2);
  let end = crlf(bytes.subarray(0, 4), out, 0); // cut inside the é
  end = crlf(bytes.subarray(4), out, end);
  assert.equal(new TextDecoder().decode(out.subarray(0, end)), "1,\u00e9t\u00e9,\u{1F691}\r\n");
});

Deno.test("bytes without line ends or quotes pass through", () => {
  assert.equal(throughCrlf(["1,2,3"]), "1,2,3");
  assert.equal(throughCrlf([""]), "");
});

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Rows as COPY sends them (one message each), with LFs, quotes and multi-byte text inside quoted cells. */
const ROWS = [
  '1,a,"x\ny",b\n',
  '2,"q ""x""\n",c\n',
  "3,plain,\u00e9t\u00e9,\u{1F691}\n",
  '4,"a\n\nb\n",""\n',
  "5\n",
  '6,"{""k"": ""v""}"\n',
].map((row) => encoder.encode(row));

/** The rows' bytes cut into chunks at `cuts` (offsets), through crlfByRows, the first `buffered` unseen. */
function throughRows(buffered: number, cuts: readonly number[]): string {
  const all = new Uint8Array(ROWS.reduce((n, row) => n + row.length, 0));
  let at = 0;
  for (const row of ROWS) all.set(row, (at += row.length) - row.length);
  const crlf = crlfByRows();
  crlf.bytes(buffered);
  let seen = 0;
  for (const row of ROWS) { // the lengths of the rows after the first `buffered` bytes, as postgres.js pushes them
    if (seen >= buffered) crlf.row(row.length);
    seen += row.length;
  }
  const out = new Uint8Array(2 * all.length).fill(120);
  let end = 0;
  const bounds = [0, ...cuts, all.length];
  for (let i = 1; i < bounds.length; i++) {
    end = crlf.convert(all.subarray(bounds[i - 1], bounds[i]), out, end);
  }
  assert.ok(crlf.done());
  return decoder.decode(out.subarray(0, end));
}

function throughBytes(): string {
  const crlf = crlfBytes();
  let text = "";
  for (const row of ROWS) {
    const out = new Uint8Array(2 * row.length);
    text += decoder.decode(out.subarray(0, crlf(row, out, 0)));
  }
  return text;
}

Deno.test("crlfByRows writes what crlfBytes writes, whatever the chunks and the rows seen before", () => {
  const expected = throughBytes();
  assert.ok(expected.includes('"x\ny"') && expected.endsWith('}"\r\n'), "the fixture's own check");
  const total = ROWS.reduce((n, row) => n + row.length, 0);
  const rowStarts = ROWS.map((_, i) => ROWS.slice(0, i).reduce((n, row) => n + row.length, 0));
  for (const buffered of [0, ...rowStarts.slice(1), total]) {
    assert.equal(throughRows(buffered, []), expected, `one chunk, ${buffered} bytes before`);
    assert.equal(throughRows(buffered, rowStarts.slice(1)), expected, `a chunk per row, ${buffered} before`);
    for (let cut = 1; cut < total; cut++) {
      assert.equal(throughRows(buffered, [cut]), expected, `cut at ${cut}, ${buffered} before`);
    }
    // every byte its own chunk: a row's last byte, a multi-byte character and a quote cut everywhere
    const everyByte = Array.from({ length: total - 1 }, (_, i) => i + 1);
    assert.equal(throughRows(buffered, everyByte), expected, `byte by byte, ${buffered} before`);
  }
});

Deno.test("crlfByRows refuses a row that does not end with LF, and bytes beyond the rows announced", () => {
  const out = new Uint8Array(64);
  const noLf = crlfByRows();
  noLf.row(3);
  assert.throws(() => noLf.convert(encoder.encode("1,2"), out, 0), /does not end with LF/);
  const unannounced = crlfByRows();
  unannounced.row(2);
  assert.throws(() => unannounced.convert(encoder.encode("1\n2\n"), out, 0), /beyond the rows/);
  const short = crlfByRows();
  short.row(4);
  short.convert(encoder.encode("1,2"), out, 0);
  assert.equal(short.done(), false, "a row announced and not all come");
});

Deno.test("pushes not known to be one row each go byte by byte, wherever they fall among the rows", () => {
  const expected = throughBytes();
  // Every way of telling the rows as groups of whole rows (a push of several messages) or single rows.
  for (let mask = 0; mask < 1 << (ROWS.length - 1); mask++) {
    const crlf = crlfByRows();
    let group = 0;
    ROWS.forEach((row, i) => {
      group += row.length;
      const last = i === ROWS.length - 1;
      if (last || !(mask & (1 << i))) { // a group ends here
        if (group === row.length && mask % 3 === 0) crlf.row(group);
        else crlf.bytes(group);
        group = 0;
      }
    });
    const all = ROWS.flatMap((row) => [...row]);
    const out = new Uint8Array(2 * all.length);
    const end = crlf.convert(new Uint8Array(all), out, 0);
    assert.equal(decoder.decode(out.subarray(0, end)), expected, `grouping ${mask}`);
    assert.ok(crlf.done());
  }
});

Deno.test("a push is one row's when the five bytes before it are its CopyData header", () => {
  const message = (data: string) => {
    const bytes = encoder.encode(data);
    const m = new Uint8Array(5 + bytes.length);
    m[0] = 0x64;
    new DataView(m.buffer).setInt32(1, bytes.length + 4);
    m.set(bytes, 5);
    return m;
  };
  const one = message("1,a\n");
  assert.equal(isOneCopyDataMessage(one.subarray(5)), true);
  const two = new Uint8Array([...message("1,a\n"), ...message("2,b\n")]);
  assert.equal(isOneCopyDataMessage(two.subarray(5)), false, "two messages' data in one push");
  assert.equal(isOneCopyDataMessage(one.slice(5)), false, "a copy, with no header before it");
  const other = message("1,a\n");
  other[0] = 0x44; // 'D': a DataRow, not CopyData
  assert.equal(isOneCopyDataMessage(other.subarray(5)), false);
  assert.equal(isOneCopyDataMessage(one.subarray(4)), false, "not cut at the data's start");
});
