/**
 * scripts/kb/word_collisions.ts on a corpus and a lexicon written here: which merges of the stemmer and
 * which fuzzy matches it lists as two different words, and which it leaves as one word inflected or
 * misspelt.
 */
import assert from "node:assert/strict";
import { buildPostings } from "../../functions-shared/domain/protocols/postings.ts";
import {
  differentWords,
  fuzzyCollisions,
  type Lexicon,
  stemMerges,
} from "../../scripts/kb/word_collisions.ts";

const LEXICON: Lexicon = {
  noun: new Set(["exclusion", "inclusion", "dose", "news", "seizure", "hypertension", "hypotension"]),
  verb: new Set(["stop", "dose"]),
  adj: new Set(["exclusive", "new"]),
  adv: new Set(),
};

Deno.test("stemmer: a word merged into a term it does not inflect is listed, a plural is not", () => {
  const counts = new Map([["news", 2], ["new", 9], ["doses", 4], ["dose", 7], ["seizures", 3]]);
  assert.deepEqual(stemMerges(counts, LEXICON), [{ word: "news", term: "new", others: ["new"], count: 2 }]);
});

Deno.test("two corpus words are different words unless they share a base form or one is no word", () => {
  const apart = differentWords(LEXICON);
  assert.equal(apart("exclusion", "exclusive"), true);
  assert.equal(apart("hypertension", "hypotension"), true);
  assert.equal(apart("stopped", "stopping"), false, "both inflect stop");
  assert.equal(apart("siezure", "seizure"), false, "a misspelling is no word");
  assert.equal(apart("seizure", "siezure"), false);
});

Deno.test("fuzzy: the index's neighbour pairs of two different words, each pair once", () => {
  const postings = buildPostings([{
    title: "exclusion criteria",
    ref: "650",
    keywords: "",
    heading: "exclusive operating area",
    content: "inclusion stopped stopping siezure seizure hypertension hypotension",
  }]);
  const pairs = fuzzyCollisions(postings, LEXICON).map((c) => `${c.term}~${c.distance} ${c.neighbour}`);
  // hypertension ~ hypotension: clinical opposites are no neighbours (opposites.ts), so not listed.
  assert.deepEqual(pairs.sort(), [
    "exclusion~2 exclusive",
    "exclusion~2 inclusion",
  ]);
});
