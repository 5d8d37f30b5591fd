/**
 * The English lexicon carried in the index (lexicon.ts) and the base forms of inflected words
 * (morphology.ts): a real word the corpus lacks is not "corrected" into a corpus term it only looks
 * like, an inflection is read as the base form the corpus holds, and misspellings are still fixed.
 */
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  loadProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { englishLookup, unknownEnglish } from "../../functions-shared/domain/protocols/lexicon.ts";
import { baseForms, corpusBase } from "../../functions-shared/domain/protocols/morphology.ts";
import { spellingCorrector } from "../../functions-shared/domain/protocols/spelling.ts";
import { madeUpDocument as doc } from "../support/made_up_document.ts";

const DOCUMENTS = [
  doc("1205", "GI / GU Emergencies", "Urinary retention, a distended bladder. Vomit or blood in the emesis."),
  doc("1244", "Traumatic Injury", "Fall from height, during a collision. Apply a splint."),
  doc("1231", "Seizure", "Active seizure: midazolam. Tourniquet not indicated."),
];
// What a general lexicon (WordNet at `kb build`) holds: everyday words, some of them near corpus terms.
const ENGLISH = [
  "ladder",
  "pour",
  "splint",
  "vomit",
  "go",
  "staircase",
  "bladder",
  "a",
  "x-ray",
  "extraordinarily",
];
const index = buildProtocolIndex({ kbVersion: "t", documents: DOCUMENTS, englishWords: ENGLISH });

Deno.test("base forms by the noun and verb detachment rules, the word itself first", () => {
  assert.deepEqual(baseForms("pouring"), ["pouring", "poure", "pour"]);
  assert.deepEqual(baseForms("stopped"), ["stopped", "stoppe", "stopp", "stop"]);
  assert.deepEqual(baseForms("injuries"), ["injuries", "injury", "injurie", "injuri"]);
  assert.deepEqual(baseForms("ladder"), ["ladder"], "no -er rule: a ladder is not a lad");
  assert.deepEqual(baseForms("sting"), ["sting"], "a base of fewer than three letters is no base");
});

Deno.test("the index keeps only the lexicon's words the corpus lacks, of two to nine letters", () => {
  const kept = index.english.split("\n").filter(Boolean);
  // splint, vomit, bladder: the corpus holds them; "a": one letter; "x-ray": not a plain word;
  // "extraordinarily": ten letters or more, left to the corrector.
  assert.deepEqual(kept, ["go", "ladder", "pour", "staircase"]);
  assert.equal(unknownEnglish(index.postings, ["bladder", "ladder"]), "\nladder\n");
  assert.equal(unknownEnglish(index.postings, ["bladder"]), "", "nothing the corpus lacks: nothing carried");
});

Deno.test("a lookup finds a word and its inflections, and nothing else", () => {
  const english = englishLookup(index.english);
  assert.equal(english("ladder"), true);
  assert.equal(english("pouring"), true);
  assert.equal(english("staircases"), true);
  assert.equal(english("tourniqette"), false);
  assert.equal(englishLookup("")("ladder"), false);
});

Deno.test("a lookup answers as a search of the whole string would, sorted or not", () => {
  // Words sharing prefixes, the first and last lines, and what lies between them, before and after.
  const words = ["a", "ab", "abc", "abd", "ladder", "ladders", "pour", "stair", "staircase", "zz", "zzz"];
  const queries = [
    ...words,
    ...words.flatMap((w) => [`${w}s`, `${w}ing`, `${w}ed`, w.slice(0, -1), `${w}a`, `a${w}`]),
    "",
    "aa",
    "b",
    "zzzz",
    "\nladder",
    "ladder\npour",
  ];
  const sorted = `\n${words.join("\n")}\n`;
  const shuffled = `\n${[...words].reverse().join("\n")}\n`;
  let found = 0;
  for (const lexicon of [sorted, shuffled, `\n${words.join("\n")}`, "\nladder\n\npour\n"]) {
    const english = englishLookup(lexicon);
    for (const q of queries) {
      const expected = baseForms(q).some((form) => lexicon.includes(`\n${form}\n`));
      assert.equal(english(q), expected, `${JSON.stringify(lexicon)}: ${JSON.stringify(q)}`);
      if (expected) found++;
    }
  }
  assert.ok(found > 40, `${found} found`);
});

Deno.test("spelling: an English word is left as typed, an inflection read as its base, a typo still fixed", () => {
  const correct = spellingCorrector(index.postings, englishLookup(index.english));
  assert.equal(correct("ladder"), "ladder", "not bladder");
  assert.equal(correct("pouring"), "pouring", "not during");
  assert.equal(correct("vomited"), "vomit");
  assert.equal(correct("tourniqette"), "tourniquet");
  assert.equal(correct("midazolom"), "midazolam");
  // Without the lexicon, the same words are misread: what the lexicon is for.
  const bare = spellingCorrector(index.postings);
  assert.equal(bare("ladder"), "bladder");
  assert.equal(bare("pouring"), "during");
  assert.equal(corpusBase(index.postings, "ladder"), null);
});

Deno.test("the lexicon survives the published index's round trip, and a search reports no correction", async () => {
  const loaded = await loadProtocolIndex(await serializeIndex(index));
  assert.equal(loaded.english, index.english);
  const { interpretation, hits } = searchProtocols(loaded, "collision, off a ladder, splint");
  assert.deepEqual(interpretation.corrections, []);
  assert.equal(hits[0].protocolNumber, "1244");
});
