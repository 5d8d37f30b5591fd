/**
 * Clinical opposites (opposites.ts) on a small corpus written here (not the LA County documents, not
 * for clinical use): a word is never read as its opposite — not among a term's fuzzy neighbours stored
 * in the index, not in the trie walk of a word the corpus lacks, not as a spelling correction — so a
 * search never returns a document that only the opposite word reached.
 */
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  loadProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { opposite } from "../../functions-shared/domain/protocols/opposites.ts";
import { spellingCorrector } from "../../functions-shared/domain/protocols/spelling.ts";
import { findTerm } from "../../functions-shared/domain/protocols/term_dictionary.ts";
import { MISSPELLINGS } from "../../functions-shared/domain/protocols/vocabulary.ts";
import { madeUpDocument as doc } from "../support/made_up_document.ts";

// Each opposite word is in its own document, with no other word in common, so a document in a
// search's hits that holds only the opposite was reached through it.
const DOCUMENTS = [
  doc("1207", "Shock", ["Hypotension with poor perfusion.", "The hypotensive patient: reassess."]),
  doc("1217", "Pregnancy Complication", ["Hypertension in pregnancy: headache, visual changes."]),
  doc("1203", "Glycemic Emergencies", ["Hypoglycemia: altered, sweaty."]),
  doc("9001", "Thirst", ["Hyperglycemia: thirst and frequent urination."]),
  doc("9002", "Electrolytes", ["Hypernatremia after heat exposure."]),
  doc("9003", "Calcium", ["Hypocalcemia: carpopedal spasm."]),
];
const index = await loadProtocolIndex(
  await serializeIndex(buildProtocolIndex({ kbVersion: "t", documents: DOCUMENTS })),
);
const numbers = (q: string, options = {}) =>
  searchProtocols(index, q, options).hits.map((h) => h.protocolNumber);
const corrections = (q: string) => searchProtocols(index, q).interpretation.corrections;

Deno.test("opposites: words beginning with the two prefixes of one pair, whatever follows", () => {
  for (
    const [a, b] of [
      ["hypertension", "hypotension"],
      ["hypoglycemia", "hyperglycemia"],
      ["hyperoxia", "hypoxia"],
      ["hypoglycemic", "hyperglycemia"],
      ["hypotensoin", "hypertension"],
      ["tachycardia", "bradycardia"],
    ]
  ) {
    assert.equal(opposite(a, b), true, `${a} ~ ${b}`);
    assert.equal(opposite(b, a), true, `${b} ~ ${a}`);
  }
  for (
    const [a, b] of [
      ["hypotension", "hypotensive"],
      ["hypothermia", "hypothyroidism"],
      ["hypertension", "hypertonia"],
      ["infusion", "fusion"],
      ["unresponsive", "responsive"],
      ["hypetension", "hypotension"],
    ]
  ) {
    assert.equal(opposite(a, b), false, `${a} ~ ${b}`);
  }
});

Deno.test("a term's fuzzy neighbours stored in the index leave out its opposite, in either direction", () => {
  const p = index.postings;
  const neighbours = (word: string) => {
    const t = findTerm(p.terms, word);
    assert.ok(t >= 0, word);
    return [...p.fuzzy.term.subarray(p.fuzzy.start[t], p.fuzzy.start[t + 1])].map((n) => p.terms[n]);
  };
  assert.deepEqual(neighbours("hypertension"), []);
  assert.deepEqual(neighbours("hypotension"), ["hypotensive"], "a neighbour of the same end stays");
  assert.deepEqual(neighbours("hypoglycemia"), []);
  assert.deepEqual(neighbours("hyperglycemia"), []);
});

Deno.test("a misspelt or opposite-named query ranks no document that only its opposite reached", () => {
  assert.deepEqual(corrections("hypotensoin"), [{ typed: "hypotensoin", read: "hypotension" }]);
  assert.deepEqual(numbers("hypotensoin"), ["1207"]);
  assert.deepEqual(numbers("hypotension"), ["1207"]);
  assert.deepEqual(numbers("hypertension"), ["1217"]);
  assert.deepEqual(numbers("hypoglycemia"), ["1203"]);
  assert.deepEqual(numbers("hypoglycemia", { plain: true }), ["1203"]);
  // TP 1203 comes second by the vocabulary's reading of "hyperglycemia" (a hint), with no section matched.
  const hyperglycemia = searchProtocols(index, "hyperglycemia").hits;
  assert.deepEqual(hyperglycemia.map((h) => h.protocolNumber), ["9001", "1203"]);
  assert.deepEqual(hyperglycemia[1].sections.map((s) => s.score), [0]);
  assert.ok(!numbers("hypertension", { plain: true }).includes("1207"));
});

Deno.test("spelling: a word is never corrected into its opposite, and a typo as near both ends is left as typed", () => {
  const correct = spellingCorrector(index.postings);
  // The corpus lacks "hyponatremia": two edits from "hypernatremia", which is the opposite.
  assert.equal(correct("hyponatremia"), "hyponatremia");
  assert.deepEqual(corrections("hyponatremia"), []);
  assert.equal(correct("hypotensoin"), "hypotension");
  assert.equal(correct("hypertensoin"), "hypertension");
  // One edit from "hypotension" (o) and from "hypertension" (r): ties went to the term in more sections.
  assert.equal(correct("hypetension"), "hypetension");
  assert.deepEqual(numbers("hypetension").sort(), ["1207", "1217"], "both ends matched, neither chosen");
});

Deno.test("spelling: the edits forgiven after a shared clinical prefix are counted on the rest of the word", () => {
  const correct = spellingCorrector(index.postings);
  // Three edits from "hypocalcemia", all in the rest ("natremia" against "calcemia", 8 letters: two
  // forgiven): another salt, not a typo. Before, the 12 letters of the whole word forgave three.
  assert.equal(correct("hyponatremia"), "hyponatremia");
  assert.deepEqual(numbers("hyponatremia"), []);
  // Typos in the rest within its budget are still read.
  assert.equal(correct("hypocalcemai"), "hypocalcemia");
  assert.equal(correct("hypocalsemia"), "hypocalcemia");
  // A word of ten letters or more with no clinical prefix keeps its three edits.
  assert.equal(correct("karpopidel"), "carpopedal");
});

Deno.test("the fuzzy walk of a word the corpus lacks skips its opposite", () => {
  // Not corrected (above), so scored by the trie walk: plain (no correction) and not.
  assert.deepEqual(numbers("hyponatremia"), []);
  assert.deepEqual(numbers("hyponatremia", { plain: true }), []);
  assert.deepEqual(numbers("hypernatremia"), ["9002"]);
});

Deno.test("the vocabulary's fixed misspellings never read a word as its opposite", () => {
  assert.deepEqual(Object.entries(MISSPELLINGS).filter(([typed, read]) => opposite(typed, read)), []);
});
