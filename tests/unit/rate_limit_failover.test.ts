import assert from "node:assert/strict";
import { clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import type { RequestContext } from "../../functions-shared/core/context.ts";
import {
  createFailoverLimiter,
  type DegradedDecision,
  LimiterUnavailable,
  type RateLimiter,
} from "../../functions-shared/pipeline/rate_limit/mod.ts";
import {
  LateHit,
  type LimitStore,
  type StoreHit,
  storeLimiter,
} from "../../functions-shared/pipeline/rate_limit/check.ts";
import {
  cachedLimits,
  type ClassLimit,
  type LimitTable,
} from "../../functions-shared/pipeline/rate_limit/limits.ts";
import { FIRST_LOAD_BACKOFF_MS } from "../../functions-shared/core/refreshing_cache.ts";
import { manualLoads, stateAtOnce } from "./_helpers.ts";
import type { Violation } from "../../functions-shared/pipeline/rate_limit/events.ts";

const ctx = (rateLimitClass: string): RequestContext => ({
  req: new Request("https://x.example/audit-query"),
  url: new URL("https://x.example/audit-query"),
  requestId: `req-${rateLimitClass}`,
  functionName: "audit-query",
  path: "/",
  identity: GUEST_IDENTITY,
  rateLimitClass,
  startedAt: Date.now(),
  ip: "203.0.113.9",
  userAgent: null,
  clientKey: clientAddressKey("203.0.113.9", "test-secret"),
});

const failMode = (cls: string) => (cls === "PHI" || cls === "AUTH" ? "closed" : "open");
const unavailable = (reason: string): RateLimiter => ({
  check: (c) =>
    Promise.reject(new LimiterUnavailable(c.rateLimitClass!, failMode(c.rateLimitClass!), reason)),
});
const answering = (remaining: string, calls: string[] = []): RateLimiter => ({
  check: (c) => (calls.push(c.requestId), { allowed: true, headers: { "X-RateLimit-Remaining": remaining } }),
});

function failover(limiters: RateLimiter[], openFallbackBudgetMs?: number) {
  const events: DegradedDecision[] = [];
  const limiter = createFailoverLimiter({
    limiters,
    openFallbackBudgetMs,
    events: { degraded: (e) => (events.push(e), Promise.resolve()) },
  });
  return { limiter, events };
}

Deno.test("the first limiter that answers decides; the others are not asked; nothing is recorded", async () => {
  const second: string[] = [];
  const { limiter, events } = failover([answering("9"), answering("1", second)]);
  const decision = await limiter.check(ctx("PHI"));
  assert.deepEqual(decision, { allowed: true, headers: { "X-RateLimit-Remaining": "9" } });
  assert.deepEqual([second, events], [[], []]);
});

Deno.test("Redis unavailable → the fallback decides, for closed classes too; one fallback event", async () => {
  for (const cls of ["PHI", "AUTH", "DOSING"]) {
    const { limiter, events } = failover([unavailable("no answer within 50 ms"), answering("3")]);
    const decision = await limiter.check(ctx(cls));
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.headers, { "X-RateLimit-Remaining": "3" }, "the fallback's own limit headers");
    assert.deepEqual(events, [
      { className: cls, outcome: "fallback", reason: "no answer within 50 ms", requestId: `req-${cls}` },
    ]);
  }
});

Deno.test("a refusal from the fallback is the answer (429 stays 429)", async () => {
  const refusing: RateLimiter = { check: () => ({ allowed: false, retryAfter: 30, message: "slow down" }) };
  const { limiter } = failover([unavailable("redis unavailable"), refusing]);
  assert.deepEqual(await limiter.check(ctx("PHI")), { allowed: false, retryAfter: 30, message: "slow down" });
});

