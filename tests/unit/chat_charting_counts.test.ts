/**
 * "a&o x4" is orientation and "x 2 weeks" a duration, never a count of doses (chat_charting_counts.ts): they had
 * asked how many aspirin, nitro, glucose or ondansetron doses were given and dosed none (medical director's fourteenth
 * read, M1). Rows both ways: a drug's own "xN" is still its count.
 */
import assert from "node:assert/strict";
import {
  asksHowMany,
  chatAnswers,
  checkRows,
  doseAfterCount,
  KETOROLAC_ADULT,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const KETOROLAC = KETOROLAC_ADULT;
const ONDANSETRON = ["-: 4 mg PO", "-: 4 mg IV/IM"];

/** M1: orientation and durations. TP 1211 (aspirin 325 mg, nitro 0.4 mg), TP 1203 (glucose), MCG 1317.33. */
const NOT_A_COUNT: readonly Row[] = [
  [["cp 60yo a&o x4 asa"], ["-: 325 mg PO"]],
  [["cp 60yo A/O x4 asa"], ["-: 325 mg PO"]],
  [["cp 60yo a&o x 4 asa"], ["-: 325 mg PO"]],
  [["cp 60yo alert oriented x4 asa"], ["-: 325 mg PO"]],
  [["cp 60yo bp 150/90 a&o x4 nitro"], ["-: 0.4 mg SL"]],
  [["cp 60yo ao x3 nitro bp 150/90"], ["-: 0.4 mg SL"]],
  [["55yo bgl 50 a&o x3 oral glucose"], ["-: 15 g PO"]],
  [["55yo bgl 50 a&o x4 d10"], ["-: 125 mL IV/IO"]],
  [["cp 60yo called for AMS pt now a&o x4 asa"], ["-: 325 mg PO"]],
  [["30yo f vomiting x 2 weeks zofran"], ONDANSETRON],
  [["60yo f vomiting x 1 week zofran"], ONDANSETRON],
  [["30yo f kidney stone 8/10 pain x 2 wks toradol"], KETOROLAC],
  // a count of the drug beside orientation is read, not two counts (it had been a first nitro)
  [["cp 60yo a&o x4 nitro x3 more nitro?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo bp 150/90 nitro x2 given a&o x4 nitro?"], ["-: 0.4 mg SL after 2"]],
];
/** Near misses: counts of doses are still counts. */
const STILL_COUNTS: readonly Row[] = [
  [["cp 60yo a&o x4, asa?"], ["-: 325 mg PO"]],
  [["cp 60yo aox4 asa"], ["-: 325 mg PO"]],
  [["30yo f vomiting x 2 days zofran"], ONDANSETRON],
  // the drug asked again after its count reads the count (nineteenth read): TP 1211 step 5 gives one aspirin
  [["cp 60yo asa x1 asa?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo bp 150/90 nitro x2 given, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["30yo f vomiting zofran x2 given, zofran?"], ["-: LIMIT_REACHED", "-: LIMIT_REACHED"]],
];

Deno.test("'a&o x4' and 'x 2 weeks' are no count of doses (TP 1211, MCG 1317.33)", () => {
  check(NOT_A_COUNT);
  for (const [messages] of NOT_A_COUNT.slice(0, 12)) assert.ok(!asksHowMany(messages), messages.join(" / "));
});
Deno.test("a drug's 'xN' is still its count", () => check(STILL_COUNTS));
