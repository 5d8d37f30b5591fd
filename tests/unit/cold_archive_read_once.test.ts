/**
 * One streamed pass over an archive object (scripts/audit/cold_archive.ts readArchiveObject), which the
 * archiver's read-back and audit:restore share: the object is fetched once; its digest decides what a
 * failure was — damaged (a changed byte, a body that ends short) whatever the content side made of it
 * first, or, for an intact object, the content side's own error; a stream that fails (the network) rejects
 * with its own error; a missing object is found: false.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { ObjectStore } from "../../functions-shared/platform/s3.ts";
import { DamagedObjectError, readArchiveObject } from "../../scripts/audit/cold_archive.ts";

type Bytes = Uint8Array<ArrayBuffer>;
const KEY = "audit-archive/v1/1999-01/t.ndjson.gz";
const ndjson = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ seq: i + 1, action: "dosing.list" }))
  .join("\n");
const gzipped = new Uint8Array(
  await new Response(new Blob([ndjson]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A store holding one object, served in small chunks (optionally failing, or ending, short); counts its GETs. */
function oneObject(body: Bytes | null, options: { failAfter?: number; endAfter?: number } = {}) {
  const gets: string[] = [];
  const store = {
    bucket: "audit-archive",
    getStream(key: string) {
      gets.push(key);
      if (!body) return Promise.resolve(null);
      let at = 0;
      return Promise.resolve(
        new ReadableStream<Uint8Array>({
          pull(c) {
            if (options.failAfter !== undefined && at >= options.failAfter) {
              return c.error(new TypeError("connection reset"));
            }
            if (at >= (options.endAfter ?? body.length)) return c.close();
            c.enqueue(body.slice(at, at + 512));
            at += 512;
          },
        }),
      );
    },
  } as unknown as ObjectStore;
  return { store, gets };
}

const text = (content: ReadableStream<Bytes>) => new Response(content).text();

Deno.test("an intact object is read once, its content handed on", async () => {
  const { store, gets } = oneObject(gzipped);
  const read = await readArchiveObject(store, KEY, sha(gzipped), text);
  assert.deepEqual(read, { found: true, value: ndjson });
  assert.deepEqual(gets, [KEY]);
});

Deno.test("a missing object is found: false", async () => {
  assert.deepEqual(await readArchiveObject(oneObject(null).store, KEY, sha(gzipped), text), { found: false });
});

Deno.test("a changed byte is a damaged object, though the decompressor failed first", async () => {
  const flipped = gzipped.slice();
  flipped[gzipped.length >> 1] ^= 0xff;
  await assert.rejects(
    readArchiveObject(oneObject(flipped).store, KEY, sha(gzipped), text),
    (e) => e instanceof DamagedObjectError && /corrupted or partial/.test(e.message),
  );
});

Deno.test("a body that ends short is a damaged object", async () => {
  const { store } = oneObject(gzipped, { endAfter: 1024 });
  await assert.rejects(
    readArchiveObject(store, KEY, sha(gzipped), text),
    (e) => e instanceof DamagedObjectError && /\(1024 bytes read\)/.test(e.message),
  );
});

Deno.test("a stream that fails part-way (a network error): its own error, not a damaged object", async () => {
  const { store } = oneObject(gzipped, { failAfter: 1024 });
  await assert.rejects(
    readArchiveObject(store, KEY, sha(gzipped), text),
    (e) => !(e instanceof DamagedObjectError) && e instanceof TypeError && e.message === "connection reset",
  );
});

Deno.test("an intact object whose consumer fails part-way: the consumer's error, the rest still hashed", async () => {
  const { store } = oneObject(gzipped);
  let seen = 0;
  const failing = async (content: ReadableStream<Bytes>) => {
    for await (const chunk of content) {
      seen += chunk.byteLength;
      throw new Error("the database went away");
    }
  };
  await assert.rejects(
    readArchiveObject(store, KEY, sha(gzipped), failing),
    (e) => !(e instanceof DamagedObjectError) && /the database went away/.test((e as Error).message),
  );
  assert.ok(seen > 0);
});

Deno.test("a consumer that stops early does not stall the pass", async () => {
  const { store } = oneObject(gzipped);
  const firstChunk = async (content: ReadableStream<Bytes>) => {
    const reader = content.getReader();
    const { value } = await reader.read();
    reader.releaseLock();
    return value!.byteLength;
  };
  const read = await readArchiveObject(store, KEY, sha(gzipped), firstChunk);
  assert.ok(read.found && read.value > 0);
});
