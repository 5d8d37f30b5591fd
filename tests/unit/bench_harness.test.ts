/**
 * The benchmark harness (scripts/bench/) without a benchmark: the run loop over fake benchmarks writing
 * into a temporary folder, the summary's table, and the counting of answers by status class. Time comes
 * from a fake clock; no figure here is measured.
 */
import assert from "node:assert/strict";
import { IncompleteBenchmark, nothingMeasured, requireAnswered } from "../../scripts/bench/failures.ts";
import {
  createRunFolder,
  runStamp,
  writeBenchResult,
  writeSummary,
} from "../../scripts/bench/result_files.ts";
import { type Benchmark, type BenchResult, runBenchmarks } from "../../scripts/bench/run_loop.ts";
import { describeCode } from "../../scripts/bench/machine.ts";
import type { Figure } from "../../scripts/bench/stats.ts";
import {
  countStatuses,
  describeStatuses,
  noStatuses,
  sendCounted,
  statusClass,
  statusesBetween,
  timeAnswers,
} from "../../scripts/bench/statuses.ts";
import { renderSummaryMarkdown, type RunSummary, runSummary } from "../../scripts/bench/summary.ts";
import { parseWrkSummary } from "../../scripts/bench/wrk.ts";

const figure = (bench: string, value: number): Figure => ({
  bench,
  name: `${bench} figure`,
  unit: "ms",
  value,
});

/** A clock that moves one second per reading. */
function fakeClock(start = Date.UTC(2026, 11, 2, 18, 0, 0)) {
  let t = start - 1000;
  return () => (t += 1000);
}

async function readJson(path: string) {
  return JSON.parse(await Deno.readTextFile(path));
}

