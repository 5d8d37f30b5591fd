/** The session policy's per-isolate cache: served at once, the seeded values until a load answers. */
import assert from "node:assert/strict";
import {
  cachedPolicy,
  DEFAULT_SESSION_POLICY,
  POLICY_TTL_MS,
  type SessionPolicy,
} from "../../functions-shared/pipeline/sessions/policy.ts";
import { FIRST_LOAD_BACKOFF_MS, RELOAD_BACKOFF_MS } from "../../functions-shared/core/refreshing_cache.ts";
import { manualLoads } from "./_helpers.ts";

const idleOf = (minutes: number): SessionPolicy => ({ ...DEFAULT_SESSION_POLICY, idleMs: minutes * 60_000 });

/** cachedPolicy over a loader the test settles by hand (manualLoads). */
function manualPolicy(options: Parameters<typeof manualLoads>[0] = {}) {
  const manual = manualLoads<SessionPolicy>(options);
  /** Settles the newest load, then the background work behind it. */
  const settleLast = async (settle: (load: (typeof manual.loads)[number]) => void) => {
    settle(manual.loads.at(-1)!);
    await manual.settled();
  };
  return {
    ...manual,
    policy: cachedPolicy(manual.load, manual.tuning),
    answer: (idleMinutes: number) => settleLast((load) => load.resolve(idleOf(idleMinutes))),
    fail: (message: string) => settleLast((load) => load.reject(new Error(message))),
  };
}

Deno.test("cachedPolicy: the seeded values until the first load answers, then the database's until stale", async () => {
  const p = manualPolicy();
  assert.deepEqual(p.policy.current(), DEFAULT_SESSION_POLICY, "answered at once, before any load");
  assert.equal(p.loads.length, 1, "the first call starts the load");
  p.policy.current();
  assert.equal(p.loads.length, 1, "one load at a time");
  await p.answer(30);
  assert.equal(p.policy.current().idleMs, 30 * 60_000);
  p.advance(POLICY_TTL_MS);
  assert.equal(p.policy.current().idleMs, 30 * 60_000, "a stale policy is still served while it reloads");
  assert.equal(p.loads.length, 2);
  await p.answer(20);
  assert.equal(p.policy.current().idleMs, 20 * 60_000);
});

Deno.test("cachedPolicy: a failed load is logged, the last policy served, and tried again after the backoff", async () => {
  const p = manualPolicy();
  p.policy.current();
  await p.fail("db down");
  const warned = p.logged.filter((e) => e.level === "warn");
  assert.equal(warned.length, 1, "a failed load is not swallowed unseen");
  assert.match(warned[0].message, /^session policy load failed/);
  assert.equal(warned[0].fields?.errorMessage, "db down");
  assert.deepEqual(p.policy.current(), DEFAULT_SESSION_POLICY, "the seeded values still hold");
  p.advance(FIRST_LOAD_BACKOFF_MS - 1);
  p.policy.current();
  assert.equal(p.loads.length, 1, "no load on a database that is down before the backoff");
  p.advance(1);
  p.policy.current();
  assert.equal(p.loads.length, 2, "after it, one load");
  await p.answer(30);
  assert.equal(p.policy.current().idleMs, 30 * 60_000);
  p.advance(POLICY_TTL_MS);
  p.policy.current();
  await p.fail("db down again");
  assert.equal(p.policy.current().idleMs, 30 * 60_000, "a failed reload keeps the policy last loaded");
  assert.equal(p.logged.at(-1)?.fields?.ageMs, POLICY_TTL_MS, "logged with the age of the policy served");
  p.advance(FIRST_LOAD_BACKOFF_MS);
  p.policy.current();
  assert.equal(p.loads.length, 3, "a failed reload, with a policy in hand, waits out the longer backoff");
  p.advance(RELOAD_BACKOFF_MS - FIRST_LOAD_BACKOFF_MS);
  p.policy.current();
  assert.equal(p.loads.length, 4);
});

Deno.test("cachedPolicy: a load that never answers ends at its budget; loads go on after it", async () => {
  // the load is never settled, so the budget's end is the only way out: no timing decides the outcome
  const p = manualPolicy({ loadBudgetMs: 1 });
  p.policy.current();
  await p.settled(); // the promise handed to waitUntil settles: the isolate is not kept for good
  assert.equal(p.logged.filter((e) => e.level === "warn")[0]?.fields?.errorName, "BudgetExceeded");
  p.advance(FIRST_LOAD_BACKOFF_MS);
  p.policy.current();
  assert.equal(p.loads.length, 2, "the hung load does not block the loads after it");
  await p.answer(30);
  assert.equal(p.policy.current().idleMs, 30 * 60_000);
});