Deno.test("no limiter can answer → the class's fail mode: open answers, closed is unavailable (503)", async () => {
  const { limiter, events } = failover([
    unavailable("redis unavailable"),
    unavailable("database unavailable"),
  ]);
  assert.deepEqual(await limiter.check(ctx("DOSING")), { allowed: true });
  assert.deepEqual(await limiter.check(ctx("PHI")), { allowed: false, unavailable: true, retryAfter: 5 });
  assert.deepEqual(events.map((e) => [e.className, e.outcome, e.reason]), [
    ["DOSING", "fail_open", "redis unavailable; database unavailable"],
    ["PHI", "fail_closed", "redis unavailable; database unavailable"],
  ]);
});

Deno.test("an open class does not wait past its budget for a fallback that hangs", async () => {
  const hanging: RateLimiter = { check: () => new Promise(() => {}) };
  const { limiter, events } = failover([unavailable("redis unavailable"), hanging], 5);
  assert.deepEqual(await limiter.check(ctx("CHAT")), { allowed: true });
  assert.deepEqual(events.map((e) => [e.outcome, e.reason]), [
    ["fail_open", "redis unavailable; fallback: no answer within 5 ms"],
  ]);
});

Deno.test("a closed class waits for its fallback's answer however long it takes", async () => {
  const answer = Promise.withResolvers<{ allowed: boolean }>();
  const slow: RateLimiter = { check: () => answer.promise };
  const { limiter, events } = failover([unavailable("redis unavailable"), slow], 1);
  const pending = limiter.check(ctx("PHI"));
  // Well past the open classes' budget: a budget applied to PHI would have refused by now.
  await new Promise((r) => setTimeout(r, 20));
  answer.resolve({ allowed: true });
  assert.deepEqual(await pending, { allowed: true });
  assert.deepEqual(events.map((e) => e.outcome), ["fallback"]);
});

Deno.test("a limiter's own bug is not mistaken for an outage: it propagates", async () => {
  const broken: RateLimiter = { check: () => Promise.reject(new TypeError("bug")) };
  const { limiter, events } = failover([broken, answering("1")]);
  await assert.rejects(Promise.resolve(limiter.check(ctx("PHI"))), TypeError);
  assert.deepEqual(events, []);
});

Deno.test("a Postgres-only deployment: one limiter, the same fail modes", async () => {
  const { limiter, events } = failover([unavailable("database unavailable")]);
  assert.deepEqual(await limiter.check(ctx("AUTH")), { allowed: false, unavailable: true, retryAfter: 5 });
  assert.deepEqual(events.map((e) => e.outcome), ["fail_closed"]);
});

Deno.test("no limits to apply (a cold isolate without Postgres): the class's own fail mode, never a silent allow", async () => {
  const store = {
    hit: () => Promise.reject(new Error("not reached")),
    refused: () => Promise.resolve(),
    reason: () => "not reached",
  };
  const noTable = storeLimiter(store, { limits: () => Promise.reject(new Error("db down")) });
  const { limiter, events } = failover([noTable]);
  assert.deepEqual(await limiter.check(ctx("PHI")), { allowed: false, unavailable: true, retryAfter: 5 });
  assert.deepEqual(await limiter.check(ctx("DOSING")), { allowed: true });
  assert.deepEqual(events.map((e) => [e.className, e.outcome, e.reason]), [
    ["PHI", "fail_closed", "limits unavailable"],
    ["DOSING", "fail_open", "limits unavailable"],
  ]);
});

const classLimit = (className: string, maxRequests: number): ClassLimit => ({
  className,
  maxRequests,
  windowSeconds: 60,
  message: `${className} limit`,
  failMode: failMode(className),
});
const LIMITS = new Map([["DOSING", classLimit("DOSING", 30)], ["GLOBAL", classLimit("GLOBAL", 500)]]);

/** A store whose round trip ran past its budget: `hit` throws LateHit, the answer comes with `late`. */
function slowStore(late: Promise<StoreHit>) {
  const refused: Violation[] = [];
  const store: LimitStore = {
    hit: () => Promise.reject(new LateHit("no answer within 50 ms", late)),
    refused: (v) => (refused.push(v), Promise.resolve()),
    reason: (error) => error instanceof LateHit ? error.message : "redis unavailable",
  };
  return { limiter: storeLimiter(store, { limits: () => Promise.resolve(LIMITS) }), refused };
}

