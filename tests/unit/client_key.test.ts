/** The client address key: HMAC-SHA256 from pre-keyed states equals node:crypto's createHmac, for any key. */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { addressBucket, clientAddressKey, hmacSha256Hex } from "../../functions-shared/core/client_key.ts";

Deno.test("hmacSha256Hex is HMAC-SHA256: short, block-sized, long and non-ASCII keys, secrets alternating", () => {
  const secrets = ["k", "x".repeat(64), "y".repeat(65), "s".repeat(200), "clé-secrète-✓-0123456789abcdef"];
  const messages = ["", "client-address\n203.0.113.9", "client-address\n2001:db8:1:2::/64", "é".repeat(300)];
  for (let round = 0; round < 2; round++) {
    for (const secret of secrets) {
      for (const message of messages) {
        assert.equal(
          hmacSha256Hex(secret, message),
          createHmac("sha256", secret).update(message).digest("hex"),
          `${secret.length}-character key`,
        );
      }
    }
  }
});

Deno.test("clientAddressKey: fp: + 32 hex of the HMAC over the address bucket; none without address or secret", () => {
  const expected = createHmac("sha256", "test-secret").update("client-address\n203.0.113.9").digest("hex");
  assert.equal(clientAddressKey("203.0.113.9", "test-secret"), `fp:${expected.slice(0, 32)}`);
  assert.equal(clientAddressKey("::ffff:203.0.113.9", "test-secret"), `fp:${expected.slice(0, 32)}`);
  assert.equal(addressBucket("2001:DB8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  assert.notEqual(
    clientAddressKey("203.0.113.9", "other-secret"),
    clientAddressKey("203.0.113.9", "test-secret"),
  );
  assert.equal(clientAddressKey(null, "test-secret"), null);
  assert.equal(clientAddressKey("203.0.113.9", undefined), null);
});
