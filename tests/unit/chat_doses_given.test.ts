/**
 * Doses already given, read from a medic's words only where they are unambiguously a history of this drug's
 * doses (medical director's review of the chat's dose reading): a misread count withholds a first-line drug
 * (TP 1210 p. 1 steps 9–10: epinephrine 1 mg three times and amiodarone 300 then 150 mg before base), so rounds
 * of CPR, limits, questions about one dose, "N of M" and planned courses are never counts; when history words
 * are present but no count is read, the answer says so first.
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
const AT_LEAST_ONE = /^No count of .+ doses given was said: .+ is read as one dose given/;

Deno.test("rounds of CPR, limits and questions about a dose are not doses given: the first dose is answered (TP 1210 p. 1 steps 9–10, TP 1213 p. 1)", async () => {
  await says("TP 1210", "Epinephrine (0.1mg/mL) administer 1mg (10mL) IV/IO", "maximum total dose 3mg");
  await says("TP 1210", "Amiodarone 300mg (6mL) IV/IO", "Repeat Amiodarone 150mg (3mL) IV/IO x1 prn");
  await says("TP 1213", "Adenosine 6 or 12mg (2 or 4mL) rapid IV push");
  // [question, the first dose the engine must answer, whether the "not read" note is due]
  const cases: [string, { value: number; unit: string; options?: number[] }, boolean][] = [
    ["60 yo cardiac arrest, after 3 rounds of CPR, epi dose?", { value: 1, unit: "mg" }, false],
    ["60 yo in VF arrest, 3 rounds of CPR so far, amiodarone?", { value: 300, unit: "mg" }, true],
    ["60 yo in arrest, 2 rounds of CPR, epi?", { value: 1, unit: "mg" }, false],
    ["adult arrest epi, limit is 3 doses?", { value: 1, unit: "mg" }, false],
    ["adult arrest, 3 doses max of epi right?", { value: 1, unit: "mg" }, false],
    ["adult arrest, maximum of 3 doses of epi?", { value: 1, unit: "mg" }, false],
    ["adult arrest, is it 3 doses max for epi?", { value: 1, unit: "mg" }, false],
    ["adult VF arrest, is amiodarone 2 doses max?", { value: 300, unit: "mg" }, false],
    ["adult anaphylaxis, what is one dose of epi IM?", { value: 0.5, unit: "mg" }, false],
    ["combative adult 50 yo, how much is one dose of versed IM?", { value: 5, unit: "mg" }, false],
    [
      "what's one dose of adenosine for a 50 yo in SVT HR 180",
      { value: 6, unit: "mg", options: [6, 12] },
      false,
    ],
    ["adult arrest, can I give 1mg epi x3", { value: 1, unit: "mg" }, true],
    ["adult 70kg, epi x2 IV lines, cardiac arrest epi dose", { value: 1, unit: "mg" }, true],
  ];
  for (const [question, dose, noted] of cases) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 1, question);
    assert.equal(outcomes[0].request.dosesGiven, undefined, question);
    assert.deepEqual(outcomes[0].result?.dose, dose, question);
    assert.equal(outcomes[0].result?.doseNumber, 1, question);
    assert.equal(NOT_READ.test(notes[0] ?? ""), noted, `${question}: ${notes[0]}`);
  }
});

Deno.test("a count is read only from a history bound to this drug's doses; never from a limit, a plan, N of M, minutes or an amount", () => {
  const cases: [string, number | undefined][] = [
    // Histories: a giving verb, "already", "so far" or "after", bound to the count and the dose or drug.
    ["3 doses of epi given, next epi?", 3],
    ["adult arrest gave epi x3 already", 3],
    ["gave epi three times", 3],
    ["epi x3 given", 3],
    ["epi given 3 times", 3],
    ["three doses of epi so far", 3],
    ["after two doses of epi", 2],
    ["had 2 doses of narcan", 2],
    ["received 2 doses of epi", 2],
    ["5 doses of push dose epi given", 5],
    // Changed (review 3, H2/H3): "<N> <drug> given" may be an amount, and "N doses" or "it" with no drug
    // in the clause may be another drug's: not read (the answer says so and asks).
    ["adult arrest, given 3 epi, next?", undefined],
    ["three doses so far", undefined],
    ["gave one dose already, next?", undefined],
    ["pushed 2 epi", undefined],
    ["gave it twice", undefined],
    ["HR 30, 2 atropine given", undefined],
    // Not histories.
    ["after 3 rounds of CPR, epi dose?", undefined],
    ["3 rounds of CPR so far", undefined],
    ["2 cycles of CPR done, epi?", undefined],
    ["adult arrest epi, limit is 3 doses?", undefined],
    ["3 doses max of epi right?", undefined],
    ["maximum of 3 doses of epi?", undefined],
    ["is amiodarone 2 doses max?", undefined],
    ["max 3 doses of epi?", undefined],
    ["up to 3 doses", undefined],
    ["can I give 2 doses of epi", undefined],
    ["can I give 1mg epi x3", undefined],
    ["gave 1 of 3 doses of epi", undefined],
    ["1 of 3 doses of epi given", undefined],
    ["what is one dose of epi IM?", undefined],
    ["how much is one dose of versed IM?", undefined],
    ["what's one dose of adenosine for SVT", undefined],
    ["epi is given once before base", undefined],
    ["pt got 2 doses of albuterol at home, 1 neb by us", undefined],
    ["epi x2 IV lines", undefined],
    ["2 mg x 3", undefined],
    ["midazolam 2 mg x 3", undefined],
    ["epi q5 x3", undefined],
    ["epi 1mg q5 min x3", undefined],
    ["3 minutes ago gave epi", undefined],
    ["gave epi 3 minutes ago", undefined],
    ["already gave 5 mg", undefined],
    ["given 2 mg of narcan", undefined],
    ["shocked x3", undefined],
    ["1 dose", undefined],
    // Without a giving word, "x3" may be a plan or a count: not read (the answer then says so).
    ["adult arrest epi x 3, next dose", undefined],
    ["adult pea arrest, 3x epi, next epi", undefined],
    // Two different counts settle nothing.
    ["gave 2 doses of epi, 1 dose of amio given", undefined],
  ];
  for (const [text, count] of cases) assert.equal(findDosesGiven(text), count, text);
});

Deno.test("history words with no count read: the answer says first that doses given were not read", () => {
  for (
    const question of [
      "adult pea arrest, 3x epi, next epi",
      // "epi x 3", "x3 epi" with no giving word ask how many in all instead (chat_named_given.test.ts, MD11 H4)
      "adult pt got 2 doses of albuterol at home, 1 neb by us, albuterol?",
    ]
  ) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes[0].request.dosesGiven, undefined, question);
    assert.match(notes[0] ?? "", NOT_READ, question);
  }
});

/**
 * Medical director's third review (H2, H3, L2, M2): a decimal or an amount is never a count; a count is a
 * whole number bound to dose(s), times or "x", or once/twice; "N doses" is charged only to the drug named in
 * its clause; two count phrases settle nothing; ordinals, "on board" and "s/p" are not read but noted.
 * [question, count read for the drug asked about (undefined: not read), the "not read" note due]
 */
