/**
 * The cold archive's content digest over a stream (scripts/audit/cold_archive.ts ContentDigest): the same
 * hash list however the bytes are split on the way, equal to the database's rule (sha256 of each chunk of
 * chunk_lines lines, the chunks' digests hashed in order), plain sha256 for archives made before chunks;
 * and the part size of the S3 upload from the environment.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chunkLinesOf, ContentDigest } from "../../scripts/audit/cold_archive.ts";
import { DEFAULT_PART_SIZE, s3ConfigFromEnv } from "../../functions-shared/platform/s3.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest();
const enc = new TextEncoder();

/** The database's rule, written out plainly. */
function expected(lines: string[], chunkLines: number): string {
  const outer = createHash("sha256");
  for (let i = 0; i < lines.length; i += chunkLines) {
    outer.update(sha(enc.encode(lines.slice(i, i + chunkLines).join("\n"))));
  }
  return outer.digest("hex");
}

function fed(bytes: Uint8Array, chunkLines: number | null, cuts: number[]): string {
  const d = new ContentDigest(chunkLines);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    d.update(bytes.subarray(at, cut));
    at = cut;
  }
  return d.digest();
}

const lines = Array.from(
  { length: 23 },
  (_, i) => JSON.stringify({ seq: i + 1, action: "dosing.list", n: "x".repeat(i) }),
);
const ndjson = enc.encode(lines.join("\n"));

Deno.test("the hash list is the database's, however the stream is split", () => {
  for (const chunkLines of [1, 5, 23, 50]) {
    const want = expected(lines, chunkLines);
    assert.equal(fed(ndjson, chunkLines, []), want, `whole, ${chunkLines} lines per chunk`);
    assert.equal(fed(ndjson, chunkLines, [1, 2, 3, 100, 101, 400]), want, `in pieces, ${chunkLines}`);
    // Cuts right before and after every newline.
    const around = [...ndjson.keys()].filter((i) => ndjson[i] === 10).flatMap((i) => [i, i + 1]);
    assert.equal(fed(ndjson, chunkLines, around), want, `cut at each newline, ${chunkLines}`);
  }
});

Deno.test("a changed, missing or extra line changes the digest", () => {
  const want = expected(lines, 5);
  const altered = [...lines];
  altered[7] = altered[7].replace("dosing.list", "dosing.calculate");
  assert.notEqual(fed(enc.encode(altered.join("\n")), 5, []), want);
  assert.notEqual(fed(enc.encode(lines.slice(0, -1).join("\n")), 5, []), want);
  assert.notEqual(fed(enc.encode(lines.join("\n") + "\n{}"), 5, []), want);
});

Deno.test("an empty month and an archive from before chunks hash plainly", () => {
  const empty = createHash("sha256").digest("hex");
  assert.equal(fed(new Uint8Array(0), 5, []), empty, "no chunk: the sha256 of nothing, as in SQL");
  assert.equal(fed(ndjson, null, [10, 20]), createHash("sha256").update(ndjson).digest("hex"));
});

Deno.test("the manifest names the method; an unknown one is refused", () => {
  assert.equal(chunkLinesOf({ content_digest: { method: "sha256" } }), null);
  assert.equal(chunkLinesOf({}), null);
  assert.equal(
    chunkLinesOf({ content_digest: { method: "sha256 of the chunk sha256s", chunk_lines: 5000 } }),
    5000,
  );
  assert.throws(() => chunkLinesOf({ content_digest: { method: "md5" } }), /unknown content digest/);
  assert.throws(() =>
    chunkLinesOf({ content_digest: { method: "sha256 of the chunk sha256s", chunk_lines: 0 } })
  );
});

Deno.test("the upload's part size comes from AUDIT_ARCHIVE_S3_PART_MIB, within S3's limits", () => {
  const env = {
    AUDIT_ARCHIVE_S3_ENDPOINT: "http://127.0.0.1:1",
    AUDIT_ARCHIVE_S3_BUCKET: "b",
    AUDIT_ARCHIVE_S3_ACCESS_KEY_ID: "k",
    AUDIT_ARCHIVE_S3_SECRET_ACCESS_KEY: "s",
  };
  assert.equal(s3ConfigFromEnv(env).partSize, DEFAULT_PART_SIZE);
  assert.equal(s3ConfigFromEnv({ ...env, AUDIT_ARCHIVE_S3_PART_MIB: "16" }).partSize, 16 << 20);
  for (const bad of ["4", "5121", "8.5", "eight"]) {
    assert.throws(
      () => s3ConfigFromEnv({ ...env, AUDIT_ARCHIVE_S3_PART_MIB: bad }),
      /AUDIT_ARCHIVE_S3_PART_MIB/,
    );
  }
});
