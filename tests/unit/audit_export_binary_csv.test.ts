/**
 * The CSV export's writer from COPY's binary rows (handlers/audit_query/export_binary_csv.ts): each kind of
 * cell, the originals by pseudonym, and a stream cut anywhere. Postgres's own text of timestamps, integers
 * and uuids is compared in tests/integration/audit_export_csv.test.ts.
 */
import assert from "node:assert/strict";
import {
  binaryCopyToCsv,
  csvTextBytes,
  FIELD_KINDS,
  Originals,
} from "../../functions-shared/handlers/audit_query/export_binary_csv.ts";

const text = new TextEncoder();

/** One field as COPY's binary format sends it: its length (-1: null), then its bytes. */
function field(bytes: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(4 + (bytes?.length ?? 0));
  new DataView(out.buffer).setInt32(0, bytes ? bytes.length : -1);
  if (bytes) out.set(bytes, 4);
  return out;
}
const int = (value: bigint, size: 2 | 4 | 8) => {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  if (size === 8) view.setBigInt64(0, value);
  else if (size === 4) view.setInt32(0, Number(value));
  else view.setInt16(0, Number(value));
  return out;
};
const uuid = (hex: string) => Uint8Array.from(hex.replaceAll("-", "").match(/../g)!, (b) => parseInt(b, 16));
/** Microseconds since 2000-01-01 UTC, from an ISO time in milliseconds plus extra microseconds. */
const stamp = (iso: string, micros = 0) =>
  int(BigInt(Date.parse(iso) - Date.UTC(2000, 0, 1)) * 1000n + BigInt(micros), 8);
const jsonb = (json: string) => new Uint8Array([1, ...text.encode(json)]);

const ACTOR = "11111111-2222-4333-8444-555555555555";
const SESSION = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const IP = "01234567-89ab-4cde-8f01-23456789abcd";
const AGENT = "fedcba98-7654-4321-8fed-cba987654321";

interface Row {
  seq?: bigint;
  resource?: string;
  error?: string | null;
  correlation?: string | null;
  role?: string | null;
  pseudonyms?: boolean;
  timestamp?: Uint8Array;
  duration?: bigint | null;
}

