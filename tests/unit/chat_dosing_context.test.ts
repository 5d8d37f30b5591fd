/**
 * From a conversation to calculateDose: medications, weight, colour, age, route and indication found
 * in the text; the request body's patient facts win; nothing computed or converted here.
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  extractDosingRequests,
  findMedications,
  findPatientFacts,
  findRoute,
  unavailableRoutes,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose, colorOfAge } from "../../functions-shared/domain/dosing/mod.ts";
import { refusalText } from "../../functions-shared/handlers/bedrock_ai_chat/chat_refusals.ts";
import { normalise, readDocument } from "../support/adult_protocols.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

Deno.test("medications by name or alias, longest match first, in order of mention", () => {
  assert.deepEqual(findMedications("Give versed then benadryl, and epi").map((m) => m.id), [
    "midazolam",
    "diphenhydramine",
    "epinephrine",
  ]);
  assert.deepEqual(findMedications("blood glucose is 40, give D10").map((m) => m.id), ["dextrose-10"]);
  assert.deepEqual(findMedications("nothing to give"), []);
});

Deno.test("patient facts: kg, tape colour (with a tape word), age in years or months, adult", () => {
  assert.deepEqual(findPatientFacts("10 kg child, purple on the tape"), { weightKg: 10, color: "purple" });
  assert.deepEqual(findPatientFacts("Broselow colour is gray"), { color: "grey" });
  assert.deepEqual(
    findPatientFacts("red rash on a 4 year old"),
    { ageYears: 4 },
    "a colour without a tape word is not a tape colour",
  );
  assert.deepEqual(findPatientFacts("6 month old"), { ageYears: 0.5 });
  assert.deepEqual(findPatientFacts("adult, anaphylaxis"), { color: "adult" });
  assert.deepEqual(findPatientFacts("longer than the tape"), { color: "longer-than-tape" });
  assert.deepEqual(findPatientFacts("weighs 44 lbs"), { poundsGiven: 44 });
});

Deno.test("routes: codes in capitals, names in any case", () => {
  assert.equal(findRoute("epinephrine IM"), "IM");
  assert.equal(findRoute("fentanyl intranasal"), "IN");
  assert.equal(findRoute("give it in the thigh"), undefined, "the word 'in' is not a route");
  assert.equal(findRoute("albuterol nebulized"), "NEB");
  assert.equal(findRoute("ondansetron ODT"), "PO");
});

Deno.test("routes the medic says they do not have never choose the route (issue 19: 'no IV')", () => {
  const cases: [string, string | undefined][] = [
    ["18 kg child with deformed forearm fracture, severe pain, no IV. intranasal fentanyl dose?", "IN"],
    ["no IV access, IN fentanyl", "IN"],
    ["IV not established, give it IN", "IN"],
    ["IV access failed, IO?", "IO"],
    ["couldn't get an IV, midazolam intranasal", "IN"],
    ["failed IV x2, midazolam IM", "IM"],
    ["no IV or IO, midazolam IN", "IN"],
    ["no IV, IO then", "IO"], // a comma ends the negated list
    ["fentanyl IV please, not IN", "IV"],
    ["no IV", undefined],
    ["IV fentanyl", "IV"],
  ];
  for (const [text, route] of cases) assert.equal(findRoute(text), route, text);
  assert.deepEqual(unavailableRoutes("no IV or IO, midazolam IN"), ["IV", "IO"]);
  assert.deepEqual(unavailableRoutes("IV fentanyl"), []);
});

Deno.test("the 'no IV' question gets the intranasal dose, and the model is told there is no IV", () => {
  const question =
    "18 kg child with deformed forearm fracture, severe pain, no IV. intranasal fentanyl dose?";
  const { outcomes, notes } = dosingForConversation([user(question)]);
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0].request.route, "IN");
  // "pain" chooses between fentanyl's indications (pain, trauma-pain): the chat sends it.
  assert.deepEqual(
    outcomes[0].result,
    calculateDose({ medication: "fentanyl", route: "IN", weightKg: 18, indication: "pain" }),
  );
  assert.equal(outcomes[0].result?.route, "IN");
  assert.ok(notes.some((n) => n.includes("no IV access")), notes.join(" | "));
  // Without another route named, the dose is not given by the route they lack.
  const bare = dosingForConversation([user("18 kg child, no IV, fentanyl dose?")]);
  assert.notEqual(bare.outcomes[0].request.route, "IV");
});

Deno.test("requests: each medication with its own route; indication from the words; body facts win", () => {
  const { requests } = extractDosingRequests(
    [user("Anaphylaxis in a 10 kg child: epinephrine IM and diphenhydramine IV?")],
  );
  assert.deepEqual(requests, [
    { medication: "epinephrine", route: "IM", weightKg: 10, indication: "anaphylaxis" },
    { medication: "diphenhydramine", route: "IV", weightKg: 10 }, // its indications do not include it
  ]);
  const body = extractDosingRequests([user("epinephrine IM for anaphylaxis, 10 kg")], { weightKg: 20 });
  assert.equal(body.requests[0].weightKg, 20);
});

Deno.test("a follow-up uses the previous question's medication and the newest facts", () => {
  const { requests } = extractDosingRequests([
    user("Fentanyl IN for pain?"),
    { role: "assistant", content: "What does the patient weigh?" },
    user("16 kg"),
  ]);
  assert.deepEqual(requests, [{ medication: "fentanyl", route: "IN", weightKg: 16, indication: "pain" }]);
});

Deno.test("no weight, colour or age: the engine is not asked, and the prompt is told why", () => {
  const extracted = extractDosingRequests([user("what's the dose of fentanyl?")]);
  assert.deepEqual(extracted.requests, []);
  assert.deepEqual(extracted.medications, ["fentanyl"]);
  assert.match(extracted.notes.join(" "), /No weight, tape colour or age/);
  const pounds = extractDosingRequests([user("fentanyl for a 44 lb kid")]);
  assert.deepEqual(pounds.requests, []);
  assert.match(pounds.notes[0], /44 lb.*kilograms.*rather than converting/);
});

Deno.test("outcomes are exactly calculateDose's answers or its refusals", () => {
  const { outcomes } = dosingForConversation([
    user("epinephrine IM for anaphylaxis, 10 kg child; and ondansetron"),
  ]);
  assert.deepEqual(
    outcomes[0].result,
    calculateDose({ medication: "epinephrine", route: "IM", weightKg: 10, indication: "anaphylaxis" }),
  );
  // Ondansetron names no route: each formulation is asked (ODT by mouth, IV/IM). At 10 kg with no age the
  // ODT needs one (4 years or older), which is kept with the engine's age bands; IV/IM is not for
  // children, which is no answer and is left out.
  assert.equal(outcomes.length, 2);
  const odt = outcomes[1];
  assert.equal(odt.request.route, "PO");
  assert.equal(odt.refusal?.code, "AGE_REQUIRED");
  assert.throws(() => calculateDose(odt.request), { code: odt.refusal?.code, message: odt.refusal?.message });
  assert.throws(() => calculateDose({ medication: "ondansetron", route: "IV/IM", weightKg: 10 }), {
    code: "NOT_FOR_THIS_PATIENT",
  });
  // Every route refused as not for this patient: those refusals are the answer.
  const noMouth = dosingForConversation([user("20 kg child nausea, ondansetron? NPO")]).outcomes;
  assert.deepEqual(noMouth.map((o) => [o.request.route, o.refusal?.code]), [[
    "IV/IM",
    "NOT_FOR_THIS_PATIENT",
  ]]);
  // With an age, the route that answers is the only one shown.
  const older = dosingForConversation([user("10 kg child, 5 years old, ondansetron")]).outcomes;
  assert.deepEqual(older.map((o) => [o.request.route, o.result?.dose.value]), [["PO", 4]]);
  assert.deepEqual(older[0].result, calculateDose(older[0].request));
});

Deno.test("at most three medications are dosed per message", () => {
  const { requests } = extractDosingRequests([
    user("10 kg: epinephrine, atropine, adenosine, amiodarone, naloxone"),
  ]);
  assert.equal(requests.length, 3);
});

Deno.test("adult facts from the words: systolic pressure and heart rate, as medics write them", () => {
  const cases: [string, Record<string, number | string>][] = [
    ["adult CHF, BP 168/90, nitro dose?", { color: "adult", systolicBp: 168 }],
    ["pressure 150/90, HR 120 bpm", { systolicBp: 150, heartRate: 120 }],
    ["SBP of 88, pulse 44", { systolicBp: 88, heartRate: 44 }],
    ["pain 10/10, 70 kg", { weightKg: 70 }], // a pain score is not a pressure
    // Doses given are the drug's, read per request (findDosesGiven), never a fact of the patient.
    ["after two doses of epi", {}],
    ["already gave 5 mg", {}],
  ];
  for (const [text, facts] of cases) assert.deepEqual(findPatientFacts(text), facts, text);
});

Deno.test("the facts reach the engine: nitroglycerin by pressure, a missing pressure refused naming it", () => {
  const chf = dosingForConversation([user("adult pulmonary edema, BP 172/100, nitroglycerin dose?")]);
  assert.deepEqual(chf.outcomes[0].request, {
    medication: "nitroglycerin",
    color: "adult",
    indication: "pulmonary-edema",
    systolicBp: 172,
  });
  assert.deepEqual(chf.outcomes[0].result, calculateDose(chf.outcomes[0].request));
  assert.deepEqual(chf.outcomes[0].result?.dose, { value: 0.8, unit: "mg" });
  const noBp = dosingForConversation([user("adult with CHF, nitroglycerin dose?")]);
  assert.deepEqual([noBp.outcomes[0].refusal?.code, noBp.outcomes[0].refusal?.field], [
    "FACT_REQUIRED",
    "systolicBp",
  ]);
  // The body's facts win over the words; doses given go only with a single medication asked about.
  const body = extractDosingRequests([user("adult, BP 150/90, fentanyl IV after two doses")], {
    systolicBp: 96,
    heartRate: 110,
  });
  assert.deepEqual(body.requests, [{
    medication: "fentanyl",
    route: "IV",
    color: "adult",
    systolicBp: 96,
    heartRate: 110,
    dosesGiven: 2,
  }]);
  const two = extractDosingRequests([user("adult, after two doses, fentanyl and ondansetron")]);
  assert.ok(two.requests.every((r) => r.dosesGiven === undefined));
});

Deno.test("doses given in an earlier turn never carry over to the next drug; earlier vitals are named as earlier", () => {
  const assistant = (content: string): ChatTurn => ({ role: "assistant", content });
  const vf = [
    user("adult in VF, after two doses of epi, what now?"),
    assistant("Continue CPR and shocks."),
    user("amiodarone dose?"),
  ];
  const { requests } = extractDosingRequests(vf);
  assert.deepEqual(requests.map((r) => [r.medication, r.dosesGiven]), [["amiodarone", undefined]]);
  // The first dose, as for a patient who has had none of it.
  const first = dosingForConversation(vf).outcomes[0];
  assert.deepEqual(first.result, calculateDose({ medication: "amiodarone", color: "adult" }));
  // A count in the question itself counts when it names the drug; "one dose" alone may be another drug's.
  const svt = (question: string) =>
    extractDosingRequests([user("adult SVT, adenosine?"), assistant("..."), user(question)]);
  assert.deepEqual(
    svt("gave 1 dose of adenosine already, next?").requests.map((r) => [r.medication, r.dosesGiven]),
    [["adenosine", 1]],
  );
  const unnamed = svt("gave one dose already, next?");
  assert.deepEqual(unnamed.requests.map((r) => [r.medication, r.dosesGiven]), [["adenosine", undefined]]);
  assert.match(unnamed.notes[0] ?? "", /^Doses already given were not read/);
  // Vitals from an earlier turn are used and the prompt is told they are not from this question.
  const chf = dosingForConversation([
    user("adult pulmonary edema, BP 172/100"),
    assistant("..."),
    user("nitroglycerin dose?"),
  ]);
  assert.equal(chf.outcomes[0].request.systolicBp, 172);
  assert.ok(chf.notes.some((n) => n.includes("systolic pressure (172)") && n.includes("earlier message")));
  const now = dosingForConversation([user("adult pulmonary edema, BP 172/100, nitroglycerin dose?")]);
  assert.ok(!now.notes.some((n) => n.includes("earlier message")));
});

Deno.test("an age without a weight: the dose for the tape colour MCG 1309 prints that age for, the basis stated", () => {
  const { outcomes, notes } = dosingForConversation([user("4 year old seizing, midazolam IN dose?")]);
  assert.deepEqual(outcomes[0].request, {
    medication: "midazolam",
    route: "IN",
    color: "white",
    ageYears: 4,
    indication: "seizure",
  });
  // MCG 1317.25's PediDOSE: 17 months to 5 years, 2.5 mg, at every weight of the white band.
  assert.deepEqual([outcomes[0].result?.dose, outcomes[0].result?.volumeMl], [
    { value: 2.5, unit: "mg" },
    0.5,
  ]);
  assert.match(notes.join(" "), /white band .*\(15, 16, 17, 18 kg\).*ages 3 years to under 5 years/);
  // A weight-based dose that differs across the band: the engine's options per weight, the same note.
  const toddler = dosingForConversation([user("2 year old, fentanyl IN?")]);
  assert.equal(toddler.outcomes[0].refusal?.code, "COLOR_NEEDS_WEIGHT");
  assert.deepEqual(toddler.outcomes[0].refusal?.details.weightsKg, [12, 13, 14]);
  assert.match(toddler.notes.join(" "), /yellow band .*19 months to under 3 years/);
  // Beyond the ages MCG 1309 prints (13 and 14): no band is assumed.
  const older = dosingForConversation([user("13 year old seizing, midazolam IN?")]);
  assert.equal(older.outcomes[0].refusal?.code, "WEIGHT_REQUIRED");
  // A weight given wins: no band is assumed.
  const weighed = extractDosingRequests([user("4 year old, 18 kg, midazolam IN for seizure")]);
  assert.equal(weighed.requests[0].color, undefined);
});

Deno.test("an age in months is placed in the tape band MCG 1309 prints that month beside (7 months red, 19 yellow)", async () => {
  const mcg1309 = await readDocument("MCG 1309");
  for (
    const printed of ["66 – 69.5 cm 7 - 8 months", "83 – 94.5 cm 19 -35 months", "62 – 66 cm 5 – 6 months"]
  ) {
    assert.ok(mcg1309.includes(normalise(printed)), `MCG 1309 prints "${printed}"`);
  }
  const cases: [number, string, string][] = [
    [6, "pink", "ages 3 months to under 7 months"],
    [7, "red", "ages 7 months to under 11 months"],
    [18, "purple", "ages 11 months to under 19 months"],
    [19, "yellow", "ages 19 months to under 3 years"],
  ];
  for (const [months, color, ages] of cases) {
    assert.equal(findPatientFacts(`${months} month old`).ageYears! * 12, months);
    assert.equal(colorOfAge(months / 12), color, `${months} months`);
    const { outcomes, notes } = dosingForConversation([user(`${months} month old, fentanyl IN?`)]);
    assert.equal(outcomes[0].request.color, color, `${months} months`);
    assert.match(notes.join(" "), new RegExp(`${color} band .*${ages}`), `${months} months`);
  }
  // The engine names such an age in months, not as 0.9166666666666666 years.
  const glucagon = calculateDose({ medication: "glucagon", weightKg: 10, ageYears: 11 / 12 });
  assert.ok(
    glucagon.warnings.some((w) => w.endsWith("gives 0.5 mg at 11 months.")),
    glucagon.warnings.join(" | "),
  );
});

/** What the chat asked the engine for one question, and its answer or refusal. */
function askedOnce(question: string) {
  const { outcomes } = dosingForConversation([user(question)]);
  assert.equal(outcomes.length, 1, question);
  const [o] = outcomes;
  if (o.result) assert.deepEqual(o.result, calculateDose(o.request), question);
  return o;
}

