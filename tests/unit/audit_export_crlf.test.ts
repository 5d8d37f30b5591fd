/** The CSV export's line ends (handlers/audit_query/export_csv.ts): COPY's LF becomes CRLF, never inside a cell. */
import assert from "node:assert/strict";
import { crlfBytes } from "../../functions-shared/handlers/audit_query/export_csv.ts";

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