/** [question, count read, the "not read" note due — or "asked": a number beside the drug named as given, unread, asks
 * how many in all (DOSES_GIVEN_UNCLEAR; tenth read, H1)] */
const REVIEW3: [string, number | undefined, boolean | "asked"][] = [
  // H2: amounts, decimals
  // an amount of one dose named as given: one dose read, in its own note (MD9 H1)
  ["45 yo anaphylaxis 0.5 epi given 5 min ago, repeat?", 1, false],
  // Asked (twelfth read, H2): "HR 180, 6 adenosine" had been taken for a series, so "6" was left unread and a first
  // 6 mg offered; after 6 mg with no conversion TP 1213 step 10 gives 12 mg. As "gave 6 adenosine" below.
  ["55 yo SVT HR 180, 6 adenosine given, no conversion, adenosine?", undefined, "asked"],
  ["55 yo SVT HR 180, gave 6 adenosine no change, next adenosine?", undefined, "asked"],
  ["45 yo anaphylaxis, 0.3 epi given, still hypotensive, epi?", 1, false], // one dose's amount (MD9 H1)
  ["45 yo anaphylaxis, 1.5 epi given, epi?", undefined, false], // more than one dose: asked (DOSES_GIVEN_UNCLEAR)
  ["60 yo chest pain, 0.4 nitro given x2, nitro? bp 140/90", 2, false],
  ["60 yo asthma, 2.5 albuterol given, albuterol?", 1, false],
  ["40 yo pain, 4 morphine given, more morphine?", undefined, "asked"],
  ["40 yo pain gave 4 morphine, morphine?", undefined, "asked"],
  ["40 yo pain, gave 50 fentanyl, pain still 8, fentanyl?", undefined, "asked"],
  ["40 yo nausea gave 4 zofran, zofran?", undefined, "asked"],
  // TP 1231 step 7: 10 mg is the most before base, every route: the limit (fourteenth read, M2)
  ["40 yo seizing, 10 versed given IM, still seizing, versed?", undefined, false],
  ["40 yo OD, 0.4 narcan given, narcan?", 1, false],
  // Counts bound to dose(s), times or x, or a spelled word
  ["60 yo arrest, epi 1 mg given x2, epi?", 2, false],
  ["45 yo anaphylaxis epi IM 0.5 x2 given, epi?", 2, false],
  ["60 yo arrest, 3x epi given, epi?", 3, false],
  ["60 yo arrest, gave epi x 3, epi?", 3, false],
  ["60 yo vf arrest, gave amiodarone once, next amiodarone?", 1, false],
  ["40 yo status seizure, gave versed 5 mg IV twice, versed?", 2, false],
  // H3: a count not tied to the drug asked about
  ["60 yo vf arrest, gave 2 doses, amiodarone?", undefined, true],
  ["60 yo vf arrest after 2 doses still vf, amiodarone?", undefined, true],
  // Two drugs named, one only as given: the one asked is asked alone, and its own count is read (MD8 H2).
  ["60 yo vf arrest, gave 2 doses of epi, amiodarone x1 given, amiodarone?", 1, false],
  // L2: two count phrases, even equal
  // A series said given is a history with no count: asked (twelfth read, H2; TP 1210 step 9 allows 3 mg in all)
  ["60 yo arrest gave 1 epi at 1402 and 1 epi at 1407 next epi?", undefined, "asked"],
  ["60 yo arrest, gave epi x2, epi x2 given, epi?", undefined, "asked"],
  // M2: ordinals, on board, s/p: not read, noted
  ["60 yo arrest, 4th epi?", undefined, true],
  ["60 yo arrest we are on our 4th epi?", undefined, true],
  ["60 yo arrest, 3 epi on board, epi?", undefined, "asked"],
  ["60 yo arrest, s/p 3 epi, epi?", undefined, "asked"],
  ["60 yo asystole, 2nd dose of epi?", undefined, true],
  ["60 yo arrest, third epi?", undefined, true],
  // "status post" says given (twelfth read, H2): three doses, TP 1210 step 9's 3 mg reached
  ["60 yo arrest status post 3 doses of epi, epi?", 3, false],
];

