/**
 * The medical director's eighth read, four readings (chat_state_now.ts, chat_state_answers.ts, chat_tape_colors.ts):
 * a rise said with no glucose word ("went from 45 to 85") after a glucose was spoken of is the glucose now, no second
 * D10 (TP 1203-P step 6); a skin's colour ("skin color pink", "blue lips") is never the tape's (MCG 1309); "no, just
 * twitching" after "seizing now?" is no end of the seizure (TP 1231-P, special consideration 2), it is asked; a state
 * the patient shares with another ("pt and mom both crying") is the patient's (TP 1231-P step 6: a crying child is
 * not seizing). Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  ASKED_ONCE,
  chatAnswers,
  checkRows,
  CHILD_SEIZURE,
  doseForWho,
  repliedToSeizingNow,
  type Row,
  SEIZING,
  signsAsked,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

const DENIED = ["-: INDICATION_DENIED"];
const AFTER_D10 = "20kg kid bgl 40, d10 given";
/** After "d10 given" (one dose read, chat_named_given.ts), not a glucose now: TP 1203-P's repeat is base's. */
const REPEAT_IS_BASE = ["-: LIMIT_REACHED"];

/** A rise with no glucose word, after a glucose spoken of in this patient's messages: the glucose now. */
const RISE_IS_GLUCOSE: readonly Row[] = [
  [[AFTER_D10, "went from 45 to 85, more d10?"], DENIED],
  [["20kg kid bgl 40, d10 given. went from 45 to 85, more d10?"], DENIED],
  [[AFTER_D10, "up to 85", "d10?"], DENIED],
  [[AFTER_D10, "now 85, more d10?"], DENIED],
  [[AFTER_D10, "45 -> 85, d10?"], DENIED],
  [["20kg kid hypoglycemic, d10 given", "now 85, more d10?"], DENIED],
  [["20kg kid, bgl went from 45 to 85, d10?"], DENIED],
];
/** Near misses: no glucose spoken of (a heart rate?), another vital's rise, a rise still below 60. */
const RISE_NOT_GLUCOSE: readonly Row[] = [
  [["20kg kid, d10 given", "went from 45 to 85, more d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "hr went from 45 to 85, more d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "hr 50, now 85, d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "bp now 85/50, d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "now 45, d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "went from 40 to 50, d10?"], REPEAT_IS_BASE],
];

Deno.test("chat: 'went from 45 to 85' after a glucose spoken of is the glucose now, no D10 (MD8, TP 1203-P)", () => {
  check(RISE_IS_GLUCOSE);
  check(RISE_NOT_GLUCOSE);
  const [shown] = dosingForConversation([
    { role: "user", content: AFTER_D10 },
    { role: "assistant", content: "Which indication?" },
    { role: "user", content: "went from 45 to 85, more d10?" },
  ]).outcomes.map((o) => o.refusal?.message);
  assert.equal(
    shown,
    "You wrote 'bgl 40', then 'went from 45 to 85': d10 is for a glucose below 60 mg/dL (TP 1203-P step 6). " +
      "Send the glucose now; no dose until then.",
  );
});

const HEAVY = "seizing 70kg 6yo versed"; // the engine asks for the tape (MCG 1309)
const TAPE_ASKED = ["seizure: FACT_REQUIRED"];
/** A skin's colour is not the tape's: the weight or the tape named doses; "band" names the tape. */
const SKIN_NOT_TAPE: readonly Row[] = [
  [["20kg seizing, skin color pink, versed?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing versed, tape 20kg, skin pink"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["pt is pale, grey, broselow blue, seizing versed?"], ["seizure: 5 mg IN/IM @blue"]],
  [["cyanotic, blue lips, green on tape, seizing, versed?"], ["seizure: 5 mg IN/IM @green"]],
  [["yellow (jaundiced), red tape, seizing versed?"], ["seizure: 1.25 mg IN/IM @red"]],
  [[HEAVY, "skin color pink"], TAPE_ASKED],
  [[HEAVY, "skin pink, tape orange"], ["seizure: 5 mg IN/IM @orange"]],
  [["seizing, versed, yellow band"], ["seizure: 2.5 mg IN/IM @yellow"]],
];
/** Near misses: skin colours already not read, the tape named, a bare colour answering the tape question. */
const STILL_THE_TAPE: readonly Row[] = [
  [[HEAVY, "pt is pale, grey"], TAPE_ASKED],
  [[HEAVY, "cyanotic, blue lips"], TAPE_ASKED],
  [[HEAVY, "yellow (jaundiced)"], TAPE_ASKED],
  [["seizing, versed, tape says orange"], ["seizure: 5 mg IN/IM @orange"]],
  [["seizing, versed, red on the broselow"], ["seizure: 1.25 mg IN/IM @red"]],
  [[HEAVY, "orange"], ["seizure: 5 mg IN/IM @orange"]],
  // "tape length red" had gone unread, and the 20 kg beside it dosed alone (the red band is 8–9 kg)
  [["tape length red, 20kg, seizing, versed?"], ["seizure: COLOR_WEIGHT_MISMATCH"]],
  [["seizing, versed, tape length: yellow"], ["seizure: 2.5 mg IN/IM @yellow"]],
  // A colour with a weight and no tape word: the weight doses, as before (asked nothing, no band read).
  [["pink, 6kg, versed for seizure"], ["seizure: 1.2 mg IN/IM @6 kg"]],
];

Deno.test("chat: a skin's colour ('skin color pink', 'blue lips') is never the tape's (MD8, MCG 1309)", () => {
  check(SKIN_NOT_TAPE);
  check(STILL_THE_TAPE);
});

const replied = repliedToSeizingNow;
const unclear = signsAsked;
const ENDED =
  "You wrote 'no longer seizing': read as a seizure that has ended (TP 1231-P step 5). If it is seizing now, say so.";

Deno.test("chat: 'no, just twitching' after 'seizing now?' is asked, not read as the end (MD8, TP 1231-P)", () => {
  for (
    const reply of [
      "no, just twitching",
      "no just twitching",
      "no but still shaking",
      "no, still twitching",
      "no, posturing",
      "no, left arm jerking",
    ]
  ) {
    assert.deepEqual(replied(reply), [unclear(reply)], reply);
  }
  assert.deepEqual(replied("nope, eyes deviated to the left"), [unclear("nope, eyes deviated")]);
  // The seizure said to go on, naming it not: a yes (TP 1231-P step 6), never asked again.
  for (const reply of ["still twitching", "twitching again", "still shaking"]) {
    assert.deepEqual(replied(reply), ["seizure: 5 mg"], reply);
  }
  // Near misses: a plain no, or the signs said to have stopped, is the end (TP 1231-P step 5). The signs' own end
  // is quoted as written since the tenth read (H5: "twitching stopped" is an end wherever it is said).
  for (
    const [reply, quote] of [
      ["no", "no longer seizing"],
      ["no, twitching stopped", "twitching stopped"],
      ["no, no more twitching", "no more twitching"],
      ["no, not twitching", "no longer seizing"],
      ["no, sleeping", "no longer seizing"],
    ]
  ) {
    assert.deepEqual(replied(reply), [ENDED.replace("no longer seizing", quote)], reply);
  }
});

/** A state the patient shares with another is the patient's: asked "seizing now?". Only others': not. */
const SHARED_STATE: readonly Row[] = [
  [[SEIZING, "pt and mom both crying", "versed?"], ASKED_ONCE],
  [[SEIZING, "pt & mom crying", "versed?"], ASKED_ONCE],
  [[SEIZING, "she and her mom are crying", "versed?"], ASKED_ONCE],
  [[SEIZING, "mom and pt both crying", "versed?"], ASKED_ONCE],
  [[SEIZING, "mom and dad crying", "versed?"], CHILD_SEIZURE],
  [[SEIZING, "mom and sister both crying", "versed?"], CHILD_SEIZURE],
  // Ninth read, Medium 1: jerking in a crying (awake) child is asked (TP 1231-P special consideration 2); the
  // seizure named is read by its name.
  [[SEIZING, "pt and mom both crying, pt still jerking", "versed?"], ASKED_ONCE],
  [[SEIZING, "pt and mom both crying, pt still seizing", "versed?"], CHILD_SEIZURE],
];

Deno.test("chat: a state the patient shares with another ('pt and mom both crying') is the patient's (MD8)", () => {
  check(SHARED_STATE);
});
