/** The rate limiter's pure parts: who is counted, how outcomes combine, the config cache, the client ip. */
import assert from "node:assert/strict";
import { clientIp } from "../../functions-shared/core/context.ts";
import { GUEST_IDENTITY, identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { decide } from "../../functions-shared/pipeline/rate_limit/decision.ts";
import { limitIdentity } from "../../functions-shared/pipeline/rate_limit/identifier.ts";
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

Deno.test("a user is counted by user id; a guest by a fingerprint of ip, agent and language", async () => {
  const user = identityFromClaims({
    sub: "0b0e0c0d-0000-4000-8000-000000000001",
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 60,
  });
  const base = { ip: "203.0.113.7", req: req({ "User-Agent": "a", "Accept-Language": "en" }) };
  assert.deepEqual(await limitIdentity({ ...base, identity: user }), {
    key: "user:0b0e0c0d-0000-4000-8000-000000000001",
    kind: "user",
  });
  const guest = await limitIdentity({ ...base, identity: GUEST_IDENTITY });
  assert.match(guest.key, /^fp:[0-9a-f]{32}$/);
  assert.equal(guest.kind, "fingerprint");
  assert.equal((await limitIdentity({ ...base, identity: GUEST_IDENTITY })).key, guest.key, "stable");
  const otherAgent = await limitIdentity({
    ...base,
    identity: GUEST_IDENTITY,
    req: req({ "User-Agent": "b" }),
  });
  assert.notEqual(otherAgent.key, guest.key);
  assert.ok(!guest.key.includes("203.0.113.7"), "the address itself is not in the key");
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
