/** The isolate's index cache: one load on a cold start, background swap when a newer index appears. */
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  SAMPLE_DOCUMENTS,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import {
  createIndexCache,
  type IndexSource,
  type PublishedIndex,
} from "../../functions-shared/platform/protocol_index.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { toHex } from "../../functions-shared/core/encoding.ts";

async function blob(version: string) {
  const bytes = await serializeIndex(buildProtocolIndex({ kbVersion: version, documents: SAMPLE_DOCUMENTS }));
  return {
    kbVersion: version,
    publication: `${version}@1`,
    bytes,
    sha256: toHex(await crypto.subtle.digest("SHA-256", bytes as BufferSource)),
  };
}

/** `b` with one byte changed after publishing: its digest no longer matches. */
function corrupt(b: PublishedIndex): PublishedIndex {
  const bytes = b.bytes.slice();
  bytes[bytes.length - 1] ^= 0xff; // one bit of clinical content changed after publishing
  return { ...b, bytes };
}

/** A publication whose digest matches bytes that are not an index. */
async function unreadable(version: string): Promise<PublishedIndex> {
  const bytes = new TextEncoder().encode("not a protocol index");
  return {
    kbVersion: version,
    publication: `${version}@1`,
    bytes,
    sha256: toHex(await crypto.subtle.digest("SHA-256", bytes as BufferSource)),
  };
}

function fakeSource(state: { index: string | null; kb: string }) {
  const calls = { load: 0, versions: 0 };
  const source: IndexSource = {
    versions() {
      calls.versions++;
      return Promise.resolve({
        indexVersion: state.index,
        indexPublication: state.index && `${state.index}@1`,
        kbVersion: state.kb,
      });
    },
    async load() {
      calls.load++;
      return state.index === null ? null : await blob(state.index);
    },
  };
  return { source, calls };
}

/**
 * A source over the blobs `published()` holds, newest first, as the database source reads them: the newest
 * not refused (`skip` holds publications); `kbVersion` defaults to the newest blob's. `fetched.count`
 * counts the blobs loaded.
 */
function publishedSource(published: () => readonly PublishedIndex[], kbVersion?: string) {
  const fetched = { count: 0 };
  const source: IndexSource = {
    versions: () =>
      Promise.resolve({
        indexVersion: published()[0].kbVersion,
        indexPublication: published()[0].publication,
        kbVersion: kbVersion ?? published()[0].kbVersion,
      }),
    load: (skip) => (
      fetched.count++, Promise.resolve(published().find((b) => !skip.has(b.publication)) ?? null)
    ),
  };
  return { source, fetched };
}

Deno.test("cold start loads once, concurrent requests share the load", async () => {
  const { source, calls } = fakeSource({ index: "3", kb: "3" });
  const cache = createIndexCache({ source, logger: () => {} });
  const [a, b] = await Promise.all([cache.get(), cache.get()]);
  assert.equal(a.index, b.index);
  assert.equal(a.index.kbVersion, "3");
  assert.equal(a.stale, false);
  assert.equal(calls.load, 1);
});

Deno.test("a newer published index is swapped in after the recheck interval; stale is reported", async () => {
  let clock = 0;
  const state = { index: "3" as string | null, kb: "3" };
  const { source, calls } = fakeSource(state);
  const cache = createIndexCache({ source, recheckMs: 1000, now: () => clock, logger: () => {} });
  assert.equal((await cache.get()).index.kbVersion, "3");
  state.kb = "4"; // knowledge base changed, index not yet rebuilt
  clock = 1500;
  await cache.get();
  await cache.refresh();
  assert.equal((await cache.get()).stale, true);
  state.index = "4";
  clock = 3000;
  await cache.get(); // still the old one while the new one loads
  await cache.refresh();
  const now = await cache.get();
  assert.deepEqual([now.index.kbVersion, now.stale], ["4", false]);
  assert.equal(calls.load, 2);
});

Deno.test("no published index → 503 KB_UNAVAILABLE, and the next request tries again", async () => {
  const state = { index: null as string | null, kb: "0" };
  const { source } = fakeSource(state);
  const cache = createIndexCache({ source, logger: () => {} });
  await assert.rejects(
    cache.get(),
    (e) => e instanceof HttpError && e.status === 503 && e.code === "KB_UNAVAILABLE",
  );
  state.index = "1";
  assert.equal((await cache.get()).index.kbVersion, "1");
});