Deno.test("review 3: amounts and decimals are never counts; a count names its drug; ordinals and 'on board' are noted", () => {
  for (const [question, count, noted] of REVIEW3) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length > 0, true, question);
    for (const o of outcomes) assert.equal(o.request.dosesGiven, count, question);
    if (noted === "asked") {
      assert.ok(outcomes.every((o) => o.refusal?.code === "DOSES_GIVEN_UNCLEAR"), question);
      continue;
    }
    assert.equal(NOT_READ.test(notes[0] ?? ""), noted, `${question}: ${notes[0]}`);
  }
});

Deno.test("review 3: a count is read only for the drug asked about (findDosesGiven with a medication)", () => {
  const text = "gave 2 doses of epi, amiodarone x1 given";
  assert.equal(findDosesGiven(text, "amiodarone"), 1);
  assert.equal(findDosesGiven(text, "epinephrine"), 2);
  assert.equal(findDosesGiven(text), undefined);
  assert.equal(findDosesGiven("gave 2 doses, amiodarone?", "amiodarone"), undefined);
});

Deno.test("review 5: another crew's or the patient's doses leave the count unread, and a count read from words is said to be from words (TP 1210, TP 1211, TP 1213)", async () => {
  await says("TP 1210", "maximum total dose 3mg");
  await says("TP 1211", "total of 3 doses");
  const COUNTED = /^Doses already given were counted from the message \((\d+)\)/;
  // [question, count read (undefined: not read), the note's kind]
  // "asked": a number beside the drug named as given that no count reader read asks how many (tenth read, H1)
  const cases: [string, number | undefined, "not read" | "counted" | "asked"][] = [
    ["58 yo arrest, epi x2 given by us and 1 by fire, epi?", undefined, "asked"],
    ["58 yo arrest, epi x2 given + 1 by engine co, epi?", undefined, "asked"],
    ["72 yo SVT 200, adenosine 6 mg given x1 then 12 mg x1, adenosine?", undefined, "asked"],
    ["60 yo arrest, gave epi x2, epi?", 2, "counted"],
    ["48 yo CP, pt took 1 nitro, we gave ntg x2, nitro? bp 140/90", 2, "counted"],
  ];
  for (const [question, count, kind] of cases) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes[0].request.dosesGiven, count, question);
    if (kind === "asked") {
      assert.equal(outcomes[0].refusal?.code, "DOSES_GIVEN_UNCLEAR", question);
      continue;
    }
    assert.match(notes[0] ?? "", kind === "not read" ? NOT_READ : COUNTED, question);
    if (kind === "counted") {
      assert.match(notes[0], /another crew.*the patient.*patient\.dosesGiven/, question);
    }
  }
  // A count the client sent is not questioned.
  const sent = dosingForConversation([user("60 yo arrest, gave epi x2, epi?")], { dosesGiven: 2 });
  assert.ok(!sent.notes.some((n) => COUNTED.test(n) || NOT_READ.test(n)), sent.notes.join(" | "));
});

