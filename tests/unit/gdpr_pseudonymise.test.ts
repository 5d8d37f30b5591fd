// The pseudonymisation strategies: hash (salted, deterministic, no default salt), token (random,
// consistent within one use) and encryption (reversible only with the same key and context).
import assert from "node:assert/strict";
import {
  encryptionPseudonymiser,
  hashPseudonymiser,
  MIN_SALT_LENGTH,
  PseudonymConfigError,
  randomToken,
  RevealError,
  tokenPseudonymiser,
} from "../../functions-shared/handlers/gdpr_export/pseudonymise.ts";

const SALT = "a-salt-that-is-long-enough-for-the-hash-strategy";
const KEY = new Uint8Array(32).map((_, i) => i + 1);
const ID = "3f1e2d4c-5b6a-4789-9abc-def012345678";

Deno.test("hash: a missing, blank or short salt is a configuration error, never a default", async () => {
  for (const salt of [undefined, "", "   ", "x".repeat(MIN_SALT_LENGTH - 1)]) {
    await assert.rejects(() => hashPseudonymiser(salt), PseudonymConfigError, `salt ${JSON.stringify(salt)}`);
  }
});

Deno.test("hash: deterministic per salt and domain, unrelated across salts and domains", async () => {
  const a = await hashPseudonymiser(SALT);
  const b = await hashPseudonymiser(SALT);
  const other = await hashPseudonymiser(SALT + "!");
  const p = await a.pseudonymise(ID);
  assert.match(p, /^h1\.[0-9a-f]{64}$/);
  assert.equal(await b.pseudonymise(ID), p, "same salt, same pseudonym");
  assert.notEqual(await other.pseudonymise(ID), p, "another salt, another pseudonym");
  assert.notEqual(await a.pseudonymise(ID.toUpperCase()), p);
  assert.ok(!p.includes(ID) && !p.includes(ID.replaceAll("-", "")), "the value never shows through");
  assert.notEqual(await a.hex(ID, "gdpr-erased-subject"), await a.hex(ID, "gdpr-third-party"));
  assert.match(await a.hex(ID, "x"), /^[0-9a-f]{64}$/);
  const domained = await hashPseudonymiser(SALT, { domain: "x" });
  assert.equal(await domained.pseudonymise(ID), `h1.${await a.hex(ID, "x")}`);
});

Deno.test("token: random, the same token for the same value within one use, new ones in the next", async () => {
  const first = tokenPseudonymiser();
  const t = await first.pseudonymise(ID);
  assert.match(t, /^t1\.[A-Za-z0-9_-]{22}$/);
  assert.equal(await first.pseudonymise(ID), t, "consistent within the export");
  assert.notEqual(await first.pseudonymise("someone else"), t);
  assert.notEqual(await tokenPseudonymiser().pseudonymise(ID), t, "unlinkable across exports");
});

Deno.test("token: memory is bounded; past the bound values still get tokens", async () => {
  const small = tokenPseudonymiser({ maxEntries: 2 });
  const a = await small.pseudonymise("a");
  await small.pseudonymise("b");
  const c1 = await small.pseudonymise("c");
  const c2 = await small.pseudonymise("c");
  assert.equal(await small.pseudonymise("a"), a, "remembered values stay");
  assert.notEqual(c1, c2, "beyond the bound nothing is remembered");
  assert.match(randomToken("erased-"), /^erased-[A-Za-z0-9_-]{22}$/);
  assert.notEqual(randomToken("erased-"), randomToken("erased-"));
});

Deno.test("encryption: reversible with the same key and context only; tampering is detected", async () => {
  const org = await encryptionPseudonymiser(KEY, "organization:a");
  const e1 = await org.pseudonymise(ID);
  const e2 = await org.pseudonymise(ID);
  assert.match(e1, /^e1\.[A-Za-z0-9_-]+$/);
  assert.notEqual(e1, e2, "a fresh IV every time: equal values are not linkable");
  assert.equal(await org.reveal(e1), ID);
  assert.equal(await (await encryptionPseudonymiser(KEY, "organization:a")).reveal(e2), ID);

  const otherContext = await encryptionPseudonymiser(KEY, "organization:b");
  await assert.rejects(() => otherContext.reveal(e1), RevealError, "another organization cannot open it");
  const otherKey = await encryptionPseudonymiser(new Uint8Array(32).fill(9), "organization:a");
  await assert.rejects(() => otherKey.reveal(e1), RevealError);
  const flipped = e1.slice(0, -2) + (e1.at(-2) === "A" ? "B" : "A") + e1.at(-1);
  await assert.rejects(() => org.reveal(flipped), RevealError, "a changed byte is refused");
  for (const junk of ["h1.abc", "e1.", "e1.!!", "e1.AAAA"]) {
    await assert.rejects(() => org.reveal(junk), RevealError);
  }
});

Deno.test("encryption: a missing or short key is a configuration error", async () => {
  await assert.rejects(() => encryptionPseudonymiser(undefined, "c"), PseudonymConfigError);
  await assert.rejects(() => encryptionPseudonymiser(new Uint8Array(16), "c"), PseudonymConfigError);
});
