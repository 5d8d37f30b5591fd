/**
 * Interleaved rounds (scripts/bench/rounds.ts): the ABBA order, one target's rounds combined into one run,
 * and a target's throughput over a baseline paired round by round. Rounds are made up here.
 */
import assert from "node:assert/strict";
import { combineRounds, median, pairedRatios, type Round, roundOrder } from "../../scripts/bench/rounds.ts";
import { noStatuses } from "../../scripts/bench/statuses.ts";

function round(rps: number, p50: number, cpuMs: number, seconds = 10): Round {
  const requests = rps * seconds;
  return {
    result: { requests, seconds, rps, p50, p99: p50 * 3, non2xx: 0, socketErrors: 0 },
    cpu: { server: cpuMs },
    statuses: { ...noStatuses(), "2xx": requests },
  };
}

Deno.test("odd rounds run the targets in reverse, so neighbours take turns going first", () => {
  assert.deepEqual(roundOrder(["a", "b", "c"], 0), ["a", "b", "c"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 1), ["c", "b", "a"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 2), ["a", "b", "c"]);
});

Deno.test("the median of an odd and of an even count", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

Deno.test("combined rounds: requests and time summed, CPU weighted by requests, latency the rounds' median", () => {
  const c = combineRounds([round(1000, 4, 0.3), round(3000, 2, 0.5), round(2000, 3, 0.4)]);
  assert.equal(c.result.requests, 60_000);
  assert.equal(c.result.seconds, 30);
  assert.equal(c.result.rps, 2000);
  assert.equal(c.result.p50, 3);
  assert.equal(c.result.p99, 9);
  assert.equal(c.p99Max, 12, "the worst round's tail is kept beside the median");
  // (0.3 × 10,000 + 0.5 × 30,000 + 0.4 × 20,000) / 60,000
  assert.ok(Math.abs(c.cpu.server - 26_000 / 60_000) < 1e-12);
  assert.equal(c.statuses["2xx"], 60_000);
  assert.throws(() => combineRounds([]), /no round/);
});

Deno.test("paired ratios: each round against the same round's baseline; a failed round on either side is left out", () => {
  const subject = [round(900, 1, 0), round(1200, 1, 0), undefined, round(500, 1, 0)];
  const baseline = [round(1000, 1, 0), round(1000, 1, 0), round(1000, 1, 0), round(250, 1, 0)];
  const paired = pairedRatios(subject, baseline);
  assert.deepEqual(paired.ratios, [0.9, 1.2, 2]);
  assert.equal(paired.median, 1.2);
  assert.equal(paired.min, 0.9);
  assert.equal(paired.max, 2);
  // The pooled ratio would be (900 + 1200 + 500) / (1000 + 1000 + 250) ≈ 1.16: the rounds' own pairs differ.
  assert.equal(pairedRatios([undefined], [round(1, 1, 0)]).ratios.length, 0);
});

Deno.test("paired ratios count 2xx answers: a side that failed fast does not win its round", () => {
  const failingFast: Round = {
    ...round(5000, 1, 0),
    statuses: { ...noStatuses(), "2xx": 2000, "5xx": 48_000 },
  };
  const paired = pairedRatios([failingFast, round(900, 1, 0)], [round(1000, 1, 0), round(1000, 1, 0)]);
  assert.deepEqual(paired.ratios, [0.2, 0.9]);
  const none: Round = { ...round(5000, 1, 0), statuses: { ...noStatuses(), "5xx": 50_000 } };
  assert.equal(pairedRatios([none], [round(1000, 1, 0)]).ratios.length, 0);
});
