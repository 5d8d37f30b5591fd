/**
 * The medical director's eleventh read, H1, M2, M3 and L4, on the seizure-state readings (chat_state_now.ts,
 * chat_seizure_ends.ts, chat_denials.ts, chat_mentions.ts) and the doses-given readers' "again" (chat_more_doses.ts,
 * chat_doses_given.ts): a state said as now after the seizure in the same message asks, as in a follow-up (TP 1231-P
 * step 5); "seizing again" is the patient's event, not a dose given; another sign still going on keeps a seizure
 * active; twitching with the patient unresponsive is an active seizure (TP 1231-P special consideration 2). Rows both
 * ways.
 */
import assert from "node:assert/strict";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  doseForWho,
  doseOrMessage,
  medicTurns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const message = (text: string) => doseOrMessage(medicTurns([text]));

const ASKED = ["-: AMBIGUOUS_INDICATION"];
const CHILD = ["seizure: 2.5 mg IN/IM @16 kg"]; // TP 1231-P step 6, 17 months-5 years (MCG 1309)
const ADULT = ["seizure: 5 mg IV/IO @70 kg", "seizure: 10 mg IN/IM @70 kg"]; // TP 1231 step 7

Deno.test("chat: a state said now after the seizure in the same message asks 'seizing now?' (MD11 H1, TP 1231-P step 5)", () => {
  for (
    const [text, was, quote] of [
      ["4yo 16kg was seizing, now calm, versed?", "seizing", "now calm"],
      ["4yo 16kg had a seizure, now crying, versed?", "seizure", "now crying"],
      ["4yo 16kg seizing on arrival, now awake, versed?", "seizing", "now awake"],
      ["4yo 16kg seizing x5 min, versed given, now crying, versed?", "seizing", "now crying"],
      ["4yo 16kg seizing, pt now awake and talking, versed?", "seizing", "pt now awake and talking"],
      ["70kg seizing, now alert and oriented, versed?", "seizing", "now alert and oriented"],
      ["4yo 16kg seizing, awake now, versed?", "seizing", "awake now"],
    ]
  ) {
    assert.deepEqual(message(text), [`You wrote '${was}', then '${quote}': ${was} now?`], text);
  }
  // Near misses: the seizure said again or going on after the state, a state not said as now, another's: dosed.
  check([
    [["4yo 16kg seizing, now actively seizing again, versed?"], CHILD],
    [["4yo 16kg awake but still seizing, versed?"], CHILD],
    [["4yo 16kg seizing now, crying, versed?"], CHILD],
    [["4yo 16kg seizing now, twitching but talking to us, versed?"], CHILD], // as a "yes" to "seizing now?" is read
    [["4yo 16kg seizing, eyes open, versed?"], CHILD], // a convulsing child's eyes are often open
    [["4yo 16kg seizing, mom now crying, versed?"], CHILD],
    [["4yo 16kg seizing, now crying out, versed?"], CHILD], // a seizure may start with a cry
    [["4yo 16kg was calm, now seizing, versed?"], CHILD],
    [["70kg seizing, now unresponsive, versed?"], ADULT],
  ]);
});

/** The medic's reply to the chat's question, after a first message. */
const replied = (first: string, question: string, reply: string) =>
  doseOrMessage([
    { role: "user", content: first },
    { role: "assistant", content: question },
    { role: "user", content: reply },
  ]);

Deno.test("chat: the 'seizing now?' asked of one message is answered as the follow-up's is (MD11 H1)", () => {
  const first = "4yo 16kg was seizing, now calm, versed?";
  const question = "You wrote 'seizing', then 'now calm': seizing now?";
  assert.deepEqual(replied(first, question, "yes"), ["seizure: 2.5 mg"]);
  assert.deepEqual(replied(first, question, "no"), [
    "You wrote 'no longer seizing': read as a seizure that has ended (TP 1231-P step 5). If it is seizing now, say so.",
  ]);
  // A follow-up after a first dose: another sign still going on is the second dose; said awake, asked.
  const dosed = "Midazolam 2.5 mg IN/IM (TP 1231-P step 6).";
  assert.deepEqual(
    replied(
      "4yo 16kg seizing, versed?",
      dosed,
      "versed given, twitching stopped on the left but right arm still jerking, versed?",
    ),
    ["seizure: 2.5 mg"],
  );
  assert.match(
    replied(
      "4yo 16kg seizing, versed?",
      dosed,
      "versed given, twitching stopped, still twitching but talking to us, versed?",
    )[0] ??
      "",
    /^You wrote 'seizing', then 'still twitching but talking to us': seizing now\? Twitching or shaking while awake/,
  );
  assert.deepEqual(replied("4yo 16kg seizing, versed?", dosed, "versed given, twitching again, versed?"), [
    "seizure: 2.5 mg",
  ]);
});