Deno.test("a child's nerve-agent atropine never takes the organophosphate dose; a stated severity is honoured (TP 1240-P s15)", async () => {
  const tp = normalise(await readDocument("TP 1240-P"));
  assert.ok(tp.includes(normalise("Mild Exposure: Atropine (0.1mg/mL) 0.02mg/kg IV/IM")));
  const mild = calculateDose({ medication: "atropine", indication: "nerve-agent-mild", weightKg: 10 });
  // "mild" anywhere in the sentence grades the exposure, not only right before "nerve agent".
  for (
    const question of [
      "nerve agent exposure, mild, 10 kg child, atropine dose",
      "10 kg child nerve agent exposure, mild symptoms, atropine?",
      "mild nerve agent exposure, 10 kg child, atropine",
    ]
  ) {
    const o = askedOnce(question);
    assert.equal(o.request.indication, "nerve-agent-mild", question);
    assert.deepEqual([o.result?.variant.id, o.result?.dose], [mild.variant.id, mild.dose], question);
  }
  // Without a severity, or with one atropine alone does not treat, the engine asks: never 0.05 mg/kg.
  for (
    const question of [
      "10 kg child nerve agent exposure, atropine?",
      "10 kg child, nerve agent, severe, atropine dose",
      "10 kg child, nerve agent, mild or moderate?, atropine",
    ]
  ) {
    const o = askedOnce(question);
    assert.equal(o.request.indication, "nerve-agent", question);
    assert.equal(o.refusal?.code, "AMBIGUOUS_INDICATION", question);
    assert.match(o.refusal?.message ?? "", /nerve-agent-mild.*DuoDote|DuoDote.*nerve-agent-mild/s, question);
  }
  // An adult's nerve-agent atropine is the organophosphate dose, as before (TP 1240); a mild exposure said
  // after the agent is read as it already was when said before it.
  const adult = askedOnce("adult, nerve agent exposure, atropine");
  assert.deepEqual(
    adult.result?.dose,
    calculateDose({ medication: "atropine", indication: "organophosphate", color: "adult" }).dose,
  );
  assert.deepEqual(
    askedOnce("adult, nerve agent exposure, mild, atropine").refusal,
    askedOnce("adult, mild nerve agent exposure, atropine").refusal,
  );
});