async function exists(path: string) {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Runs `benchmarks` the way main.ts does, into a fresh folder; returns the folder and the results. */
async function runInto(benchmarks: Benchmark[], during?: (dir: string) => void) {
  const dir = await Deno.makeTempDir({ prefix: "bench-harness-" });
  const info = {
    run: "2026-12-02T18-00-00-000Z",
    machine: "test machine",
    code: "commit abc1234",
    planned: benchmarks.map((b) => b.name),
  };
  await createRunFolder(dir);
  await writeSummary(dir, info, []);
  const results = await runBenchmarks(benchmarks, {
    now: fakeClock(),
    onStart: () => during?.(dir),
    onResult: async (result, soFar) => {
      await writeBenchResult(dir, result);
      await writeSummary(dir, info, soFar);
    },
  });
  return { dir, results };
}

Deno.test("run loop: the second of three benchmarks throws; the first and third are kept, the second recorded", async () => {
  const benchmarks: Benchmark[] = [
    { name: "first", run: () => Promise.resolve([figure("first", 1)]) },
    {
      name: "second",
      run: () => Promise.reject(new Error("audit-query/summary → 503: RATE_LIMIT_UNAVAILABLE")),
    },
    { name: "third", run: () => Promise.resolve([figure("third", 3)]) },
  ];
  let dirSeen = "";
  const { dir, results } = await runInto(benchmarks, (d) => (dirSeen = d));
  try {
    assert.equal(dirSeen, dir);
    assert.deepEqual(results.map((r) => [r.name, r.status]), [
      ["first", "passed"],
      ["second", "failed"],
      ["third", "passed"],
    ]);

    const first = await readJson(`${dir}/first.json`);
    assert.equal(first.status, "passed");
    assert.deepEqual(first.figures, [figure("first", 1)]);
    assert.equal(first.seconds, 1); // the fake clock: one reading at the start, one at the end
    assert.equal(first.startedAt, "2026-12-02T18:00:00.000Z");

    const second = await readJson(`${dir}/second.json`);
    assert.equal(second.status, "failed");
    assert.equal(second.error, "audit-query/summary → 503: RATE_LIMIT_UNAVAILABLE");
    assert.deepEqual(second.figures, []);

    const third = await readJson(`${dir}/third.json`);
    assert.equal(third.status, "passed");
    assert.deepEqual(third.figures, [figure("third", 3)]);

    const summary = await readJson(`${dir}/summary.json`);
    assert.deepEqual([summary.passed, summary.failed, summary.pending], [2, 1, []]);
    assert.deepEqual(summary.results.map((r: BenchResult) => r.name), ["first", "second", "third"]);

    const markdown = await Deno.readTextFile(`${dir}/summary.md`);
    assert.match(
      markdown,
      /^Machine: test machine\. Code: commit abc1234\. Run 2026-12-02T18-00-00-000Z: 2 passed, 1 failed\.\n/,
    );
    assert.match(markdown, /^\| first \| first figure \| ms \| {2}\| {2}\| {2}\| 1 \|/m);
    assert.match(
      markdown,
      /^\| second \| FAILED after 1\.0 s \|.*\| audit-query\/summary → 503: RATE_LIMIT_UNAVAILABLE \|$/m,
    );
    assert.match(markdown, /^\| third \| third figure \| ms \| {2}\| {2}\| {2}\| 3 \|/m);
    assert.equal(await exists(`${dir}/summary.md.partial`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("run loop: each result is on disk before the next benchmark starts", async () => {
  const observed: { firstJson: boolean; pending: string[] }[] = [];
  let dir = "";
  const look = async () => {
    observed.push({
      firstJson: await exists(`${dir}/first.json`),
      pending: (await readJson(`${dir}/summary.json`)).pending,
    });
    return [] as Figure[];
  };
  const run = await runInto([
    { name: "first", run: () => Promise.resolve([figure("first", 1)]) },
    { name: "second", run: look },
    { name: "third", run: look },
  ], (d) => (dir = d));
  try {
    // What an interrupted run would have left at each point.
    assert.deepEqual(observed, [
      { firstJson: true, pending: ["second", "third"] },
      { firstJson: true, pending: ["third"] },
    ]);
  } finally {
    await Deno.remove(run.dir, { recursive: true });
  }
});

Deno.test("run loop: a benchmark that measured part of its figures keeps them and fails", async () => {
  const answered = { ...noStatuses(), "2xx": 10 };
  const refused = { ...noStatuses(), "5xx": 10 };
  const { dir, results } = await runInto([{
    name: "partial",
    run: () =>
      Promise.resolve().then(() =>
        requireAnswered([
          { ...figure("partial", 2), statuses: answered },
          nothingMeasured("partial", "through the limiter", "ms", refused),
        ])
      ),
  }]);
  try {
    const [r] = results;
    assert.equal(r.status, "failed");
    assert.equal(r.error, "measured nothing, no 2xx answer: partial / through the limiter (10 5xx)");
    assert.equal(r.figures.length, 2);
    const markdown = await Deno.readTextFile(`${dir}/summary.md`);
    assert.match(markdown, /\| partial figure \|.*\| answers: 10 2xx \|$/m);
    assert.match(
      markdown,
      /\| through the limiter \|.*\| measured nothing: no 2xx answer; answers: 10 5xx \|$/m,
    );
    assert.match(markdown, /^\| partial \| FAILED after 1\.0 s \|/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("requireAnswered: figures without counts, or with a 2xx answer, pass through", () => {
  const figures = [figure("a", 1), { ...figure("b", 2), statuses: { ...noStatuses(), "2xx": 1, "5xx": 9 } }];
  assert.deepEqual(requireAnswered(figures), figures);
  assert.throws(
    () => requireAnswered([nothingMeasured("c", "x", "ms", noStatuses(), "server exited before listening")]),
    (e: unknown) =>
      e instanceof IncompleteBenchmark &&
      e.message === "measured nothing, no 2xx answer: c / x (no requests)" &&
      e.figures[0].note === "measured nothing: no 2xx answer (server exited before listening)",
  );
});

Deno.test("statuses: a driver counts 200, 404, 429, 503 and a network error, each in its class", async () => {
  const answers: (number | Error)[] = [
    200,
    404,
    429,
    503,
    new TypeError("error sending request: connection refused"),
  ];
  const send = (request: Request) => {
    const next = answers.shift()!;
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(new Response(`${request.method} ${next}`, { status: next }));
  };
  const counts = noStatuses();
  const got = [];
  for (let i = 0; i < 5; i++) got.push(await sendCounted(send, new Request("http://localhost/x"), counts));
  assert.deepEqual(counts, { "2xx": 1, "4xx": 1, "429": 1, "5xx": 1, errors: 1, other: 0 });
  assert.deepEqual(got, [
    { status: 200, text: "GET 200" },
    { status: 404, text: "GET 404" },
    { status: 429, text: "GET 429" },
    { status: 503, text: "GET 503" },
    null,
  ]);
  assert.equal(describeStatuses(counts), "1 2xx, 1 4xx, 1 429, 1 5xx, 1 errors");
});

Deno.test("statuses: timed calls count every answer and keep the latency of 2xx ones only", async () => {
  // Two warm-up answers (not counted), then one of each.
  const statuses: (number | Error)[] = [500, 500, 200, 404, 429, 503, new Error("no answer within 30000 ms")];
  const call = () => {
    const next = statuses.shift()!;
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  const timed = await timeAnswers(5, call, 2);
  assert.deepEqual(timed.statuses, { "2xx": 1, "4xx": 1, "429": 1, "5xx": 1, errors: 1, other: 0 });
  assert.equal(timed.samples.length, 1);
});

Deno.test("statuses: classes, running counts and their difference", () => {
  assert.deepEqual(
    [0, -1, 200, 204, 302, 400, 404, 429, 499, 500, 503, 599, 600].map(statusClass),
    ["errors", "errors", "2xx", "2xx", "other", "4xx", "4xx", "429", "4xx", "5xx", "5xx", "5xx", "other"],
  );
  const before = countStatuses([200, 200, 503]);
  const after = countStatuses([200, 200, 503, 200, 429, 503, 503]);
  assert.deepEqual(statusesBetween(before, after), {
    "2xx": 1,
    "4xx": 0,
    "429": 1,
    "5xx": 2,
    errors: 0,
    other: 0,
  });
  assert.equal(describeStatuses(noStatuses()), "no requests");
});

Deno.test("summary: the harness's table, cells escaped, pending benchmarks named", () => {
  const info = {
    run: "2026-12-02T18-00-00-000Z",
    machine: "m",
    code: "commit c",
    planned: ["a", "b", "c", "d"],
  };
  const results: BenchResult[] = [
    {
      name: "a",
      status: "passed",
      startedAt: "2026-12-02T18:00:00.000Z",
      seconds: 2,
      figures: [{
        bench: "alpha",
        name: "x | y",
        unit: "ops/s",
        p50: 1.5,
        p99: 3,
        baseline: "bare",
        ratio: 0.5,
        note: "n",
      }],
    },
    {
      name: "b",
      status: "failed",
      startedAt: "2026-12-02T18:00:02.000Z",
      seconds: 12.34,
      figures: [],
      error: "wrk printed no summary (exit 1):\nunable to connect | refused",
    },
    { name: "c", status: "passed", startedAt: "2026-12-02T18:00:14.000Z", seconds: 0, figures: [] },
  ];
  const summary: RunSummary = runSummary(info, results);
  assert.deepEqual(summary.pending, ["d"]);
  assert.equal(
    renderSummaryMarkdown(summary),
    [
      "Machine: m. Code: commit c. Run 2026-12-02T18-00-00-000Z: 2 passed, 1 failed, pending: d.",
      "",
      "| benchmark | measured | unit | p50 | p95 | p99 | value | baseline | ratio | note |",
      "|---|---|---|---|---|---|---|---|---|---|",
      "| alpha | x \\| y | ops/s | 1.5 |  | 3 |  | bare | 0.5 | n |",
      "| b | FAILED after 12.3 s |  |  |  |  |  |  |  | wrk printed no summary (exit 1): unable to connect \\| refused |",
      "| c | no figures |  |  |  |  |  |  |  |  |",
      "",
    ].join("\n"),
  );
});

Deno.test("run stamp: the run's start, safe as a folder name", () => {
  assert.equal(runStamp(new Date("2026-12-02T18:19:28.870Z")), "2026-12-02T18-19-28-870Z");
});

Deno.test("wrk: the summary line parsed, its absence reported as null", () => {
  const stdout = "Running 10s test\n\nWRK_JSON " +
    '{"requests":2000,"duration_us":10000000,"non2xx":5,"connect":0,"read":2,"write":0,"timeout":1,' +
    '"p50_us":3070,"p99_us":17600}\n';
  assert.deepEqual(parseWrkSummary(stdout), {
    requests: 2000,
    seconds: 10,
    rps: 200,
    p50: 3.07,
    p99: 17.6,
    non2xx: 5,
    socketErrors: 3,
  });
  assert.equal(parseWrkSummary("unable to connect to 127.0.0.1:1 Connection refused\n"), null);
});

Deno.test("describeCode: the commit measured, and whether uncommitted changes were measured with it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-code-" });
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", {
      args: ["-C", dir, ...args],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).trim();
  };
  try {
    assert.equal(await describeCode(dir), "not a git checkout");
    await git("init", "-q");
    await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 1;\n");
    await git("add", "a.ts");
    await git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "a");
    const commit = await git("rev-parse", "--short", "HEAD");
    assert.equal(await describeCode(dir), `commit ${commit}`);
    await Deno.writeTextFile(`${dir}/untracked.ts`, "export {};\n"); // not the measured code: not counted
    assert.equal(await describeCode(dir), `commit ${commit}`);
    await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 2;\n");
    assert.equal(await describeCode(dir), `commit ${commit} with uncommitted changes to 1 file`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
