/** The split CSV export's bounded queue for the older half (handlers/audit_query/export_csv.ts). */
import assert from "node:assert/strict";
import { ByteQueue } from "../../functions-shared/handlers/audit_query/export_csv.ts";

const bytes = (n: number, value = 1) => new Uint8Array(n).fill(value);
/** Lets every pending promise reaction run (no timer, no clock). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

Deno.test("ByteQueue: push waits once capacity is held, until the consumer takes a chunk", async () => {
  const queue = new ByteQueue(10);
  assert.equal(await queue.push(bytes(4)), true, "under capacity: answered at once");
  let answered: boolean | undefined;
  queue.push(bytes(6)).then((ok) => answered = ok); // 10 held: at capacity
  await settle();
  assert.equal(answered, undefined, "held at capacity: the producer waits");
  assert.equal(queue.held, 10);
  const drain = queue.drain();
  assert.deepEqual((await drain.next()).value, bytes(4));
  await settle();
  assert.equal(answered, true, "room again: the producer goes on");
  queue.end();
  assert.deepEqual((await drain.next()).value, bytes(6));
  assert.equal((await drain.next()).done, true, "ended, everything taken");
});

Deno.test("ByteQueue: the consumer waits for chunks; an end with an error is thrown after the chunks before it", async () => {
  const queue = new ByteQueue(100);
  const taken: Uint8Array[] = [];
  const consuming = (async () => {
    for await (const chunk of queue.drain()) taken.push(chunk);
  })();
  await settle();
  assert.equal(taken.length, 0);
  await queue.push(bytes(1, 7));
  await settle();
  assert.deepEqual(taken, [bytes(1, 7)], "a chunk wakes the waiting consumer");
  await queue.push(bytes(2, 8));
  queue.end(new Error("the older half failed"));
  await assert.rejects(consuming, /the older half failed/);
  assert.deepEqual(taken, [bytes(1, 7), bytes(2, 8)]);
});

Deno.test("ByteQueue: abandoned, a waiting push and every later one answer false and nothing is held", async () => {
  const queue = new ByteQueue(4);
  let answered: boolean | undefined;
  queue.push(bytes(8)).then((ok) => answered = ok);
  await settle();
  assert.equal(answered, undefined);
  queue.abandon();
  await settle();
  assert.equal(answered, false, "the waiting producer is told to stop");
  assert.equal(await queue.push(bytes(1)), false);
  assert.equal(queue.held, 0);
});
