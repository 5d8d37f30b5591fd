/**
 * The adaptive Upstash budget (core/timing.ts): the floor until round trips are slow, then twice the
 * slowest recent one, never past the ceiling; what failed teaches it nothing. A fake clock gives each
 * round trip its duration, so no outcome depends on how busy the machine is.
 */
import assert from "node:assert/strict";
import { adaptiveBudget, BudgetExceeded, withinBudget } from "../../functions-shared/core/timing.ts";

function clockedBudget(window = 4) {
  let t = 0;
  const budget = adaptiveBudget({ floorMs: 50, ceilingMs: 200, window, now: () => t });
  /** One round trip that took `ms` on the fake clock, settled (or failed) before the budget ended. */
  async function roundTrip(ms: number, fails = false) {
    let settle!: () => void;
    const work = new Promise<void>((resolve, reject) => {
      settle = () => (fails ? reject(new Error("redis unavailable")) : resolve());
    });
    const waited = budget.run(work).catch((e) => e);
    t += ms;
    settle();
    return await waited;
  }
  return { budget, roundTrip };
}

Deno.test("the budget is the floor until a round trip was slow", async () => {
  const { budget, roundTrip } = clockedBudget();
  assert.equal(budget.currentMs(), 50);
  await roundTrip(3);
  await roundTrip(20);
  assert.equal(budget.currentMs(), 50, "2 × 20 ms is still under the floor");
});

Deno.test("slow round trips raise the budget to twice the slowest, capped at the ceiling", async () => {
  const { budget, roundTrip } = clockedBudget();
  await roundTrip(70);
  assert.equal(budget.currentMs(), 140);
  await roundTrip(400);
  assert.equal(budget.currentMs(), 200, "never past the ceiling");
});

Deno.test("a late answer counts: the budget learns from round trips it gave up on", async () => {
  let t = 0;
  const budget = adaptiveBudget({ floorMs: 1, ceilingMs: 500, now: () => t });
  let answer!: () => void;
  const late = new Promise<void>((resolve) => (answer = resolve));
  await assert.rejects(budget.run(late), BudgetExceeded);
  t += 80;
  answer();
  await late;
  await Promise.resolve();
  assert.equal(budget.currentMs(), 160);
});

Deno.test("old round trips leave the window and the budget falls back to the floor", async () => {
  const { budget, roundTrip } = clockedBudget(4);
  await roundTrip(90);
  assert.equal(budget.currentMs(), 180);
  for (let i = 0; i < 3; i++) await roundTrip(2);
  assert.equal(budget.currentMs(), 180, "the slow one is still among the last 4");
  await roundTrip(2);
  assert.equal(budget.currentMs(), 50);
});

Deno.test("a failed round trip teaches nothing: a dead Redis cannot stretch the wait", async () => {
  const { budget, roundTrip } = clockedBudget();
  const error = await roundTrip(150, true);
  assert.ok(error instanceof Error && error.message === "redis unavailable");
  assert.equal(budget.currentMs(), 50);
});

Deno.test("a round trip that never answers ends at the budget, fixed (floor = ceiling) or adaptive", async () => {
  const never = new Promise<never>(() => {});
  const fixed = adaptiveBudget({ floorMs: 5, ceilingMs: 5 });
  await assert.rejects(fixed.run(never), (e) => e instanceof BudgetExceeded && e.budgetMs === 5);
  const adaptive = adaptiveBudget({ floorMs: 5, ceilingMs: 10 });
  await assert.rejects(adaptive.run(never), (e) => e instanceof BudgetExceeded && e.budgetMs === 5);
});

Deno.test("a floor above the ceiling is kept: a budget configured long is never cut short", async () => {
  let t = 0;
  const budget = adaptiveBudget({ floorMs: 30_000, ceilingMs: 200, now: () => t });
  assert.equal(budget.currentMs(), 30_000);
  const run = budget.run; // usable unbound, as a callback
  const work = Promise.resolve();
  t += 5;
  await run(work);
  assert.equal(budget.currentMs(), 30_000);
});

Deno.test("round trips in flight share one timer: each unanswered one ends at its own budget, in order", async () => {
  const never = new Promise<never>(() => {});
  const long = adaptiveBudget({ floorMs: 20, ceilingMs: 20 });
  const short = adaptiveBudget({ floorMs: 5, ceilingMs: 5 });
  const ended: number[] = [];
  const note = (e: unknown) => {
    assert.ok(e instanceof BudgetExceeded);
    ended.push(e.budgetMs);
  };
  // The later deadline is waiting first: the earlier one, queued after it, must still end first.
  const waits = [long.run(never).catch(note), short.run(never).catch(note)];
  const answered = short.run(Promise.resolve("answer"));
  const failed = long.run(Promise.reject(new Error("redis unavailable"))).catch((e) => e);
  assert.equal(await answered, "answer", "an answer in time is not touched by the others' deadlines");
  assert.equal((await failed).message, "redis unavailable");
  await Promise.all(waits);
  assert.deepEqual(ended, [5, 20]);
});

Deno.test("withinBudget: an onTimeout that throws rejects with what it threw, and the other deadlines still end", async () => {
  // never answered: the budgets' ends are the only way out, so no timing decides the outcome
  const never = new Promise<never>(() => {});
  const boom = new Error("onTimeout threw");
  const throwing = withinBudget(never, 1, () => {
    throw boom;
  });
  const after = withinBudget(never, 2);
  await assert.rejects(throwing, (error) => error === boom);
  await assert.rejects(after, (error) => error instanceof BudgetExceeded);
});
