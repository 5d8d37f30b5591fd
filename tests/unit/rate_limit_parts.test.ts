/** The rate limiter's pure parts: who is counted, how outcomes combine, the config cache, the client ip. */
import assert from "node:assert/strict";
import { clientIp } from "../../functions-shared/core/context.ts";
import { GUEST_IDENTITY, identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { decide } from "../../functions-shared/pipeline/rate_limit/decision.ts";
import { limitIdentity, UNKNOWN_CLIENT_KEY } from "../../functions-shared/pipeline/rate_limit/identifier.ts";
import { addressBucket, clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { toHex } from "../../functions-shared/core/encoding.ts";
import {
  cachedLimits,
  type ClassLimit,
  type LimitTable,
} from "../../functions-shared/pipeline/rate_limit/limits.ts";

const req = (headers: Record<string, string> = {}) => new Request("http://localhost/x", { headers });

Deno.test("clientIp trusts only the entries appended by the proxies we run behind", () => {
  const spoofed = req({ "X-Forwarded-For": "1.2.3.4, 203.0.113.7" });
  assert.equal(clientIp(spoofed), "203.0.113.7", "one hop: the last entry, not what the client wrote");
  assert.equal(clientIp(spoofed, 2), "1.2.3.4", "two hops: one further left");
  assert.equal(
    clientIp(req({ "X-Forwarded-For": "203.0.113.7" }), 2),
    null,
    "fewer entries than hops: unknown",
  );
  assert.equal(clientIp(req({ "X-Forwarded-For": "<script>" })), null, "not an address: unknown");
  assert.equal(clientIp(req()), null);
});

Deno.test("a user is counted by user id; a guest by the keyed address, whatever its headers say", () => {
  const user = identityFromClaims({
    sub: "0b0e0c0d-0000-4000-8000-000000000001",
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 60,
  });
  const clientKey = clientAddressKey("203.0.113.7", "secret-a");
  assert.deepEqual(limitIdentity({ clientKey, identity: user }), {
    key: "user:0b0e0c0d-0000-4000-8000-000000000001",
    kind: "user",
  });
  assert.deepEqual(limitIdentity({ clientKey, identity: GUEST_IDENTITY }), {
    key: clientKey,
    kind: "fingerprint",
  });
  assert.deepEqual(limitIdentity({ clientKey: null, identity: GUEST_IDENTITY }), {
    key: UNKNOWN_CLIENT_KEY,
    kind: "fingerprint",
  }, "no address: the shared bucket of guests without one, never a bucket of their own");
});

Deno.test("clientAddressKey: a keyed HMAC of the address, never a plain hash; IPv6 counted per /64", async () => {
  const key = clientAddressKey("203.0.113.7", "secret-a")!;
  assert.match(key, /^fp:[0-9a-f]{32}$/);
  assert.equal(clientAddressKey("203.0.113.7", "secret-a"), key, "stable");
  assert.notEqual(clientAddressKey("203.0.113.7", "secret-b"), key, "keyed: another secret, another key");
  assert.notEqual(clientAddressKey("203.0.113.8", "secret-a"), key);
  for (const material of ["203.0.113.7", "client-address\n203.0.113.7"]) {
    const plain = toHex(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material))),
    );
    assert.ok(!key.includes(plain.slice(0, 32)), "not a plain SHA-256 of the address");
  }
  assert.equal(
    clientAddressKey("::ffff:203.0.113.7", "secret-a"),
    key,
    "IPv4-mapped IPv6 is the IPv4 client",
  );
  const v6 = clientAddressKey("2001:db8:1:2:aaaa::1", "secret-a");
  assert.equal(clientAddressKey("2001:0db8:0001:0002:ffff:1:2:3", "secret-a"), v6, "same /64, same client");
  assert.notEqual(clientAddressKey("2001:db8:1:3::1", "secret-a"), v6, "another /64, another client");
  assert.equal(addressBucket("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(clientAddressKey(null, "secret-a"), null);
  assert.equal(clientAddressKey("203.0.113.7", undefined), null);
});

const limit = (className: string, message = `${className} says no`): ClassLimit => ({
  className,
  maxRequests: 10,
  windowSeconds: 60,
  message,
  failMode: "open",
});

Deno.test("decide: the refusing check binds with its message and Retry-After; else the tighter headers", () => {
  const now = 1_000_000;
  const allowed = decide([
    { limit: limit("DOSING"), outcome: { success: true, limit: 30, remaining: 20, reset: now + 30_000 } },
    { limit: limit("GLOBAL"), outcome: { success: true, limit: 500, remaining: 5, reset: now + 600_000 } },
  ], now);
  assert.deepEqual(allowed, {
    allowed: true,
    headers: { "X-RateLimit-Limit": "500", "X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "1600" },
  });
  const refused = decide([
    { limit: limit("DOSING"), outcome: { success: false, limit: 30, remaining: 0, reset: now + 12_500 } },
    { limit: limit("GLOBAL"), outcome: { success: true, limit: 500, remaining: 5, reset: now + 600_000 } },
  ], now);
  assert.equal(refused.allowed, false);
  assert.equal(refused.message, "DOSING says no");
  assert.equal(refused.retryAfter, 13);
  assert.deepEqual(decide([], now), { allowed: true });
});

Deno.test("cachedLimits: one load per five minutes, shared; a failed reload serves the last table", async () => {
  let loads = 0;
  let fail = true;
  let clock = 0;
  const table: LimitTable = new Map([["API", limit("API")]]);
  const limits = cachedLimits(() => {
    loads++;
    return fail ? Promise.reject(new Error("db down")) : Promise.resolve(table);
  }, { now: () => clock });
  await assert.rejects(limits(), /db down/, "a cold start with no database has no table");
  fail = false;
  await Promise.all([limits(), limits(), limits()]);
  assert.equal(loads, 2, "the failed first load is retried at once, then shared");
  clock += 299_999;
  await limits();
  assert.equal(loads, 2);
  clock += 1;
  fail = true;
  assert.equal(await limits(), table, "a failed reload keeps the last good table");
  assert.equal(await limits(), table);
  assert.equal(loads, 3, "and waits a TTL before trying again");
  fail = false;
  clock += 300_000;
  assert.equal(await limits(), table);
  assert.equal(loads, 4);
});
