/**
 * Medical director's fourth review of the chat's readers: a count followed by more doses is short of what was
 * given (TP 1210: three epinephrine before base), so it is not read; the "not read" note is given for every
 * message that speaks of doses given where a dose asked has no count read (several drugs, children, doses the
 * patient gave themself: TP 1211, nitroglycerin three in all); a length of history or of pregnancy is no age,
 * a half year is read; step 11's immediate risk denied after the cue is denied.
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  findDosesGiven,
  findPatientFacts,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { says } from "../support/adult_protocols.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });
const NOT_READ = /^Doses already given were not read/;

/**
 * [question, count read for the drug asked about (undefined: not read), the "not read" note due, or "asked": no
 * dose, the chat asks how many in all (DOSES_GIVEN_UNCLEAR, sixth read H2) instead of the note]
 */
const DOSES: [string, number | undefined, boolean | "asked"][] = [
  // H1: a count followed by more doses
  ["60 yo arrest, gave epi x2, then 1 more, epi?", undefined, "asked"],
  ["60 yo arrest, epi x2 given by engine, we gave another, epi?", undefined, "asked"],
  ["60 yo arrest, gave epi x2 at 1400 and x1 at 1405, epi?", undefined, "asked"], // MD10 H1
  ["60 yo arrest, gave epi x2 + 1 more just now, epi?", undefined, "asked"],
  ["60 yo arrest, gave 2 doses of epi and then another dose of epi, epi?", undefined, "asked"],
  ["60 yo arrest, gave epi twice, then again at 1410, epi?", undefined, "asked"],
  // An ordinal going in is the total so far (seventh read, H2: "third nitro in" is 3).
  ["60 yo arrest, epi x2 given, 3rd going in now, epi?", 3, false],
  // ...but asking for another is not a further dose given.
  ["60 yo arrest, gave epi x3 already, another?", 3, false],
  ["60 yo arrest, epi x2 given, more epi?", 2, false],
  // A drug named only as given beside the one asked is not asked: the asked one's own count is read (MD8 H2).
  ["60 yo arrest, epi x3 and amio x1 given, epi?", 3, false],
  ["60 yo arrest, gave epi x2 and amio x2, epi?", 2, false],
  // H2 (review 4): two drugs, or a drug and shocks: the note whatever the number of requests
  ["60 yo VF arrest, epi x3, amio 300 given, amio?", 1, false], // one dose's amount named as given (MD9 H1)
  ["60 yo arrest, shocked x3, gave epi x2, amio?", undefined, true],
  ["60 yo vf arrest 5 shocks, gave 2 doses, amio?", undefined, true],
  // M5: children, and doses the patient gave themself
  ["5 yo 18 kg arrest, gave 2 epi, epi?", undefined, "asked"], // a number beside it, unread: asked (MD10 H1)
  // named as given with no count: one dose read, and said in its own note (MD8 H4)
  ["4 yo 16 kg seizing, versed given, still seizing", 1, false],
  ["60 yo chest pain bp 150/90, pt took 2 of his own nitro, nitro?", undefined, true],
  ["45 yo anaphylaxis, pt used own epipen, epi?", undefined, true],
  ["30 yo asthma, used own inhaler 4 times, albuterol?", undefined, true],
  ["6 yo 20 kg anaphylaxis, epipen jr by mom, epi?", undefined, true],
  ["45 yo anaphylaxis, pt self administered epi pen x1, epi?", undefined, true],
  // Not a history: no note.
  ["40 yo agitated, used meth, versed IM", undefined, false],
  ["40 yo self harm, agitated, versed IM", undefined, false],
];

Deno.test("review 4: more doses after a count, several drugs, children and the patient's own doses: not read, noted", async () => {
  await says("TP 1210", "maximum total dose 3mg");
  await says("TP 1211", "Repeat every 5 min prn x2, total of 3 doses");
  for (const [question, count, noted] of DOSES) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.ok(outcomes.length > 0, question);
    const asked = outcomes.filter((o) => !["defibrillation", "cardioversion"].includes(o.request.medication));
    assert.equal(asked.at(-1)?.request.dosesGiven, count, question);
    assert.equal(asked.at(-1)?.refusal?.code === "DOSES_GIVEN_UNCLEAR", noted === "asked", question);
    assert.equal(NOT_READ.test(notes[0] ?? ""), noted === true, `${question}: ${notes[0]}`);
  }
  assert.equal(findDosesGiven("gave epi x2 at 1400 and x1 at 1405"), undefined);
  assert.equal(findDosesGiven("gave 2 doses of epi and then another dose of epi"), undefined);
  assert.equal(findDosesGiven("gave epi x2"), 2);
});

