/**
 * The benchmark harness's child runner (scripts/bench/own_stack.ts): a benchmark that fails in its own
 * process comes back as that benchmark's failure, with its message, not as a harness crash.
 */
import assert from "node:assert/strict";
import { runInOwnStack } from "../../scripts/bench/own_stack.ts";
import { IncompleteBenchmark } from "../../scripts/bench/failures.ts";

Deno.test("a benchmark that fails in its own process is reported with its error", async () => {
  await assert.rejects(runInOwnStack("no_such_benchmark"), (error: unknown) => {
    assert.ok(error instanceof IncompleteBenchmark);
    assert.equal(error.message, "unknown benchmark no_such_benchmark");
    assert.deepEqual(error.figures, []);
    return true;
  });
});
