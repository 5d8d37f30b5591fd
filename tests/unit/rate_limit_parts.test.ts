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
  LIMITS_TTL_MS,
  type LimitTable,
} from "../../functions-shared/pipeline/rate_limit/limits.ts";
import { FIRST_LOAD_BACKOFF_MS, RELOAD_BACKOFF_MS } from "../../functions-shared/core/refreshing_cache.ts";
import { manualLoads, stateAtOnce } from "./_helpers.ts";

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
    session_id: "0b0e0c0d-0000-4000-8000-0000000000aa",
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

/** cachedLimits over a loader the test settles by hand (manualLoads). */
function manualLoader(options: Parameters<typeof manualLoads>[0] = {}) {
  const manual = manualLoads<LimitTable>(options);
  return { ...manual, limits: cachedLimits(manual.load, manual.tuning) };
}

/** Whether `promise` settles before the next macrotask: a call that awaits a pending load cannot. */
function answeredAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 0))]);
}

const tableOf = (max: number): LimitTable => new Map([["API", { ...limit("API"), maxRequests: max }]]);

Deno.test("cachedLimits: the first load is awaited and shared; once loaded, none before the TTL", async () => {
  const l = manualLoader();
  const first = Promise.all([l.limits(), l.limits(), l.limits()]);
  assert.equal(l.loads.length, 1, "concurrent first calls share one load");
  assert.equal(await stateAtOnce(first), "pending", "and wait for it: there is nothing to serve");
  l.loads[0].resolve(tableOf(60));
  assert.deepEqual((await first).map((t) => t.get("API")?.maxRequests), [60, 60, 60]);
  l.advance(LIMITS_TTL_MS - 1);
  assert.equal((await l.limits()).get("API")?.maxRequests, 60);
  assert.equal(l.loads.length, 1, "no load before the TTL");
});

Deno.test("cachedLimits: a failed first load backs off: calls within it are refused at once, without a load", async () => {
  const l = manualLoader();
  const first = Promise.all([l.limits(), l.limits()]);
  const down = new Error("db down");
  l.loads[0].reject(down);
  await assert.rejects(first, /db down/, "a cold start with no database has no table");
  const warned = l.logged.filter((e) => e.level === "warn");
  assert.equal(warned.length, 1, "logged once, however many calls shared the load");
  assert.match(warned[0].message, /^rate limit config load failed; none loaded yet/);
  assert.deepEqual([warned[0].fields?.ageMs, warned[0].fields?.retryInMs], [null, FIRST_LOAD_BACKOFF_MS]);
  const refused = l.limits();
  assert.equal(await stateAtOnce(refused), "rejected", "the next call is refused at once");
  await refused.then(
    () => assert.fail("refused"),
    (error) => assert.equal(error, down, "with the load's error"),
  );
  l.advance(FIRST_LOAD_BACKOFF_MS - 1);
  await assert.rejects(l.limits(), /db down/);
  assert.equal(l.loads.length, 1, "no load on a database that is down before the backoff");
  assert.equal(l.logged.length, 1, "nor a log line per refused call");
  l.advance(1);
  const after = Promise.all([l.limits(), l.limits()]);
  assert.equal(l.loads.length, 2, "after it, one load, shared");
  assert.equal(await stateAtOnce(after), "pending", "and waited for, as a first load is");
  l.loads[1].resolve(tableOf(60));
  assert.deepEqual((await after).map((t) => t.get("API")?.maxRequests), [60, 60]);
  assert.equal((await l.limits()).get("API")?.maxRequests, 60, "loaded: served from the cache");
  assert.equal(l.loads.length, 2);
});

Deno.test("cachedLimits: a first load failed again backs off from its own failure, not from its start", async () => {
  const l = manualLoader();
  const first = l.limits();
  l.loads[0].reject(new Error("db down"));
  await assert.rejects(first);
  l.advance(FIRST_LOAD_BACKOFF_MS);
  const second = l.limits();
  assert.equal(l.loads.length, 2);
  l.advance(5_000); // the load takes 5 s to fail
  l.loads[1].reject(new Error("db still down"));
  await assert.rejects(second, /db still down/);
  l.advance(FIRST_LOAD_BACKOFF_MS - 1);
  await assert.rejects(l.limits(), /db still down/, "refused with the latest error");
  assert.equal(l.loads.length, 2, "the backoff counts from the failure");
  l.advance(1);
  const third = l.limits();
  assert.equal(l.loads.length, 3);
  l.loads[2].resolve(tableOf(60));
  assert.equal((await third).get("API")?.maxRequests, 60);
});

