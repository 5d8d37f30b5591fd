/** Seal anchors: Ed25519 signatures over the seal's fields, and the check that names the first divergence. */
import assert from "node:assert/strict";
import { fromBase64Url, fromKeyText, toBase64Url, toHex } from "../../functions-shared/core/encoding.ts";
import {
  anchorIsSigned,
  anchorObjectName,
  importPublicKey,
  importSigningKey,
  isPublicKeyText,
  isSigningKeyText,
  keyIdOf,
  type SealAnchor,
  signSeal,
} from "../../functions-shared/core/seal_anchor.ts";
import {
  ANCHOR_PROBLEMS,
  type AnchorCheckDeps,
  checkAnchors,
  type RecordedAnchor,
} from "../../functions-shared/handlers/audit_query/anchor_check.ts";
import {
  type AnchorStore,
  AnchorUnreadableError,
  storageAnchorStore,
} from "../../functions-shared/platform/anchor_store.ts";
import type { StorageClient } from "../../functions-shared/platform/storage.ts";
import { LOCAL_SEAL_PUBLIC_KEY, LOCAL_SEAL_SIGNING_KEY } from "../../scripts/stack/keys.ts";
import { newSealKeys } from "../../scripts/deploy/seal_keys.ts";
import { anchorRunAudit } from "../../functions-shared/handlers/flush_metrics/job.ts";

const seal = (id: number, hash = `${id}`.padStart(64, "a")) => ({
  sealId: id,
  fromSeq: id * 10 + 1,
  toSeq: id * 10 + 10,
  sealHash: hash,
});

async function signed(id: number, hash?: string): Promise<SealAnchor> {
  const key = await importSigningKey(LOCAL_SEAL_SIGNING_KEY);
  return await signSeal(seal(id, hash), key, await keyIdOf(LOCAL_SEAL_PUBLIC_KEY));
}

Deno.test("an anchor verifies with the public key alone; any changed field or another key does not", async () => {
  const publicKey = await importPublicKey(LOCAL_SEAL_PUBLIC_KEY);
  const anchor = await signed(7);
  assert.ok(await anchorIsSigned(anchor, publicKey));
  for (const changed of [{ sealHash: "b".repeat(64) }, { toSeq: 999 }, { fromSeq: 1 }, { sealId: 8 }]) {
    assert.equal(await anchorIsSigned({ ...anchor, ...changed }, publicKey), false, JSON.stringify(changed));
  }
  const other = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  assert.equal(await anchorIsSigned(anchor, other.publicKey), false);
  assert.ok(anchorObjectName(9) < anchorObjectName(10), "object names sort as seal ids");
});

/** A key's text as base64url with padding, and as standard base64 with padding and a line end. */
const padded = (key: string) => key + "=".repeat((4 - key.length % 4) % 4);
const standard = (key: string) => `${padded(key).replace(/-/g, "+").replace(/_/g, "/")}\n`;

Deno.test("the seal keys as tools print them (padded, standard base64) sign, verify and name the same key", async () => {
  const reference = await signed(3);
  for (const form of [padded, standard]) {
    const publicText = form(LOCAL_SEAL_PUBLIC_KEY);
    const signingText = form(LOCAL_SEAL_SIGNING_KEY);
    assert.equal(await keyIdOf(publicText), reference.keyId, "the key id is the bytes', not the text's");
    assert.ok(await anchorIsSigned(reference, await importPublicKey(publicText)));
    const anchor = await signSeal(seal(3), await importSigningKey(signingText), await keyIdOf(publicText));
    assert.ok(await anchorIsSigned(anchor, await importPublicKey(LOCAL_SEAL_PUBLIC_KEY)));
    assert.ok(isPublicKeyText(publicText) && isSigningKeyText(signingText), form.name);
  }
  assert.deepEqual(fromKeyText(padded("AQID")), fromBase64Url("AQID"));
  assert.throws(() => fromKeyText("AQI*"), /not base64url/);
  assert.throws(() => fromBase64Url(padded("AQ")), /not base64url/, "cursors and tokens stay strict");
});