Deno.test("a 'combative' or 'agitated' child's midazolam says first that base comes before it unless step 11 holds (TP 1209-P)", async () => {
  const tp = normalise(await readDocument("TP 1209-P"));
  assert.ok(tp.includes(normalise("For UNCOOPERATIVE PATIENTS who pose a potential safety risk")));
  assert.ok(tp.includes(normalise("For SEVERE AGITATION WITH ALOC who pose an IMMEDIATE RISK")));
  for (
    const question of [
      "20 kg child, combative and uncooperative, midazolam IM dose",
      "20 kg child, agitated psychiatric patient, midazolam IN",
      "20 kg child, severe agitation, midazolam IM",
    ]
  ) {
    const o = askedOnce(question);
    const first = o.result?.warnings[0] ?? "";
    // Before base only for severe agitation with ALOC and immediate risk (step 11); otherwise base first.
    assert.match(first, /^Contact base before the first dose unless/, question);
    assert.match(first, /severe.*ALOC.*immediate risk.*step 11.*after base contact \(step 10\)/, question);
  }
  // Step 11's conditions stated: its own row (IM/IN, one repeat before base), its conditions said first.
  for (
    const question of [
      "20 kg child, severe agitation with ALOC, immediate risk to crew, step 11, midazolam IM",
      "20 kg child, combative, agitation-severe, midazolam IN",
    ]
  ) {
    const o = askedOnce(question);
    assert.equal(o.request.indication, "agitation-severe", question);
    assert.match(o.result?.warnings[0] ?? "", /^Step 11 of TP 1209-P/, question);
    assert.deepEqual([o.result?.repeat?.maxDoses, o.result?.repeat?.maxTotal?.value], [2, 10], question);
  }
});

