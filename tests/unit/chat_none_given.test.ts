/**
 * A drug said not given has had none (chat_none_given.ts): "no versed given yet, versed?" had carried the note
 * "Doses already given were not read … ask how many", and so had a denial of another drug ("no fentanyl given yet,
 * morphine?"; medical director's fourteenth read, M4). Rows both ways: a dose said given still asks how many.
 */
import assert from "node:assert/strict";
import {
  asksHowMany,
  chatAnswers,
  checkRows,
  doseAfterCount,
  FENTANYL_ADULT,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const MIDAZOLAM = ["seizure: 5 mg IV/IO", "seizure: 10 mg IN/IM"];
const FENTANYL = FENTANYL_ADULT;

/** M4: a drug said not given has had none; the note must not ask how many (its dose is unchanged). */
const NONE_GIVEN: readonly Row[] = [
  [["45yo 80kg seizing no versed given yet, versed?"], MIDAZOLAM],
  [["45yo 80kg seizing versed not given yet, versed?"], MIDAZOLAM],
  [["45yo 80kg seizing havent given any versed, versed?"], MIDAZOLAM],
  [["30yo od rr 6 no narcan given, narcan IN?"], ["-: 2 mg IN"]],
  [["40yo femur fx 9/10 no fentanyl given yet, morphine?"], ["-: 4 mg IV/IO/IM"]],
  [["40yo femur fx 9/10 morphine drawn up but not given, fentanyl?"], FENTANYL],
  [["30yo agitated cooperative no zofran given olanzapine?"], ["-: 10 mg PO"]],
  [["cp 60yo bp 150/90 no nitro given asa?"], ["-: 325 mg PO"]],
];
/** Near misses: a dose said given still asks, beside a denial too. */
const SOME_GIVEN: readonly Row[] = [
  [["45yo 80kg seizing versed given, versed?"], ["seizure: FACT_REQUIRED", "seizure: LIMIT_REACHED"]],
  [["30yo od rr 6 narcan given, narcan IN?"], ["-: FACT_REQUIRED"]],
  [["cp 60yo bp 150/90 nitro given, no asa given, asa?"], ["-: 325 mg PO"]],
  [["45yo 80kg seizing no versed given yet", "fire gave versed, versed?"], [
    "seizure: FACT_REQUIRED",
    "seizure: LIMIT_REACHED",
  ]],
  [["45yo 80kg seizing, versed given", "no more versed given, versed?"], ["seizure: DOSES_GIVEN_UNCLEAR"]],
];

Deno.test("'no versed given yet, versed?' asks nothing: none was given", () => {
  check(NONE_GIVEN);
  for (const [messages] of NONE_GIVEN) assert.ok(!asksHowMany(messages), messages.join(" / "));
});
Deno.test("a dose said given still asks how many, beside a denial too", () => {
  check(SOME_GIVEN);
  for (const [messages] of SOME_GIVEN.slice(0, 4)) assert.ok(asksHowMany(messages), messages.join(" / "));
});
