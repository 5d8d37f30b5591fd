/**
 * The medical director's seventh read, High 1 and two Low items: the tape question (the engine's FACT_REQUIRED, field
 * color, for a weight above the tape under 12; its warning from 12 to 14: MCG 1309 guidelines 1 and 5) answered as
 * a medic answers it: a bare colour ("orange", "hes orange"), "too long for tape", "off the tape", "doesnt fit on
 * tape", "adult", a message or two after the dose was asked; from 12 to 14 a colour replaces the weight too. A bare
 * colour elsewhere ("orange juice", "blue lips", "hes blue") is never the tape's. "sorry, orange" corrects a child's
 * placement and says so; a question whether the indication still holds ("anaphylaxis now?") carries no note on "the
 * dose below". Rows both ways.
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

/** Each answer as "indication: dose unit route @who" or "indication: REFUSAL_CODE"; one per outcome. */
export const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);

const HEAVY = "seizing 70kg 6yo versed";
const TEEN = "seizing 70kg 13yo versed";
const ASKED = ["seizure: FACT_REQUIRED"];
const ORANGE = ["seizure: 5 mg IN/IM @orange"];
// Longer than the tape at 6 years: TP 1231-P's dose by age, IN/IM only, not the adult's (MD8 H6 rest).
const LONGER = ["seizure: 5 mg IN/IM @longer-than-tape"];
const ADULT_70 = ["seizure: 5 mg IV/IO @70 kg", "seizure: 10 mg IN/IM @70 kg"];

/** High 1: the answers the question was not read from, now read. */
export const TAPE_ANSWERED: readonly Row[] = [
  [[HEAVY, "orange"], ORANGE],
  [[HEAVY, "hes orange"], ORANGE],
  [[HEAVY, "ok, orange"], ORANGE],
  [[HEAVY, "green"], ["seizure: 5 mg IN/IM @green"]],
  [[HEAVY, "blue"], ["seizure: 5 mg IN/IM @blue"]],
  [["seizing 70kg 6yo", "versed?", "orange"], ORANGE],
  [[HEAVY, "too long for tape"], LONGER],
  [[HEAVY, "off the tape"], LONGER],
  [[HEAVY, "doesnt fit on tape"], LONGER],
  [[HEAVY, "does not fit on the tape"], LONGER],
  [[HEAVY, "too big for the broselow tape"], LONGER],
  [[HEAVY, "he's off the end of the tape"], LONGER],
  // A message or two later: the medication last asked is run again.
  [[HEAVY, "ok", "longer than tape"], LONGER],
  [[HEAVY, "measuring now", "orange tape"], ORANGE],
  [[HEAVY, "orange?", "longer than tape"], LONGER],
  [[HEAVY, "ok", "orange"], ORANGE],
  // "adult" answering the question is the engine's word for longer than the tape: the age stands with it.
  [[HEAVY, "ok", "adult"], LONGER],
  // MD8 H6 rest: said in one message, or answered from 12 to 14 (the child's 10 mg, IN/IM only).
  [["9yo 55kg off the tape seizing, versed?"], ["seizure: 5 mg IN/IM @55 kg"]],
  [[TEEN, "off the tape"], ["seizure: 10 mg IN/IM @longer-than-tape"]],
  // 12–14 years: the engine's warning asks for the colour if the child fits the tape; it replaces the weight.
  [[TEEN, "orange tape"], ["seizure: 10 mg IN/IM @orange"]],
  [[TEEN, "fits on tape, green"], ["seizure: 10 mg IN/IM @green"]],
  [[TEEN, "orange"], ["seizure: 10 mg IN/IM @orange"]],
  [[TEEN, "orange tape", "green tape"], ["seizure: 10 mg IN/IM @green"]],
  // Sixth read, Low: a bare colour said as a correction of a child's placement.
  [["seizing 20kg 6yo versed", "sorry, orange"], ORANGE],
];

/** The other way: a colour word that is not the tape's, a question, a tape that fits, no tape question asked. */
export const NOT_THE_TAPE: readonly Row[] = [
  [[HEAVY, "orange juice"], ASKED],
  [[HEAVY, "pink frothy sputum"], ASKED],
  [[HEAVY, "blue lips"], ASKED],
  [[HEAVY, "hes blue"], ASKED],
  [[HEAVY, "pt is grey"], ASKED],
  [[HEAVY, "orange?"], ASKED],
  [[HEAVY, "fits on the tape"], ASKED],
  [[HEAVY, "is he off the tape?"], ASKED],
  [[HEAVY, "read it off the tape: orange"], ORANGE],
  [["seizing 70kg 40yo versed", "orange"], ADULT_70],
  [["seizing 70kg versed", "orange"], ADULT_70],
  [["seizing 20kg 6yo versed", "orange"], ["seizure: 5 mg IN/IM @20 kg"]],
  [[HEAVY, "orange juice given", "versed?"], ASKED],
];

Deno.test("chat: the tape question answered by a bare colour, 'too long for tape', 'adult', later (MD7 High 1)", () => {
  checkRows(TAPE_ANSWERED, answers);
  checkRows(NOT_THE_TAPE, answers);
});

Deno.test("chat: the tape's answer is said as a correction; 'sorry, orange' is said too (MD7 High 1, MD6 Low)", () => {
  const said = (messages: readonly string[]) => dosingForConversation(turns(messages)).notes.join(" | ");
  assert.match(said([HEAVY, "ok", "orange"]), /"orange tape replaces 70 kg; 6 years still holds"/);
  assert.match(said([TEEN, "fits on tape, green"]), /"green tape replaces 70 kg; 13 years still holds"/);
  assert.match(
    said([HEAVY, "doesnt fit on tape"]),
    /"longer than the tape replaces 70 kg; 6 years still holds"/,
  );
  assert.match(said([HEAVY, "adult"]), /"longer than the tape replaces 70 kg; 6 years still holds"/);
  assert.match(
    said(["seizing 20kg 6yo versed", "sorry, orange"]),
    /"orange tape replaces 20 kg; 6 years still holds"/,
  );
  // The tape read again: the newer colour's replacing is said, never the older's beside the newer's dose.
  assert.match(
    said([TEEN, "orange tape", "green tape"]),
    /"green tape replaces orange tape; 13 years still holds"/,
  );
  assert.match(said(["seizing blue tape versed", "red tape"]), /"red tape replaces blue tape"/);
});

Deno.test("chat: a question whether the indication holds says nothing of 'the dose below' (MD7 Low)", () => {
  const notes = (messages: readonly string[]) => dosingForConversation(turns(messages)).notes.join(" | ");
  const resolved = dosingForConversation(turns(["anaphylaxis 20kg 6yo epi", "symptoms resolved after epi"]));
  assert.deepEqual(resolved.outcomes.map((o) => o.refusal?.code), ["AMBIGUOUS_INDICATION"]);
  assert.doesNotMatch(notes(["anaphylaxis 20kg 6yo epi", "symptoms resolved after epi"]), /dose below/);
  assert.doesNotMatch(
    notes(["seizing 20kg 6yo, versed given", "now awake and crying, versed?"]),
    /dose below/,
  );
  // The other way: with a dose, or a question whose answer doses (the route), the note stays.
  assert.match(notes(["anaphylaxis 20kg 6yo", "epi given, still wheezing, epi im?"]), /dose below/);
  assert.match(notes(["40 yo OD, 0.4 narcan given, narcan?"]), /dose below/);
});
