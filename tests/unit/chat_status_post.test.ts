/**
 * "s/p" and "status post" bind to the word right after them (chat_status_post.ts): "s/p fall", "s/p bee sting",
 * "status post mvc" are an event's history and no dose of the drug asked, where they had been read as one dose given
 * and refused epinephrine in anaphylaxis, midazolam in an active seizure and ketorolac (medical director's fourteenth
 * read, H2). Rows both ways: "s/p nitro x3", "s/p 2 doses nitro" are still doses given (twelfth read, H2).
 */
import assert from "node:assert/strict";
import {
  asksHowMany,
  chatAnswers,
  checkRows,
  doseAfterCount,
  FENTANYL_ADULT,
  KETOROLAC_ADULT,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const MIDAZOLAM = ["seizure: 5 mg IV/IO", "seizure: 10 mg IN/IM"];
const KETOROLAC = KETOROLAC_ADULT;
const FENTANYL = FENTANYL_ADULT;

/**
 * H2: "s/p" binds to the word right after it. TP 1219 step 4 (epinephrine 0.5 mg IM), TP 1231 step 7 (midazolam 10 mg
 * IM/IN or 5 mg IV), MCG 1345 guideline 7 (ketorolac), TP 1211 step 6 (nitro), TP 1203 (D10), MCG 1309 (albuterol).
 */
const EVENT_HISTORY: readonly Row[] = [
  [["30yo s/p bee sting anaphylaxis epi"], ["anaphylaxis: 0.5 mg IM"]],
  [["60yo s/p seizure now seizing again versed"], MIDAZOLAM],
  [["60yo s/p fall wrist fx 8/10 toradol"], KETOROLAC],
  [["60M s/p fall 8/10 wrist toradol"], KETOROLAC],
  [["60yo status post fall wrist 8/10 toradol"], KETOROLAC],
  [["4yo 16kg s/p choking wheezing albuterol"], ["bronchospasm: 5 mg NEB", "bronchospasm: 360 mcg MDI"]],
  [["60yo s/p cabg cp bp 150/90 nitro"], ["-: 0.4 mg SL"]],
  [["55yo s/p syncope bgl 40 d10"], ["-: 125 mL IV/IO"]],
  [["30yo s/p assault 8/10 fentanyl"], FENTANYL],
  [["60yo s/p mvc femur fx 9/10 fentanyl"], FENTANYL],
];
/** Near misses: the same with commas, and "s/p <drug> [xN]", which is a dose given (twelfth read, H2). */
const DOSES_AFTER_SP: readonly Row[] = [
  [["60yo s/p fall, wrist 8/10, toradol?"], KETOROLAC],
  [["45yo 80kg s/p fall, seizing, versed?"], MIDAZOLAM],
  [["cp 60yo s/p nitro x3 more nitro?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo status post nitro x3, nitro?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo s/p nitro x2 nitro?"], ["-: 0.4 mg SL after 2"]],
  [["60yo status post 2 doses nitro, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["cp 60yo bp 140/90 s/p nitro, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["cp 60yo s/p 0.4 nitro, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["30yo anaphylaxis s/p epi 0.5 mg im, epi?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["60yo fall wrist 8/10 s/p toradol, toradol?"], ["-: LIMIT_REACHED", "-: LIMIT_REACHED"]],
];

Deno.test("'s/p fall', 's/p bee sting', 'status post mvc' are no dose of the drug asked (TP 1219, TP 1231, MCG 1345)", () => {
  check(EVENT_HISTORY);
  // "seizing again" keeps its own caution (a repeat word beside the drug asked: chat_doses_given.ts)
  const noRepeatWord = EVENT_HISTORY.filter(([messages]) => !/\bagain\b/.test(messages[0]));
  for (const [messages] of noRepeatWord) assert.ok(!asksHowMany(messages), messages.join(" / "));
});
Deno.test("'s/p <drug> [xN]' is still a dose given (TP 1211 step 6)", () => check(DOSES_AFTER_SP));
