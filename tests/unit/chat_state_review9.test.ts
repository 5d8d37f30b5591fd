/**
 * The medical director's ninth read, Medium 1-2 and Low 3-4, on the state-now, glucose and tape-colour readings
 * (chat_state_now.ts, chat_state_answers.ts, chat_tape_colors.ts): a seizure's signs with the patient awake, calm or
 * cold ("still twitching a little but talking to us", "still shaking from the cold") are asked, never dosed (TP
 * 1231-P special consideration 2: focal activity is an active seizure with an altered level of consciousness); an
 * asthma plan's zone, a wristband or a securing tape is no tape colour (MCG 1309); a bare number another measure's
 * words follow ("now 92 on room air", "now 70 over 40") is no glucose, and the newest of a chain is (TP 1203 step 7);
 * a sign said to have ended or to be past ("no, the twitching is gone") answers "seizing now?" as no. Rows both ways.
 */
import assert from "node:assert/strict";
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

const replied = repliedToSeizingNow;
const awakeAsked = (quote: string) =>
  `You wrote 'seizing', then '${quote}': seizing now? Twitching or shaking while awake or cold is a seizure only ` +
  "if consciousness is altered (TP 1231-P).";
const ENDED =
  "You wrote 'no longer seizing': read as a seizure that has ended (TP 1231-P step 5). If it is seizing now, say so.";
const SECOND_DOSE = ["seizure: 5 mg"]; // TP 1231-P step 6 at 20 kg (blue), one dose given

Deno.test("chat: signs with the patient awake, calm or cold after 'seizing now?' are asked (MD9 M1, TP 1231-P)", () => {
  for (
    const [reply, quote] of [
      ["still twitching a little but talking to us", "still twitching a little but talking to us"],
      ["still shaky but alert", "still shaky but alert"],
      ["still shaking from the cold, awake and talking", "still shaking from the cold"],
      ["still twitching? no, she is calm", "still twitching? no, she is calm"],
      ["still jerking, crying for mom", "still jerking, crying for mom"],
      ["shivering, still twitching", "shivering, still twitching"],
    ]
  ) {
    assert.deepEqual(replied(reply), [awakeAsked(quote)], reply);
  }
  // Near misses: the signs alone, or beside words that say nothing of consciousness ("eyes open": a convulsing
  // child's eyes are often open), another person's state, a negation, or the seizure named, are a yes.
  for (
    const reply of [
      "still twitching",
      "still seizing, eyes open",
      "still twitching, eyes open",
      "mom is calm, pt still twitching",
      "still twitching, not talking",
      "still shaking, not alert",
      "still seizing but crying",
      "still jerking, crying out", // a seizure may start with a cry
      "yes, twitching but talking to us", // a "yes" answers the question
    ]
  ) {
    assert.deepEqual(replied(reply), SECOND_DOSE, reply);
  }
});

/** Said in a message of its own (no question before it): the same reading. */
const AWAKE_WITH_SIGNS: readonly Row[] = [
  [[SEIZING, "still twitching a little but talking to us", "versed?"], ASKED_ONCE],
  [[SEIZING, "still shaky but alert, versed?"], ASKED_ONCE],
  [[SEIZING, "still shaking from the cold, awake and talking", "versed?"], ASKED_ONCE],
  [[SEIZING, "shivering, still shaking", "versed?"], ASKED_ONCE],
  [[SEIZING, "still twitching", "versed?"], CHILD_SEIZURE],
  [[SEIZING, "still seizing, eyes open", "versed?"], CHILD_SEIZURE],
  [[SEIZING, "still twitching, no chills", "versed?"], CHILD_SEIZURE],
  [[SEIZING, "dad is awake, pt still twitching", "versed?"], CHILD_SEIZURE],
];

Deno.test("chat: 'still twitching but talking to us' said on its own is asked too (MD9 M1, TP 1231-P)", () => {
  check(AWAKE_WITH_SIGNS);
});

Deno.test("chat: a sign said to have ended or to be past answers 'seizing now?' as no (MD9 Low 4)", () => {
  // The signs' own end is quoted as written since the tenth read (H5: "twitching stopped" is an end anywhere).
  for (
    const [reply, quote] of [
      ["no, the twitching is gone", "the twitching is gone"],
      ["no. twitching earlier but stopped", "no longer seizing"],
      ["no, eyes rolled back earlier, now awake", "no longer seizing"],
      ["no, jerking 5 min ago", "no longer seizing"],
      ["no, twitching has stopped", "twitching has stopped"],
    ]
  ) {
    assert.deepEqual(replied(reply), [ENDED.replace("no longer seizing", quote)], reply);
  }
  // Near misses: the signs going on, back again, or all over the body (a generalised seizure) are no end.
  for (
    const [reply, quote] of [
      ["no, just twitching", "no, just twitching"],
      ["no, shaking all over", "no, shaking"],
      ["no, twitching like before", "no, twitching"],
      ["no, jerking started 5 min ago", "no, jerking"],
      ["no, eyes rolled back", "no, eyes rolled back"],
      ["no, twitching earlier, still twitching now", "no, twitching earlier, still twitching"],
    ]
  ) {
    assert.deepEqual(replied(reply), [signsAsked(quote)], reply);
  }
  // Said to have started again: the seizure now (chat_seizure_ends.ts's restart), dosed.
  assert.deepEqual(replied("no, twitching stopped but started again"), SECOND_DOSE);
  // So is "now it's back" since the tenth read (H5: a sign's end and its return are read as a seizure's).
  assert.deepEqual(replied("no, twitching stopped but now it's back"), SECOND_DOSE);
});

