/**
 * POST /verify's answer names the seqs the checked range's seals record as missing (audit review H1):
 * missingSeqsOf pairs audit.verify_missing_seqs' arrays, and the contract requires the field, bounded.
 */
import assert from "node:assert/strict";
import {
  auditQueryContract,
  MISSING_SEQS_LISTED,
} from "../../functions-shared/handlers/audit_query/contract.ts";
import { missingSeqsOf } from "../../functions-shared/handlers/audit_query/queries.ts";

const verifyAnswer = auditQueryContract.verify.response.json;

const intact = {
  ok: true,
  firstBadSeq: null,
  problem: null,
  sealsChecked: 2,
  rowsChecked: 9,
  range: { fromSeq: 1, toSeq: 12 },
  latestSeal: null,
  anchors: null,
};

Deno.test("missingSeqsOf pairs each listed seq with the seal recording it", () => {
  assert.deepEqual(missingSeqsOf(5, 2, [3, 4, 11], [1, 1, 2]), {
    count: 5,
    seals: 2,
    first: [{ seq: 3, sealId: 1 }, { seq: 4, sealId: 1 }, { seq: 11, sealId: 2 }],
  });
  assert.deepEqual(missingSeqsOf(0, 0, [], []), { count: 0, seals: 0, first: [] });
  assert.throws(() => missingSeqsOf(2, 1, [3, 4], [1]), /differ in length/);
});

Deno.test("the verify answer must say the missing seqs, even when ok", () => {
  assert.equal(verifyAnswer.safeParse(intact).success, false, "an answer without missingSeqs is refused");
  const missingSeqs = missingSeqsOf(3, 2, [3, 4, 11], [1, 1, 2]);
  assert.equal(verifyAnswer.safeParse({ ...intact, missingSeqs }).success, true);
});

Deno.test("the list of missing seqs is bounded; the count is not", () => {
  const many = Array.from({ length: MISSING_SEQS_LISTED + 1 }, (_, i) => i + 1);
  const over = missingSeqsOf(10_000, 1, many, many.map(() => 7));
  assert.equal(verifyAnswer.safeParse({ ...intact, missingSeqs: over }).success, false);
  const listed = missingSeqsOf(10_000, 1, many.slice(1), many.slice(1).map(() => 7));
  assert.equal(verifyAnswer.safeParse({ ...intact, missingSeqs: listed }).success, true);
});