/** [message, ageYears read (undefined: none)] */
const AGES: [string, number | undefined][] = [
  // H3: a length of history is no age; a half year is read
  ["pt with 10 year history of seizures, seizing, versed IM", undefined],
  ["male with 10 yr hx of seizures, seizing, versed IM", undefined],
  ["male with 10 yr h/o seizures, 45 yo, seizing, versed IM", 45],
  ["6 1/2 yo seizing versed", 6.5],
  ["6½ yo seizing versed", 6.5],
  ["age 1 and a half seizing versed", 1.5],
  ["1 and a half year old seizing versed", 1.5],
  ["BP 150/90 yo", undefined],
  ["age 1 1/2 months, seizing", undefined],
  // M4: months are an age only when said as one
  ["pregnant 8 months, seizing, versed IM", undefined],
  ["pt w/ 6 month hx of seizures, seizing, versed IM", undefined],
  ["fever for 6 months, seizing", undefined],
  ["7 month old seizing versed", 7 / 12],
  ["7-month-old seizing versed", 7 / 12],
  ["infant 7 months seizing versed", 7 / 12],
  ["7 mo infant seizing versed", 7 / 12],
  ["7 m/o seizing versed", 7 / 12],
  ["7 months of age, seizing", 7 / 12],
];

Deno.test("review 4: a length of history or pregnancy is no age; 'N 1/2' and 'N and a half' are half years", async () => {
  await says("MCG 1317.25", "5mg (1mL) IM/IN/IV");
  for (const [text, age] of AGES) assert.equal(findPatientFacts(text).ageYears, age, text);
  // An adult's seizure: no child's dose from a history's length (TP 1231: 10 mg IM/IN).
  const history = dosingForConversation([user("pt with 10 year history of seizures, seizing, versed IM")]);
  assert.equal(history.outcomes.length, 0);
  // 6½ years is in the blue band (MCG 1309: 5–6 years), 5 mg; 18 months in the purple (15–18 months), 2.5 mg.
  const [sixAndHalf] = dosingForConversation([user("6 1/2 yo seizing versed")]).outcomes;
  assert.equal(sixAndHalf.request.color, "blue");
  assert.deepEqual(sixAndHalf.result?.dose, { value: 5, unit: "mg" });
  const [oneAndHalf] = dosingForConversation([user("age 1 and a half seizing versed")]).outcomes;
  assert.equal(oneAndHalf.request.color, "purple");
  assert.deepEqual(oneAndHalf.result?.dose, { value: 2.5, unit: "mg" });
  // Pregnant 8 months is no infant's age: not refused for a tape weight.
  const pregnant = dosingForConversation([user("28 yo pregnant 8 months, seizing, versed IM")]).outcomes[0];
  assert.equal(pregnant.request.ageYears, 28);
  assert.equal(pregnant.refusal, undefined);
});

Deno.test("review 4: step 11's immediate risk denied after the cue is step 10 (TP 1209 steps 10-11)", async () => {
  await says("TP 1209", "For SEVERE AGITATION WITH ALOC who pose an IMMEDIATE RISK");
  for (
    const question of [
      "40 yo combative, ALOC, immediate risk unlikely, versed IM",
      "40 yo combative, ALOC, immediate risk: none, versed IM",
      "40 yo combative, ALOC, immediate danger not present, versed IM",
    ]
  ) {
    assert.equal(
      dosingForConversation([user(question)]).outcomes[0].request.indication,
      "agitation",
      question,
    );
  }
  // Stated and not denied, still step 10 (review 5: the chat never infers step 11); asked for by name, step 11.
  const [stated] =
    dosingForConversation([user("40 yo combative, ALOC, immediate risk to crew, versed IM")]).outcomes;
  assert.equal(stated.request.indication, "agitation");
  const [held] =
    dosingForConversation([user("40 yo combative, ALOC, immediate risk to crew, step 11, versed IM")])
      .outcomes;
  assert.equal(held.request.indication, "agitation-severe");
});

Deno.test("review 4: a limit reached on midazolam's IV row does not name IO for agitation (TP 1209, MCG 1317.25)", async () => {
  await says("MCG 1317.25", "5mg (1mL) IM/IN/IV, repeat x1 in 5 min prn");
  const [o] = dosingForConversation([
    user("40 yo combative, ALOC, immediate risk, versed IV x2 given, versed IV?"),
  ]).outcomes;
  assert.equal(o.refusal?.code, "LIMIT_REACHED");
  assert.doesNotMatch(o.refusal?.message ?? "", /IV\/IO/);
});