Deno.test("deploy:seal-keys prints a pair that passes the check at start and signs what the other verifies", async () => {
  const { signingKey, publicKey } = await newSealKeys();
  assert.ok(isSigningKeyText(signingKey) && isPublicKeyText(publicKey));
  const anchor = await signSeal(seal(5), await importSigningKey(signingKey), await keyIdOf(publicKey));
  assert.ok(await anchorIsSigned(anchor, await importPublicKey(publicKey)));
  assert.equal(await anchorIsSigned(anchor, await importPublicKey(LOCAL_SEAL_PUBLIC_KEY)), false);
});

Deno.test("a seal key of the wrong shape is told apart before it is used", async () => {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  assert.ok(isPublicKeyText(toBase64Url(raw)) && isSigningKeyText(toBase64Url(pkcs8)));
  const ecdsa = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const otherPkcs8 = toBase64Url(new Uint8Array(await crypto.subtle.exportKey("pkcs8", ecdsa.privateKey)));
  for (const wrong of ["p", toBase64Url(raw.slice(1)), toBase64Url(pkcs8), "not a key at all"]) {
    assert.equal(isPublicKeyText(wrong), false, wrong);
  }
  for (const wrong of ["k", toBase64Url(raw), otherPkcs8, "not a key at all"]) {
    assert.equal(isSigningKeyText(wrong), false, wrong);
  }
});

/**
 * Storage (objects by seal id; "garbage" is an object that is not an anchor), the database's record of
 * what was anchored (audit.anchors) and its seals now (hash by range), as the check reads them.
 */
function world(anchors: SealAnchor[]) {
  const objects = new Map<number, SealAnchor | "garbage">(anchors.map((a) => [a.sealId, a]));
  const records = new Map<number, Omit<RecordedAnchor, "sealNow">>(
    anchors.map((a) => [a.sealId, recordOf(a)]),
  );
  const seals = new Map(anchors.map((a) => [`${a.fromSeq}-${a.toSeq}`, a.sealHash]));
  let reads = 0;
  const store: AnchorStore = {
    put: () => Promise.resolve(true),
    get: (id) => {
      reads++;
      const object = objects.get(id);
      return object === "garbage"
        ? Promise.reject(new AnchorUnreadableError(id))
        : Promise.resolve(object ?? null);
    },
    sealIds: (limit, offset = 0) =>
      Promise.resolve([...objects.keys()].sort((a, b) => a - b).slice(offset, offset + limit)),
    ensure: () => Promise.resolve(),
  };
  const deps: AnchorCheckDeps = {
    store,
    publicKey: LOCAL_SEAL_PUBLIC_KEY,
    recorded: (after, limit) =>
      Promise.resolve(
        [...records.values()].filter((r) => r.sealId > after).sort((a, b) => a.sealId - b.sealId).slice(
          0,
          limit,
        )
          .map((r) => ({ ...r, sealNow: seals.get(`${r.fromSeq}-${r.toSeq}`) ?? null })),
      ),
    sealCovering: (from, to) => Promise.resolve(seals.get(`${from}-${to}`) ?? null),
  };
  return {
    objects,
    records,
    seals,
    deps,
    get reads() {
      return reads;
    },
    /** The owner rewrote rows in seal `id`'s range and re-sealed from there: new hashes from it on. */
    rewriteFrom(id: number) {
      for (const a of anchors) {
        if (a.sealId >= id) seals.set(`${a.fromSeq}-${a.toSeq}`, `${a.sealId}`.padStart(64, "f"));
      }
    },
  };
}

function recordOf(a: SealAnchor): Omit<RecordedAnchor, "sealNow"> {
  const { sealId, fromSeq, toSeq, sealHash, keyId } = a;
  return { sealId, fromSeq, toSeq, sealHash, keyId, signature: toHex(fromBase64Url(a.signature)) };
}

const thirtySeven = () => Promise.all(Array.from({ length: 37 }, (_, i) => signed(i + 1)));

