/**
 * The medical director's eighth read of the chat's doses given (2026-12-06): H4, a drug named as given with no count
 * was dosed as a first dose ("D10 given, repeat?" offered the child's dextrose again, though TP 1203-P allows a repeat
 * only on base order); H2, another drug named beside the one asked dropped the asked one's count ("asa given, nitro
 * x3 given, nitro?" offered a first nitro, though TP 1211 allows three in all). The ninth read's of the same
 * (2026-12-06): H1, an amount said with it fell back to a first dose; H2, words of several doses read as one; H3,
 * another day's dose counted in this course; M1, a drug named as given among several asked; M5, another patient's
 * dose; L3, a supposition. The tenth read's: H1, a number or a time beside it undid the rule; H3, a home medicine
 * named beside the drug asked dropped its count; H4, a dose named in an earlier message under another reading of
 * the same state (the allergic cause said earlier now keeps the reading). The eleventh read's: H1, a newer message
 * naming the drug as given after a count; H2, a count said before any indication; H3, a reply to the chat's own dose
 * that names no drug; H4, "versed x1" with no giving word. Rows both ways.
 */
import assert from "node:assert/strict";
import { type ChatTurn, dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { withGivenAnswers } from "../../functions-shared/handlers/bedrock_ai_chat/chat_named_given.ts";
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterCount,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const notes = (messages: readonly string[]) => dosingForConversation(turns(messages)).notes;
const AT_LEAST_ONE = /^No count of .+ doses given was said: .+ is read as one dose given/;
const NOT_READ = /^Doses already given were not read/;

const SEIZING = "4yo 16kg seizing";
const MIDAZOLAM_2ND = ["seizure: 2.5 mg IN/IM after 1"]; // TP 1231-P: two before base; MCG 1309 at 16 kg
const MIDAZOLAM_1ST = ["seizure: 2.5 mg IN/IM"];

/** H4: named as given, with no count: one dose read, the fewest the words can mean. */
const NAMED_AS_GIVEN: readonly Row[] = [
  [["3yo 15kg bgl 40, d10 given, repeat d10?"], ["-: LIMIT_REACHED"]], // TP 1203-P: a repeat is base's
  [["20kg kid bgl 40", "d10 already in, still 40, more d10?"], ["-: LIMIT_REACHED"]],
  [[`${SEIZING}, versed given, still seizing, more versed?`], MIDAZOLAM_2ND],
  [[`${SEIZING}, versed pushed at 1405, still seizing, versed?`], MIDAZOLAM_2ND],
  [[SEIZING, "versed given", "still seizing, versed?"], MIDAZOLAM_2ND], // an earlier message's
  [["adult anaphylaxis, epi im given, another epi?"], ["anaphylaxis: LIMIT_REACHED"]], // TP 1219: repeats are base's
  [["adult arrest, epi given, next epi?"], ["cardiac-arrest: 1 mg IV/IO after 1"]],
];

/** H4's near misses: none given, a question, a count or an amount said, the patient's own: no dose read. */
const NOT_NAMED_AS_GIVEN: readonly Row[] = [
  [[`${SEIZING}, no versed given yet, versed?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, versed not given, versed?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, haven't given versed, versed?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, should versed be given?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, versed to be given`], MIDAZOLAM_1ST],
  [["45 yo anaphylaxis, pt used own epipen, epi?"], ["anaphylaxis: 0.5 mg IM"]],
];

/** H2: a drug named only as given beside the one asked is not asked; the asked one's own count is read. */
const OTHERS_GIVEN: readonly Row[] = [
  [["60yo cp, asa given, nitro x3 given, cp still, nitro?"], ["-: LIMIT_REACHED"]], // TP 1211: 3 in all
  [["60yo cp, nitro x3 given", "zofran x1 given, nitro?"], ["-: LIMIT_REACHED"]],
  [["60yo cp bp 150/90, asa given, nitro x2 given, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["60 yo vf arrest, gave 2 doses of epi, amiodarone x1 given, amiodarone?"], [
    "-: 150 mg IV/IO after 1",
  ]],
];

/** H2's near misses: every drug named as given, or named where it is asked too: none dropped. */
const OTHERS_ASKED: readonly Row[] = [
  // Both named only as given: both answered, each after one (MD9 M1: aspirin is given once, TP 1211).
  [["60yo cp bp 150/90, asa and nitro given, next?"], ["-: LIMIT_REACHED", "-: 0.4 mg SL after 1"]],
  // Named as given and asked: answered after one.
  [["60yo cp bp 150/90, nitro given, cp still, nitro?"], ["-: 0.4 mg SL after 1"]],
];

Deno.test("chat: a drug named as given with no count is read as one dose given, and said (MD8 H4)", () => {
  check(NAMED_AS_GIVEN);
  for (const [messages] of NAMED_AS_GIVEN) {
    assert.match(notes(messages)[0] ?? "", AT_LEAST_ONE, messages.join(" / "));
  }
});

Deno.test("chat: none given, a question, a count or amount said, or the patient's own dose read no dose (MD8 H4)", () => {
  check(NOT_NAMED_AS_GIVEN);
  for (const [messages] of NOT_NAMED_AS_GIVEN) {
    assert.ok(!notes(messages).some((n) => AT_LEAST_ONE.test(n)), messages.join(" / "));
  }
  // Counts said but not this crew's alone are not read: the first dose, said first to be for none given.
  assert.match(notes(["adult pt got 2 doses of albuterol at home, 1 neb by us, albuterol?"])[0], NOT_READ);
});

Deno.test("chat: a drug named only as given beside the one asked is not offered again; the asked one's count holds (MD8 H2)", () => {
  check(OTHERS_GIVEN);
  check(OTHERS_ASKED);
});

/** Ninth read: an amount of one dose is that dose; more than one, or words of several, are asked. */
const NINTH: readonly Row[] = [
  // H1: TP 1219, one IM epinephrine before base; TP 1231, 10 mg of midazolam by every route before base
  [["adult 70kg anaphylaxis, epi 0.5mg im given, still wheezing, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["adult 70kg anaphylaxis, 0.5 of epi given, still wheezing, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["adult 80kg seizing, versed 10mg IM given, still seizing, versed iv?"], ["seizure: LIMIT_REACHED"]],
  [[`${SEIZING}, versed 2.5mg given, still seizing, versed?`], MIDAZOLAM_2ND],
  [["adult arrest, already gave 2 mg of epi, more?"], countAsked("cardiac-arrest")], // two 1 mg doses, or more
  // H2: several doses with no count
  [[`${SEIZING}, versed given IN and IM, still seizing, versed?`], countAsked("seizure")],
  [[`${SEIZING}, fire gave versed, we gave versed, still seizing, versed?`], countAsked("seizure")],
  [[`${SEIZING}, versed given by fire and by us, versed?`], countAsked("seizure")],
  [[`${SEIZING}, versed given a couple times, versed?`], countAsked("seizure")],
  [[`${SEIZING}, versed given then given, versed?`], countAsked("seizure")],
  [["60yo cp bp 150/90, nitro given q5 min, nitro?"], ["-: DOSES_GIVEN_UNCLEAR"]],
  // M1: named as given among several asked (TP 1219; TP 1211 gives aspirin once)
  [["adult 70kg anaphylaxis, epi given, still wheezing, epi im and albuterol neb?"], [
    "anaphylaxis: LIMIT_REACHED",
    "bronchospasm: 5 mg NEB",
  ]],
  [["60yo cp bp 150/90, asa given, more asa or nitro?"], ["-: LIMIT_REACHED", "-: 0.4 mg SL"]],
];

/** Ninth read's near misses: another day's dose, another patient's, a supposition, one dose split: as said. */
const NINTH_NOT: readonly Row[] = [
  // H3: TP 1219's first epinephrine is not refused for a dose years before
  [["45yo anaphylaxis, history of anaphylaxis, epi given at urgent care in 2022. epi?"], [
    "anaphylaxis: 0.5 mg IM",
  ]],
  [[`${SEIZING}, versed given last week for a seizure, seizing again now, versed?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, versed given yesterday at the ER, seizing now, versed?`], MIDAZOLAM_1ST],
  // M5, L3
  [[`${SEIZING}, versed given to sibling earlier, this pt versed?`], MIDAZOLAM_1ST],
  [[`${SEIZING}, if versed given and still seizing what next`], MIDAZOLAM_1ST],
  // one dose split between the nostrils is one dose
  [[`${SEIZING}, versed given in each nostril, still seizing, versed?`], ["seizure: 2.5 mg IN after 1"]],
];

Deno.test("chat: an amount of one dose is that dose, more or several are asked; other days, patients and suppositions are not this course's (MD9)", () => {
  check(NINTH);
  check(NINTH_NOT);
});

/** Tenth read: a number beside the drug named as given is asked; a time is none; home medicines are not asked. */
const TENTH: readonly Row[] = [
  // H1 (TP 1231: 10 mg before base; TP 1219 and TP 1203-P: repeats are base's)
  // "versed 10": one 10 mg IM dose, TP 1231's single dose before base (thirteenth read, M3); 20 is still asked
  [["adult 80kg seizing, versed 10 given IM, still seizing, versed?"], ["seizure: LIMIT_REACHED"]],
  // TP 1231 step 7: 20 is past the 10 mg before base as mg or as doses (fourteenth read, M2)
  [["adult 80kg seizing, versed 20 given IM, still seizing, versed?"], ["seizure: LIMIT_REACHED"]],
  [[`${SEIZING}, gave 2 versed, versed?`], countAsked("seizure")],
  [["60yo cp bp 150/90, nitro 2 given, still cp, nitro?"], ["-: DOSES_GIVEN_UNCLEAR"]],
  [["adult anaphylaxis 70kg, epi given at 14:10, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["adult anaphylaxis 70kg, epi given around 2:15, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["3yo 15kg bgl 40, d10 given at 14:10, repeat d10?"], ["-: LIMIT_REACHED"]],
  [["adult arrest, epi x2 given by us and 1 by fire, epi?"], countAsked("cardiac-arrest")],
  // H3: the patient's own medicines are not asked; the asked drug's count holds (TP 1211: 3 nitro in all)
  [["60yo cp bp 150/90, nitro x3 given, on aspirin daily, nitro?"], ["-: LIMIT_REACHED"]],
  [["45yo opioid od, narcan x2 given total 8 mg, fentanyl patch on arm, narcan im?"], [
    "opioid-overdose: LIMIT_REACHED",
  ]],
  // H4: "still wheezing" goes on with the course the dose was given in (TP 1219): an allergic cause said earlier
  // keeps the reading anaphylaxis (chat_mentions.ts), so the dose named as given is this course's
  [["22yo bee sting, hives, wheezing, 60kg", "epi 0.5mg IM given", "still wheezing, epi?"], [
    "anaphylaxis: LIMIT_REACHED",
  ]],
];

Deno.test("chat: a number beside a drug named as given asks, a time does not; home medicines are not asked (MD10)", () => {
  check(TENTH);
});

/** A vital sign or a score beside the drug named as given is no count: one dose was given (it had asked how many). */
const VITALS_BESIDE: readonly Row[] = [
  [["60yo cp, nitro given bp 130/80, still cp, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["60yo cp bp 150/90, nitro given pain 6, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["60yo cp bp 150/90, nitro given pain now 5/10, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["60yo cp bp 150/90, nitro given hr 88 sats 94%, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["adult 80kg seizing, versed given gcs 7, still seizing, versed?"], [
    "seizure: FACT_REQUIRED",
    "seizure: LIMIT_REACHED",
  ]],
  // a number with no label is still asked
  [["60yo cp bp 150/90, nitro given 2, nitro?"], ["-: DOSES_GIVEN_UNCLEAR"]],
  [["60yo cp bp 150/90, nitro given pain 6 then 2, nitro?"], ["-: DOSES_GIVEN_UNCLEAR"]],
];

Deno.test("chat: a vital sign or pain score beside a drug named as given is no count of it", () => {
  check(VITALS_BESIDE);
});

/** The chat's dose, then the medic's reply: assistant turns carry the chat's words. */
const afterChatDose = (asked: string, chat: string, reply: string): ChatTurn[] => [
  { role: "user", content: asked },
  { role: "assistant", content: chat },
  { role: "user", content: reply },
];
const codes = (turns: ChatTurn[]) =>
  dosingForConversation(turns).outcomes.map((o) =>
    o.refusal?.code ?? `${o.result!.dose.value} ${o.result!.dose.unit}`
  );

/** Eleventh read: what was said after a count, before an indication, or after the chat's dose, holds the count. */
const ELEVENTH: readonly Row[] = [
  // H1: TP 1210 allows 3 mg of epinephrine; TP 1211 three nitro
  [["70kg arrest vf", "epi x2 given", "epi given, still vf, epi?"], countAsked("cardiac-arrest")],
  [["70kg arrest vf", "epi x2 given", "gave amio 300 and epi 1mg, epi?"], countAsked("cardiac-arrest")],
  [["60yo cp bp 150/90", "nitro x2 given", "nitro given, pain 5/10, nitro?"], countAsked("chest-pain")],
  // H2: a count said before the indication is this course's (TP 1231-P: 2 before base; TP 1219: 1)
  [["4yo 16kg", "versed x2 given", "seizing again, versed?"], ["seizure: LIMIT_REACHED"]],
  [["70kg", "epi x1 given", "anaphylaxis again, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["60yo 80kg bp 150/90", "nitro x3 given", "chest pain again, nitro?"], ["chest-pain: LIMIT_REACHED"]],
  // H4: "versed x1" with no giving word is never none given; with versed asked again after it, it is one given as
  // "more versed?" always read (nineteenth read: TP 1231, 10 mg IM/IN once before base); "x2 IV lines" is no count
  [["70kg seizing, versed x1, still seizing, versed?"], ["seizure: FACT_REQUIRED", "seizure: LIMIT_REACHED"]],
  [["adult 70kg, epi x2 IV lines, cardiac arrest epi dose"], ["cardiac-arrest: 1 mg IV"]],
  // the patient's event again beside a drug named as given is no dose again (one read; "given again" asks)
  [["seizing again after versed given, versed 20kg"], ["seizure: 5 mg IN/IM after 1"]],
  [["20kg kid seizing, versed given again, versed?"], countAsked("seizure")],
  // Medium 4: a clause naming only another drug keeps its route (albuterol had been refused "by route IM")
  [["adult 70kg anaphylaxis, epi given IM, still wheezing, albuterol?"], [
    "bronchospasm: 5 mg NEB",
    "bronchospasm: 360 mcg MDI",
  ]],
];

Deno.test("chat: a newer 'given', a count before the indication, a reply to the chat's dose hold the count (MD11)", () => {
  check(ELEVENTH);
  // H3: the medic's reply to the chat's own dose names no drug: it is that drug's (TP 1231: one IN/IM dose)
  const chat = "Midazolam 10 mg IN/IM (TP 1231).";
  const adult = "45yo seizing 80kg, versed?";
  assert.deepEqual(codes(afterChatDose(adult, chat, "given. still seizing, versed?")), [
    "FACT_REQUIRED", // IV/IO: the 10 mg counts every route, the total is asked
    "LIMIT_REACHED",
  ]);
  assert.deepEqual(codes(afterChatDose(adult, chat, "done, still seizing")), [
    "FACT_REQUIRED",
    "LIMIT_REACHED",
  ]);
  // "10 IM given" is the one 10 mg dose (TP 1231; thirteenth read, M3); "20 IM given" is past the 10 mg before base
  // as mg or as doses (fourteenth read, M2)
  assert.deepEqual(codes(afterChatDose(adult, chat, "10 IM given, still seizing?")), ["LIMIT_REACHED"]);
  assert.deepEqual(codes(afterChatDose(adult, chat, "20 IM given, still seizing?")), ["LIMIT_REACHED"]);
  // "in arrest now" is no "in" of the dose; "in." alone is
  assert.equal(
    withGivenAnswers(afterChatDose(adult, chat, "in arrest now, epi?"))[2].content,
    "in arrest now, epi?",
  );
  assert.equal(
    withGivenAnswers(afterChatDose(adult, chat, "in. still seizing"))[2].content,
    "midazolam given. still seizing",
  );
  // "done with iv attempts" is no dose: the routes still open are dosed
  assert.deepEqual(codes(afterChatDose(adult, chat, "done with iv attempts, versed?")), ["5 mg", "10 mg"]);
});
