/** The audit spool's cipher: Redis sees only sealed entries, which open with the same secret only. */
import assert from "node:assert/strict";
import { SEALED_PREFIX, spoolCipher } from "../../functions-shared/pipeline/audit/spool_cipher.ts";

const event = JSON.stringify({ user_id: "5f0e8a62-1c3b-4c1e-9d7a-2b6f4e8c1a90", ip_address: "203.0.113.7" });

Deno.test("sealed entries hide the identifiers and open again with the same secret", async () => {
  const cipher = spoolCipher("secret-a");
  const sealed = await cipher.seal(event);
  assert.ok(sealed.startsWith(SEALED_PREFIX));
  assert.ok(!sealed.includes("5f0e8a62") && !sealed.includes("203.0.113.7"));
  assert.notEqual(await cipher.seal(event), sealed, "a fresh IV each time");
  assert.equal(await cipher.open(sealed), event);
  assert.equal(await spoolCipher("secret-a").open(sealed), event, "another isolate with the same secret");
});

Deno.test("another secret or a changed byte does not open; plain JSON from before passes through", async () => {
  const sealed = await spoolCipher("secret-a").seal(event);
  await assert.rejects(() => spoolCipher("secret-b").open(sealed));
  const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
  await assert.rejects(() => spoolCipher("secret-a").open(flipped));
  assert.equal(await spoolCipher("secret-a").open(event), event);
});