/**
 * A series of doses with no count word (medical director's fifth review, gap 2): the message says doses were
 * given but how many is the medic's to say (a series may leave one out, or be the plan), so it is never a count,
 * keeps a count beside it from being read ("epi 1mg x1 and 1mg x1 given" once read 1), and gets the "not read"
 * note first. Its numbers are never a weight, an age or a pressure. [question, the note due, or "asked": a series
 * said given is plainly a history, and the chat asks how many in all instead of dosing (twelfth read, H2: "amio 300
 * and 150 given" had offered a first 300 mg; TP 1210 step 11 allows 450 mg in all, TP 1213 step 10 6 then 12 mg)]
 */
const SERIES: [string, boolean | "asked"][] = [
  ["55 yo SVT HR 180, adenosine 6 then 12 then 12", true],
  ["55 yo SVT HR 180, gave adenosine 6mg and 12mg, adenosine?", "asked"],
  ["55 yo SVT HR 180, adenosine 6, then 12", true],
  ["55 yo SVT HR 180, 6 and 12 of adenosine", true],
  ["55 yo SVT HR 180, adenosine 6/12/12", true],
  ["55 yo SVT HR 180, adenosine 6 x1 then 12 x1, adenosine?", true],
  // below TP 1210 step 9's 3 mg (at it, the series is the limit: chat_counts_review13.test.ts)
  ["60 yo arrest, epi 1mg, 1mg given", "asked"],
  ["60 yo arrest, epi 1mg x1 and 1mg x1 given", "asked"],
  ["60 yo arrest, epi 1 mg IV + 1 mg IV, epi?", true],
  ["60 yo arrest, epi at 1402 and 1407", true],
  ["60 yo VF arrest, amio 300, 150", true],
  ["60 yo VF arrest, amio 300/150", true],
  // Not a series: a choice, one amount beside a vital or a weight, a maximum.
  ["55 yo SVT HR 180, adenosine 6 or 12?", false],
  ["55 yo SVT, adenosine 6 mg, HR 180", false],
  ["adult anaphylaxis epi 0.5 mg, 80 kg", false],
  ["60 yo CP, nitro 0.4, 140/90", false],
  ["60 yo CP, nitro 0.4, bp 140/90", false],
  ["60 yo seizing, versed 5 mg, 10 mg max?", false],
  ["60 yo VF arrest, amio 300 mg, 60 yo", false],
];

Deno.test("a series of doses with no count word is never counted and is said first; nothing else in it is read", () => {
  for (const [question, noted] of SERIES) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.ok(outcomes.length > 0, question);
    for (const o of outcomes) {
      assert.equal(o.request.dosesGiven, undefined, question);
      assert.equal(o.result?.doseNumber ?? 1, 1, question);
      if (noted === "asked") assert.equal(o.refusal?.code, "DOSES_GIVEN_UNCLEAR", question);
    }
    assert.equal(NOT_READ.test(notes[0] ?? ""), noted === true, `${question}: ${notes[0]}`);
    assert.equal(findDosesGiven(question), undefined, question);
  }
  // The series' numbers are amounts: no weight, age or systolic pressure from them.
  for (
    const text of [
      "adenosine 6 then 12 then 12",
      "epi 1mg, 1mg, 1mg given",
      "amio 300/150",
      "amio 300/150 given",
      "versed 2.5 then 2.5",
      "gave adenosine 6mg and 12mg",
    ]
  ) {
    assert.deepEqual(findPatientFacts(text), {}, text);
  }
  // A pressure said apart from the drug is still read.
  assert.equal(findPatientFacts("amio 300/150, 140/90").systolicBp, 140);
  assert.equal(findPatientFacts("bp 140/90, nitro 0.4 then 0.4").systolicBp, 140);
  // Counts said with a count word are read as before, unless another amount follows them.
  assert.equal(findDosesGiven("60 yo cp nitro 0.4 x2 given, bp 140/90"), 2);
  assert.equal(findDosesGiven("60 yo cp nitro 0.4 x2 given, then 0.4, bp 140/90"), undefined);
  assert.equal(findDosesGiven("60 yo cp nitro 0.4 x2 given, then 5 min later pain 4/10"), 2);
});