const outcome = (success: boolean, remaining: number) => ({
  success,
  limit: 30,
  remaining,
  reset: Date.now() + 60_000,
});

Deno.test("a store's late answer, carried on its error, decides when it comes before the fallback's", async () => {
  const { limiter: slow, refused } = slowStore(Promise.resolve({
    outcomes: [outcome(true, 12), outcome(true, 400)],
    bannedUntil: null,
  }));
  const fallback: RateLimiter = { check: () => new Promise(() => {}) }; // waiting for a pool connection
  const { limiter, events } = failover([slow, fallback]);
  const decision = await limiter.check(ctx("DOSING"));
  assert.equal(decision.allowed, true);
  assert.equal(new Headers(decision.headers).get("X-RateLimit-Remaining"), "12", "the store's own count");
  assert.deepEqual([events, refused], [[], []], "the store decided: nothing degraded, nothing refused");
});

Deno.test("a late refusal is recorded when it decides", async () => {
  const refusal = { outcomes: [outcome(false, 0), outcome(true, 400)], bannedUntil: null };
  const decided = slowStore(Promise.resolve(refusal));
  const { limiter } = failover([decided.limiter, { check: () => new Promise(() => {}) }]);
  const decision = await limiter.check(ctx("DOSING"));
  assert.equal(decision.allowed, false);
  assert.equal(decision.message, "DOSING limit");
  assert.deepEqual(decided.refused.map((v) => [v.className, v.requestId]), [["DOSING", "req-DOSING"]]);
});

Deno.test("a late answer that fails leaves the decision to the fallback, and is never an unhandled rejection", async () => {
  const answer = Promise.withResolvers<StoreHit>();
  // Alone (no limiter after it): nobody awaits the late answer, which then fails.
  const alone = slowStore(answer.promise);
  const { limiter: lone, events: loneEvents } = failover([alone.limiter]);
  assert.deepEqual(await lone.check(ctx("DOSING")), { allowed: true });
  assert.deepEqual(loneEvents.map((e) => [e.outcome, e.reason]), [["fail_open", "no answer within 50 ms"]]);
  answer.reject(new Error("redis went away"));
  await new Promise((r) => setTimeout(r, 0)); // an unhandled rejection would fail this test here

  const failing = slowStore(Promise.reject(new Error("redis went away")));
  const { limiter, events } = failover([failing.limiter, answering("4")]);
  assert.deepEqual(await limiter.check(ctx("DOSING")), {
    allowed: true,
    headers: { "X-RateLimit-Remaining": "4" },
  });
  assert.deepEqual(events.map((e) => [e.outcome, e.reason]), [["fallback", "no answer within 50 ms"]]);
});

Deno.test("a late answer overtaken by the fallback or the open budget is not applied: its refusal is not recorded", async () => {
  const refusal = { outcomes: [outcome(false, 0), outcome(true, 400)], bannedUntil: null };
  const answer = Promise.withResolvers<StoreHit>();
  const overtaken = slowStore(answer.promise);
  const { limiter, events } = failover([overtaken.limiter, answering("7")]);
  assert.deepEqual(await limiter.check(ctx("DOSING")), {
    allowed: true,
    headers: { "X-RateLimit-Remaining": "7" },
  });
  answer.resolve(refusal);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(overtaken.refused, [], "the fallback decided: Redis' late refusal is not recorded");
  assert.deepEqual(events.map((e) => e.outcome), ["fallback"]);

  // The open class's budget ends the wait first (fail open): the late refusal is not recorded either.
  const never = Promise.withResolvers<StoreHit>();
  const expired = slowStore(never.promise);
  const { limiter: open, events: openEvents } = failover([expired.limiter, {
    check: () => new Promise(() => {}),
  }], 1);
  assert.deepEqual(await open.check(ctx("DOSING")), { allowed: true });
  never.resolve(refusal);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(expired.refused, []);
  assert.deepEqual(openEvents.map((e) => e.outcome), ["fail_open"]);
});

