/**
 * StepSamples (scripts/bench/step_samples.ts): a figure's Server-Timing steps per request, at p50 and p95,
 * and the steps the slowest tenth of its requests spent their extra time in. Samples are made up here.
 */
import assert from "node:assert/strict";
import { StepSamples } from "../../scripts/bench/step_samples.ts";

/** Twenty requests: eighteen alike, two slow ones whose extra time went to `slowStep`. */
function twenty(slowStep: "rateLimit" | "handler"): StepSamples {
  const samples = new StepSamples();
  for (let i = 0; i < 18; i++) {
    samples.add(10, { cors: 0.01, rateLimit: 1, handler: 8, pipeline: 9 });
  }
  for (let i = 0; i < 2; i++) {
    const steps = { cors: 0.01, rateLimit: 1, handler: 8, pipeline: 9 };
    steps[slowStep] += 6;
    samples.add(16, { ...steps, pipeline: 15 });
  }
  return samples;
}

Deno.test("each step at p50 and p95 over the requests, and what the benchmark's side adds", () => {
  const text = twenty("handler").toString();
  assert.match(
    text,
    /^steps p50 \/ p95: rateLimit 1 \/ 1, handler 8 \/ 14, unaccounted 1 \/ 1 ms \(pipeline 9 \/ 15\)/,
  );
  assert.doesNotMatch(text, /cors/, "a step that never reaches 0.05 ms is left out");
});

Deno.test("the slowest tenth's extra time is put on the step that took it", () => {
  assert.match(
    twenty("handler").toString(),
    /the slowest tenth \(2 requests, ≥ 16 ms\) against the rest, mean: rateLimit \+0, handler \+6, unaccounted \+0 ms$/,
  );
  assert.match(twenty("rateLimit").toString(), /mean: rateLimit \+6, handler \+0, unaccounted \+0 ms$/);
});

Deno.test("time outside every step shows as unaccounted, for the slowest tenth too", () => {
  const samples = new StepSamples();
  for (let i = 0; i < 9; i++) samples.add(10, { handler: 8, pipeline: 9 });
  samples.add(20, { handler: 8, pipeline: 9 }); // e.g. a pause on the benchmark's side
  assert.match(samples.toString(), /mean: handler \+0, unaccounted \+10 ms$/);
});

Deno.test("no requests, or fewer than ten: nothing to compare", () => {
  assert.equal(new StepSamples().toString(), "no Server-Timing");
  const few = new StepSamples();
  for (let i = 0; i < 9; i++) few.add(10 + i, { handler: 8 + i, pipeline: 9 + i });
  assert.equal(few.size, 9);
  assert.doesNotMatch(few.toString(), /slowest tenth/, "a tenth of nine requests is none");
});
