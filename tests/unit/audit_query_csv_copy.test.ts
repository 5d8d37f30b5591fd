import assert from "node:assert/strict";
import {
  csvCopyStatement,
  csvLineEnds,
  literal,
  literalWhere,
} from "../../functions-shared/handlers/audit_query/csv_copy.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("COPY's LF row ends become CRLF; a LF inside a quoted cell stays, across chunk borders", () => {
  const lineEnds = csvLineEnds();
  const copy = 'seq,note\n1,"a\nb"\n2,"say ""hi""\nthere"\n3,plain\n';
  const pieces = [copy.slice(0, 9), copy.slice(9, 13), copy.slice(13, 30), copy.slice(30)];
  const out = pieces.map((piece) => decode(lineEnds(encode(piece)))).join("");
  assert.equal(out, 'seq,note\r\n1,"a\nb"\r\n2,"say ""hi""\nthere"\r\n3,plain\r\n');
});

Deno.test("literals double their quotes and refuse NUL; filters become literals, never raw text", () => {
  assert.equal(literal("it's"), "'it''s'");
  assert.equal(literal("a\\b"), "'a\\b'", "a backslash is data (standard_conforming_strings on)");
  assert.throws(() => literal("a\0b"));
  const where = literalWhere({
    from: "2026-11-01T00:00:00.000Z",
    to: "2026-12-01T00:00:00.000Z",
    resource: "x'; drop table public.audit_logs; --",
    actions: ["dosing.calculate", "auth.failure"],
    outcomes: ["failure"],
    metadata: { note: "o'brien" },
  });
  assert.ok(where.includes(`l.resource = 'x''; drop table public.audit_logs; --'`));
  assert.ok(where.includes(`l.action = any('{dosing.calculate,auth.failure}'::public.audit_action[])`));
  assert.ok(where.includes(`l.metadata @> '{"note":"o''brien"}'::jsonb`));
  const statement = csvCopyStatement({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
  assert.match(statement, /^copy \(/);
  assert.match(statement, /to stdout with \(format csv, header\)$/);
});
