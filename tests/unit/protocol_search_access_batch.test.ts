/**
 * The search-access batcher's order of work, with a writer the test answers by hand (the database side is
 * tests/integration/protocol_search_access_batch.test.ts): one write in flight at a time, what arrives
 * meanwhile goes in the next call; a failed batch is held, oldest first, and sent with the next rows;
 * more than maxRetained held is dropped, each settling undefined.
 */
import assert from "node:assert/strict";
import { createSearchAccessBatcher } from "../../functions-shared/handlers/protocol_search/access_batch.ts";
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