Deno.test("cachedLimits: a first load that never answers ends at its budget and backs off like a failed one", async () => {
  // the load is never settled, so the budget's end is the only way out: no timing decides the outcome
  const l = manualLoader({ loadBudgetMs: 1 });
  await assert.rejects(l.limits(), (error: Error) => error.name === "BudgetExceeded");
  assert.equal(l.logged.filter((e) => e.level === "warn")[0]?.fields?.errorName, "BudgetExceeded");
  assert.equal(await stateAtOnce(l.limits()), "rejected", "refused at once during the backoff");
  assert.equal(l.loads.length, 1, "the hung load is not followed by one per call");
  l.advance(FIRST_LOAD_BACKOFF_MS);
  const after = l.limits();
  assert.equal(l.loads.length, 2, "after the backoff, a load again");
  l.loads[1].resolve(tableOf(60));
  assert.equal((await after).get("API")?.maxRequests, 60);
});

Deno.test("cachedLimits: an expired table is served at once while one reload runs behind it", async () => {
  const l = manualLoader();
  const first = l.limits();
  l.loads[0].resolve(tableOf(60));
  await first;
  l.advance(LIMITS_TTL_MS);
  const expired = l.limits();
  assert.equal(l.loads.length, 2, "the call that finds it expired starts the reload");
  assert.equal(await answeredAtOnce(expired), true, "and does not wait for it (the reload is still pending)");
  assert.equal((await expired).get("API")?.maxRequests, 60, "it is answered from the table it had");
  assert.equal((await l.limits()).get("API")?.maxRequests, 60, "so are the calls while the reload runs");
  assert.equal(l.loads.length, 2, "one reload at a time");
  assert.equal(l.background.length, 1, "the reload is handed to waitUntil, so the isolate stays for it");
  l.loads[1].resolve(tableOf(90));
  await l.settled();
  assert.equal((await l.limits()).get("API")?.maxRequests, 90, "the next call has the new limits");
  assert.equal(l.loads.length, 2, "fresh again: no load");
});

Deno.test("cachedLimits: a failed reload keeps serving the last table, logged, and waits out a backoff", async () => {
  const l = manualLoader();
  const first = l.limits();
  l.loads[0].resolve(tableOf(60));
  await first;
  l.advance(LIMITS_TTL_MS);
  assert.equal((await l.limits()).get("API")?.maxRequests, 60);
  l.loads[1].reject(new Error("db down"));
  await l.settled();
  const warned = l.logged.filter((e) => e.level === "warn");
  assert.equal(warned.length, 1, "a failed reload is not swallowed unseen");
  assert.equal(warned[0].fields?.ageMs, LIMITS_TTL_MS, "with the age of the table still served");
  assert.equal(warned[0].fields?.errorMessage, "db down");
  const after = l.limits();
  assert.equal(await answeredAtOnce(after), true, "a failed reload is not waited for either");
  assert.equal((await after).get("API")?.maxRequests, 60, "the last good table is still served");
  assert.equal(l.loads.length, 2, "the next call does not start another load on a database that is down");
  l.advance(RELOAD_BACKOFF_MS - 1);
  await l.limits();
  assert.equal(l.loads.length, 2, "nor any call before the backoff");
  l.advance(1);
  await l.limits();
  assert.equal(l.loads.length, 3, "after it, one reload");
  assert.equal(l.background.length, 1);
  l.loads[2].resolve(tableOf(90));
  await l.settled();
  assert.equal((await l.limits()).get("API")?.maxRequests, 90);
  assert.equal(l.loads.length, 3);
});

Deno.test("cachedLimits: without waitUntil (scripts, benches, other hosts) an expired table is still reloaded", async () => {
  const l = manualLoader({ waitUntil: undefined });
  const first = l.limits();
  l.loads[0].resolve(tableOf(60));
  await first;
  l.advance(LIMITS_TTL_MS);
  assert.equal((await l.limits()).get("API")?.maxRequests, 60, "served from the table it had");
  assert.equal(l.loads.length, 2, "the reload starts though nobody can be handed it");
  l.loads[1].resolve(tableOf(90));
  await new Promise((resolve) => setTimeout(resolve, 0)); // the settled load's callbacks run before it
  assert.equal((await l.limits()).get("API")?.maxRequests, 90, "and its table is served");
  assert.equal(l.loads.length, 2);
});

Deno.test("cachedLimits: a reload that never answers ends as a failure at its budget; reloads go on", async () => {
  // the load is never settled, so the budget's end is the only way out: no timing decides the outcome
  const l = manualLoader({ loadBudgetMs: 1 });
  const first = l.limits();
  l.loads[0].resolve(tableOf(60));
  await first;
  l.advance(LIMITS_TTL_MS);
  await l.limits();
  assert.equal(l.loads.length, 2);
  await l.settled(); // the promise handed to waitUntil settles: the isolate is not kept for good
  const warned = l.logged.filter((e) => e.level === "warn");
  assert.equal(warned.length, 1);
  assert.equal(warned[0].fields?.errorName, "BudgetExceeded");
  assert.equal((await l.limits()).get("API")?.maxRequests, 60, "the last good table is still served");
  l.advance(RELOAD_BACKOFF_MS);
  await l.limits();
  assert.equal(l.loads.length, 3, "the hung load does not block the reloads after the backoff");
  l.loads[2].resolve(tableOf(90));
  await l.settled();
  assert.equal((await l.limits()).get("API")?.maxRequests, 90);
});
