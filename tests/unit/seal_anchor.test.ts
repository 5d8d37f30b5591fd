/** Seal anchors: Ed25519 signatures over the seal's fields, and the check that names the first divergence. */
import assert from "node:assert/strict";
import {
  anchorIsSigned,
  anchorObjectName,
  importPublicKey,
  importSigningKey,
  keyIdOf,
  type SealAnchor,
  signSeal,
} from "../../functions-shared/core/seal_anchor.ts";
import { checkAnchors } from "../../functions-shared/handlers/audit_query/anchor_check.ts";
import type { AnchorStore } from "../../functions-shared/platform/anchor_store.ts";
import { LOCAL_SEAL_PUBLIC_KEY, LOCAL_SEAL_SIGNING_KEY } from "../../scripts/stack/keys.ts";

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

function memoryStore(anchors: SealAnchor[]): AnchorStore & { reads: number } {
  const byId = new Map(anchors.map((a) => [a.sealId, a]));
  const store = {
    reads: 0,
    put: () => Promise.resolve(true),
    get: (id: number) => (store.reads++, Promise.resolve(byId.get(id) ?? null)),
    sealIds: (limit: number, offset = 0) =>
      Promise.resolve([...byId.keys()].sort((a, b) => a - b).slice(offset, offset + limit)),
    ensure: () => Promise.resolve(),
  };
  return store;
}

Deno.test("the check names the first seal that differs from its anchor, in a few reads", async () => {
  const anchors = await Promise.all(Array.from({ length: 37 }, (_, i) => signed(i + 1)));
  const store = memoryStore(anchors);
  const database = new Map(anchors.map((a) => [a.fromSeq, a.sealHash]));
  const sealCovering = (from: number) => Promise.resolve(database.get(from) ?? null);
  const intact = await checkAnchors({ store, publicKey: LOCAL_SEAL_PUBLIC_KEY, sealCovering });
  assert.deepEqual(intact, { ok: true, anchors: 37, newestAnchoredSealId: 37, firstDivergence: null });

  // Rewritten from seal 23 on and re-sealed: 23 has another hash, later ranges no longer exist.
  database.set(seal(23).fromSeq, "f".repeat(64));
  for (let id = 24; id <= 37; id++) database.delete(seal(id).fromSeq);
  store.reads = 0;
  const rewritten = await checkAnchors({ store, publicKey: LOCAL_SEAL_PUBLIC_KEY, sealCovering });
  assert.equal(rewritten.ok, false);
  assert.deepEqual(rewritten.firstDivergence, {
    sealId: 23,
    fromSeq: 231,
    toSeq: 240,
    problem: "seal differs from its anchor (trail rewritten)",
  });
  assert.ok(store.reads <= 8, `binary search, not a scan: ${store.reads} reads`);

  const forged = memoryStore([...anchors.slice(0, 36), { ...anchors[36], sealHash: "e".repeat(64) }]);
  database.clear();
  for (const a of anchors) database.set(a.fromSeq, a.sealHash);
  const result = await checkAnchors({ store: forged, publicKey: LOCAL_SEAL_PUBLIC_KEY, sealCovering });
  assert.equal(result.firstDivergence?.problem, "anchor not signed by the seal key");
});