Deno.test("chat: 'seizing again' and 'no more twitching' are the patient's events, not doses given (MD11 M2)", () => {
  // One dose given, the seizure back: the second dose before base (TP 1231-P step 6), never "how many in all?"
  check([
    [["4yo 16kg seizing, versed x1 given, seizing again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, started again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, now seizing again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, twitching again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, jerking again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, shaking stopped but started again, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, stopped twitching for 10 sec then started again, versed?"], CHILD],
  ]);
  // "seizing again after versed x1": the count is read, one given (it was left unread, and a first dose given).
  assert.deepEqual(chatAnswers(["seizing again after versed x1, versed 20kg"], doseAfterCount), [
    "seizure: 5 mg IN/IM after 1",
  ]);
  assert.deepEqual(message("4yo 16kg seizing, versed x1 given, no more twitching, versed?"), [
    "You wrote '4yo 16kg seizing, versed x1 given, no more twitching': read as a seizure that has ended " +
    "(TP 1231-P step 5). If it is seizing now, say so.",
  ]);
  // Near misses: the drug given again or more of it is still more doses: asked how many in all.
  for (
    const text of [
      "4yo 16kg seizing, versed x1 given, given again, versed?",
      "4yo 16kg seizing, versed x1 given, gave it again, versed?",
      "4yo 16kg seizing, versed x1 given, gave more, versed?",
      "4yo 16kg seizing, versed x1 given, then 1 more, versed?",
    ]
  ) {
    assert.match(message(text)[0] ?? "", /^How many versed doses in all\?/, text);
  }
});

Deno.test("chat: another sign still going on beside one that stopped keeps the seizure active (MD11 M3, TP 1231-P note 2)", () => {
  check([
    [
      ["4yo 16kg seizing, versed x1 given, twitching stopped on the left but right arm still jerking, versed?"],
      CHILD,
    ],
    [["4yo 16kg seizing, twitching stopped, right arm still jerking, versed?"], CHILD],
    [["4yo 16kg seizing, versed x1 given, shaking stopped but legs still twitching, versed?"], CHILD],
  ]);
  // Near misses: every sign stopped, or the one still going said with the patient awake: asked.
  check([
    [["4yo 16kg seizing, versed x1 given, twitching stopped on the left and right, versed?"], ASKED],
    [["4yo 16kg seizing, twitching stopped, still postictal, versed?"], ASKED],
  ]);
  assert.match(
    message("4yo 16kg seizing, twitching stopped, still twitching a little but talking to us, versed?")[0] ??
      "",
    /seizing now\? Twitching or shaking while awake or cold is a seizure only if consciousness is altered/,
  );
});

Deno.test("chat: twitching with the patient unresponsive is an active seizure; the signs alone ask (MD11 L4, TP 1231-P note 2)", () => {
  check([
    [["4yo 16kg twitching, unresponsive, versed?"], CHILD],
    [["4yo 16kg unresponsive and jerking, versed?"], CHILD],
    [["4yo 16kg shaking left arm, altered, versed?"], CHILD],
    [["4yo 16kg twitching, not responding, versed?"], CHILD],
    [["70kg twitching, unresponsive, versed?"], ADULT],
  ]);
  // Near misses: the signs denied, stopped or alone, or consciousness not said altered: asked which indication.
  check([
    [["4yo 16kg still shaking, versed?"], ASKED],
    [["4yo 16kg twitching, versed?"], ASKED],
    [["4yo 16kg no twitching, unresponsive, versed?"], ASKED],
    [["4yo 16kg twitching stopped, unresponsive, versed?"], ASKED],
    [["4yo 16kg unresponsive, no twitching, versed?"], ASKED],
    [["4yo 16kg twitching, responsive, versed?"], ASKED],
  ]);
});
