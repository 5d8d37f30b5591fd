/**
 * The chat's adult answers against the protocols (clinical review 21): doses already given read as medics
 * write them, or the answer says they were not read (TP 1210: 3 mg of epinephrine, more only on base order);
 * a condition named decides the indication over a formulation's words (push-dose epinephrine for bradycardia
 * is a base order, TP 1212 step 11); an adult's offline answer leads with the dosing engine and quotes no
 * child's passage (-P protocols, MCG 1309's colour bands).
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  composeRetrievalOnlyAnswer,
  dosingForConversation,
  findDosesGiven,
  findPatientFacts,
  formatDoseResult,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { retrieveSections } from "../../functions-shared/handlers/bedrock_ai_chat/retrieve.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";
import {
  buildProtocolIndex,
  SAMPLE_DOCUMENTS,
  SAMPLE_HINTS,
} from "../../functions-shared/domain/protocols/mod.ts";
import { says } from "../support/adult_protocols.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });
const index = buildProtocolIndex({ kbVersion: "7", documents: SAMPLE_DOCUMENTS, hints: SAMPLE_HINTS });

Deno.test("doses already given, as medics write them: three of epinephrine in arrest is the limit (TP 1210 p. 1 step 9, p. 5 note 10)", async () => {
  await says("TP 1210", "Repeat every 5 min x2 additional doses; maximum total dose 3mg");
  await says("TP 1210", "Additional doses of epinephrine should only be administered with Base order");
  for (
    const question of [
      "adult cardiac arrest, 3 doses of epi given, next epi?",
      "adult arrest gave epi x3 already",
      "adult arrest, epi x 3 given, next dose",
      "adult in asystole, three doses of epi so far, epi?",
      "adult arrest, gave x3 epi, another?",
      "adult pea arrest, 3x epi already, next epi",
      "adult arrest, gave epi three times, next?",
    ]
  ) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 1, question);
    assert.equal(outcomes[0].request.dosesGiven, 3, question);
    assert.equal(outcomes[0].refusal?.code, "LIMIT_REACHED", question);
    const answer = composeRetrievalOnlyAnswer({ reason: "offline", sections: [], dosing: outcomes });
    assert.doesNotMatch(answer, /next: 1 mg/, question);
  }
  // A limit or a question is not a history; an amount is not a count.
  for (
    const text of [
      "max 3 doses of epi?",
      "can I give 2 doses of epi",
      "already gave 5 mg",
      "shocked x3",
      // "<N> <drug> given" may be an amount; "N doses" with no drug named may be another drug's.
      "adult arrest, given 3 epi, next?",
      "gave one dose already, next?",
    ]
  ) {
    assert.equal(findDosesGiven(text), undefined, text);
  }
  assert.equal(findDosesGiven("after two doses of epi"), 2);
  assert.equal(findDosesGiven("gave 1 dose of epi already, next?"), 1);
});

Deno.test("doses given that could not be counted are named, first, rather than a next dose offered silently", () => {
  for (
    const question of []
  ) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes[0].request.dosesGiven, undefined, question);
    assert.match(notes[0] ?? "", /^Doses already given were not read/, question);
    assert.match(notes[0], /N doses given.*patient\.dosesGiven/, question);
    const answer = composeRetrievalOnlyAnswer({
      reason: "offline",
      sections: [{ protocolNumber: "TP 1210", title: "Cardiac arrest", text: "protocol text" }],
      dosing: outcomes,
      dosingNotes: notes,
    });
    assert.ok(answer.indexOf("Doses already given were not read") < answer.indexOf("[TP 1210]"), question);
  }
  // Named as given with no count or amount: one dose read (the fewest it can mean), said first (MD8 H4). A
  // child's next dose has a maximum too (review 4, M5).
  for (const question of ["adult arrest, epi given, next epi?", "20 kg child in arrest, epi given, next?"]) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes[0].request.dosesGiven, 1, question);
    assert.match(
      notes[0] ?? "",
      /^No count of epi doses given was said: "epi given" is read as one dose given/,
    );
    assert.match(notes[0], /N doses given.*patient\.dosesGiven/, question);
  }
  // An amount more than one dose ("2 mg" of arrest epinephrine is two), or a number beside the drug named as given
  // that no count reader read, is asked: how many in all (MD9 H1, MD10 H1), never a first dose.
  for (
    const question of [
      "adult arrest, already gave 2 mg of epi, more?",
      "adult arrest, epi x2 given by us and 1 by fire, epi?",
      "adult arrest, gave 1 of 3 doses of epi, next?",
    ]
  ) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.deepEqual(outcomes.map((o) => o.refusal?.code), ["DOSES_GIVEN_UNCLEAR"], question);
  }
  // Counted, or no history spoken of: no such note.
  for (
    const question of [
      "adult arrest, 2 doses of epi given, next?",
      "adult anaphylaxis epi dose",
      "push dose epi for bradycardia adult 70kg bp 70",
    ]
  ) {
    const { notes } = dosingForConversation([user(question)]);
    assert.ok(!notes.some((n) => /were not read/.test(n)), question);
  }
});

Deno.test("a condition named decides over a formulation's words: push-dose epinephrine for bradycardia is a base order (TP 1212 p. 1 step 11)", async () => {
  await says(
    "TP 1212",
    "CONTACT BASE to obtain order for Normal Saline 1L IV/IO rapid infusion and/or Push-dose Epinephrine",
  );
  for (
    const question of [
      "push dose epi for bradycardia adult 70kg bp 70",
      "adult 70 kg bradycardic, bp 70, push dose epinephrine",
    ]
  ) {
    const [o] = dosingForConversation([user(question)]).outcomes;
    assert.equal(o.request.indication, "bradycardia", question);
    assert.ok(o.result?.warnings.includes("Only on a base hospital order (TP 1212)."), question);
    assert.match(o.result?.citation ?? "", /^TP 1212; MCG 1317\.17/, question);
    assert.doesNotMatch(formatDoseResult(o.result!), /with the first dose/, question);
    // The first push is the base order; the pushes after it are within that order (L2 of the review).
    assert.match(formatDoseResult(o.result!), /next: 10 mcg after 1–5 min\b/, question);
    assert.doesNotMatch(formatDoseResult(o.result!), /next: [^.]*on a base hospital order/, question);
    assert.match(formatDoseResult(o.result!), /Within the base hospital order \(TP 1212 step 11\)/, question);
  }
  // Named without a condition, the formulation's words still choose its row.
  const [plain] = dosingForConversation([user("push dose epi adult 70 kg bp 70")]).outcomes;
  assert.equal(plain.request.indication, "push-dose");
});

Deno.test("'combative adult' midazolam follows TP 1209 step 10 unless step 11 holds, said first", () => {
  for (const question of ["combative adult pt versed im how much", "severe agitation adult versed IM"]) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.ok(outcomes.length > 0);
    for (const o of outcomes) {
      assert.equal(o.request.indication, "agitation", question);
      assert.equal(o.result?.next?.baseContactRequired, true, question);
      assert.match(o.result?.warnings[0] ?? "", /^Contact base as the first dose is given/, question);
    }
  }
});

Deno.test("step 11 asked for by name chooses its row; its conditions in words are step 10's, which says how to ask (TP 1209 p. 1 steps 10-11)", async () => {
  await says("TP 1209", "For SEVERE AGITATION WITH ALOC who pose an IMMEDIATE RISK");
  // The chat does not judge whether ALOC and an immediate risk are both said and not denied (review 5).
  for (
    const question of [
      "50 yo severe agitation with ALOC, immediate risk to crew, versed IM",
      "combative 50 yo with ALOC, immediate risk to crew, versed IM",
      "adult agitated, aloc and immediate risk to self, midazolam IN",
    ]
  ) {
    const [o] = dosingForConversation([user(question)]).outcomes;
    assert.equal(o.request.indication, "agitation", question);
    assert.equal(o.result?.next?.baseContactRequired, true, question);
    assert.match(o.result?.warnings[0] ?? "", /agitation-severe/, question);
  }
  for (
    const question of [
      "50 yo severe agitation with ALOC, immediate risk to crew, TP 1209 step 11, versed IM",
      "combative 50 yo, agitation-severe, versed IM",
      "adult agitated, step 11, midazolam IN",
    ]
  ) {
    const [o] = dosingForConversation([user(question)]).outcomes;
    assert.equal(o.request.indication, "agitation-severe", question);
    assert.deepEqual([o.result?.dose, o.result?.next?.dose], [{ value: 5, unit: "mg" }, {
      value: 5,
      unit: "mg",
    }]);
    assert.equal(o.result?.next?.baseContactRequired, false, question);
  }
  // The larger patient's single 10 mg, named, is its own row.
  const [large] =
    dosingForConversation([user("agitated, large agitated patient 120 kg, versed IM")]).outcomes;
  assert.equal(large.request.indication, "agitation-high-risk");
  assert.deepEqual(large.result?.dose, { value: 10, unit: "mg" });
});

Deno.test("a teenager's age without a unit is a child's cue for grounding ('teenager 14', '14 y/o')", () => {
  const numbers = (question: string) => [
    ...new Set(retrieveSections(index, [user(question)], undefined).map((s) => s.protocolNumber)),
  ];
  for (
    const question of [
      "teenager 14 seizing versed",
      "teen 13 seizing versed",
      "adolescent, 12, seizure versed",
      "14 yr old seizing versed",
      "14 y/o seizing versed",
      "age 14 seizing versed",
    ]
  ) {
    assert.equal(findPatientFacts(question).ageYears, Number(/\d+/.exec(question)![0]), question);
    assert.ok(numbers(question).includes("TP 1231-P"), `${question}: ${numbers(question)}`);
  }
  // Fifteen and older, or an adult weight, is an adult: no child's passage.
  for (const question of ["teenager 17 seizing versed", "60 yo seizure versed dose"]) {
    assert.ok(!numbers(question).some((n) => n.endsWith("-P")), question);
  }
  // A bare "N yrs" is as often how long something has lasted (review 5): no age, so no band from it.
  for (
    const question of [
      "pt with seizures for 10 yrs, seizing, versed IM",
      "10 yrs seizure disorder, seizing, versed IM",
      "pt quit smoking 10 yrs ago, CP, nitro",
      "pt sober 2 years, now OD, narcan IN?",
      "on dialysis 3 yrs, hyperkalemia, calcium?",
      "pt with seizures since age 5, seizing now, versed IM?",
      "asthmatic since 8 yo, wheezing, albuterol",
      "since she was 6 yrs old she has had seizures, versed",
      "14 yr seizing versed",
    ]
  ) {
    assert.equal(findPatientFacts(question).ageYears, undefined, question);
  }
  // A unit after the number is not an age.
  assert.deepEqual(findPatientFacts("teen 20 kg seizing"), { weightKg: 20 });
  assert.equal(findPatientFacts("aged 14 months, seizing").ageYears, 14 / 12);
});

Deno.test("an adult's answer quotes no child's passage and leads with the dosing engine", () => {
  const numbers = (question: string, patient = {}) => [
    ...new Set(retrieveSections(index, [user(question)], patient).map((s) => s.protocolNumber)),
  ];
  for (
    const question of [
      "epi dose for anaphylaxis adult",
      "svt 180 adenosine dose",
      // Not "bradycardia atropine dose": the sample has no bradycardia passage, and TP 1210 answered it only
      // because "dose", once in TP 1210 and once in TP 1231, pointed to the one listed first.
      "cardiac arrest epinephrine dose",
      "seizure versed dose",
    ]
  ) {
    const shown = numbers(question);
    assert.ok(shown.length > 0, question);
    assert.ok(!shown.some((n) => n.endsWith("-P") || n === "MCG 1309"), `${question}: ${shown}`);
  }
  // A child (by words, by the body's facts, or by a tape weight in the text) keeps them; so does a named one.
  assert.ok(numbers("peds seizure versed").includes("TP 1231-P"));
  assert.ok(numbers("seizure versed dose", { weightKg: 14 }).includes("TP 1231-P"));
  assert.ok(numbers("14 kg seizing, versed dose").includes("TP 1231-P"));
  assert.ok(numbers("MCG 1309 adult epi").includes("MCG 1309"));

  const question = "epi dose for anaphylaxis adult";
  const { outcomes, notes } = dosingForConversation([user(question)]);
  const answer = composeRetrievalOnlyAnswer({
    reason: "offline",
    sections: retrieveSections(index, [user(question)], undefined),
    dosing: outcomes,
    dosingNotes: notes,
  });
  assert.ok(answer.indexOf("Dosing engine") > 0);
  assert.ok(answer.indexOf("Dosing engine") < answer.indexOf("\n["), answer);
  assert.doesNotMatch(answer, /WHITE|GREY|YELLOW|1219-P/);
});

Deno.test("a repeat count reads '1 dose', not '1 doses'", () => {
  const text = formatDoseResult(calculateDose({ medication: "aspirin", ageYears: 40 }));
  assert.match(text, /at most 1 dose\b/);
  assert.doesNotMatch(text, /\b1 doses/);
});