/** By the age's own band: 6 years is blue (MCG 1309; TP 1231-P step 6, 6-11 years). */
const AGE_6 = "seizure: 5 mg IN/IM @blue";
/** An asthma plan's zone, a wristband, a securing tape: no tape colour; the age doses. */
const NOT_A_TAPE: readonly Row[] = [
  [["6yo in the yellow zone of her asthma plan, albuterol?"], [
    "bronchospasm: 5 mg NEB @blue",
    "bronchospasm: 360 mcg MDI @blue",
  ]],
  [["asthma 6yo red zone per asthma action plan, albuterol?"], [
    "bronchospasm: 5 mg NEB @blue",
    "bronchospasm: 360 mcg MDI @blue",
  ]],
  [["seizing 6yo purple band on wrist (DNR?), versed?"], [AGE_6]],
  [["seizing 6yo red band allergy to pcn, versed?"], [AGE_6]],
  [["seizing 6yo, IV secured with white tape, versed IN?"], ["seizure: 5 mg IN @blue"]],
  [["seizing 6yo, white tape holding the ETT, versed?"], [AGE_6]],
  [["seizing 6yo, yellow band for fall risk, versed?"], [AGE_6]],
];
/** Near misses: the tape's own words ("blue band" alone, a zone on the tape) still read the colour. */
const STILL_A_TAPE: readonly Row[] = [
  [["seizing, versed, blue band"], ["seizure: 5 mg IN/IM @blue"]],
  [["seizing, versed, yellow band"], ["seizure: 2.5 mg IN/IM @yellow"]],
  [["seizing versed, red zone on the broselow"], ["seizure: 1.25 mg IN/IM @red"]],
  [["seizing versed, broselow zone red"], ["seizure: 1.25 mg IN/IM @red"]],
  [["seizing versed, orange tape"], ["seizure: 5 mg IN/IM @orange"]],
  [["seizing versed, purple on the broselow"], ["seizure: 2.5 mg IN/IM @purple"]],
  [["seizing 6yo versed IN, IV in, white tape"], ["seizure: 5 mg IN @white"]],
  [["seizing 6yo, yellow band on broselow, allergic to pcn, versed"], ["seizure: 5 mg IN/IM @yellow"]],
  [["seizing versed, red zone per asthma plan, tape says blue"], ["seizure: 5 mg IN/IM @blue"]],
  [["seizing versed, green colour zone"], ["seizure: 5 mg IN/IM @green"]],
];

Deno.test("chat: an asthma plan's zone, a wristband or a securing tape is no tape colour (MD9 M2, MCG 1309)", () => {
  check(NOT_A_TAPE);
  check(STILL_A_TAPE);
  // A zone alone names no tape: nothing to dose by (no weight, colour or age).
  assert.deepEqual(answers(["seizing versed, red zone"]), []);
});

const AFTER_D10 = "20kg kid bgl 40, d10 given";
/** After "d10 given" (one dose read), not a glucose now: TP 1203-P's repeat is base's. */
const REPEAT_IS_BASE = ["-: LIMIT_REACHED"];
const DENIED = ["-: INDICATION_DENIED"];
const D10 = ["-: 100 mL IV/IO @20 kg"]; // TP 1203-P step 6, MCG 1309 at 20 kg
/** Another measure's words after a bare number; the newest of a chain. */
const NOT_THE_GLUCOSE: readonly Row[] = [
  [[AFTER_D10, "now 92 on room air, d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "now 70 over 40, d10?"], REPEAT_IS_BASE],
  [[AFTER_D10, "now 92 sats, d10?"], REPEAT_IS_BASE],
  [["20kg kid bgl 40, now 92 on ra, d10?"], D10],
  [["20kg kid bgl 40", "38 -> 85 -> 50, d10?"], D10],
  [["20kg kid bgl 40", "went from 38 to 85 but dropped back to 50, d10?"], D10],
];
/** Near misses: a bare glucose rise still reads (no other measure's words), the chain's newest at 60 or above. */
const STILL_THE_GLUCOSE: readonly Row[] = [
  [["20kg kid bgl 40", "now 92, d10?"], DENIED],
  [["20kg kid bgl 40", "now 92 on the meter, d10?"], DENIED],
  [["20kg kid bgl 40", "went from 38 to 85, d10?"], DENIED],
  [["20kg kid bgl 40", "38 -> 50 -> 85, d10?"], DENIED],
  [["20kg kid bgl 40", "went from 38 to 50 but back up to 85, d10?"], DENIED],
  [["20kg kid bgl 40", "hr went from 45 to 85 but dropped back to 50, d10?"], D10],
];

Deno.test("chat: 'now 92 on room air' is no glucose, and a chain's newest is (MD9 Low 3, TP 1203 step 7)", () => {
  check(NOT_THE_GLUCOSE);
  check(STILL_THE_GLUCOSE);
});
