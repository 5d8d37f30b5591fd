import assert from "node:assert/strict";
import { HttpError } from "../../functions-shared/core/errors.ts";
import {
  canonicalJson,
  decodeCursor,
  encodeCursor,
  filtersFingerprint,
  type PageCursor,
} from "../../functions-shared/handlers/audit_query/cursor.ts";
import { fromBase64Url, toBase64Url } from "../../functions-shared/core/encoding.ts";

const FILTERS = filtersFingerprint({ actions: ["user.login"], outcomes: ["failure"] });
const CURSOR: PageCursor = {
  timestamp: "2026-11-21T10:00:00.123456Z",
  seq: "9007199254740993",
  from: "2026-11-20T10:00:00.000Z",
  to: "2026-11-21T10:00:00.000Z",
  filters: FILTERS,
};

function rejects(token: string, filters = FILTERS) {
  assert.throws(() => decodeCursor(token, filters), (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    assert.equal(error.code, "INVALID_CURSOR");
    assert.deepEqual(error.details, { field: "cursor" }, "named facts: a field list is VALIDATION_ERROR's");
    return true;
  });
}

Deno.test("a cursor round-trips exactly (microseconds, seqs beyond 2^53) and is opaque base64url", () => {
  const token = encodeCursor(CURSOR);
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.ok(!token.includes("2026"), "not readable as is");
  assert.deepEqual(decodeCursor(token, FILTERS), CURSOR);
});

Deno.test("any change to a cursor is a 400: every single character flipped", () => {
  const token = encodeCursor(CURSOR);
  for (let i = 0; i < token.length; i++) {
    if (token[i] === ".") continue;
    const flipped = token[i] === "A" ? "B" : "A";
    rejects(token.slice(0, i) + flipped + token.slice(i + 1));
  }
});

Deno.test("truncated, padded, empty, foreign or oversized cursors are 400s", () => {
  const token = encodeCursor(CURSOR);
  for (
    const bad of [
      "",
      ".",
      token.slice(0, -1),
      token.slice(1),
      `${token}=`,
      `${token}.x`,
      token.replace(".", ""),
      "eyJ2IjoxfQ.AAAAAAAAAAAAAAAA",
      "not a cursor",
      "x".repeat(2000),
    ]
  ) rejects(bad);
});

Deno.test("a cursor issued for other filters is refused", () => {
  const token = encodeCursor(CURSOR);
  rejects(token, filtersFingerprint({ actions: ["user.logout"] }));
});

Deno.test("a well-formed, correctly summed cursor with bad content is still refused", async () => {
  // Forge cursors with a valid checksum by encoding them the way encodeCursor does, then editing the JSON.
  const forge = async (edit: (wire: Record<string, unknown>) => void) => {
    const [body] = (encodeCursor(CURSOR)).split(".");
    const wire = JSON.parse(new TextDecoder().decode(fromBase64Url(body)));
    edit(wire);
    const json = JSON.stringify(wire);
    const digest = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode("medic-bot/audit-query/cursor/v1\n" + json),
    );
    return `${toBase64Url(new TextEncoder().encode(json))}.${
      toBase64Url(new Uint8Array(digest).slice(0, 12))
    }`;
  };
  assert.deepEqual(decodeCursor(await forge(() => {}), FILTERS), CURSOR, "the forge is faithful");
  rejects(await forge((w) => w.t = "2026-11-21T10:00:00Z"));
  rejects(await forge((w) => w.t = "2026-02-30T10:00:00.000000Z"));
  rejects(await forge((w) => w.s = "0"));
  rejects(await forge((w) => w.s = "-1"));
  rejects(await forge((w) => w.s = 5));
  rejects(await forge((w) => w.s = "99999999999999999999"));
  rejects(await forge((w) => w.v = 2));
  rejects(await forge((w) => w.extra = 1));
  rejects(await forge((w) => delete w.u));
  rejects(await forge((w) => w.f = "yesterday"));
});

Deno.test("encodeCursor refuses to encode a position it could not decode", () => {
  assert.throws(() => encodeCursor({ ...CURSOR, seq: "abc" }));
  assert.throws(() => encodeCursor({ ...CURSOR, timestamp: "2026-11-21T10:00:00.123Z" }));
});

Deno.test("a filter fingerprint is Web Crypto's SHA-256 of the canonical JSON: cursors issued before still decode", async () => {
  const filters = { actions: ["user.login"], metadata: { medication: "naloxone", dose: "2 mg" }, user: "ü" };
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(filters)));
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  assert.equal(filtersFingerprint(filters), hex);
});

Deno.test("filter fingerprints ignore key order and undefined values", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
  assert.equal(
    filtersFingerprint({ user: "u", metadata: { x: 1, y: 2 } }),
    filtersFingerprint({ metadata: { y: 2, x: 1 }, user: "u", resource: undefined }),
  );
  assert.notEqual(filtersFingerprint({ user: "u" }), filtersFingerprint({ user: "v" }));
});

Deno.test("base64url: strict alphabet, no padding, canonical", () => {
  assert.deepEqual(fromBase64Url(toBase64Url(new Uint8Array([0xfb, 0xff]))), new Uint8Array([0xfb, 0xff]));
  assert.equal(toBase64Url(new Uint8Array([0xfb, 0xff])), "-_8");
  assert.throws(() => fromBase64Url("-_8="));
  assert.throws(() => fromBase64Url("+/8"));
  assert.throws(() => fromBase64Url("-_9")); // stray bits in the last character
  assert.throws(() => fromBase64Url("A"));
});