/**
 * A store whose round trip the test answers by hand (the Postgres fallback: `hit` resolves, or the database
 * is down and it rejects). Its refusals go to `log`, shared with the other store of the chain, since both
 * record into the same rate_limit_violations row in production.
 */
function storeByHand(name: string, log: string[]) {
  const hit = Promise.withResolvers<StoreHit>();
  const store: LimitStore = {
    hit: () => hit.promise,
    refused: (v) => (log.push(`${name}: ${v.className}`), Promise.resolve()),
    reason: () => "database unavailable",
  };
  return { limiter: storeLimiter(store, { limits: () => Promise.resolve(LIMITS) }), hit };
}

/** Redis past its budget: `hit` throws LateHit, and the test settles the late answer by hand. */
function lateStoreByHand(log: string[]) {
  const late = Promise.withResolvers<StoreHit>();
  const store: LimitStore = {
    hit: () => Promise.reject(new LateHit("no answer within 50 ms", late.promise)),
    refused: (v) => (log.push(`redis: ${v.className}`), Promise.resolve()),
    reason: (error) => error instanceof LateHit ? error.message : "redis unavailable",
  };
  return { limiter: storeLimiter(store, { limits: () => Promise.resolve(LIMITS) }), late };
}

const REFUSAL: StoreHit = { outcomes: [outcome(false, 0), outcome(true, 400)], bannedUntil: null };
const ALLOWED: StoreHit = { outcomes: [outcome(true, 12), outcome(true, 400)], bannedUntil: null };
/** Runs every callback already due: all the answers the test settled have been handled after it. */
const settled = () => new Promise((r) => setTimeout(r, 0));

Deno.test("the fallback fails (database down), then the late refusal arrives: the fail mode decided, no violation is recorded", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  const { limiter, events } = failover([redis.limiter, postgres.limiter]);
  const pending = limiter.check(ctx("DOSING"));
  postgres.hit.reject(new Error("connection refused"));
  assert.deepEqual(await pending, { allowed: true });
  assert.deepEqual(events.map((e) => [e.outcome, e.reason]), [
    ["fail_open", "no answer within 50 ms; database unavailable"],
  ]);
  redis.late.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, [], "Redis' refusal came after the fail mode let the request through");

  // A fallback with a bug (it throws, not LimiterUnavailable): the error propagates, and that ends it too.
  const lateOfBug = lateStoreByHand(log);
  const broken: RateLimiter = { check: () => Promise.reject(new TypeError("bug")) };
  const { limiter: withBug } = failover([lateOfBug.limiter, broken]);
  await assert.rejects(Promise.resolve(withBug.check(ctx("DOSING"))), TypeError);
  lateOfBug.late.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, []);
});

Deno.test("the late refusal decides, the fallback refuses after it: exactly one violation, Redis'", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  const { limiter, events } = failover([redis.limiter, postgres.limiter]);
  const pending = limiter.check(ctx("DOSING"));
  redis.late.resolve(REFUSAL);
  const decision = await pending;
  assert.equal(decision.allowed, false);
  assert.equal(new Headers(decision.headers).get("X-RateLimit-Remaining"), "0");
  postgres.hit.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, ["redis: DOSING"], "one request, one violation: the answer that decided records it");
  assert.deepEqual(events, [], "Redis decided: nothing degraded");
});

Deno.test("the fallback's refusal decides, Redis' late refusal comes after it: exactly one violation, the fallback's", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  const { limiter, events } = failover([redis.limiter, postgres.limiter]);
  const pending = limiter.check(ctx("DOSING"));
  postgres.hit.resolve(REFUSAL);
  assert.equal((await pending).allowed, false);
  redis.late.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, ["postgres: DOSING"]);
  assert.deepEqual(events.map((e) => e.outcome), ["fallback"]);
});

Deno.test("the late answer allows, the fallback refuses after it: the request went through, no violation", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  const { limiter } = failover([redis.limiter, postgres.limiter]);
  const pending = limiter.check(ctx("DOSING"));
  redis.late.resolve(ALLOWED);
  const decision = await pending;
  assert.equal(decision.allowed, true);
  assert.equal(new Headers(decision.headers).get("X-RateLimit-Remaining"), "12", "Redis' own count");
  postgres.hit.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, [], "Postgres' refusal lost: it is not recorded against a request let through");
});

