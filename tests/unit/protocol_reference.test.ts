import assert from "node:assert/strict";
import {
  adultNumber,
  canonicalNumber,
  compareNumbers,
  findReferences,
} from "../../functions-shared/domain/protocols/reference.ts";

Deno.test("canonicalNumber: one spelling for every way a reference number is written", () => {
  assert.equal(canonicalNumber("1210"), "1210");
  assert.equal(canonicalNumber("1210p"), "1210-P");
  assert.equal(canonicalNumber("1210 - P"), "1210-P");
  assert.equal(canonicalNumber("1317.17"), "1317.17");
  assert.equal(canonicalNumber("519.6A"), "519.6a");
  assert.equal(canonicalNumber("12"), null);
  assert.equal(canonicalNumber("12345"), null);
  assert.equal(canonicalNumber("tp 1210"), null);
  assert.equal(adultNumber("1231-P"), "1231");
});

Deno.test("findReferences: prefixed and bare numbers, never doses", () => {
  const numbers = (q: string) => findReferences(q).map((r) => [r.number, r.prefixed]);
  assert.deepEqual(numbers("TP 1210"), [["1210", true]]);
  assert.deepEqual(numbers("MCG 1309 and ref 1317.17"), [["1309", true], ["1317.17", true]]);
  assert.deepEqual(numbers("Ref. No. 1210-P"), [["1210-P", true]]);
  assert.deepEqual(numbers("1231p seizure"), [["1231-P", false]]);
  assert.deepEqual(numbers("aspirin 325 mg"), []);
  assert.deepEqual(numbers("0.4 mg nitro"), []);
  assert.deepEqual(numbers("12-lead"), []);
});

Deno.test("compareNumbers: numeric parts, adult before pediatric", () => {
  const sorted = ["1317.17", "1210-P", "1317.3", "1210", "519.6a", "519"].sort(compareNumbers);
  assert.deepEqual(sorted, ["519", "519.6a", "1210", "1210-P", "1317.3", "1317.17"]);
});