Deno.test("the check names the first seal that differs from its anchor, in a few reads", async () => {
  const w = world(await thirtySeven());
  const intact = await checkAnchors(w.deps);
  assert.deepEqual(intact, {
    ok: true,
    anchors: 37,
    recorded: 37,
    newestAnchoredSealId: 37,
    firstDivergence: null,
  });
  assert.equal(w.reads, 1, "intact: the newest object only");

  w.rewriteFrom(23);
  const before = w.reads;
  const rewritten = await checkAnchors(w.deps);
  assert.equal(rewritten.ok, false);
  assert.deepEqual(rewritten.firstDivergence, {
    sealId: 23,
    fromSeq: 231,
    toSeq: 240,
    problem: ANCHOR_PROBLEMS.rewritten,
  });
  assert.ok(w.reads - before <= 8, `binary search, not a scan: ${w.reads - before} reads`);
});

Deno.test("a newest object signed by no seal key is named", async () => {
  const anchors = await thirtySeven();
  const w = world(anchors);
  w.objects.set(37, { ...anchors[36], sealHash: "e".repeat(64) });
  const result = await checkAnchors(w.deps);
  assert.equal(result.ok, false);
  assert.equal(result.firstDivergence?.sealId, 37);
  assert.equal(result.firstDivergence?.problem, ANCHOR_PROBLEMS.unsigned);
});

Deno.test("review finding 6: a rewrite whose newest anchors were deleted from Storage still fails", async () => {
  const anchors = await thirtySeven();
  const w = world(anchors);
  // Rewritten from seal 23 and re-sealed; the objects of 23..37 deleted. What the database recorded as
  // anchored is still there (audit.anchors refuses deletes), so Storage no longer answers alone.
  w.rewriteFrom(23);
  for (let id = 23; id <= 37; id++) w.objects.delete(id);
  const result = await checkAnchors(w.deps);
  assert.equal(result.ok, false, JSON.stringify(result));
  assert.deepEqual(result.firstDivergence, {
    sealId: 23,
    fromSeq: 231,
    toSeq: 240,
    problem: ANCHOR_PROBLEMS.missing,
  });
  assert.equal(result.recorded, 37);
  assert.equal(result.newestAnchoredSealId, 37, "the newest anchored seal is the database's, not Storage's");

  // Nothing rewritten, only the newest objects gone: as much a failure, naming the first one missing.
  const deleted = world(anchors);
  for (const id of [36, 37]) deleted.objects.delete(id);
  const gone = await checkAnchors(deleted.deps);
  assert.equal(gone.ok, false);
  assert.deepEqual(gone.firstDivergence, {
    sealId: 36,
    fromSeq: 361,
    toSeq: 370,
    problem: ANCHOR_PROBLEMS.missing,
  });
});

Deno.test("one object deleted in the middle is named without reading every object", async () => {
  const w = world(await thirtySeven());
  w.objects.delete(5);
  const result = await checkAnchors(w.deps);
  assert.equal(result.ok, false);
  assert.deepEqual(result.firstDivergence, {
    sealId: 5,
    fromSeq: 51,
    toSeq: 60,
    problem: ANCHOR_PROBLEMS.missing,
  });
  assert.equal(w.reads, 1, "the listing against the record: no object read but the newest");
});

Deno.test("an anchored object that is not an anchor any more is named unreadable", async () => {
  const w = world(await thirtySeven());
  w.objects.set(37, "garbage");
  const result = await checkAnchors(w.deps);
  assert.equal(result.ok, false);
  assert.deepEqual(result.firstDivergence, {
    sealId: 37,
    fromSeq: 371,
    toSeq: 380,
    problem: ANCHOR_PROBLEMS.unreadable,
  });
});

Deno.test("records altered to a rewrite's new hashes disagree with the objects", async () => {
  const anchors = await thirtySeven();
  const w = world(anchors);
  // The owner rewrote from seal 30 and made audit.anchors say the new hashes (triggers bypassed); the
  // objects were left alone.
  w.rewriteFrom(30);
  for (const a of anchors.slice(29)) {
    w.records.set(a.sealId, { ...recordOf(a), sealHash: w.seals.get(`${a.fromSeq}-${a.toSeq}`)! });
  }
  const result = await checkAnchors(w.deps);
  assert.equal(result.ok, false);
  assert.deepEqual(result.firstDivergence, {
    sealId: 30,
    fromSeq: 301,
    toSeq: 310,
    problem: ANCHOR_PROBLEMS.notAsRecorded,
  });

  // Records deleted instead, objects left: the objects still disagree with the seals now.
  const unrecorded = world(anchors);
  unrecorded.rewriteFrom(30);
  for (let id = 30; id <= 37; id++) unrecorded.records.delete(id);
  const found = await checkAnchors(unrecorded.deps);
  assert.equal(found.recorded, 29);
  assert.equal(found.anchors, 37);
  assert.deepEqual(found.firstDivergence, {
    sealId: 30,
    fromSeq: 301,
    toSeq: 310,
    problem: ANCHOR_PROBLEMS.rewritten,
  });
});