function row(r: Row = {}): Uint8Array {
  const p = r.pseudonyms ?? true;
  const t = (value: string | null | undefined) =>
    value === null || value === undefined ? null : text.encode(value);
  const fields = [
    int(r.seq ?? 42n, 8),
    uuid("0f0e0d0c-0b0a-4908-8706-050403020100"),
    r.timestamp ?? stamp("2026-12-05T08:02:32.123Z", 456),
    p ? uuid("99999999-8888-4777-8666-555555555555") : null,
    p ? uuid(ACTOR) : null,
    t(r.role === undefined ? "paramedic" : r.role),
    p ? uuid(SESSION) : null,
    text.encode("protocol.view"),
    text.encode(r.resource ?? "protocol"),
    text.encode("success"),
    p ? uuid(IP) : null,
    p ? uuid(AGENT) : null,
    t(r.error === undefined ? null : r.error),
    r.duration === null ? null : int(r.duration ?? 12n, 4),
    t(r.correlation === undefined ? "corr-1" : r.correlation),
    text.encode("INTERNAL"),
    int(1n, 2),
    stamp("2026-12-05T08:02:32.128Z"),
    jsonb('{"a": "x, \\"y\\"", "n": 1}'),
  ].map(field);
  assert.equal(fields.length, FIELD_KINDS.length);
  return concat([int(BigInt(fields.length), 2), ...fields]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
}

const HEADER = new Uint8Array([80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const TRAILER = new Uint8Array([255, 255]);
const stream = (...rows: Uint8Array[]) => concat([HEADER, ...rows, TRAILER]);

const ORIGINALS = new Originals([
  [ACTOR, "user-1"],
  [SESSION, "=session, 1"],
  [IP, "203.0.113.9"],
  [AGENT, 'Agent "quoted"'],
]);

/** The CSV of `bytes` fed in the given cuts (every chunk into room it says it needs). */
function csvOf(
  bytes: Uint8Array,
  cuts: number[] = [],
  originals = ORIGINALS,
): { csv: string; done: boolean } {
  const writer = binaryCopyToCsv(originals);
  let csv = "";
  const decoder = new TextDecoder();
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    const chunk = bytes.subarray(from, to);
    const out = new Uint8Array(writer.room(chunk.length));
    csv += decoder.decode(out.subarray(0, writer.convert(chunk, out, 0)), { stream: true });
    from = to;
  }
  return { csv: csv + decoder.decode(), done: writer.done() };
}

const FULL = "42,0f0e0d0c-0b0a-4908-8706-050403020100,2026-12-05T08:02:32.123456Z," +
  `99999999-8888-4777-8666-555555555555,user-1,${ACTOR},paramedic,"'=session, 1",protocol.view,protocol,` +
  `success,203.0.113.9,${IP},"Agent ""quoted""",,12,corr-1,INTERNAL,1,2026-12-05T08:02:32.128000Z,` +
  '"{""a"": ""x, \\""y\\"""", ""n"": 1}"\r\n';

Deno.test("a row: each cell as the text COPY wrote it, the originals beside their pseudonyms", () => {
  const { csv, done } = csvOf(stream(row()));
  assert.equal(csv, FULL);
  assert.ok(done);
});

Deno.test("nulls are empty cells; a pseudonym not revealed shows itself but no original", () => {
  assert.equal(
    csvOf(stream(row({ pseudonyms: false, role: null, duration: null, correlation: null }))).csv,
    "42,0f0e0d0c-0b0a-4908-8706-050403020100,2026-12-05T08:02:32.123456Z,,,,,,protocol.view,protocol," +
      'success,,,,,,,INTERNAL,1,2026-12-05T08:02:32.128000Z,"{""a"": ""x, \\""y\\"""", ""n"": 1}"\r\n',
  );
  const none = csvOf(stream(row()), [], new Originals([])).csv.split(",");
  assert.equal(none[4], "", "the actor's original: none revealed");
  assert.equal(none[5], ACTOR, "the pseudonym itself");
});

Deno.test("free-text cells: the formula guard, an empty text as no value, quoting", () => {
  const cell = (resource: string) =>
    csvOf(stream(row({ resource }))).csv.split(",protocol.view,")[1].split(",success,")[0];
  assert.equal(cell("=1+1"), "'=1+1");
  assert.equal(cell("+x"), "'+x");
  assert.equal(cell("-5"), "'-5");
  assert.equal(cell("@a"), "'@a");
  assert.equal(cell("\tx"), "'\tx");
  assert.equal(cell("\rx"), '"\'\rx"', "a CR needs quotes too");
  assert.equal(cell("a\nb"), '"a\nb"');
  assert.equal(cell('say "hi"'), '"say ""hi"""');
  assert.equal(cell("caf\u00e9"), "caf\u00e9");
  assert.equal(cell(""), "", "an empty text: no value");
  // An empty text that is not guarded (a label) is written as COPY writes it, quoted.
  assert.equal(new TextDecoder().decode(csvTextBytes(new Uint8Array(0))), '""');
  assert.equal(new TextDecoder().decode(csvTextBytes(new Uint8Array(0), true)), "");
});

Deno.test("integers and timestamps at their edges", () => {
  const cells = (r: Row) => csvOf(stream(row({ pseudonyms: false, ...r }))).csv.split(","); // no quoted cell
  assert.equal(cells({ seq: 9007199254740991n })[0], "9007199254740991");
  assert.equal(cells({ seq: -7n })[0], "-7");
  assert.equal(cells({ duration: -2147483648n })[15], "-2147483648");
  assert.equal(cells({ timestamp: int(0n, 8) })[2], "2000-01-01T00:00:00.000000Z");
  assert.equal(cells({ timestamp: int(-1n, 8) })[2], "1999-12-31T23:59:59.999999Z");
  assert.equal(
    cells({ timestamp: stamp("2024-02-29T23:59:59.999Z", 999) })[2],
    "2024-02-29T23:59:59.999999Z",
  );
  assert.equal(cells({ timestamp: stamp("1970-01-01T00:00:00.000Z", 1) })[2], "1970-01-01T00:00:00.000001Z");
  assert.equal(cells({ timestamp: int(0x7fffffffffffffffn, 8) })[2], "", "infinity: no text, as to_char");
  assert.equal(cells({ timestamp: int(-0x8000000000000000n, 8) })[2], "", "-infinity");
  // Beyond 2^53 as COPY's text wrote them (only an owner's setval reaches them), not an export cut short.
  for (
    const seq of [1n << 60n, 0x7fffffffffffffffn, -0x8000000000000000n, (1n << 53n) + 1n, -(1n << 53n) - 1n]
  ) {
    assert.equal(cells({ seq })[0], String(seq));
  }
});

Deno.test("a stream cut anywhere writes the same CSV", () => {
  const rows = [row(), row({ pseudonyms: false, seq: 7n }), row({ resource: "a,b" })];
  const bytes = stream(...rows);
  const whole = csvOf(bytes).csv;
  assert.equal(whole.split("\r\n").length - 1, 3);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const { csv, done } = csvOf(bytes, [cut]);
    assert.equal(csv, whole, `cut at ${cut}`);
    assert.ok(done, `cut at ${cut}: the trailer came`);
  }
  const bytewise = csvOf(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
  assert.equal(bytewise.csv, whole, "one byte at a time");
});

Deno.test("a stream not as expected is refused, never written differently", () => {
  assert.equal(csvOf(concat([HEADER, row()])).done, false, "no trailer: not done");
  assert.equal(csvOf(stream(row()).subarray(0, 100)).done, false, "a row cut short: not done");
  const fewer = row();
  fewer[1] = FIELD_KINDS.length - 1;
  assert.throws(() => csvOf(stream(fewer)), /fields/);
  assert.throws(() => csvOf(concat([new Uint8Array(19), TRAILER])), /binary format/);
  const wide = concat([int(BigInt(FIELD_KINDS.length), 2), field(int(1n, 4))]); // an int4 where an int8 goes
  assert.throws(
    () => csvOf(stream(concat([wide, ...Array(FIELD_KINDS.length - 1).fill(field(null))]))),
    /int8/,
  );
  assert.throws(() => csvOf(concat([stream(row()), row()])), /after its trailer/);
});

Deno.test("originals: a pseudonym that is not a uuid is refused", () => {
  assert.throws(() => new Originals([["not-a-uuid", "x"]]), /not a uuid/);
});

Deno.test("originals: thousands added one at a time (the table and its buffer grow many times) each keep their own cell; a repeat keeps the first answer", () => {
  const originals = new Originals();
  const pseudonyms = Array.from({ length: 5_000 }, () => crypto.randomUUID());
  const original = (i: number) => (i % 7 === 0 ? null : `original ${i}, "${i}"${"x".repeat(i % 50)}`);
  pseudonyms.forEach((p, i) => originals.add(p, original(i)));
  originals.add(pseudonyms[1], "another answer");
  assert.equal(originals.size, 5_000);
  const out = new Uint8Array(256);
  for (const [i, p] of pseudonyms.entries()) {
    const found = originals.find(uuid(p), 0);
    assert.ok(found >= 0, `pseudonym ${i} found`);
    const cell = new TextDecoder().decode(out.subarray(0, originals.writeCell(found, out, 0)));
    const expected = original(i);
    assert.equal(cell, expected === null ? "" : `"${expected.replaceAll('"', '""')}"`);
  }
  assert.equal(originals.find(uuid(crypto.randomUUID()), 0), -1);
  assert.equal(originals.longest, `"original 4999, ""4999""${"x".repeat(49)}"`.length);
});