Deno.test("the open budget ends the wait: neither answer that comes after it records a violation", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  // Both answers are held until the check has returned: only the budget can end the wait.
  const { limiter, events } = failover([redis.limiter, postgres.limiter], 1);
  assert.deepEqual(await limiter.check(ctx("DOSING")), { allowed: true });
  assert.deepEqual(events.map((e) => [e.outcome, e.reason]), [
    ["fail_open", "no answer within 50 ms; fallback: no answer within 1 ms"],
  ]);
  postgres.hit.resolve(REFUSAL);
  redis.late.resolve(REFUSAL);
  await settled();
  assert.deepEqual(log, [], "the fail mode let the request through: neither refusal is recorded");
});

Deno.test("the fallback fails as the late refusal arrives, in either order, some microtasks apart: the one decision records one violation if it refused, none if not", async () => {
  const seen = new Set<string>();
  for (const lateFirst of [true, false]) {
    for (let apart = 0; apart <= 8; apart++) {
      const log: string[] = [];
      const redis = lateStoreByHand(log);
      const postgres = storeByHand("postgres", log);
      const { limiter, events } = failover([redis.limiter, postgres.limiter]);
      const pending = limiter.check(ctx("DOSING"));
      await settled(); // both are asked and waiting
      const steps = [() => redis.late.resolve(REFUSAL), () => postgres.hit.reject(new Error("down"))];
      if (!lateFirst) steps.reverse();
      steps[0]();
      for (let i = 0; i < apart; i++) await Promise.resolve();
      steps[1]();
      const decision = await pending;
      await settled();
      const where = `${lateFirst ? "late" : "fallback"} first, ${apart} apart`;
      if (decision.allowed) {
        assert.deepEqual([decision, log], [{ allowed: true }, []], `the fail mode decided (${where})`);
        assert.deepEqual(events.map((e) => e.outcome), ["fail_open"], where);
        seen.add("fail mode");
      } else {
        assert.deepEqual(
          [decision.message, log],
          ["DOSING limit", ["redis: DOSING"]],
          `Redis decided (${where})`,
        );
        assert.deepEqual(events, [], where);
        seen.add("late refusal");
      }
    }
  }
  assert.deepEqual([...seen].sort(), ["fail mode", "late refusal"], "both outcomes are exercised");
});

Deno.test("only the fallbacks get a claim: the preferred limiter alone records as it always did", async () => {
  const claims: unknown[] = [];
  const first: RateLimiter = {
    check: (
      _c,
      claim,
    ) => (claims.push(claim), Promise.reject(new LimiterUnavailable("DOSING", "open", "down"))),
  };
  const second: RateLimiter = { check: (_c, claim) => (claims.push(claim), { allowed: true }) };
  const { limiter } = failover([first, second]);
  await limiter.check(ctx("DOSING"));
  assert.deepEqual(claims.map((c) => typeof c), ["undefined", "function"]);
});

Deno.test("answers the open budget gave up on cannot claim the decision from the limiter asked after them", async () => {
  const log: string[] = [];
  const redis = lateStoreByHand(log);
  const postgres = storeByHand("postgres", log);
  let postgresAnswer: Promise<unknown> | undefined;
  const givenUp: RateLimiter = {
    check: (c, claim) => (postgresAnswer = Promise.resolve(postgres.limiter.check(c, claim))),
  };
  // Asked once the budget gave up on the others; both of their refusals arrive (and are handled) before
  // its own answer, all in one run of microtasks, so no timer can come between.
  const third: RateLimiter = {
    check: async () => {
      redis.late.resolve(REFUSAL);
      postgres.hit.resolve(REFUSAL);
      await postgresAnswer;
      await redis.late.promise.then(() => Promise.resolve());
      return { allowed: true, headers: { "X-RateLimit-Remaining": "5" } };
    },
  };
  const { limiter, events } = failover([redis.limiter, givenUp, third], 1);
  assert.deepEqual(await limiter.check(ctx("DOSING")), {
    allowed: true,
    headers: { "X-RateLimit-Remaining": "5" },
  });
  await settled();
  assert.deepEqual(log, [], "the refusals that came after the budget are not recorded");
  assert.deepEqual(events.map((e) => [e.outcome, e.reason]), [
    ["fallback", "no answer within 50 ms; fallback: no answer within 1 ms"],
  ]);
});

