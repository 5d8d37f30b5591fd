/**
 * The search-access batcher's order of work, with a writer the test answers by hand (the database side is
 * tests/integration/protocol_search_access_batch.test.ts): one write in flight at a time, what arrives
 * meanwhile goes in the next call; a failed batch is held, oldest first, and sent with the next rows;
 * more than maxRetained held is dropped, each settling undefined; the isolate is kept for pending work and
 * its end (the runtime's beforeunload, dispatched here on an EventTarget of the test's) sends what is held.
 */
import assert from "node:assert/strict";
import {
  createSearchAccessBatcher,
  type SearchAccessBatcherOptions,
} from "../../functions-shared/handlers/protocol_search/access_batch.ts";
import { isolateUnload } from "../../functions-shared/core/runtime.ts";
import type { ProtocolSearchRow } from "../../functions-shared/platform/protocol_use.ts";

const never = 3_600_000;

function row(id: string): ProtocolSearchRow {
  return {
    id,
    user_id: null,
    session_id: null,
    organization_id: null,
    user_role: "guest",
    query: "q",
    results: [],
    pediatric: null,
    category: null,
    kb_version: null,
  };
}

/** A writer whose calls wait until the test answers them. */
function handWriter() {
  const calls: { ids: string[]; answer: (error?: Error) => void }[] = [];
  const write = (rows: readonly ProtocolSearchRow[]) =>
    new Promise<ReadonlySet<string>>((resolve, reject) => {
      const ids = rows.map((r) => r.id);
      calls.push({ ids, answer: (error) => error ? reject(error) : resolve(new Set(ids)) });
    });
  return { calls, write };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Whether every promise is settled before the next macrotask: what the batcher settles itself (a row's
 * outcome, a cancelled retry) is settled in microtasks; a promise left to a timer or a write is not.
 */
function allSettledNow(promises: readonly Promise<unknown>[]): Promise<boolean> {
  return Promise.race([Promise.allSettled(promises).then(() => true), tick().then(() => false)]);
}

Deno.test("group commit: rows that arrive while a write is in flight go together in the next call", async () => {
  const w = handWriter();
  const batcher = createSearchAccessBatcher({ write: w.write, batchDelayMs: never, logger: () => {} });
  const first = batcher.enqueue(row("a"));
  const flushed = batcher.flush();
  await tick();
  const rest = ["b", "c", "d"].map((id) => batcher.enqueue(row(id)));
  assert.deepEqual(w.calls.map((c) => c.ids), [["a"]], "one write in flight");
  w.calls[0].answer();
  await tick();
  assert.deepEqual(w.calls.map((c) => c.ids), [["a"], ["b", "c", "d"]]);
  w.calls[1].answer();
  await flushed;
  assert.deepEqual(await Promise.all([first, ...rest]), [true, true, true, true]);
  assert.equal(batcher.calls, 2);
});

Deno.test("a failed batch is held, oldest first, and goes with the next rows; beyond the bound, dropped", async () => {
  const w = handWriter();
  const batcher = createSearchAccessBatcher({
    write: w.write,
    batchDelayMs: never,
    retryMs: never,
    maxRetained: 2,
    logger: () => {},
  });
  const held = ["a", "b", "c"].map((id) => batcher.enqueue(row(id)));
  const failing = batcher.flush();
  await tick();
  w.calls[0].answer(new Error("connect ECONNREFUSED"));
  await failing;
  assert.equal(batcher.retained, 2, "two held, the third dropped");
  assert.equal(await held[2], undefined);

  const next = batcher.enqueue(row("d"));
  const flushed = batcher.flush();
  await tick();
  assert.deepEqual(w.calls[1].ids, ["a", "b", "d"], "held rows first");
  w.calls[1].answer();
  await flushed;
  assert.deepEqual(await Promise.all([held[0], held[1], next]), [true, true, true]);
  assert.equal(batcher.retained, 0);
});

Deno.test("the isolate is kept for a batch from the row that opens it, before it is sent", async () => {
  const w = handWriter();
  const kept: Promise<unknown>[] = [];
  const batcher = createSearchAccessBatcher({
    write: w.write,
    batchDelayMs: never,
    waitUntil: (p) => kept.push(p),
    logger: () => {},
  });
  const first = batcher.enqueue(row("a"));
  batcher.enqueue(row("b"));
  assert.equal(kept.length, 1, "handed over at once, once per open batch");
  assert.equal(w.calls.length, 0, "nothing sent yet");
  const flushed = batcher.flush();
  await tick();
  w.calls[0].answer();
  await flushed;
  assert.equal(await kept[0], await first);
});

Deno.test("held rows are sent again on their own, without new searches or a flush", async () => {
  let calls = 0;
  const batcher = createSearchAccessBatcher({
    write: (rows) =>
      ++calls === 1
        ? Promise.reject(new Error("connect ECONNREFUSED"))
        : Promise.resolve(new Set(rows.map((r) => r.id))),
    batchDelayMs: 0,
    retryMs: 0,
    logger: () => {},
  });
  assert.equal(await batcher.enqueue(row("a")), true, "written by the retry");
  assert.equal(calls, 2);
  assert.equal(batcher.retained, 0);
});

Deno.test("while rows wait for their retry, new searches do not send them early; a flush does", async () => {
  const w = handWriter();
  const batcher = createSearchAccessBatcher({
    write: w.write,
    batchDelayMs: 0,
    retryMs: never,
    logger: () => {},
  });
  const failed = batcher.enqueue(row("a"));
  await tick();
  w.calls[0].answer(new Error("connect ECONNREFUSED"));
  await tick();
  const later = batcher.enqueue(row("b")); // its 0 ms batch timer fires, but the retry is not due
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(w.calls.length, 1, "nothing sent before retryMs");
  assert.equal(batcher.retained, 2);
  const flushed = batcher.flush();
  await tick();
  assert.deepEqual(w.calls[1].ids, ["a", "b"], "held row first, then the new one");
  w.calls[1].answer();
  await flushed;
  assert.deepEqual(await Promise.all([failed, later]), [true, true]);
});

/**
 * A writer that fails as a Postgres that is down would (its first `failures` calls, and while `state.down`
 * is set), and records what it wrote.
 */
function fakeWriter({ failures = 0, down = false } = {}) {
  const state = { down, calls: 0, written: [] as string[] };
  const write = (rows: readonly ProtocolSearchRow[]) => {
    if (++state.calls <= failures || state.down) return Promise.reject(new Error("connect ECONNREFUSED"));
    for (const r of rows) state.written.push(r.id);
    return Promise.resolve(new Set(rows.map((r) => r.id)));
  };
  return { state, write };
}

/**
 * A batcher whose batches and retries wait for the test (an hour away), whose waitUntil promises are
 * `kept`, and whose isolate end is `unload()` (the runtime's beforeunload on an EventTarget of the test's).
 */
function watchedBatcher(options: SearchAccessBatcherOptions) {
  const runtime = new EventTarget();
  const kept: Promise<unknown>[] = [];
  const batcher = createSearchAccessBatcher({
    batchDelayMs: never,
    retryMs: never,
    waitUntil: (p) => kept.push(p),
    onUnload: isolateUnload(runtime),
    logger: () => {},
    ...options,
  });
  return { batcher, kept, unload: () => runtime.dispatchEvent(new Event("beforeunload")) };
}

Deno.test("beforeunload: rows waiting for their batch are written, the send kept alive by waitUntil", async () => {
  const w = fakeWriter();
  const { batcher, kept, unload } = watchedBatcher({ write: w.write });
  const rows = ["a", "b"].map((id) => batcher.enqueue(row(id)));
  assert.deepEqual(w.state.written, [], "the batch waits for company");
  const before = kept.length;
  unload();
  assert.equal(kept.length, before + 1, "the unload's send is handed to waitUntil");
  await kept[before];
  assert.deepEqual(w.state.written, ["a", "b"]);
  assert.deepEqual(await Promise.all(rows), [true, true]);
});

Deno.test("beforeunload: rows held after a failed write get one more try at once", async () => {
  const w = fakeWriter({ failures: 1 });
  const { batcher, kept, unload } = watchedBatcher({ write: w.write });
  const held = batcher.enqueue(row("a"));
  await batcher.flush();
  assert.equal(batcher.retained, 1, "held for a retry an hour away");
  const before = kept.length;
  unload();
  await kept[before];
  assert.deepEqual(w.state.written, ["a"], "sent before the isolate ends, not at the retry");
  assert.equal(await held, true);
  assert.equal(batcher.retained, 0);
  assert.equal(await allSettledNow(kept), true, "the retry an hour away is cancelled: the isolate can end");
});

Deno.test("beforeunload with Postgres still down: the rows it could not send are logged as lost", async () => {
  const w = fakeWriter({ failures: Infinity });
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const { batcher, kept, unload } = watchedBatcher({
    write: w.write,
    logger: (_level, message, fields) => logged.push({ message, fields }),
  });
  batcher.enqueue(row("a"));
  batcher.enqueue(row("b"));
  await batcher.flush();
  const before = kept.length;
  unload();
  await kept[before];
  assert.deepEqual(w.state.written, []);
  const lost = logged.filter((l) => /lost/.test(l.message));
  assert.equal(lost.length, 1);
  assert.equal(lost[0].fields?.count, 2);
});

Deno.test("beforeunload with Postgres down: the lost rows settle as not written, and nothing runs on", async () => {
  const w = fakeWriter({ down: true });
  const { batcher, kept, unload } = watchedBatcher({ write: w.write });
  const held = ["a", "b"].map((id) => batcher.enqueue(row(id)));
  await batcher.flush();
  assert.equal(batcher.retained, 2, "held after the first failure");
  const before = kept.length;
  unload();
  await kept[before];
  assert.equal(w.state.calls, 2, "one more try at the unload");
  assert.equal(await allSettledNow(held), true, "the held rows settle, logged as lost");
  assert.deepEqual(await Promise.all(held), [undefined, undefined], "as not written");
  assert.equal(
    await allSettledNow(kept),
    true,
    "every promise the isolate was kept for has settled: no retry",
  );
  assert.equal(batcher.retained, 0);
  w.state.down = false;
  await batcher.flush();
  assert.deepEqual(w.state.written, [], "rows logged as lost are not written later");
  assert.equal(await batcher.settled("a"), undefined);
});

Deno.test("rows that arrive after beforeunload get one try, and when it fails they are lost, not held", async () => {
  const w = fakeWriter({ down: true });
  const { batcher, kept, unload } = watchedBatcher({ write: w.write });
  unload();
  await Promise.all(kept);
  const late = batcher.enqueue(row("c"));
  await batcher.flush();
  assert.equal(w.state.calls, 1, "sent");
  assert.equal(await allSettledNow([late, ...kept]), true, "failed and settled: no retry keeps the isolate");
  assert.equal(await late, undefined);
  assert.equal(batcher.retained, 0);
});

Deno.test("once a flush or settled() writes what was held, the armed retry and its waitUntil promise end", async () => {
  const w = fakeWriter({ down: true });
  const { batcher, kept } = watchedBatcher({ write: w.write });
  const a = batcher.enqueue(row("a"));
  await batcher.flush();
  assert.equal(batcher.retained, 1, "held, a retry armed an hour away");
  assert.equal(await allSettledNow(kept), false, "the isolate is kept for that retry");
  w.state.down = false;
  await batcher.flush();
  assert.equal(await a, true);
  assert.equal(await allSettledNow(kept), true, "flushed: the retry is cancelled, not left to run out");

  w.state.down = true;
  const b = batcher.enqueue(row("b"));
  await batcher.flush();
  assert.equal(await allSettledNow(kept), false, "held again, a retry armed again");
  w.state.down = false;
  assert.equal(await batcher.settled("b"), true);
  assert.equal(await b, true);
  assert.equal(await allSettledNow(kept), true, "written by settled(): the retry is cancelled too");
  assert.deepEqual(w.state.written, ["a", "b"]);
});

Deno.test("after a failed write the isolate is kept for the retry, which writes the held rows", async () => {
  const w = fakeWriter({ failures: 1 });
  const { batcher, kept } = watchedBatcher({ write: w.write, retryMs: 0 });
  const held = batcher.enqueue(row("a"));
  const before = kept.length;
  await batcher.flush();
  assert.equal(w.state.written.length, 0, "the first write failed");
  const handed = kept.slice(before);
  assert.equal(handed.length, 2, "the write, then its retry, each handed to waitUntil");
  await handed[1];
  assert.deepEqual(w.state.written, ["a"], "the retry the isolate stayed for wrote the row");
  assert.equal(await held, true);
});