Deno.test("bradycardia as medics say it reaches a child's bradycardia dose; a heart rate alone never does (TP 1212-P)", async () => {
  const tp = normalise(await readDocument("TP 1212-P"));
  assert.ok(tp.includes(normalise("Atropine (0.1mg/mL) 0.02 mg/kg IV/IO push, dose per MCG 1309")));
  const atropine = calculateDose({ medication: "atropine", indication: "bradycardia", weightKg: 10 });
  for (
    const question of [
      "atropine for a bradycardic 10 kg child",
      "10 kg child with a slow heart rate, atropine dose?",
      "10 kg child, brady and poorly perfused, atropine",
      "10 kg child in heart block, atropine",
    ]
  ) {
    const o = askedOnce(question);
    assert.equal(o.request.indication, "bradycardia", question);
    assert.deepEqual(o.result?.dose, atropine.dose, question);
  }
  const epi = askedOnce("10 kg child bradycardic, poor perfusion, epi dose");
  assert.equal(epi.request.indication, "bradycardia");
  assert.equal(epi.result?.variant.id, "epinephrine-iv");
  // HR < 60 is also an organophosphate sign (TP 1240-P step 18): the indication is asked for, not inferred.
  const byRate = askedOnce("10 kg child, HR 50, poor perfusion, atropine?");
  assert.equal(byRate.request.indication, undefined);
  assert.equal(byRate.refusal?.code, "AMBIGUOUS_INDICATION");
});