Deno.test("a seal not anchored yet, or stored but not recorded yet, is no failure", async () => {
  const anchors = await thirtySeven();
  const w = world(anchors.slice(0, 35));
  // Seals 36 and 37 exist, the job has not run for them: in neither Storage nor the record.
  for (const a of anchors.slice(35)) w.seals.set(`${a.fromSeq}-${a.toSeq}`, a.sealHash);
  assert.deepEqual(await checkAnchors(w.deps), {
    ok: true,
    anchors: 35,
    recorded: 35,
    newestAnchoredSealId: 35,
    firstDivergence: null,
  });
  // A run stored 36's object and died before recording it: it agrees with its seal.
  w.objects.set(36, anchors[35]);
  assert.deepEqual(await checkAnchors(w.deps), {
    ok: true,
    anchors: 36,
    recorded: 35,
    newestAnchoredSealId: 36,
    firstDivergence: null,
  });
});

Deno.test("Storage's anchor reader: no object is null, an object that is not an anchor is unreadable", async () => {
  const anchor = await signed(3);
  const bodies = new Map<number, string>([
    [3, JSON.stringify(anchor)],
    [4, "not an anchor"],
    [5, JSON.stringify({ sealId: 5, fromSeq: "51", toSeq: 60 })],
  ]);
  const storage: StorageClient = {
    putOnce: () => Promise.resolve(true),
    get: (_bucket, name) => Promise.resolve(bodies.get(Number(name.slice(5, -5))) ?? null),
    list: () => Promise.resolve([]),
    ensureBucket: () => Promise.resolve(),
  };
  const store = storageAnchorStore(storage);
  assert.deepEqual(await store.get(3), anchor);
  assert.equal(await store.get(6), null);
  for (const id of [4, 5]) await assert.rejects(() => store.get(id), AnchorUnreadableError, `seal ${id}`);
});

Deno.test("an anchor job that finishes between the check's reads is no failure", async () => {
  const anchors = await thirtySeven();
  const w = world(anchors.slice(0, 36));
  const last = anchors[36];
  w.seals.set(`${last.fromSeq}-${last.toSeq}`, last.sealHash);
  // The job as it runs: the object stored, then the record made; here, right after the check's first read.
  let ran = false;
  const runJob = () => {
    if (ran) return;
    ran = true;
    w.objects.set(37, last);
    w.records.set(37, recordOf(last));
  };
  const { recorded, store } = w.deps;
  const deps: AnchorCheckDeps = {
    ...w.deps,
    recorded: (after, limit) => recorded(after, limit).finally(runJob),
    store: { ...store, sealIds: (limit, offset) => store.sealIds(limit, offset).finally(runJob) },
  };
  const check = await checkAnchors(deps);
  assert.equal(check.ok, true, JSON.stringify(check.firstDivergence));
  assert.equal(check.newestAnchoredSealId, 37);
});

Deno.test("POST /anchors' audit event: a refused seal is named and makes the run partial", () => {
  const run = { anchored: 2, alreadyStored: 0, lastSealId: 7 };
  assert.deepEqual(anchorRunAudit({ ...run, refused: null }), {
    metadata: { anchored: 2, last_seal_id: 7 },
    partial: false,
  });
  const refused = { sealId: 9, fromSeq: 81, toSeq: 95, overlapsSealId: 8, problem: "overlap", alertId: 3 };
  assert.deepEqual(anchorRunAudit({ ...run, refused }), {
    metadata: { anchored: 2, last_seal_id: 7, refused_seal_id: 9, overlaps_seal_id: 8 },
    partial: true,
  });
  assert.deepEqual(anchorRunAudit({ skipped: "no keys" }), {
    metadata: { skipped: "no keys" },
    partial: false,
  });
});
