/**
 * The medical director's twelfth read, as the medic types it (the engine's part: dosing_review12.test.ts):
 * - H4: push-dose epinephrine for anaphylactic shock (TP 1219 step 7, TP 1219-P step 8) had been refused
 *   UNKNOWN_INDICATION; IM epinephrine stays the answer when the push-dose is not asked for (step 4).
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

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