Deno.test("a severity the medic states for DuoDote is honoured wherever it stands (TP 1240-P s15, MCG 1317.37)", async () => {
  const card = normalise(await readDocument("MCG 1317.37"));
  assert.ok(card.includes(normalise("Moderate Exposure 1 DuoDote")));
  const cases: [string, string, string | number][] = [
    ["30 kg kid, nerve agent, moderate exposure, duodote", "moderate-exposure", 1],
    ["30 kg kid, nerve agent exposure, moderate symptoms, duodote", "moderate-exposure", 1],
    ["30 kg kid, nerve agent exposure, severe, duodote", "severe-exposure", 2],
    ["30 kg kid, nerve agent exposure, mild, duodote", "mild-exposure", "NOT_FOR_THIS_PATIENT"],
    // Two severities settle nothing: the engine asks.
    ["30 kg kid, nerve agent, mild to moderate, duodote", "nerve-agent", "AMBIGUOUS_INDICATION"],
  ];
  for (const [question, indication, answer] of cases) {
    const o = askedOnce(question);
    assert.equal(o.request.indication, indication, question);
    assert.equal(o.result?.dose.value ?? o.refusal?.code, answer, question);
  }
});

Deno.test("review 3 (M1), review 5: step 11 only when asked for by name, never inferred from its conditions", () => {
  // [question, indication]
  const cases: [string, string][] = [
    ["40 yo combative, no immediate risk, versed IM?", "agitation"],
    ["40 yo combative, not an immediate risk to crew, versed IM?", "agitation"],
    ["40 yo combative but alert, immediate risk to crew, versed IM?", "agitation"],
    ["40 yo agitated, immediate risk, versed IV", "agitation"],
    ["40 yo severe agitation with aloc, versed IM?", "agitation"],
    ["40 yo combative, ALOC, no immediate risk, versed IM?", "agitation"],
    ["40 yo combative, not altered, immediate risk, versed IM?", "agitation"],
    ["40 yo agitated, immediate risk, ALOC, versed IM", "agitation"],
    ["40 yo severe agitation with ALOC immediate risk, versed IM", "agitation"],
    ["40 yo combative, altered, immediate risk to crew, versed IN", "agitation"],
    // Review 5: denials a reader misses ("neg", ": no", "ruled out", "resolved", "hx of") cannot choose step 11.
    ["40 yo agitated ALOC, immediate risk: no, versed IM", "agitation"],
    ["40 yo agitated, ALOC neg, immediate risk to crew, versed IM", "agitation"],
    ["40 yo agitated, ALOC ruled out, immediate risk to crew, versed IM", "agitation"],
    ["40 yo agitated, hx of ALOC last week, now alert, immediate risk to crew, versed IM", "agitation"],
    ["40 yo agitated, altered? negative. immediate risk to crew. versed IM", "agitation"],
    ["40 yo agitated, ALOC, immediate risk to crew, TP 1209 step 11, versed IM", "agitation-severe"],
    ["40 yo agitation-severe, versed IN", "agitation-severe"],
  ];
  for (const [question, indication] of cases) {
    assert.equal(askedOnce(question).request.indication, indication, question);
  }
  // L1: TP 1209 steps 10–11 are IM/IN/IV; IO is refused, IV answered.
  assert.equal(
    askedOnce("40 yo agitated, immediate risk, ALOC, versed IO").refusal?.code,
    "ROUTE_NOT_AVAILABLE",
  );
  assert.deepEqual(askedOnce("40 yo combative, versed IO").refusal?.code, "ROUTE_NOT_AVAILABLE");
  assert.deepEqual(askedOnce("40 yo combative, versed IV").result?.dose, { value: 5, unit: "mg" });
  // With no route named, the answers are by IV and by IN/IM: IO is not among them.
  for (const question of ["40 yo combative, versed?", "40 yo combative, ALOC, immediate risk, versed?"]) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.deepEqual(outcomes.map((o) => o.request.route), ["IV", "IN/IM"], question);
  }
});