Deno.test("an index that does not match its published sha256 is skipped for the newest one that does", async () => {
  let clock = 0;
  const good3 = await blob("3");
  const good4 = await blob("4");
  let published = [good3];
  const { source, fetched } = publishedSource(() => published);
  const logged: string[] = [];
  const cache = createIndexCache({
    source,
    recheckMs: 1000,
    now: () => clock,
    logger: (_l, m) => logged.push(m),
  });
  assert.equal((await cache.get()).index.kbVersion, "3");
  published = [corrupt(good4), good3];
  clock = 1500;
  await cache.get();
  await cache.refresh();
  assert.equal((await cache.get()).index.kbVersion, "3", "the corrupt newer index is not swapped in");
  assert.ok(logged.includes("published protocol index does not match its sha256; not loaded"));
  const afterReject = fetched.count;
  clock = 3000;
  await cache.get();
  await cache.refresh();
  assert.equal(
    fetched.count,
    afterReject,
    "a version that failed its digest is not fetched again at every recheck",
  );

  const cold = createIndexCache({ source, logger: () => {} });
  const coldLoads = fetched.count;
  assert.equal((await cold.get()).index.kbVersion, "3", "a cold start falls back to the newest good index");
  assert.equal(fetched.count - coldLoads, 2, "one blob at a time: the corrupt one, then the good one");
  published = [corrupt(good4), corrupt(good3)];
  const none = createIndexCache({ source, logger: () => {} });
  await assert.rejects(none.get(), (e: HttpError) => e.status === 503 && e.code === "KB_INTEGRITY");
});

Deno.test("KB_INTEGRITY tells the apps only that the knowledge base is unavailable; the remedy is logged once per refused publication", async () => {
  const good4 = await blob("4");
  const unreadable3 = await unreadable("3");
  const { source } = publishedSource(() => [corrupt(good4), unreadable3], "4");
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const cache = createIndexCache({
    source,
    logger: (_l, message, fields) => logged.push({ message, fields }),
  });
  for (let request = 0; request < 3; request++) {
    await assert.rejects(cache.get(), (e) => {
      assert.ok(e instanceof HttpError);
      assert.deepEqual([e.status, e.code, e.headers.get("Retry-After")], [503, "KB_INTEGRITY", "60"]);
      assert.equal(e.message, "The protocol knowledge base is temporarily unavailable.");
      return true;
    });
  }
  const remedies = logged.filter((l) => l.fields?.remedy === "deno task kb publish --force");
  assert.deepEqual(
    remedies.map((l) => [l.message, l.fields?.publication]),
    [
      ["published protocol index does not match its sha256; not loaded", "4@1"],
      ["published protocol index does not load; not loaded", "3@1"],
    ],
    "each refused publication once, however many requests are refused after it",
  );
});

Deno.test("only an index of another format published (a deploy ahead of its kb publish) → 503, said once in the log", async () => {
  const source: IndexSource = {
    versions: () =>
      Promise.resolve({
        indexVersion: null,
        indexPublication: null,
        otherFormatVersion: "7",
        kbVersion: "7",
      }),
    load: () => Promise.resolve(null), // the database source fetches only this code's format
  };
  const logged: string[] = [];
  const cache = createIndexCache({ source, logger: (_l, m) => logged.push(m) });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      cache.get(),
      (e) =>
        e instanceof HttpError && e.status === 503 && e.code === "KB_UNAVAILABLE" &&
        e.message === "The protocol knowledge base is not yet published for this version of the service.",
    );
  }
  assert.deepEqual(logged, ["published protocol index is of another format; run `deno task kb publish`"]);
});

