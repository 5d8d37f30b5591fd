/**
 * The isolate's cache of verified tokens (pipeline/verified_tokens.ts): kept until `exp` and never longer,
 * nor past its maximum age; bounded, least recently used first; failures never cached; and a token whose
 * session has ended is refused through the whole pipeline although its verification was cached.
 */
import assert from "node:assert/strict";
import { identify, identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { verifiedTokens } from "../../functions-shared/pipeline/verified_tokens.ts";
import { defineFunction, route } from "../../functions-shared/pipeline/mod.ts";
import { createSessionGuard } from "../../functions-shared/pipeline/sessions/guard.ts";
import type { CheckedSession, SessionStore } from "../../functions-shared/pipeline/sessions/store.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/policy.ts";
import { hsToken, OTHER_SECRET, recordingSink, TEST_SECRET, testConfig, userClaims } from "./_helpers.ts";

const identity = identityFromClaims({ ...userClaims(), exp: 2e9 });
const EXP = 1_000_000; // seconds
const clock = (start: number) => {
  const c = { ms: start, now: () => c.ms };
  return c;
};

Deno.test("a token is served until its exp, and not from exp on", () => {
  const c = clock(EXP * 1000 - 5_000);
  const cache = verifiedTokens({ now: c.now });
  cache.set("t", identity, EXP);
  assert.equal(cache.get("t"), identity);
  c.ms = EXP * 1000 - 1;
  assert.equal(cache.get("t"), identity);
  c.ms = EXP * 1000;
  assert.equal(cache.get("t"), undefined);
  assert.equal(cache.size, 0, "an expired entry is dropped when met");
});

Deno.test("no token is trusted past maxAgeMs, however far its exp; an expired one is not kept at all", () => {
  const c = clock(0);
  const cache = verifiedTokens({ now: c.now, maxAgeMs: 60_000 });
  cache.set("long", identity, 10 * 365 * 24 * 3600);
  c.ms = 59_999;
  assert.equal(cache.get("long"), identity);
  c.ms = 60_000;
  assert.equal(cache.get("long"), undefined);
  cache.set("expired", identity, c.ms / 1000); // exp == now
  cache.set("no exp", identity, NaN);
  assert.equal(cache.size, 0);
});

Deno.test("bounded: past maxEntries the least recently used token goes first", () => {
  const cache = verifiedTokens({ now: () => 0, maxEntries: 2 });
  cache.set("a", identity, EXP);
  cache.set("b", identity, EXP);
  assert.equal(cache.get("a"), identity); // a is now the most recently used
  cache.set("c", identity, EXP);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("a"), identity);
  assert.equal(cache.get("c"), identity);
});

Deno.test("identify: a verified token is answered from the cache; a forged or expired one is verified and refused", async () => {
  const c = clock(Date.now());
  const options = { hsSecret: TEST_SECRET, verified: verifiedTokens({ now: c.now }) };
  const token = await hsToken(userClaims(), { expiresIn: 600 });
  const req = (t: string) => new Request("http://x/", { headers: { Authorization: `Bearer ${t}` } });
  const first = await identify(req(token), options);
  assert.equal(first.kind, "user");
  assert.equal(await identify(req(token), options), first, "the same Identity: not verified again");

  // Same claims, another key: not the cached token, so it is verified, and refused.
  const forged = await hsToken(userClaims(), { secret: OTHER_SECRET, expiresIn: 600 });
  await assert.rejects(identify(req(forged), options), { status: 401, code: "TOKEN_INVALID" });
  const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
  await assert.rejects(identify(req(tampered), options), { status: 401 });
  assert.equal(options.verified.size, 1, "failures are not cached");

  // Past the entry's exp by the cache's clock: verified again (jose's own clock still accepts it).
  c.ms += 601_000;
  const again = await identify(req(token), options);
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
});

Deno.test("a cached token whose session has ended is refused 401 SESSION_EXPIRED on its next request", async () => {
  let session: CheckedSession = { status: "active", reason: null, startedAt: 0, lastActivityAt: 0 };
  const store: SessionStore = {
    check: () => Promise.resolve(session),
    touch: () => Promise.resolve(new Map()),
    end: () => Promise.resolve(),
    policy: () => Promise.resolve(DEFAULT_SESSION_POLICY),
  };
  const fn = defineFunction({
    name: "dosing",
    routes: [route({
      method: "GET",
      path: "/",
      audit: { action: "dosing.list", resource: "formulary" },
      handler: ({ identity }) => ({ kind: identity.kind }),
    })],
  }, {
    config: testConfig(),
    auditSink: recordingSink(),
    metricsSink: recordingSink(),
    rateLimiter: { check: () => ({ allowed: true }) },
    sessionGuard: createSessionGuard({ store, policy: DEFAULT_SESSION_POLICY, logger: () => {} }),
  });
  const token = await hsToken(userClaims(), { expiresIn: 600 });
  const call = () =>
    fn.fetch(new Request("http://127.0.0.1:54321/dosing", { headers: { Authorization: `Bearer ${token}` } }));
  const ok = await call();
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { kind: "user" });

  session = { status: "ended", reason: "logout", startedAt: 0, lastActivityAt: 0 };
  const refused = await call();
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).error.code, "SESSION_EXPIRED");
});
