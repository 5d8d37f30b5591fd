/**
 * The medical director's tenth read, H5, M2, M3, L4 and L5, on the seizure-state and denial readings
 * (chat_seizure_ends.ts, chat_state_now.ts, chat_state_answers.ts, chat_denials.ts, chat_mentions.ts): a seizure's
 * signs said to have stopped ("twitching stopped", "no more twitching") end it as "seizure stopped" does (TP 1231-P
 * step 5, TP 1231 step 6); only the patient's awake or calm words ask ("we are calm", "calm environment", "awake? no"
 * and "talking gibberish" do not: TP 1231-P special consideration 2); a skin's cold is no shivering; "12 lead no
 * stemi" denies no chest pain (TP 1211 step 6, note 1); an allergic cause said in an older message makes wheezing
 * anaphylaxis (TP 1219). Rows both ways.
 */
import assert from "node:assert/strict";
import type { ChatTurn } from "../../functions-shared/handlers/bedrock_ai_chat/dosing_types.ts";
import {
  chatAnswers,
  checkRows,
  CHILD_SEIZURE,
  doseForWho,
  doseOrMessage,
  repliedToSeizingNow,
  type Row,
  SEIZING,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

/** The chat's first answer for a seizing 4-year-old of 16 kg, then the medic's follow-up. */
function afterFirstDose(followUp: string): ChatTurn[] {
  return [
    { role: "user", content: "4yo 16kg seizing, versed?" },
    { role: "assistant", content: "Midazolam 2.5 mg IN/IM (TP 1231-P step 6, 17 months-5 years)." },
    { role: "user", content: followUp },
  ];
}
const said = doseOrMessage;
const ended = (quote: string) =>
  `You wrote '${quote}': read as a seizure that has ended (TP 1231-P step 5). If it is seizing now, say so.`;
const REPEAT = ["seizure: 2.5 mg"]; // TP 1231-P step 6, 17 months-5 years: repeat x1 before base

Deno.test("chat: a seizure's signs said to have stopped end it, as 'seizure stopped' does (MD10 H5, TP 1231-P step 5)", () => {
  for (
    const [followUp, quote] of [
      ["versed given, twitching stopped, versed?", "twitching stopped"],
      ["versed given, shaking stopped, versed?", "shaking stopped"],
      ["versed given, jerking has stopped, versed?", "jerking has stopped"],
      ["versed given, no more twitching, versed?", "no more twitching"],
      ["given. twitching stopped, repeat versed?", "twitching stopped"],
      ["versed given and the twitching stopped, versed?", "versed given and the twitching stopped"],
      ["versed given, her arm twitching stopped, versed?", "her arm twitching stopped"],
      ["versed given, not shaking anymore, versed?", "not shaking anymore"],
      ["versed given, no longer jerking, versed?", "no longer jerking"],
      ["versed given, the twitching is gone, versed?", "the twitching is gone"],
    ]
  ) {
    assert.deepEqual(said(afterFirstDose(followUp)), [ended(quote)], followUp);
  }
  // Near misses: started again, back, going on, or the seizure named after the signs stopped: the second dose.
  for (
    const followUp of [
      "versed given, twitching stopped but started again, versed?",
      "versed given, twitching stopped, now it's back, versed?",
      "versed given, shaking stopped, it is back, versed?",
      "versed given, twitching stopped but still seizing, versed?",
      "versed given, still twitching, versed?",
      "versed given, no twitching, still seizing, versed?", // a bare "no twitching" is no end
      "versed given, shaking all over, versed?", // a generalised seizure, not one that is over
      "versed given, seizing over and over, versed?",
    ]
  ) {
    assert.deepEqual(said(afterFirstDose(followUp)), REPEAT, followUp);
  }
  // "back to baseline" is no restart: still read as the state now, asked.
  assert.deepEqual(said(afterFirstDose("versed given, now back to baseline, versed?")), [
    "You wrote 'seizing', then 'now back to baseline': seizing now?",
  ]);
});

const replied = repliedToSeizingNow;
const SECOND_DOSE = ["seizure: 5 mg"]; // TP 1231-P step 6 at 20 kg (blue), one dose given
const awakeAsked = (quote: string) =>
  `You wrote 'seizing', then '${quote}': seizing now? Twitching or shaking while awake or cold is a seizure only ` +
  "if consciousness is altered (TP 1231-P).";

Deno.test("chat: only the patient's awake or calm words ask after 'seizing now?' (MD10 M2, TP 1231-P note 2)", () => {
  for (
    const reply of [
      "still shaking, trying to calm mom down",
      "still twitching, calm environment",
      "still twitching, we are calm and talking to the ED",
      "posturing, calm breathing",
      "still twitching, breathing calm and regular",
      "still shaking, talking gibberish",
      "still shaking, awake? no",
      "still twitching, talking but not making sense",
      "still twitching, awake but confused",
      "twitching", // a bare sign answers yes
      // The read's near misses that dosed already, and still do.
      "still shaking, mom is calm",
      "still shaking, talking to base now",
      "still shaking, partner talking to mom",
    ]
  ) {
    assert.deepEqual(replied(reply), SECOND_DOSE, reply);
  }
  // The other way: the patient's own calm, awake or talking still asks; cold words ask even with confusion.
  for (
    const [reply, quote] of [
      ["still twitching, she is calm", "still twitching, she is calm"],
      ["still twitching, awake? yes", "still twitching, awake"],
      ["still twitching but calmed down", "still twitching but calmed down"],
      ["still twitching, calm and breathing", "still twitching, calm and breathing"],
      ["still shaking, shivering, confused", "still shaking, shivering"],
      ["still twitching, we got him calm", "still twitching, we got him calm"],
    ]
  ) {
    assert.deepEqual(replied(reply), [awakeAsked(quote)], reply);
  }
});

const ASKED = ["-: AMBIGUOUS_INDICATION"];
/** Said on their own after "seizing": another's or the crew's calm ends nothing; the patient's does. */
const CALM_OF_OTHERS: readonly Row[] = [
  [[SEIZING, "trying to calm mom down, versed?"], CHILD_SEIZURE],
  [[SEIZING, "we are calm, versed?"], CHILD_SEIZURE],
  [[SEIZING, "calm environment, versed?"], CHILD_SEIZURE],
  [[SEIZING, "now calm, versed?"], ASKED],
  [[SEIZING, "pt calmed down, versed?"], ASKED],
];
/**
 * A skin's cold ("skin cold and clammy", "feels cold to touch") is a perfusion finding, neither consciousness nor
 * activity (TP 1231-P note 2): the signs are dosed. Cold that shakes the patient (exposure, shivering) still asks.
 */
const SKIN_COLD: readonly Row[] = [
  [[SEIZING, "skin cold and clammy, still shaking, versed?"], CHILD_SEIZURE],
  [[SEIZING, "feels cold to touch, still shaking, versed?"], CHILD_SEIZURE],
  [[SEIZING, "still shaking, cold to the touch, versed?"], CHILD_SEIZURE],
  [[SEIZING, "still shaking, skin is cold, versed?"], CHILD_SEIZURE],
  [[SEIZING, "still shaking from the cold, versed?"], ASKED],
  [[SEIZING, "pt is cold, still shaking, versed?"], ASKED],
  [[SEIZING, "still shaking, shivering, skin cold and clammy, versed?"], ASKED],
];

Deno.test("chat: another's calm ends no seizure; a skin's cold is no shivering (MD10 M2, L4, TP 1231-P note 2)", () => {
  check(CALM_OF_OTHERS);
  check(SKIN_COLD);
});

const NITRO = ["-: 0.4 mg SL @60 yo"]; // TP 1211 step 6, the engine's row with no indication named
const NITRO_CHEST_PAIN = ["chest-pain: 0.4 mg SL @60 yo"];
const DENIED = ["-: INDICATION_DENIED"];
/** A 12-lead's finding denied ("no stemi") is no denial of chest pain: TP 1211 step 6, note 1. */
const ECG_FINDINGS: readonly Row[] = [
  [["60yo cp", "12 lead no stemi, nitro?"], NITRO],
  [["60yo cp, no stemi, nitro?"], NITRO],
  [["60yo chest pain", "not a stemi, nitro?"], NITRO_CHEST_PAIN],
  [["60yo chest pain", "12 lead stemi negative, nitro?"], NITRO_CHEST_PAIN],
  [["60yo chest pain", "12 lead neg for stemi, nitro?"], NITRO_CHEST_PAIN],
  [["60yo chest pain", "no st elevation, nitro?"], NITRO_CHEST_PAIN],
  [["60yo chest pain", "12 lead nsr, nitro?"], NITRO_CHEST_PAIN],
  [["60yo chest pain", "12 lead neg, nitro?"], NITRO_CHEST_PAIN],
  [["60yo stemi, nitro?"], NITRO_CHEST_PAIN],
  // Near misses: chest pain itself denied or resolved is still asked.
  [["60yo chest pain", "no chest pain now, 12 lead no stemi, nitro?"], DENIED],
  [["60yo no chest pain, no stemi, nitro?"], DENIED],
  [["60yo chest pain", "cp resolved, no stemi, nitro?"], DENIED],
];

Deno.test("chat: '12 lead no stemi' denies no chest pain (MD10 M3, TP 1211 step 6, note 1)", () => {
  check(ECG_FINDINGS);
});

const ANAPHYLAXIS = ["anaphylaxis: 0.5 mg IM @70 kg"]; // TP 1219, epinephrine 1 mg/mL IM
const BRONCHOSPASM = ["bronchospasm: 0.5 mg IM @70 kg"]; // TP 1237
/** An allergic cause said in an older message of this patient's makes wheezing anaphylaxis (TP 1219 note 2). */
const ALLERGIC_BEFORE: readonly Row[] = [
  [["bee sting, hives, 70kg", "still wheezing, epi?"], ANAPHYLAXIS],
  [["70kg ate peanuts, lips swelling", "now wheezing, epi?"], ANAPHYLAXIS],
  [["70kg, allergic reaction to shellfish", "stridor, epi?"], ANAPHYLAXIS],
  // Near misses: no allergic word, or allergies denied, in this message or an older one.
  [["70kg asthma", "still wheezing, epi?"], BRONCHOSPASM],
  [["70kg asthma, allergies: none", "wheezing, epi?"], BRONCHOSPASM],
  [["asthma, no allergies, wheezing, 70kg, epi?"], BRONCHOSPASM],
  [["70kg asthma, denies allergies", "wheezing, epi?"], BRONCHOSPASM],
];

Deno.test("chat: wheezing after 'bee sting, hives' in an older message is anaphylaxis (MD10 L5, TP 1219)", () => {
  check(ALLERGIC_BEFORE);
});