/**
 * A pair after a drug's name that could be a blood pressure is read as one (medical director's review): "ntg
 * 88/50" read as two doses let nitroglycerin through below TP 1211's hold at 100 mmHg. Only a first number
 * above 250 (above every pressure a rule turns on: TP 1214's highest step is 200) is left to the amounts.
 */
Deno.test("a pressure-shaped pair after a drug's name is the pressure the drug is held for (TP 1211, TP 1214)", async () => {
  await says("TP 1211", "Nitroglycerin 0.4mg SL", "SBP", "100mmHg");
  const held: [string, number][] = [
    ["adult chest pain ntg 88/50", 88],
    ["65yoM cp, nitro 82/40, hr 50", 82],
    ["adult cp nitro 88/50?", 88],
    ["adult chest pain, ntg 88/50 hr 110?", 88],
    ["adult cp, gave nitro 90/60 now", 90],
    ["fentanyl 100/50 given", 100],
    ["amio 300/150, 88/50", 88],
  ];
  for (const [text, systolic] of held) {
    assert.equal(findPatientFacts(text).systolicBp, systolic, text);
  }
  for (const text of held.slice(0, 5).map(([t]) => t)) {
    const { outcomes } = dosingForConversation([user(text)]);
    assert.equal(outcomes.length, 1, text);
    assert.equal(outcomes[0].result, undefined, text);
    assert.equal(outcomes[0].refusal?.code, "NOT_FOR_THIS_PATIENT", text);
  }
  // Above 250 no pressure is read from the pair after the drug ("amio 300/150", "amio 300 / 260"), nor a
  // shape no pressure has.
  for (
    const text of ["amio 300/150", "amio 300/150 given", "adult vf amio 300/150 given, next?", "ntg 50/88"]
  ) {
    assert.equal(findPatientFacts(text).systolicBp, undefined, text);
  }
});

/**
 * Several pressures in one message read the lowest (medical director's second review): "ntg 210/110 then 96/60"
 * read 210 and offered TP 1214's 1.2 mg step (SBP ≥ 200) to a patient now at 96, below the hold at 100.
 * Which pressure is the newest is not always plain from the words; the lowest is the safe reading for every hold
 * and every dose step, and the answer says it was used.
 */
