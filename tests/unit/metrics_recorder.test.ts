/**
 * The recorder sends nothing while requests are answered: increments wait to ride the next limiter
 * round trip, or go on their own after the delay; a failed send keeps them for the next one.
 */
import assert from "node:assert/strict";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import { createMetricsRecorder } from "../../functions-shared/pipeline/metrics/recorder.ts";
import type { Redis } from "../../functions-shared/platform/redis.ts";

function fakeRedis(fail = false) {
  const calls: { keys: string[]; args: string[] }[] = [];
  const run = (_script: string, keys: string[], args: string[]) => {
    calls.push({ keys, args });
    return fail ? Promise.reject(new Error("connection refused")) : Promise.resolve(1);
  };
  return { calls, redis: { eval: run, evalsha: run } as unknown as Redis };
}

function event(fn: string, status: number, durationMs: number): RequestEvent {
  return {
    functionName: fn,
    action: "dosing.calculate",
    resource: "dose",
    outcome: status < 400 ? "success" : "failure",
    status,
    durationMs,
    identity: GUEST_IDENTITY,
    requestId: crypto.randomUUID(),
    method: "POST",
    path: "/",
    ip: null,
    userAgent: null,
    clientKey: null,
    startedAt: Date.UTC(2026, 10, 22, 13, 5),
    metadata: {},
  };
}

const quiet = () => {};

Deno.test("record() sends nothing; ride() carries everything gathered, summed, in one command", async () => {
  const { calls, redis } = fakeRedis();
  const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: quiet });
  for (let i = 0; i < 5; i++) recorder.record(event("dosing", 200, 10 + i));
  recorder.record(event("dosing", 500, 3));
  assert.equal(calls.length, 0, "nothing on the request path");
  recorder.ride(redis);
  assert.equal(calls.length, 1, "one script call for the hour");
  assert.deepEqual(calls[0].keys, ["metrics:h:2026112213", "metrics:hours"]);
  const args = calls[0].args;
  assert.equal(args[args.indexOf("c|requests.dosing.2xx") + 1], "5");
  assert.equal(args[args.indexOf("c|requests.dosing.5xx") + 1], "1");
  recorder.ride(redis);
  assert.equal(calls.length, 1, "nothing pending, nothing sent");
  await recorder.flush();
});

Deno.test("with no request to ride along, increments go on their own after the delay", async () => {
  const { calls, redis } = fakeRedis();
  const waited: Promise<unknown>[] = [];
  const recorder = createMetricsRecorder({
    redis: () => redis,
    flushDelayMs: 10,
    waitUntil: (p) => waited.push(p),
    logger: quiet,
  });
  recorder.record(event("dosing", 200, 4));
  recorder.timing("model.latency", 850);
  assert.equal(waited.length, 1, "one timer, kept alive by waitUntil");
  await waited[0];
  assert.ok(calls.some((c) => c.args.includes("c|requests.dosing.2xx")), "the request's hour");
  assert.ok(calls.some((c) => c.args.includes("x|model.latency")), "the timing's hour (now)");
});

Deno.test("a failed send keeps the increments for the next send", async () => {
  const failing = fakeRedis(true);
  const recorder = createMetricsRecorder({ redis: () => failing.redis, flushDelayMs: 60_000, logger: quiet });
  recorder.record(event("dosing", 200, 4));
  await recorder.flush();
  const working = fakeRedis();
  recorder.record(event("dosing", 200, 6));
  recorder.ride(working.redis);
  const args = working.calls[0].args;
  assert.equal(args[args.indexOf("c|requests.dosing.2xx") + 1], "2", "the failed batch rides again");
  await recorder.flush();
});

Deno.test("while a send is out a ride sends nothing; the next ride after it carries the sum", async () => {
  const calls: string[][] = [];
  let answer!: () => void;
  const held = new Promise<number>((resolve) => answer = () => resolve(1));
  const run = (_script: string, _keys: string[], args: string[]) => (calls.push(args), held);
  const redis = { eval: run, evalsha: run } as unknown as Redis;
  const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: quiet });
  recorder.record(event("dosing", 200, 4));
  recorder.ride(redis);
  assert.equal(calls.length, 1);
  recorder.record(event("dosing", 200, 5));
  recorder.ride(redis);
  recorder.record(event("dosing", 200, 6));
  recorder.ride(redis);
  assert.equal(calls.length, 1, "the first send is still out");
  answer();
  await held;
  await new Promise((resolve) => setTimeout(resolve, 0)); // its bookkeeping settles
  recorder.ride(redis);
  assert.equal(calls.length, 2);
  assert.equal(calls[1][calls[1].indexOf("c|requests.dosing.2xx") + 1], "2", "both requests, in one command");
  await recorder.flush();
});