Deno.test("'midaz' and 'fent', as medics shorten them, name midazolam and fentanyl (the formulary's aliases)", () => {
  const cases: [string, string[]][] = [
    ["midaz 5 mg IN? 45 yo seizing", ["midazolam"]],
    ["fent 50 mcg IV, 80 kg, pain", ["fentanyl"]],
    ["fentanyl 50 mcg, midazolam 2 mg", ["fentanyl", "midazolam"]],
    ["fentanyl and fent", ["fentanyl"]],
    // Never inside another word.
    ["midazolamine, fentx, midazz", []],
  ];
  for (const [text, ids] of cases) {
    assert.deepEqual([...new Set(findMedications(text).map((m) => m.id))], ids, text);
  }
  const [o] = dosingForConversation([{ role: "user", content: "45 yo seizing, midaz IN?" }]).outcomes;
  assert.deepEqual([o.result?.medication.id, o.result?.dose.value], ["midazolam", 10]);
});

Deno.test("a child under 12 above the tape: the engine asks for the tape, and the answer doses (MCG 1309)", () => {
  const user = (content: string) => ({ role: "user" as const, content });
  const heavy = dosingForConversation([user("seizing 70kg 6yo versed")]).outcomes;
  assert.ok(heavy.length > 0 && heavy.every((o) => o.refusal?.code === "FACT_REQUIRED" && !o.result));
  assert.match(refusalText(heavy[0].refusal, "versed"), /length-based tape.*"orange tape"/);
  // The answer replaces the weight (sixth read, H1): "longer than tape" keeps the age, and TP 1231-P doses a
  // child's seizure by age beyond the tape (eighth read, H6 rest: not the adult 10 mg); the tape colour the child's.
  const longer = dosingForConversation([user("seizing 70kg 6yo versed"), user("longer than tape")]).outcomes;
  assert.deepEqual(longer.map((o) => [o.result?.adult, o.result?.dose.value, o.result?.route]), [
    [false, 5, "IN/IM"],
  ]);
  for (const answer of ["orange tape", "she is orange on the tape"]) {
    const taped = dosingForConversation([user("seizing 70kg 6yo versed"), user(answer)]);
    assert.deepEqual(taped.outcomes.map((o) => [o.result?.adult, o.result?.dose.value, o.result?.color]), [
      [false, 5, "orange"],
    ], answer);
    assert.ok(taped.notes.some((n) => n.includes("orange tape replaces 70 kg; 6 years still holds")), answer);
  }
  // From 12 a weight above the tape is the adult dose, with the engine's word that a child who fits on the tape is
  // dosed by its colour: the colour said after it replaces the weight too (seventh read, High 1).
  const teen = dosingForConversation([user("seizing 70kg 12yo versed"), user("orange tape")]).outcomes;
  assert.ok(teen.length > 0 && teen.every((o) => o.result?.color === "orange" && o.result.adult === false));
});

Deno.test("epinephrine for stridor or wheezing in an allergic reaction is anaphylaxis's IM dose (TP 1219-P notes 1-2)", () => {
  const read = (content: string) =>
    dosingForConversation([{ role: "user", content }]).outcomes.map((o) =>
      `${o.request.indication}: ${o.result?.dose.value} ${o.result?.route}`
    );
  // Medical director's eighth read, H5: these had the nebulised stridor dose (TP 1234-P).
  assert.deepEqual(read("7yo peanut allergy, hives, stridor, throat tight, 32kg, epi?"), [
    "anaphylaxis: 0.32 IM",
  ]);
  assert.deepEqual(read("45yo shellfish allergy, throat tight, stridor, hives, epi?"), [
    "anaphylaxis: 0.5 IM",
  ]);
  assert.deepEqual(read("60yo bee sting, wheezing, hives, epi?"), ["anaphylaxis: 0.5 IM"]);
  // No allergic cause said: as read.
  assert.deepEqual(read("croup, stridor, 15kg, epi?"), ["stridor: 5 NEB"]);
  assert.deepEqual(read("asthma, wheezing, 60yo, epi?"), ["bronchospasm: 0.5 IM"]);
});
