/**
 * The medical director's twelfth read, as the medic types it (the engine's part: dosing_review12.test.ts):
 * - H4: push-dose epinephrine for anaphylactic shock (TP 1219 step 7, TP 1219-P step 8) had been refused
 *   UNKNOWN_INDICATION; IM epinephrine stays the answer when the push-dose is not asked for (step 4).
 * - H3: a child's SVT rate (TP 1213-P: 180, an infant's 220) was "not applied"; and a rate written after the rhythm
 *   ("svt 140", "svt at 140", "narrow complex tach 140") was not read, so adenosine was dosed below TP 1213's 150.
 * - M4: SVT with poor perfusion in an alert adult is 12 mg first (TP 1213 step 11), and "svt 180, 6mg adenosine x1
 *   given" is one dose given (step 10's 12 mg next): the rate had been read as the first amount of a series.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { chatAnswers, checkRows, doseForWho, medicTurns, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

const ANAPHYLACTIC_SHOCK: readonly Row[] = [
  [["35yo anaphylactic shock sbp 70 push dose epi?"], ["anaphylaxis: 10 mcg IV/IO @35 yo"]],
  [["35yo anaphylaxis bp 70/40 after epi im and 1L NS, push dose epi?"], [
    "anaphylaxis: 10 mcg IV/IO @35 yo",
  ]],
  [["5yo 20kg anaphylactic shock bp 60/30 push dose epi?"], ["anaphylaxis: 10 mcg IV/IO @20 kg"]],
  // No allergy word the engine names anaphylaxis by: the push-dose of shock (TP 1207), the same 10 mcg.
  [["bee sting 35yo, hives, bp 70/40", "push dose epi?"], ["push-dose: 10 mcg IV/IO @35 yo"]],
  // Near misses: the push-dose not asked for is IM epinephrine first; a pressure above 90 holds the push-dose.
  [["35yo anaphylactic shock sbp 70 epi?"], ["anaphylaxis: 0.5 mg IM @35 yo"]],
  [["35yo anaphylaxis epi?"], ["anaphylaxis: 0.5 mg IM @35 yo"]],
  [["35yo anaphylaxis bp 120/80 push dose epi?"], ["anaphylaxis: NOT_FOR_THIS_PATIENT"]],
  [["60yo septic shock bp 70/40 push dose epi"], ["push-dose: 10 mcg IV/IO @60 yo"]],
];

Deno.test("H4: push-dose epinephrine for anaphylactic shock is dosed (TP 1219 step 7, TP 1219-P step 8)", () =>
  check(ANAPHYLACTIC_SHOCK));

const HELD = ["svt: NOT_FOR_THIS_PATIENT"];

const SVT_RATE: readonly Row[] = [
  // A child's: 180 or more, an infant's 220 or more (TP 1213-P).
  [["5yo 20kg svt hr 160 adenosine?"], HELD],
  [["5yo 20kg svt 160 adenosine"], HELD],
  [["6mo old 7kg svt hr 200 adenosine?"], HELD],
  [["6mo old 7kg svt hr 230 adenosine?"], ["svt: 0.7 mg IV/IO @7 kg"]],
  [["5yo 20kg svt hr 190 adenosine?"], ["svt: 2 mg IV/IO @20 kg"]],
  [["5yo 20kg svt at 190 adenosine?"], ["svt: 2 mg IV/IO @20 kg"]],
  // The rate after the rhythm's name (TP 1213: 150 or more).
  [["svt 140 adenosine 55yo"], HELD],
  [["55yo svt at 140 adenosine?"], HELD],
  [["55yo narrow complex tach 140 adenosine?"], HELD],
  [["55yo svt hr 140 adenosine?"], HELD],
  // Near misses: a rate at or above it; numbers that are no rate; the rate said with hr wins.
  [["55yo svt 190 adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt in the 190s adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt 12 lead done adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt x 20 min hr 190 adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt 140 hr 190 adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
];

const POOR_PERFUSION: readonly Row[] = [
  [["55yo svt 190 bp 80/50 alert poor perfusion adenosine?"], ["svt-poor-perfusion: 12 mg IV/IO @55 yo"]],
  [["55yo svt 190, hypotensive, alert, adenosine?"], ["svt-poor-perfusion: 12 mg IV/IO @55 yo"]],
  [["55yo svt 180 poor perfusion, adenosine x1 given, adenosine?"], [
    "svt-poor-perfusion: 12 mg IV/IO @55 yo",
  ]],
  [["55yo svt 180, 6mg adenosine x1 given, next dose?"], ["svt: 12 mg IV/IO @55 yo"]],
  // Near misses: perfusion denied or good; a wide-complex rhythm keeps its own row.
  [["55yo svt 190 good perfusion adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt 190 no hypotension adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt 190 not poorly perfusing adenosine"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo wct 190 poor perfusion adenosine?"], ["wide-complex-tachycardia: 6 mg IV/IO @55 yo"]],
];

Deno.test("H3: the SVT rate is applied, a child's by TP 1213-P, and read after the rhythm's name", () =>
  check(SVT_RATE));
Deno.test("M4: SVT with poor perfusion is TP 1213 step 11's 12 mg; 'svt 180, 6mg adenosine x1 given' is one dose", () =>
  check(POOR_PERFUSION));

Deno.test("H3: the chat sends a child's heart rate, and the answer never calls it unapplied", () => {
  for (const message of ["5yo 20kg svt hr 190 adenosine?", "5yo 20kg svt 190 adenosine"]) {
    const [outcome] = dosingForConversation(medicTurns([message])).outcomes;
    assert.equal(outcome.request.heartRate, 190, message);
    assert.ok(!outcome.result?.warnings.some((w) => /not applied/.test(w)), message);
  }
});
