/** Server-Timing: each pipeline step's own time on the answer with SERVER_TIMING=true, nothing without it. */
import assert from "node:assert/strict";
import { defineFunction, type PipelineOptions, route } from "../../functions-shared/pipeline/mod.ts";
import {
  parseServerTiming,
  StepTimings,
  timedLast,
  timedStep,
} from "../../functions-shared/pipeline/step_timing.ts";
import { compose } from "../../functions-shared/pipeline/compose.ts";
import { recordingSink, testConfig } from "./_helpers.ts";

const HANDLER_MS = 20;

function timedFunction(options: PipelineOptions) {
  return defineFunction({
    name: "dosing",
    routes: [
      route({
        method: "GET",
        path: "/",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: async () => {
          await new Promise((r) => setTimeout(r, HANDLER_MS));
          return { ok: true };
        },
      }),
    ],
  }, {
    auditSink: recordingSink(),
    metricsSink: recordingSink(),
    sessionGuard: null,
    rateLimiter: {
      check: async () => {
        await new Promise((r) => setTimeout(r, 5));
        return { allowed: true };
      },
    },
    ...options,
  });
}

const get = () => new Request("http://127.0.0.1:54321/dosing");

Deno.test("SERVER_TIMING=true: every step's own time, and the pipeline's, on the answer", async () => {
  const res = await timedFunction({ config: testConfig({ SERVER_TIMING: "true" }) }).fetch(get());
  assert.equal(res.status, 200);
  const timing = parseServerTiming(res.headers.get("Server-Timing"));
  assert.deepEqual(Object.keys(timing), [
    "config",
    "failures",
    "cors",
    "identify",
    "rateLimit",
    "session",
    "route",
    "handler",
    "pipeline",
  ]);
  // Lower bounds only: the handler waited at least HANDLER_MS and the limiter at least 5 ms. Each step's
  // own time leaves out the steps inside it, so together they fit in the pipeline's (counted inclusively,
  // the handler's wait alone would be counted eight times over).
  assert.ok(timing.handler >= HANDLER_MS - 1, `handler ${timing.handler}`);
  assert.ok(timing.rateLimit >= 4, `rateLimit ${timing.rateLimit}`);
  const steps = Object.entries(timing).filter(([name]) => name !== "pipeline");
  const sum = steps.reduce((total, [, ms]) => total + ms, 0);
  assert.ok(timing.pipeline >= sum - 0.05, `pipeline ${timing.pipeline} < steps ${sum}`);
  await res.body?.cancel();
});

Deno.test("errors are timed too: a 404 answer still says where its time went", async () => {
  const fn = timedFunction({ config: testConfig({ SERVER_TIMING: "true" }) });
  const res = await fn.fetch(new Request("http://127.0.0.1:54321/dosing/nowhere"));
  assert.equal(res.status, 404);
  const timing = parseServerTiming(res.headers.get("Server-Timing"));
  assert.ok("route" in timing && "pipeline" in timing && !("handler" in timing));
  await res.body?.cancel();
});

Deno.test("off by default: no Server-Timing header", async () => {
  const res = await timedFunction({ config: testConfig() }).fetch(get());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Server-Timing"), null);
  await res.body?.cancel();
});

Deno.test("a step that answers before the step inside it is not charged for the inner step's remaining time", async () => {
  // A clock the steps move: the outer step runs 1 ms, then calls the inner without waiting for it; the 2 ms
  // from there to the outer's answer are charged to the innermost running step (the inner, by design), and
  // the inner runs 3 ms more after that. Each exit names its step: the outer's must not end the inner's.
  let clock = 0;
  let finishInner!: (response: Response) => void;
  const timings = new StepTimings(() => clock);
  const pipeline = compose<{ timings: StepTimings }>(
    [timedStep("outer", (_state, next) => {
      clock = 1;
      void next();
      clock = 3;
      return Promise.resolve(new Response("early"));
    })],
    timedLast("inner", () => new Promise<Response>((resolve) => (finishInner = resolve))),
  );
  const answer = await pipeline({ timings });
  assert.equal(await answer.text(), "early");
  clock = 6;
  finishInner(new Response("late"));
  await Promise.resolve(); // the inner step's exit runs in the microtask after its answer settles
  assert.deepEqual(Object.fromEntries(timings.durations), { outer: 1, inner: 5 });
});

Deno.test("a step that throws synchronously leaves the running steps at once", async () => {
  let clock = 0;
  const timings = new StepTimings(() => clock);
  const pipeline = compose<{ timings: StepTimings }>(
    [timedStep("outer", (_state, next) => {
      clock = 1;
      void next();
      clock = 4;
      throw new Error("refused after the inner step ran");
    })],
    timedLast("inner", () => {
      clock = 3;
      return Promise.resolve(new Response("inner"));
    }),
  );
  let caught: unknown;
  try {
    await pipeline({ timings });
  } catch (error) {
    caught = error;
  }
  assert.match(String(caught), /refused after/);
  await new Promise((settled) => setTimeout(settled, 0)); // the inner step's exit, a microtask later
  // A step timed after the throw: had the outer step stayed on the running list, 4→7 would be its own.
  clock = 7;
  timings.enter("later");
  clock = 8;
  timings.exit("later");
  // outer 0→1; inner 1→4 (3→4 too: the inner had not exited when the outer threw, the innermost rule).
  assert.deepEqual(Object.fromEntries(timings.durations), { outer: 1, inner: 3, later: 1 });
});

Deno.test("an exit of a step that is not running changes no step's time but the running one's", () => {
  let clock = 0;
  const timings = new StepTimings(() => clock);
  timings.enter("outer");
  clock = 2;
  timings.exit("outer");
  clock = 5;
  timings.exit("outer"); // a second exit: nothing running, nothing charged
  timings.enter("a");
  clock = 6;
  timings.enter("b");
  clock = 8;
  timings.exit("never entered"); // charged to the running step, which goes on running
  clock = 9;
  timings.exit("b");
  timings.exit("a");
  assert.deepEqual(Object.fromEntries(timings.durations), { outer: 2, a: 1, b: 3 });
});

Deno.test("parseServerTiming reads names and durations, skips what it cannot read", () => {
  assert.deepEqual(parseServerTiming("a;dur=1.5, b;desc=x;dur=2, c, d;dur=x, a;dur=0.5"), { a: 2, b: 2 });
  assert.deepEqual(parseServerTiming(null), {});
});
