// Postgres' refusals from the gdpr functions, as the client hears them (queries.ts httpErrorOf).
import assert from "node:assert/strict";
import { errorResponse, HttpError } from "../../functions-shared/core/errors.ts";
import { ErrorEnvelope } from "../../functions-shared/core/contract.ts";
import { httpErrorOf } from "../../functions-shared/handlers/gdpr_export/queries.ts";

const refusal = (code: string, hint?: string) => Object.assign(new Error("refused"), { code, hint });

Deno.test("55000: a privileged subject, a patient other organizations name too, or oneself — each its 409", () => {
  const codes = [refusal("55000", "privileged"), refusal("55000", "shared"), refusal("55000")].map((e) => {
    const answer = httpErrorOf(e);
    assert.ok(answer instanceof HttpError);
    assert.equal(answer.status, 409);
    return answer.code;
  });
  assert.deepEqual(codes, ["PRIVILEGED_SUBJECT", "SHARED_SUBJECT", "SELF_ERASURE"]);
});

Deno.test("P0002: erased is 410, anything else 404; other errors pass through", () => {
  assert.equal((httpErrorOf(refusal("P0002", "erased")) as HttpError).status, 410);
  assert.equal((httpErrorOf(refusal("P0002")) as HttpError).status, 404);
  const other = refusal("XX000");
  assert.equal(httpErrorOf(other), other);
});

Deno.test("22023: the database's own value check is a 400 VALIDATION_ERROR in the published shape, naming the problem", async () => {
  const answer = httpErrorOf(refusal("22023"));
  assert.ok(answer instanceof HttpError);
  assert.equal(answer.status, 400);
  const envelope = ErrorEnvelope.parse(await errorResponse(answer, "req").json());
  assert.deepEqual(envelope.error.details, [{ path: "", code: "invalid_value", message: "refused" }]);
  // The field, when the database names it (the operator's erasure: 20261206230000).
  const named = httpErrorOf(Object.assign(refusal("22023"), { column_name: "operator" })) as HttpError;
  assert.deepEqual(named.details, [{ path: "operator", code: "invalid_value", message: "refused" }]);
});
