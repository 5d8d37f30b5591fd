/**
 * The chat's dosing context where the engine asks a child's indication: a child's midazolam or IM/IV
 * epinephrine without one reaches the model as the engine's question (never a dose), and a crush injury
 * qualified anywhere in the message ("before extrication", "hyperkalemia") is dosed by TP 1242-P's step for it.
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  type ChatTurn,
  composeRetrievalOnlyAnswer,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";
import { normalise, readDocument } from "../support/adult_protocols.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

function outcomesOf(question: string) {
  const { outcomes } = dosingForConversation([user(question)]);
  for (const o of outcomes) if (o.result) assert.deepEqual(o.result, calculateDose(o.request), question);
  return outcomes;
}

Deno.test("chat: a child's midazolam or IM/IV epinephrine without an indication is asked for it, never dosed", () => {
  const cases: [string, string[][]][] = [
    // By vein a child's midazolam is sedation only: what the route withholds is listed too (TP 1209-P, 1231-P).
    ["10 kg child, midazolam IV dose?", [[
      "agitation",
      "behavioral-crisis",
      "agitation-severe",
      "sedation",
      "seizure",
    ]]],
    ["10 kg child, epi IM?", [["anaphylaxis", "bronchospasm", "airway-swelling"]]],
    // No route: both formulations still open ask the same words, so the question is asked once (Stop 47).
    ["10 kg child, midazolam?", [[
      "agitation",
      "behavioral-crisis",
      "agitation-severe",
      "sedation",
      "seizure",
    ]]],
  ];
  for (const [question, asked] of cases) {
    const outcomes = outcomesOf(question);
    assert.deepEqual(
      outcomes.map((o) => [o.result?.dose ?? null, o.refusal?.code, o.refusal?.details.indications]),
      asked.map((indications) => [null, "AMBIGUOUS_INDICATION", indications]),
      question,
    );
  }
  // Said, the indication is dosed as before.
  const [anaphylaxis] = outcomesOf("10 kg child, anaphylaxis, epi IM?");
  assert.deepEqual([anaphylaxis.request.indication, anaphylaxis.result?.dose.value], ["anaphylaxis", 0.1]);
  const [seizing] = outcomesOf("10 kg child seizing, midazolam IN?");
  assert.equal(seizing.result?.variant.id, "midazolam-seizure-in-im");
});

Deno.test("chat: a child's midazolam for agitation asked by vein is 0.1 mg/kg IV through an established IV (TP 1209-P note 7); unrouted, only IN/IM is answered", () => {
  for (
    const question of [
      "20 kg child combative, versed IV",
      "20 kg child combative, versed iv",
      "20 kg kid, severe agitation, midazolam IV?",
      "20 kg uncooperative child, give versed iv",
    ]
  ) {
    const outcomes = outcomesOf(question);
    assert.equal(outcomes.length, 1, question);
    assert.equal(outcomes[0].request.route, "IV", question);
    assert.equal(outcomes[0].result?.route, "IV", question);
    assert.ok(outcomes[0].result!.dose.value <= 5, question);
    assert.ok(outcomes[0].result!.warnings.some((w) => /TP 1209-P note 7/.test(w)), question);
  }
  for (const question of ["20 kg child agitated, versed dose?", "20 kg child combative, midazolam"]) {
    const outcomes = outcomesOf(question);
    assert.deepEqual(
      outcomes.map((o) => [o.result?.route, o.result?.dose.value]),
      [["IN/IM", 4]],
      question,
    );
  }
  // By bone: refused (MCG 1317.25 prints a child's agitation dose IV only).
  const [io] = outcomesOf("20 kg child combative, versed IO");
  assert.equal(io.refusal?.code, "ROUTE_NOT_AVAILABLE");
});

Deno.test("chat: a child's IM epinephrine without an indication leads with the question and gives no dose meanwhile (TP 1219-P, 1234-P, 1237-P)", () => {
  const question = "10 kg child, epi IM?";
  const dosing = dosingForConversation([user(question)]);
  assert.deepEqual(dosing.outcomes.map((o) => [o.result, o.refusal?.code]), [[
    undefined,
    "AMBIGUOUS_INDICATION",
  ]]);
  const LEADS =
    /^Which indication is the epi for: anaphylaxis, bronchospasm or airway swelling\? No dose is given until it is said\. Epinephrine: /;
  // Offline: the first line after the mode's is the question, before any protocol text; no dose line anywhere.
  const answer = composeRetrievalOnlyAnswer({
    reason: "offline",
    sections: [{ protocolNumber: "TP 1219-P", title: "Allergy", text: "protocol text" }],
    dosing: dosing.outcomes,
    dosingNotes: dosing.notes,
  });
  const [, first] = answer.split("\n\n");
  assert.match(first.replace(/^Dosing engine: /, ""), LEADS, answer);
  assert.doesNotMatch(answer, /\bdose: |\bvolume: /);
  // To the model: the refusal opens with the same question.
  const built = buildConversePrompt({ messages: [user(question)], dosing });
  assert.match(
    built.request.system![1].text,
    /<refusal medication="epi">\nWhich indication is the epi for: /,
  );
  // Said, the indication is dosed (MCG 1309: 0.01 mg/kg, 0.1 mg at 10 kg).
  const [o] = outcomesOf("10 kg child, bee sting anaphylaxis, epi IM?");
  assert.deepEqual(o.result?.dose, { value: 0.1, unit: "mg" });
});

Deno.test("chat: a crush injury is dosed by what the medic says it shows, a child asked otherwise (TP 1242-P steps 10, 13, 15; TP 1242 steps 10, 12, 14)", async () => {
  const tp = normalise(await readDocument("TP 1242-P"));
  assert.ok(tp.includes(normalise("administer the following medications 5 minutes prior to extrication")));
  assert.ok(tp.includes(normalise("Repeat x1 for persistent ECG abnormalities")));
  const cases: [string, string, number | string][] = [
    // Before extrication with TP 1242-P note 1's risk said: both legs, 2 hours (twentieth read, H1)
    [
      "20 kg child, crush injury to both legs, 2 hrs, calcium chloride before extrication",
      "crush-syndrome-risk",
      1,
    ],
    [
      "20 kg child legs pinned under a wall 2 hrs, crush injury, bicarb prior to extrication?",
      "crush-syndrome-risk",
      1,
    ],
    // The risk unsaid (no muscle group, no time): the crush injury's question (TP 1242-P steps 13, 15; note 1)
    [
      "20 kg child, crush injury, calcium chloride before extrication",
      "crush-injury",
      "AMBIGUOUS_INDICATION",
    ],
    ["20 kg child, crush injury with hyperkalemia on the monitor, calcium chloride", "crush-hyperkalemia", 2],
    ["20 kg child, crush injury, calcium chloride dose?", "crush-injury", "AMBIGUOUS_INDICATION"],
    // Both said: nothing settled, the engine asks.
    [
      "20 kg child, crush injury, hyperkalemia, before extrication, bicarb",
      "crush-injury",
      "AMBIGUOUS_INDICATION",
    ],
  ];
  for (const [question, indication, answer] of cases) {
    const [o, ...more] = outcomesOf(question);
    assert.equal(more.length, 0, question);
    assert.equal(o.request.indication, indication, question);
    assert.equal(o.result?.repeat?.maxDoses ?? o.refusal?.code, answer, question);
  }
  // An adult's unqualified crush injury keeps TP 1242 step 10's repeat, as before, and says when it applies.
  const [adult] = outcomesOf("adult, crush injury, calcium chloride");
  assert.deepEqual([adult.request.indication, adult.result?.repeat?.maxDoses], ["crush-injury", 2]);
  assert.match(adult.result?.repeat?.note ?? "", /step 10.*step 14.*none.*step 12/);
  // An adult's crush injury with hyperkalaemia is TP 1242 step 10's row (crush-hyperkalemia, the crush injury's
  // own), never TP 1212's hyperkalaemia (a base order first). Before extrication is, for both.
  for (const medication of ["calcium chloride", "bicarb"]) {
    const [withSigns] = outcomesOf(
      `adult 80 kg, crush injury with hyperkalemia on the monitor, ${medication}`,
    );
    assert.equal(withSigns.request.indication, "crush-hyperkalemia", medication);
    assert.equal(withSigns.result?.repeat?.maxDoses, 2, medication);
    assert.ok(!withSigns.result?.warnings.some((w) => w.includes("base hospital order")), medication);
    const [before] = outcomesOf(
      `adult 80 kg, crush injury, both legs, 2 hrs, ${medication} before extrication`,
    );
    assert.deepEqual([before.request.indication, before.result?.repeat?.maxDoses], [
      "crush-syndrome-risk",
      1,
    ]);
    // TP 1242 note 1's risk unsaid (no muscle group, no time): asked, never the crush injury's repeat (20th read, H1)
    const [unsaid] = outcomesOf(`adult 80 kg, crush injury, ${medication} before extrication`);
    assert.deepEqual([unsaid.request.indication, unsaid.refusal?.code], [undefined, "AMBIGUOUS_INDICATION"]);
  }
});

/**
 * "tca od" names the tricyclic overdose (TP 1241-P): with "wide qrs" beside it the message was read as agitation
 * with a wide QRS and answered with TP 1209-P's repeat (medical director's second review, Low).
 */
Deno.test("'tca od' is the tricyclic overdose, also beside 'wide qrs' (TP 1241-P)", () => {
  for (
    const text of ["20kg tca od, wide qrs, bicarb", "20kg tca od, bicarb", "adult tca od wide qrs bicarb"]
  ) {
    const { outcomes } = dosingForConversation([user(text)]);
    assert.ok(outcomes.length > 0, text);
    for (const o of outcomes) assert.equal(o.request.indication, "tricyclic-overdose", text);
  }
});