Deno.test("an index whose digest matches but whose bytes do not load is skipped like a corrupt one", async () => {
  const good3 = await blob("3");
  const unreadable4 = await unreadable("4");
  let published = [unreadable4, good3];
  const { source } = publishedSource(() => published, "4");
  const logged: string[] = [];
  const cache = createIndexCache({ source, logger: (_l, m) => logged.push(m) });
  assert.equal((await cache.get()).index.kbVersion, "3", "the newest index that loads is served");
  assert.ok(logged.includes("published protocol index does not load; not loaded"));
  published = [unreadable4];
  const none = createIndexCache({ source, logger: () => {} });
  await assert.rejects(none.get(), (e: HttpError) => e.status === 503 && e.code === "KB_INTEGRITY");
  // Gzip's magic bytes, then no gzip stream: the inflater's own error, skipped all the same.
  const notGzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]);
  published = [{
    kbVersion: "5",
    publication: "5@1",
    bytes: notGzip,
    sha256: toHex(await crypto.subtle.digest("SHA-256", notGzip as BufferSource)),
  }, good3];
  const afterGarbage = createIndexCache({ source, logger: () => {} });
  assert.equal((await afterGarbage.get()).index.kbVersion, "3");
});

Deno.test("a warm isolate does not go back to an older version because its own was republished in another format", async () => {
  let clock = 0;
  const state = { index: "12", other: null as string | null };
  let loads = 0;
  const source: IndexSource = {
    versions: () =>
      Promise.resolve({
        indexVersion: state.index,
        indexPublication: `${state.index}@1`,
        otherFormatVersion: state.other,
        kbVersion: "12",
      }),
    load: async () => (loads++, await blob(state.index)),
  };
  const cache = createIndexCache({ source, recheckMs: 1000, now: () => clock, logger: () => {} });
  assert.equal((await cache.get()).index.kbVersion, "12");
  // A new release's `kb publish` rewrote row 12 in its format: this code's newest is now 11.
  Object.assign(state, { index: "11", other: "12" });
  clock = 1500;
  await cache.get();
  await cache.refresh();
  assert.equal((await cache.get()).index.kbVersion, "12", "still the version it serves");
  assert.equal(loads, 1);
  // Row 12 deleted (a rollback): 11 is the newest of every format, and is taken.
  Object.assign(state, { index: "11", other: null });
  clock = 3000;
  await cache.get();
  await cache.refresh();
  assert.equal((await cache.get()).index.kbVersion, "11");
});

Deno.test("a version refused for its bytes is tried again once republished, warm or after a 503", async () => {
  let clock = 0;
  const good3 = await blob("3");
  const good4 = await blob("4");
  // Damaged at rest: the digest is the one published, the bytes are not. `kb publish --force` writes the
  // same version and the same digest again, as a new publication.
  const damaged = { ...good4, bytes: good4.bytes.slice().fill(0, 100, 200) };
  let published = [damaged, good3];
  const { source, fetched } = publishedSource(() => published, "4");
  const warm = createIndexCache({ source, recheckMs: 1000, now: () => clock, logger: () => {} });
  assert.equal((await warm.get()).index.kbVersion, "3", "the damaged newest is refused");
  published = [damaged];
  const refusing = createIndexCache({ source, logger: () => {} });
  await assert.rejects(refusing.get(), (e: HttpError) => e.status === 503 && e.code === "KB_INTEGRITY");
  const afterRefusals = fetched.count;
  clock = 1500;
  await warm.get();
  await warm.refresh();
  assert.equal(fetched.count, afterRefusals, "the refused publication is not fetched again");

  published = [{ ...good4, publication: "4@2" }, good3]; // republished: same version and digest, new publication
  clock = 3000;
  await warm.get();
  await warm.refresh();
  assert.equal((await warm.get()).index.kbVersion, "4", "the warm isolate takes the republished version");
  assert.equal((await refusing.get()).index.kbVersion, "4", "and so does one that answered 503");
  assert.equal(published[0].sha256, damaged.sha256);
});

Deno.test("a warm isolate takes the version it serves again when it is republished (kb publish --force)", async () => {
  let clock = 0;
  const v4 = await blob("4");
  let published = [v4];
  const { source, fetched } = publishedSource(() => published, "4");
  const cache = createIndexCache({ source, recheckMs: 1000, now: () => clock, logger: () => {} });
  const first = await cache.get();
  clock = 1500;
  await cache.get();
  await cache.refresh();
  assert.equal(fetched.count, 1, "the same publication is not fetched again");
  published = [{ ...v4, publication: "4@2" }];
  clock = 3000;
  await cache.get();
  await cache.refresh();
  const again = await cache.get();
  assert.equal(fetched.count, 2, "the republished version is fetched");
  assert.equal(again.index.kbVersion, "4");
  assert.notEqual(again.index, first.index, "and served from its new bytes");
});
