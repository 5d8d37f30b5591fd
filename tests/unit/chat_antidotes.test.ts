/**
 * A poisoning's own antidote asked right after it (chat_antidotes.ts) is the dose asked, not what the patient took:
 * TP 1241 step 15 / TP 1241-P step 13 give calcium chloride for a calcium-channel or beta-blocker overdose and sodium
 * bicarbonate for a tricyclic overdose, on a base order. Medical director's sixteenth read, H7: "60yo ccb overdose
 * calcium chloride" had withheld the dose and said the patient overdosed on calcium chloride. Rows both ways: a drug
 * that is no antidote of the poisoning named, a drug overdosed "on", and "OD" for the right eye keep their reading.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const CCB = "calcium-channel-blocker-overdose";
const TCA = "tricyclic-overdose";

const ANTIDOTE_ASKED: readonly Row[] = [
  [["60yo ccb overdose calcium chloride"], [`${CCB}: 1 g IV @60 yo`]],
  [["kid 20 kg ccb overdose calcium chloride"], [`${CCB}: 400 mg IV @20 kg`]],
  [["kid 20 kg ccb overdose calcium chloride io"], [`${CCB}: ROUTE_NOT_AVAILABLE`]], // IV only (TP 1241-P step 13)
  [["70kg beta blocker overdose calcium chloride"], [`${CCB}: 1 g IV @70 kg`]],
  [["70kg ccb overdose cacl"], [`${CCB}: 1 g IV @70 kg`]],
  [["70kg tca overdose bicarb"], [`${TCA}: 50 mEq IV/IO @70 kg`]],
  [["70kg tca od bicarb"], [`${TCA}: 50 mEq IV/IO @70 kg`]],
  // A child's tricyclic bicarbonate is IV only (TP 1241-P): the route is refused, the drug no longer dropped.
  [["20kg kid tca overdose bicarb io"], [`${TCA}: ROUTE_NOT_AVAILABLE`]],
  [["20kg kid tca overdose bicarb"], [`${TCA}: 20 mEq IV @20 kg`]],
  // "ccb od" is read as the indication too (sixteenth read, M1: chat_overdose_words.ts).
  [["70kg ccb od calcium chloride"], [`${CCB}: 1 g IV @70 kg`]],
  // Naloxone was already never read as the drug taken (TP 1241 step 4).
  [["70kg heroin overdose narcan im"], ["opioid-overdose: 2 mg IM @70 kg"]],
  // The comma form was read before and still is.
  [["60yo ccb overdose, calcium chloride"], [`${CCB}: 1 g IV @60 yo`]],
];

/** The drug after the overdose word is what the patient took: no dose of it. */
const TAKEN: readonly string[] = [
  "70kg ccb overdose fentanyl",
  "70kg tca overdose calcium chloride",
  "70kg ccb overdose bicarb",
  "70kg overdose on calcium chloride",
  "70kg ccb overdose on calcium chloride",
  "70kg od of fentanyl",
  "70kg tca od of bicarb",
];

Deno.test("a poisoning's TP 1241 antidote asked after it is dosed, with its base order", () =>
  check(ANTIDOTE_ASKED));
Deno.test("a drug that is no antidote of the poisoning named is still what the patient took", () => {
  for (const message of TAKEN) {
    const { outcomes, notes } = dosingForConversation(turns([message]));
    assert.deepEqual(outcomes, [], message);
    assert.ok(notes.some((n) => n.includes("names what the patient took or overdosed on")), message);
  }
});
Deno.test("the antidote asked is never said to be what the patient overdosed on", () => {
  for (const [messages] of ANTIDOTE_ASKED) {
    const { notes } = dosingForConversation(turns(messages));
    assert.ok(!notes.some((n) => n.includes("overdosed on")), messages.join(" / "));
  }
});
Deno.test("'OD' for the right eye is no overdose: the drug after it is asked", () =>
  check([[["70kg metal in OD calcium chloride"], ["-: AMBIGUOUS_INDICATION"]]]));