Deno.test("a cold isolate without Postgres loads the limits once per backoff, not per request or limiter", async () => {
  // Both limiters share the isolate's one cached table, as in seams.ts; the loads are settled by hand.
  const l = manualLoads<LimitTable>();
  const limits = cachedLimits(l.load, l.tuning);
  const hits: string[] = [];
  const store = (name: string): LimitStore => ({
    hit: (_identity, applied) => (hits.push(name),
      Promise.resolve({
        outcomes: applied.map((a) => ({ success: true, limit: a.maxRequests, remaining: 1, reset: 0 })),
        bannedUntil: null,
      })),
    refused: () => Promise.resolve(),
    reason: () => `${name} unavailable`,
  });
  const { limiter, events } = failover([
    storeLimiter(store("redis"), { limits }),
    storeLimiter(store("postgres"), { limits }),
  ]);
  const first = limiter.check(ctx("PHI"));
  assert.equal(l.loads.length, 1);
  l.loads[0].reject(new Error("db down"));
  assert.deepEqual(await first, { allowed: false, unavailable: true, retryAfter: 5 }, "PHI fails closed");
  assert.equal(
    l.loads.length,
    1,
    "the fallback limiter was refused the table at once, without a load of its own",
  );
  const phi = Promise.resolve(limiter.check(ctx("PHI")));
  const dosing = Promise.resolve(limiter.check(ctx("DOSING")));
  assert.deepEqual(
    [await stateAtOnce(phi), await stateAtOnce(dosing)],
    ["resolved", "resolved"],
    "within the backoff the fail mode answers at once: no request waits for a load",
  );
  assert.deepEqual(await dosing, { allowed: true }, "DOSING fails open");
  assert.equal(l.loads.length, 1, "and opens no connection for one");
  assert.deepEqual(events.map((e) => [e.className, e.outcome]), [
    ["PHI", "fail_closed"],
    ["PHI", "fail_closed"],
    ["DOSING", "fail_open"],
  ]);
  l.advance(FIRST_LOAD_BACKOFF_MS);
  const recovered = limiter.check(ctx("PHI"));
  assert.equal(l.loads.length, 2, "after the backoff, one load");
  l.loads[1].resolve(new Map([["PHI", classLimit("PHI", 50)]]));
  assert.equal((await recovered).allowed, true);
  assert.deepEqual(hits, ["redis"], "the table loaded: the preferred limiter decides again");
  assert.equal(events.length, 3, "nothing degraded to record");
});

Deno.test("a refusal names the signed-in caller's session, for the ban rule that counts only live sessions", async () => {
  const refused: Violation[] = [];
  const store: LimitStore = {
    hit: () => Promise.resolve({ outcomes: [outcome(false, 0), outcome(true, 400)], bannedUntil: null }),
    refused: (v) => (refused.push(v), Promise.resolve()),
    reason: () => "redis unavailable",
  };
  const limiter = storeLimiter(store, { limits: () => Promise.resolve(LIMITS) });
  const sessionId = "57000000-0000-4000-8000-000000000002";
  const user: RequestContext = {
    ...ctx("DOSING"),
    identity: {
      kind: "user",
      dbRole: "authenticated",
      userRole: "paramedic",
      userId: "57000000-0000-4000-8000-0000000000aa",
      sessionId,
      claims: { role: "authenticated" },
    },
  };
  assert.equal((await limiter.check(user)).allowed, false);
  assert.equal((await limiter.check(ctx("DOSING"))).allowed, false);
  assert.deepEqual(refused.map((v) => [v.identity.kind, v.sessionId]), [["user", sessionId], [
    "fingerprint",
    null,
  ]]);
});