Deno.test("several pressures in one message: the lowest is read and said (TP 1211, TP 1214)", async () => {
  await says("TP 1214", "SBP ≥ 200mmHg", "SBP < 100mmHg");
  await says("TP 1211", "Hold if SBP < 100mmHg");
  const rows: [string, number, number[]][] = [
    ["adult chf pulm edema ntg 210/110 then 96/60, next?", 96, [210, 96]],
    ["adult cp nitro 150/90 then 98/60, 2nd?", 98, [150, 98]],
    ["adult cp ntg 130/80 then 90/50, next?", 90, [130, 90]],
    ["adult pulmonary edema ntg. bp was 210/110 now 96/60", 96, [210, 96]],
    ["adult cp nitro x1 given 150/90 now 98/60, 2nd?", 98, [150, 98]],
    ["adult cp bp 150/90 after nitro now 88/50 next?", 88, [150, 88]],
    ["adult cp ntg 90/50 then 130/80, next?", 90, [90, 130]],
    // A labelled pressure never hides a pair after a drug's name: it may be the patient's pressure now
    // (medical director's fourth review: a rule that preferred the label gave nitro at 150 to a patient at 88).
    ["adult cp bp 150/90 earlier, ntg 88/50 now, ntg?", 88, [150, 88]],
    ["adult chf bp 210/110, ntg 80/40 after 1.2, next?", 80, [210, 80]],
  ];
  for (const [text, systolic, said] of rows) {
    assert.equal(findPatientFacts(text).systolicBp, systolic, text);
    const { outcomes, notes } = dosingForConversation([user(text)]);
    assert.equal(outcomes[0].request.systolicBp, systolic, text);
    assert.equal(outcomes[0].result, undefined, text);
    // The dose differs at the other pressure said: none is given until the current one is said.
    assert.equal(outcomes[0].refusal?.code, "PRESSURES_DISAGREE", text);
    assert.ok(
      notes.some((n) =>
        n.startsWith(`Several systolic pressures were given (${said.join(", ")}); the lowest, ${systolic}`)
      ),
      text,
    );
  }
  // One pressure, or the same said twice ("BP 210/110"), is read as before and raises no note.
  for (
    const [text, systolic] of [["adult chf ntg 1.2 mg? bp 210/110", 210], [
      "adult cp ntg bp 140/90",
      140,
    ]] as const
  ) {
    const { outcomes, notes } = dosingForConversation([user(text)]);
    assert.equal(outcomes[0].request.systolicBp, systolic, text);
    assert.ok(!notes.some((n) => n.startsWith("Several systolic")), text);
  }
  // The newest message with a pressure decides; a pressure the client sends wins and raises no note.
  const turns = [
    user("adult chf, bp 210/110 then 96/60"),
    { role: "assistant", content: "ok" } as ChatTurn,
    user("ntg?"),
  ];
  assert.equal(dosingForConversation(turns).outcomes[0].request.systolicBp, 96);
  const sent = dosingForConversation([user("adult chf ntg 210/110 then 96/60")], { systolicBp: 180 });
  assert.equal(sent.outcomes[0].request.systolicBp, 180);
  assert.ok(!sent.notes.some((n) => n.startsWith("Several systolic")));
});

Deno.test("access already in place is no dose given: 'iv already established' raises no 'not read' note; doses still do", () => {
  for (
    const text of [
      "20kg seizing, iv already established, versed iv?",
      "20 kg agitated, IV already in place, versed IV",
      "pt already has an iv, 80 kg pain, fentanyl",
      "80kg pain, io already placed, fentanyl",
    ]
  ) {
    const { outcomes, notes } = dosingForConversation([user(text)]);
    assert.ok(outcomes.length > 0, text);
    assert.ok(!notes.some((n) => NOT_READ.test(n)), `${text}: ${notes.join(" | ")}`);
  }
  for (
    const text of [
      "iv already established, versed already given, 20kg seizing, versed iv?",
      "80 kg pain, fentanyl already given, fentanyl?",
      // "iv already" alone may be the dose given by vein: still said.
      "80 kg pain, fentanyl iv already, next?",
    ]
  ) {
    // Named as given with no count: one dose is read, and said (MD8 H4).
    const { notes } = dosingForConversation([user(text)]);
    assert.ok(AT_LEAST_ONE.test(notes[0] ?? ""), `${text}: ${notes.join(" | ")}`);
  }
});

Deno.test("a dose that would differ at another pressure said is not given, whichever way its rule points", () => {
  // Push-dose epinephrine and saline are given only below a pressure, nitro held below one: the lowest
  // pressure is the safe reading for one and not the other (medical director's fifth review).
  for (
    const text of [
      "adult bradycardic, fentanyl 50/25 given, bp 130/80, push dose epi?",
      "adult head injury, fentanyl 50/25 given, bp 140/90, saline?",
      "adult post rosc, bp 80/40 before, now 130/80, push dose epi?",
      "adult hypotensive, bp 110/70 earlier, push dose epi 70/40",
      "adult cp bp 150/90 earlier, ntg 88/50 now, ntg?",
    ]
  ) {
    const { outcomes } = dosingForConversation([user(text)]);
    const asked = outcomes.filter((o) => !/fentanyl/i.test(o.request.medication));
    assert.ok(asked.length > 0, text);
    for (const o of asked) {
      assert.equal(o.result, undefined, text);
      assert.equal(o.refusal?.code, "PRESSURES_DISAGREE", text);
      assert.match(o.refusal!.message, /^Several systolic pressures were given \(\d+, \d+\)/, text);
    }
  }
  // The same dose at each pressure said: given (chest pain's nitro is 0.4 mg at 130 and at 150, TP 1211).
  const same = dosingForConversation([user("adult cp ntg 130/80 then 150/90")]).outcomes;
  assert.deepEqual(same.map((o) => [o.result?.dose, o.result?.route]), [[{ value: 0.4, unit: "mg" }, "SL"]]);
});
