import assert from "node:assert/strict";
import { describeError } from "../../functions-shared/core/log.ts";

Deno.test("describeError keeps name, message and stack, but never a client's echo of its command", () => {
  const error = new Error(
    'ERR redis unreachable: Connection refused, command was: [["hset","sess:6f1c2d4e-0000-4000-8000-000000000001","l",1]]',
  );
  const fields = describeError(error);
  assert.equal(fields.errorName, "Error");
  assert.equal(fields.errorMessage, "ERR redis unreachable: Connection refused");
  assert.ok(String(fields.stack).includes("log.test.ts"), "the stack is kept");
  assert.doesNotMatch(JSON.stringify(fields), /sess:|command was/);
  assert.deepEqual(describeError("plain failure"), { errorMessage: "plain failure" });
});
