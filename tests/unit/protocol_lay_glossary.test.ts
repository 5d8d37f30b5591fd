/**
 * The lay-language glossary (lay_glossary.ts): parsing, the build's corpus check (what it drops and
 * counts), the index carrying it, and the phrase matcher (longest phrase wins, negation left alone, one
 * global weight). Tiny documents written for this test; the glossary entries here are test data.
 */
import assert from "node:assert/strict";
import {
  analyzeQuery,
  buildProtocolIndex,
  type KnowledgeDocument,
  LAY_SETTINGS,
  type LayEntry,
  loadProtocolIndex,
  parseLayGlossary,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { layGlossary, layReport } from "../../scripts/kb/lay_glossary.ts";
import { addAssociations } from "../../functions-shared/domain/protocols/association.ts";

const doc = (number: string, title: string, content: string): KnowledgeDocument => ({
  key: number,
  protocolNumber: number,
  title,
  documentType: "treatment_protocol",
  category: "medical",
  revisedDate: null,
  sourceFile: null,
  sourceUrl: null,
  keywords: [],
  sections: [{ heading: "Treatment", content }],
});

const DOCUMENTS = [
  doc("1211", "Cardiac Chest Pain", "Chest pain of cardiac origin: give aspirin, obtain a 12-lead."),
  doc("1244", "Traumatic Injury", "Fall from height, hemorrhage control and splinting of a fracture."),
  doc("1241", "Overdose", "Opioid overdose with respiratory depression: naloxone."),
];

const GLOSSARY = parseLayGlossary(`
# test entries
elephant on my chest | crushing chest => cardiac; chest pain
chest => fracture
fell off the roof => fall from height; hemorrhage
nodding off => opioid; overdose; gobbledygook
zzqx wibble => unheardof
`);

const index = buildProtocolIndex({ kbVersion: "1", documents: DOCUMENTS, layGlossary: GLOSSARY });
/** Single words read too, so the tests can show a phrase winning over a word inside it. */
const EVERY_PHRASE = { weight: 0.5, minWords: 1, maxTerms: 6 };
const reading = { entries: index.lay, settings: EVERY_PHRASE };

Deno.test("parse: one entry a line, its lay phrases and clinical terms; a malformed line is refused", () => {
  assert.equal(GLOSSARY.length, 5);
  assert.deepEqual(GLOSSARY[0], {
    phrases: ["elephant on my chest", "crushing chest"],
    targets: ["cardiac", "chest pain"],
  });
  assert.throws(() => parseLayGlossary("no arrow here"), /line 1/);
  assert.throws(() => parseLayGlossary("\na => b => c"), /line 2/);
  assert.throws(() => parseLayGlossary(" => cardiac"), /line 1/);
});

Deno.test("build: clinical terms the corpus lacks are dropped and counted; an entry left with none goes", () => {
  assert.deepEqual(index.layValidation, { droppedTargets: ["gobbledygook", "unheardof"], droppedEntries: 1 });
  assert.equal(index.lay.length, 4);
  assert.deepEqual(index.lay.find((e) => e.phrases.includes("nodding off"))?.targets, ["opioid", "overdose"]);
  assert.ok(!index.lay.some((e) => e.phrases.includes("zzqx wibble")));
  assert.match(
    layReport(GLOSSARY, index.lay, index.layValidation),
    /4 of 5 entries kept \(5 phrases\); 1 entries and 2 clinical terms dropped .*: gobbledygook, unheardof/,
  );
});

Deno.test("the index carries the kept entries through serialisation", async () => {
  const loaded = await loadProtocolIndex(await serializeIndex(index));
  assert.deepEqual(loaded.lay, index.lay);
  assert.equal(loaded.layValidation, undefined, "the build's report is not part of the file");
});

Deno.test("the project's glossary parses, and on this tiny corpus most of it is dropped, not kept blindly", async () => {
  const entries: LayEntry[] = await layGlossary();
  assert.ok(entries.length >= 400, `${entries.length} entries`);
  const built = buildProtocolIndex({ kbVersion: "1", documents: DOCUMENTS, layGlossary: entries });
  assert.ok(built.lay.length < entries.length / 2);
  assert.equal(built.lay.length + built.layValidation!.droppedEntries, entries.length);
  assert.deepEqual(await layGlossary(false), [], "--no-lay-glossary");
});

Deno.test("matcher: the longest lay phrase wins over a shorter one inside it", () => {
  const long = analyzeQuery("elephant on my chest since noon", [], undefined, undefined, reading);
  assert.deepEqual(long.lay, [["cardiac", "pain"]], "typed 'chest' not added again; no 'fracture'");
  const short = analyzeQuery("chest bruised", [], undefined, undefined, reading);
  assert.deepEqual(short.lay, [["fracture"]]);
  const both = analyzeQuery("fell off the roof crushing chest", [], undefined, undefined, reading);
  assert.deepEqual(both.lay, [["fall", "height", "hemorrhage"], ["cardiac", "pain"]]);
});

Deno.test("matcher: a negated lay phrase is not read, and the typed words stay exactly as typed", () => {
  for (const q of ["no crushing chest", "denies any crushing chest", "not nodding off"]) {
    const negated = analyzeQuery(q, [], undefined, undefined, reading);
    assert.deepEqual(negated.lay, [], q);
    assert.deepEqual(negated.terms, analyzeQuery(q).terms, `${q}: typed words untouched`);
  }
  const plain = analyzeQuery("crushing chest", [], undefined, undefined, reading);
  assert.deepEqual(plain.terms, analyzeQuery("crushing chest").terms);
  assert.deepEqual(plain.lay, [["cardiac", "pain"]]);
  assert.deepEqual(analyzeQuery("he can't stop nodding off", [], undefined, undefined, reading).lay, [[
    "opioid",
    "overdose",
  ]]);
});

Deno.test("matcher: the settings are global — phrases only, and a cap on terms per phrase", () => {
  const q = "chest and nodding off";
  assert.deepEqual(analyzeQuery(q, [], undefined, undefined, reading).lay, [["fracture"], [
    "opioid",
    "overdose",
  ]]);
  const phrasesOnly = { entries: index.lay, settings: { ...EVERY_PHRASE, minWords: 2 } };
  assert.deepEqual(analyzeQuery(q, [], undefined, undefined, phrasesOnly).lay, [["opioid", "overdose"]]);
  const byDefault = { entries: index.lay, settings: LAY_SETTINGS };
  assert.deepEqual(analyzeQuery(q, [], undefined, undefined, byDefault).lay, [["opioid", "overdose"]]);
  const capped = { entries: index.lay, settings: { ...EVERY_PHRASE, maxTerms: 1 } };
  assert.deepEqual(analyzeQuery(q, [], undefined, undefined, capped).lay, [["fracture"], ["opioid"]]);
});

Deno.test("matcher: a phrase below the minimum length still takes its words, at every setting", () => {
  // The length filter is applied once per table (query.ts, phraseTable): a phrase too short to be read
  // must still consume its words, as it did when it was matched and then skipped, so a longer phrase
  // starting inside it is not read instead. Same entries, the setting changed between queries.
  const entries: LayEntry[] = [
    { phrases: ["short breath"], targets: ["dyspnea"] },
    { phrases: ["breath smells fruity"], targets: ["ketoacidosis"] },
  ];
  const lay = (q: string, minWords: number) =>
    analyzeQuery(q, [], undefined, undefined, { entries, settings: { ...EVERY_PHRASE, minWords } }).lay;
  assert.deepEqual(lay("short breath smells fruity", 2), [["dyspnea"]]);
  assert.deepEqual(lay("short breath smells fruity", 3), []);
  assert.deepEqual(lay("breath smells fruity", 3), [["ketoacidosis"]]);
  assert.deepEqual(lay("short breath smells fruity", 1), [["dyspnea"]]);
  assert.deepEqual(lay("short breath", 3), []);
});

Deno.test("search: a lay phrase finds the protocol its clinical terms name, at the glossary's one weight", () => {
  const score = (weight: number) =>
    searchProtocols(index, "nodding off", { lay: { ...LAY_SETTINGS, weight } }).hits
      .find((h) => h.protocolNumber === "1241")?.score ?? 0;
  assert.equal(searchProtocols(index, "nodding off").hits[0]?.protocolNumber, "1241");
  assert.deepEqual(searchProtocols(index, "nodding off", { lay: false }).hits, []);
  assert.deepEqual(searchProtocols(index, "nodding off", { plain: true }).hits, []);
  // Only the glossary's terms reach the document, at the glossary's one weight w, twice: their BM25 score
  // is w·S, and the hints they add (the vocabulary's "overdose" → 1241, the corpus's association of both
  // words with 1241) are w·h, so score / w = S·(1 + 0.8·h·w) is linear in w: equal steps of w, equal steps.
  const perWeight = (w: number) => score(w) / w;
  assert.ok(score(0.5) > 0);
  const ratio = (perWeight(0.5) - perWeight(0.25)) / (perWeight(0.25) - perWeight(0.125));
  assert.ok(Math.abs(ratio - 2) < 0.02, `${score(0.5)}, ${score(0.25)}, ${score(0.125)}`);
  assert.ok(LAY_SETTINGS.weight < 1, "below a typed word");
});

Deno.test("hints: a lay phrase's clinical terms are read by the vocabulary and the impressions at its weight", () => {
  const entries: LayEntry[] = [{ phrases: ["elephant on my chest"], targets: ["cardiac", "chest pain"] }];
  const impressions = [{ phrase: "chest pain", protocols: ["1211"] }];
  const hints = (q: string, weight = 0.5, lay = true) =>
    analyzeQuery(
      q,
      impressions,
      undefined,
      undefined,
      lay ? { entries, settings: { ...LAY_SETTINGS, weight } } : undefined,
    )
      .hints.get("1211") ?? 0;
  // The vocabulary's "chest pain" (→ 1211) and the impression "chest pain" (one protocol), each at 0.5.
  assert.equal(hints("elephant on my chest"), 1);
  assert.equal(hints("elephant on my chest", 0.25), 0.5);
  assert.equal(hints("elephant on my chest", 0.5, false), 0, "the glossary not read: nothing to read");
  assert.equal(hints("no elephant on my chest"), 0, "a negated phrase adds no hint either");
  // Typed, the same words count whole.
  assert.equal(hints("chest pain", 0.5, false), 2);
});

Deno.test("hints: a clinical term is read as the hint tables read their phrases (apostrophes, misspellings)", () => {
  // Written with an apostrophe or misspelt in the glossary, the term still meets the tables' phrases: the
  // impression "can't breathe" (a test protocol, 0.5) and the vocabulary's "cant breathe" (1237, 0.5), and
  // the vocabulary's "seizure" (1231, 0.5).
  const entries: LayEntry[] = [{ phrases: ["fighting for air"], targets: ["can’t breathe", "siezure"] }];
  const impressions = [{ phrase: "can't breathe", protocols: ["9001"] }];
  const { hints } = analyzeQuery("fighting for air", impressions, undefined, undefined, {
    entries,
    settings: LAY_SETTINGS,
  });
  assert.deepEqual(Object.fromEntries(hints), { "1237": 0.5, "9001": 0.5, "1231": 0.5 });
});

Deno.test("associations: a lay phrase's clinical terms point to their protocol at the glossary's weight", () => {
  // "opioid" and "overdose" are used only by 1241 here: as typed words each adds its share, 1.
  const boosts = [4, 3, 2.5, 1.5, 1];
  const weighted = new Map<string, number>();
  addAssociations(index, ["opioid", "overdose"], boosts, weighted, 0.5);
  assert.deepEqual([...weighted], [["1241", 1]]);
  // In the search, for "nodding off" at weight w: score = w·S·(1 + 0.8·h·w), h the hint units per unit of
  // weight. The query's reading gives 2 (the vocabulary's "opioid" and "overdose", 0.5 at w = 0.5); the
  // associations of the same two terms give 2 more: h = 4 read back from the scores of two weights.
  const score = (weight: number) =>
    searchProtocols(index, "nodding off", { lay: { ...LAY_SETTINGS, weight } }).hits[0].score;
  const reading = analyzeQuery("nodding off", [], undefined, undefined, {
    entries: index.lay,
    settings: LAY_SETTINGS,
  });
  assert.equal(reading.hints.get("1241"), 1);
  const [a, b] = [score(0.125) / 0.125, score(0.25) / 0.25]; // S·(1 + 0.1·h), S·(1 + 0.2·h)
  const h = (b - a) / (0.1 * (2 * a - b));
  assert.ok(Math.abs(h - 4) < 0.05, `h = ${h}`);
});

Deno.test("words: a word the corpus lacks is read as the entries whose phrasings use it, one list per word", () => {
  // A word the corpus holds, as in more documents than a rare word's: BM25's alone.
  const documentsWith = (term: string) => index.postings.terms.includes(term) ? Infinity : 0;
  const byWord = { entries: index.lay, settings: LAY_SETTINGS, documentsWith };
  const lay = (q: string) => analyzeQuery(q, [], undefined, undefined, byWord).lay;
  // "nodding" (of "nodding off") and "roof" (of "fell off the roof"): no phrase typed, the words read.
  assert.deepEqual(lay("keeps nodding"), [["opioid", "overdose"]]);
  assert.deepEqual(lay("off a roof, nodding"), [["fall", "height", "hemorrhage"], ["opioid", "overdose"]]);
  assert.deepEqual(lay("nodding nodding"), [["opioid", "overdose"]], "a word read once");
  // Their hints too, as the phrase's: the vocabulary's "opioid" and "overdose" → 1241 at the glossary's weight.
  assert.equal(analyzeQuery("keeps nodding", [], undefined, undefined, byWord).hints.get("1241"), 1);
  // Not read: without the corpus to ask, a word the corpus holds ("chest" of "crushing chest"), a negated one.
  assert.deepEqual(analyzeQuery("keeps nodding", [], undefined, undefined, reading).lay, []);
  assert.deepEqual(lay("chest"), []);
  assert.deepEqual(lay("not nodding"), []);
  // Nor a word inside a negated phrase: "never fell off the roof" denies the fall, "roof" and all.
  assert.deepEqual(lay("never fell off the roof"), []);
  assert.deepEqual(lay("fell off the roof"), [["fall", "height", "hemorrhage"]]);
  // Inside a phrase read, a word is the phrase's: "crushing chest" is read once, not again by "crushing".
  assert.deepEqual(lay("crushing chest"), [["cardiac", "pain"]]);
  // A phrase matched but too short to be read (one word) leaves its word to be read as a word.
  const entries: LayEntry[] = [{ phrases: ["woozy"], targets: ["dizzy"] }];
  assert.deepEqual(
    analyzeQuery("woozy", [], undefined, undefined, {
      entries,
      settings: LAY_SETTINGS,
      documentsWith: () => 0,
    })
      .lay,
    [["dizzy"]],
  );
});

Deno.test("words: a word of more than three entries' phrasings says too little to be read", () => {
  const documentsWith = () => 0;
  const entries = (n: number): LayEntry[] =>
    Array.from({ length: n }, (_, i) => ({ phrases: [`wobbly ${"abcd"[i]}leg`], targets: [`term${i}`] }));
  const lay = (n: number) =>
    analyzeQuery("wobbly", [], undefined, undefined, {
      entries: entries(n),
      settings: LAY_SETTINGS,
      documentsWith,
    })
      .lay;
  assert.deepEqual(lay(3), [["term0", "term1", "term2"]]);
  assert.deepEqual(lay(4), []);
});

Deno.test("search: a word the corpus lacks finds the protocol its glossary entry names; not with lay off", () => {
  assert.equal(searchProtocols(index, "keeps nodding").hits[0]?.protocolNumber, "1241");
  assert.deepEqual(searchProtocols(index, "keeps nodding", { lay: false }).hits, []);
  assert.deepEqual(searchProtocols(index, "keeps nodding", { plain: true }).hits, []);
});

Deno.test("words: an n't contraction typed without its apostrophe is a function word, not read", () => {
  const entries: LayEntry[] = [{ phrases: ["havent pooped", "doesnt know"], targets: ["constipation"] }];
  const lay = (q: string) =>
    analyzeQuery(q, [], undefined, undefined, { entries, settings: LAY_SETTINGS, documentsWith: () => 0 })
      .lay;
  assert.deepEqual(lay("havent eaten"), []);
  assert.deepEqual(lay("doesnt answer"), []);
  assert.deepEqual(lay("hasnt pooped"), [["constipation"]], "the content word still is");
});

Deno.test("words: a word the corpus holds in at most 20 documents is read as the one entry whose phrasings use it", () => {
  // "couch" is in 21 documents, "lamp" in 20, "sofa" in one.
  const station = (i: number) =>
    doc(`${800 + i}`, `Station Policy ${i}`, i < 20 ? "Day room: a couch and a lamp." : "Day room: a couch.");
  const corpus = (glossary: string) =>
    buildProtocolIndex({
      kbVersion: "r",
      documents: [
        doc("1241", "Overdose", "Opioid overdose with respiratory depression: naloxone."),
        doc("1229", "Altered Level of Consciousness", "Unresponsive: check glucose."),
        doc("900", "Station Equipment", "A sofa in the day room."),
        ...Array.from({ length: 21 }, (_, i) => station(i)),
      ],
      layGlossary: parseLayGlossary(glossary),
    });
  const one = corpus("slumped on the sofa | slumped on the couch | slumped by the lamp => opioid; overdose");
  const expansions = (index: typeof one, q: string) => searchProtocols(index, q).interpretation.expansions;
  assert.deepEqual(expansions(one, "found him on the sofa"), ["opioid", "overdose"]);
  assert.equal(searchProtocols(one, "found him on the sofa").hits[0]?.protocolNumber, "1241");
  assert.deepEqual(expansions(one, "found him by the lamp"), ["opioid", "overdose"], "20 documents: read");
  assert.deepEqual(expansions(one, "found him on the couch"), [], "21 documents: BM25's word alone");
  assert.deepEqual(expansions(one, "no sofa in the room"), [], "negated");
  // A word the corpus holds that two entries' phrasings use is left to BM25 (a word it lacks: up to three).
  const two = corpus("slumped on the sofa => opioid; overdose\nasleep on the sofa => glucose");
  assert.deepEqual(expansions(two, "found him on the sofa"), []);
  assert.deepEqual(expansions(two, "found him slumped"), ["opioid", "overdose"], "a word the corpus lacks");
  // Without a count of documents (analyzeQuery's callers that give none), no word is read alone.
  const reading = { entries: one.lay, settings: LAY_SETTINGS };
  assert.deepEqual(analyzeQuery("found him on the sofa", [], undefined, undefined, reading).lay, []);
});
