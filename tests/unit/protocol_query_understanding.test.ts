/**
 * Query understanding on small corpora written here (not the LA County documents): spelling read
 * against the index's own terms, policy and destination intent, the corpus's word → protocol
 * associations and the specificity that scales one-word hints, and the scaling of broad documents.
 */
import assert from "node:assert/strict";
import {
  analyzeQuery,
  buildProtocolIndex,
  loadProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { addAssociations, shareOf } from "../../functions-shared/domain/protocols/association.ts";
import { pediatricIntent, queryIntent } from "../../functions-shared/domain/protocols/query.ts";
import { correctionDistance, spellingCorrector } from "../../functions-shared/domain/protocols/spelling.ts";
import { madeUpDocument as doc } from "../support/made_up_document.ts";

const DOCUMENTS = [
  doc("1222", "Hyperthermia", [
    "Move out of the heat. Heat stroke: hot skin, confused or unresponsive. Heat exhaustion: cool the patient.",
  ]),
  doc("1222-P", "Hyperthermia", ["Children left in a hot car: heat illness, cool rapidly."]),
  doc("1229", "Altered Level of Consciousness", [
    "Confused or unresponsive: check glucose, look for a cause.",
  ]),
  doc("1231", "Seizure", ["Confused after the seizure (postictal). Midazolam for active seizure."]),
  doc("1232", "Stroke", ["Facial droop, arm drift, confused speech. Note the last known well time."]),
  doc("1370", "Traumatic Hemorrhage Control", [
    "Apply a tourniquet above the wound; sepsis is not a concern.",
  ]),
  doc("521", "Stroke Patient Destination", ["Transport stroke patients to a stroke center."], "policy"),
  doc(
    "834",
    "Patient Refusal of Treatment",
    ["A patient with capacity may refuse; document the refusal."],
    "policy",
  ),
];
const index = buildProtocolIndex({ kbVersion: "t", documents: DOCUMENTS, hints: [] });
const numbers = (q: string, options = {}) =>
  searchProtocols(index, q, options).hits.map((h) => h.protocolNumber);

Deno.test("edits forgiven grow with the word's length: none up to 3 letters, then 1, 2, 3", () => {
  assert.deepEqual([3, 4, 6, 7, 9, 10, 14].map(correctionDistance), [0, 1, 1, 2, 2, 3, 3]);
});

Deno.test("spelling: an unknown word is read as the nearest corpus term; known, short and numeric words stay", () => {
  const correct = spellingCorrector(index.postings);
  assert.equal(correct("tourniqette"), "tourniquet"); // 3 edits in 11 letters
  assert.equal(correct("sepsys"), "sepsis");
  assert.equal(correct("midazolom"), "midazolam");
  assert.equal(correct("tourniquet"), "tourniquet");
  assert.equal(correct("tourn"), "tourn", "the start of a corpus term is a word being typed, not a typo");
  assert.equal(correct("hte"), "hte", "three letters: too many terms are one edit away");
  assert.equal(correct("zzzzzzzz"), "zzzzzzzz", "nothing near: left as typed");
  assert.equal(correct("0.4mg"), "0.4mg");
});

Deno.test("spelling: the corrected word is searched, and the reading is reported", () => {
  const { hits, interpretation } = searchProtocols(index, "tourniqette peds");
  assert.equal(hits[0]?.protocolNumber, "1370");
  assert.deepEqual(interpretation.corrections, [{ typed: "tourniqette", read: "tourniquet" }]);
  assert.deepEqual(searchProtocols(index, "tourniqette", { plain: true }).interpretation.corrections, []);
});

Deno.test("intent: where to go is destination, who may / forms / can I are policy, a dose question is neither", () => {
  for (
    const q of [
      "which hospital for a stroke",
      "where do I take a burn patient",
      "can I take a drunk patient to a sobering center",
      "STEMI destination",
      "hospital on diversion",
    ]
  ) assert.equal(queryIntent(q), "destination", q);
  for (
    const q of [
      "can I restrain him",
      "who may pronounce death",
      "which form for a lost controlled drug",
      "paperwork for a refusal",
      "can an EMT give naloxone",
    ]
  ) assert.equal(queryIntent(q), "policy", q);
  for (const q of ["can I give aspirin if he took some", "midazolam dose seizure", "chest pain"]) {
    assert.equal(queryIntent(q), null, q);
  }
});

Deno.test("intent: a destination question puts the destination policy above the treatment protocol", () => {
  assert.equal(numbers("stroke")[0], "1232");
  assert.equal(numbers("which hospital for a stroke")[0], "521");
  assert.equal(numbers("which hospital for a stroke", { plain: true })[0], "1232");
  assert.equal(numbers("can I document a refusal")[0], "834");
});

Deno.test("associations: a word the treatment protocols use in one family points there; a spread word nowhere", () => {
  const hints = new Map<string, number>();
  addAssociations(index, ["heat"], [4, 3, 2.5, 1.5, 1], hints);
  assert.deepEqual([...hints.keys()], ["1222"], "heat: Hyperthermia and its -P twin");
  assert.equal(hints.get("1222"), 1);
  const spread = new Map<string, number>();
  addAssociations(index, ["confused"], [4, 3, 2.5, 1.5, 1], spread);
  assert.deepEqual([...spread], [], "confused: ALOC, Seizure and Stroke alike");
  addAssociations(index, ["refusal", "nosuchword"], [4, 3, 2.5, 1.5, 1], spread);
  assert.deepEqual([...spread], [], "words only policies use, or none, point to no protocol");
});

Deno.test("associations: a word split evenly between two protocols points to neither; half and less to the half", () => {
  // "tpa": once in TP 1230 and once in TP 1232. The first family in the index's order took it whole, and
  // put Dizziness above Stroke for "tpa exclusion".
  const split = buildProtocolIndex({
    kbVersion: "s",
    documents: [
      doc("1230", "Dizziness", ["Eligibility for TPA depends on the last known well time."]),
      doc("1232", "Stroke", ["Eligibility for TPA depends on the last known well time. Glucose."]),
      doc("1203", "Diabetic Emergencies", ["Check glucose."]),
    ],
    hints: [],
  });
  const boosts = [4, 3, 2.5, 1.5, 1];
  assert.equal(shareOf(split, "tpa", "1230", boosts), 0.5);
  const tied = new Map<string, number>();
  addAssociations(split, ["tpa"], boosts, tied);
  assert.deepEqual([...tied], [], "an even split points nowhere");
  const half = new Map<string, number>();
  addAssociations(split, ["glucose"], boosts, half);
  assert.deepEqual([...half], [], "glucose: half and half");
  addAssociations(split, ["eligibility", "well"], boosts, half);
  assert.deepEqual([...half], []);
  const uneven = buildProtocolIndex({
    kbVersion: "u",
    documents: [
      doc("1230", "Dizziness", ["TPA."]),
      doc("1232", "Stroke", ["TPA. TPA."]),
      doc("1203", "Diabetic Emergencies", ["TPA."]),
    ],
    hints: [],
  });
  const one = new Map<string, number>();
  addAssociations(uneven, ["tpa"], boosts, one);
  assert.deepEqual([...one], [["1232", 0.5]], "half, more than any other: still points there");
  assert.deepEqual(
    searchProtocols(split, "tpa").hits.map((h) => h.protocolNumber).slice(0, 2),
    ["1232", "1230"],
    "no association: the vocabulary's hint (tpa → TP 1232) orders them",
  );
});

Deno.test("specificity: shares per protocol family; null for a word no treatment protocol uses", () => {
  const boosts = [4, 3, 2.5, 1.5, 1];
  assert.equal(shareOf(index, "heat", "1222-P", boosts), 1);
  const confused = shareOf(index, "confused", "1229", boosts)!;
  assert.ok(confused > 0.2 && confused < 0.5, String(confused));
  assert.equal(shareOf(index, "refusal", "1229", boosts), null);
  assert.equal(shareOf(index, "heat", "9999", boosts), null);
});

Deno.test("a one-word hint is scaled by its specificity; without a measure it counts whole", () => {
  // An impression phrase of one word counts 0.5 before its specificity (query.ts).
  const hints = [{ phrase: "woozy", protocols: ["1229"] }];
  assert.equal(analyzeQuery("woozy", hints).hints.get("1229"), 0.5);
  assert.equal(analyzeQuery("woozy", hints, undefined, () => 0.5).hints.get("1229"), 0.25);
  assert.equal(analyzeQuery("woozy", hints, undefined, () => 0.01).hints.get("1229"), 0.125, "floor 1/4");
  assert.equal(analyzeQuery("woozy", hints, undefined, () => null).hints.get("1229"), 0.5);
  // A phrase of two words is specific enough as it is.
  const phrase = [{ phrase: "woozy spell", protocols: ["1229"] }];
  assert.equal(analyzeQuery("woozy spell", phrase, undefined, () => 0.01).hints.get("1229"), 1);
});

Deno.test("in the heat and confused: the specific word wins over the generic one", () => {
  assert.equal(numbers("roofer confused in the heat")[0], "1222");
  assert.equal(
    numbers("roofer confused in the heat", { plain: true })[0],
    "1229",
    "the vocabulary alone reads ALOC",
  );
});

Deno.test("a document of many sections is scaled down against one of few with the same match", async () => {
  const filler = Array.from({ length: 63 }, (_, i) => `Data element ${i} definition and values.`);
  const broad = doc(
    "640",
    "Data Dictionary",
    ["Choking: airway obstruction by a foreign body.", ...filler],
    "policy",
  );
  const short = doc("805", "Poison Control", ["Choking: airway obstruction by a foreign body."], "policy");
  const both = buildProtocolIndex({ kbVersion: "b", documents: [broad, short] });
  const ranked = searchProtocols(both, "choking foreign body").hits;
  assert.deepEqual(ranked.map((h) => h.protocolNumber), ["805", "640"]);
  assert.ok(Math.abs(ranked[1].score / ranked[0].score - Math.sqrt(16 / 64)) < 0.01);
  // Serialized and loaded back, the index reads queries the same way.
  const loaded = await loadProtocolIndex(await serializeIndex(both));
  assert.deepEqual(searchProtocols(loaded, "choking foreign body").hits.map((h) => h.protocolNumber), [
    "805",
    "640",
  ]);
});

Deno.test("ages as crews write them; a spelt-out duration is not an age; the county's line is 14", () => {
  for (
    const q of [
      "age 8 seizure",
      "3 y.o. fever",
      "twelve year old asthma",
      "14 y/o",
      "18 mo fever",
      "2 wk old",
    ]
  ) {
    assert.equal(pediatricIntent(q), true, q);
  }
  for (const q of ["age 15", "fifteen year old asthma", "pt is 15 yo", "seizure 40 year old"]) {
    assert.equal(pediatricIntent(q), false, q);
  }
  for (const q of ["vomiting for three days", "diabetic for 10 years", "cough for 2 weeks"]) {
    assert.equal(pediatricIntent(q), null, q);
  }
});

Deno.test('apostrophes: "can\'t breathe" is read as "cant breathe" by the vocabulary, impressions and glossary', () => {
  // An impression written with an apostrophe meets a query typed without one, and the other way round.
  const impressions = [{ phrase: "can't catch breath", protocols: ["1237"] }];
  const reading = {
    entries: [{ phrases: ["wont wake up"], targets: ["unresponsive"] }],
    settings: { weight: 0.5, minWords: 2, maxTerms: 6 },
  };
  const correct = spellingCorrector(index.postings);
  for (const [curly, straight] of [["can’t breathe", "cant breathe"], ["can't breathe", "cant breathe"]]) {
    const a = analyzeQuery(curly, impressions, correct, undefined, reading);
    const b = analyzeQuery(straight, impressions, correct, undefined, reading);
    assert.deepEqual(a, b, curly);
    assert.ok(a.expansions.includes("respiratory"), `${curly}: the vocabulary's "cant breathe" is read`);
  }
  const typed = analyzeQuery(
    "he cant catch breath and won’t wake up",
    impressions,
    correct,
    undefined,
    reading,
  );
  assert.equal(typed.hints.get("1237"), 1, 'the impression written "can\'t catch breath"');
  assert.deepEqual(typed.lay, [["unresponsive"]], 'the glossary\'s "wont wake up"');
  // A word typed with an apostrophe is English as written: not "corrected" to a nearby corpus term.
  const eager = (t: string) => ({ sepsys: "sepsis", cant: "cart" })[t] ?? t;
  assert.deepEqual(analyzeQuery("can't sepsys", [], eager).corrections, [{
    typed: "sepsys",
    read: "sepsis",
  }]);
  assert.deepEqual(analyzeQuery("cant", [], eager).corrections, [{ typed: "cant", read: "cart" }]);
  // Before, "can't" split into the stop words "can" and "t" and the vocabulary never saw it.
  assert.ok(!analyzeQuery("can breathe").expansions.includes("respiratory"));
});

Deno.test("intent: a policy question weighs a policy's body, where its answer is, over a title of the same words", () => {
  // Two policies of the same words: one names them in its title, the other answers in its body.
  const policies = buildProtocolIndex({
    kbVersion: "p",
    hints: [],
    documents: [
      doc("528", "Sobering Center Transport", ["Program overview, contracts and site list."], "policy"),
      doc("529", "Field Triage Options", [
        "A paramedic may transport an intoxicated adult to a sobering center when the screening criteria are met.",
      ], "policy"),
    ],
  });
  const first = (q: string) => searchProtocols(policies, q).hits[0]?.protocolNumber;
  assert.equal(queryIntent("sobering center transport"), null);
  assert.equal(first("sobering center transport"), "528", "a clinical-style query: the title");
  assert.equal(queryIntent("can a paramedic transport to a sobering center"), "destination");
  assert.equal(first("can a paramedic transport to a sobering center"), "529", "the question: the body");
  assert.equal(queryIntent("can a paramedic do a sobering center transport"), "policy");
  assert.equal(first("can a paramedic do a sobering center transport"), "529");
});

Deno.test("intent: a presentation's hint lifts no treatment protocol over the policy asked about; a policy's hint counts", () => {
  // The scope policy's body matches a word more than the protocol's; "heat stroke" points to Hyperthermia
  // (the vocabulary), which without the rule still ranked first by that hint (331 against 150).
  const corpus = buildProtocolIndex({
    kbVersion: "h",
    hints: [],
    documents: [
      doc("1222", "Hyperthermia", ["Heat stroke: an EMT may cool the patient with cold packs."]),
      doc("1229", "Altered Level of Consciousness", ["Confused: check glucose."]),
      doc("802", "EMT Scope of Practice", [
        "Heat stroke: an EMT may cool the patient with cold packs in the field.",
      ], "policy"),
      // Two policies of the same words: only the vocabulary's hint ("AMA" → Ref. 834) tells them apart.
      doc("834", "Field Release", ["Refusal of treatment: capacity and documentation."], "policy"),
      doc("835", "Field Release", ["Refusal of treatment: capacity and documentation."], "policy"),
    ],
  });
  const ranked = (q: string) => searchProtocols(corpus, q).hits.map((h) => h.protocolNumber);
  assert.equal(ranked("EMT cool heat stroke cold packs")[0], "1222", "a clinical question: the hint counts");
  const question = "can an EMT cool heat stroke with cold packs in the field";
  assert.equal(queryIntent(question), "policy");
  assert.equal(ranked(question)[0], "802");
  // Under the same intent a hint to a policy still counts.
  const refusal = "can I document capacity for an AMA";
  assert.equal(queryIntent(refusal), "policy");
  const [hinted, twin] = searchProtocols(corpus, refusal).hits;
  assert.deepEqual([hinted.protocolNumber, twin.protocolNumber], ["834", "835"]);
  assert.ok(
    hinted.score > twin.score * 1.5,
    `by its hint, not by the order found: ${hinted.score} ${twin.score}`,
  );
});

Deno.test("hints weigh more in a long description: past four typed words, half again per four more", () => {
  // Twin documents; "heat stroke" (the vocabulary) points to 1222 only. Words no document holds lengthen
  // the query without matching anything, so the twins' ratio is the hint's factor alone.
  const twins = buildProtocolIndex({
    kbVersion: "l",
    hints: [],
    documents: [
      doc("1222", "Heat Illness", ["Heat stroke: cool the patient."]),
      doc("1223", "Heat Illness", ["Heat stroke: cool the patient."]),
    ],
  });
  const hintFactor = (q: string, options = {}) => {
    const hits = searchProtocols(twins, q, options).hits;
    assert.deepEqual(hits.map((h) => h.protocolNumber), ["1222", "1223"], q);
    return hits[0].score / hits[1].score - 1;
  };
  const short = hintFactor("heat stroke");
  assert.ok(short > 0.5, String(short));
  const close = (a: number, b: number) => Math.abs(a - b) < 0.01 * b;
  assert.ok(close(hintFactor("heat stroke quokka wombat"), short), "four words: as short");
  assert.ok(close(hintFactor("heat stroke quokka wombat numbat bilby"), short * 1.25), "six words");
  assert.ok(close(hintFactor("heat stroke quokka wombat numbat bilby dingo potoroo"), short * 1.5), "eight");
  // The plain search (the benchmark's baseline) keeps one weight.
  const plain = hintFactor("heat stroke", { plain: true });
  assert.ok(
    close(hintFactor("heat stroke quokka wombat numbat bilby dingo potoroo", { plain: true }), plain),
  );
});
