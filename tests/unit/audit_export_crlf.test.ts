/** The CSV export's line ends (handlers/audit_query/export_csv.ts): COPY's LF becomes CRLF, never inside a cell. */
import assert from "node:assert/strict";
import { crlfLines } from "../../functions-shared/handlers/audit_query/export_csv.ts";

Deno.test("a row's LF becomes CRLF; an LF inside a quoted cell stays", () => {
  const crlf = crlfLines();
  assert.equal(crlf('1,a,"x\ny",b\n2,"q ""x""\n",c\n'), '1,a,"x\ny",b\r\n2,"q ""x""\n",c\r\n');
});

Deno.test("a quoted cell split across chunks keeps its LF, and the row after it ends in CRLF", () => {
  const crlf = crlfLines();
  const chunks = ['1,"agent', '\nline two""', '",z\n2,', "plain\n"];
  assert.equal(chunks.map(crlf).join(""), '1,"agent\nline two""",z\r\n2,plain\r\n');
});

Deno.test("text without line ends or quotes passes through", () => {
  const crlf = crlfLines();
  assert.equal(crlf("1,2,3"), "1,2,3");
  assert.equal(crlf(""), "");
});
