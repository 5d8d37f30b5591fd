/**
 * The medical director's fourteenth read (2026-12-06), M3: "60M fall …" / "80F fall …", the commonest trauma opener,
 * was read as a fall's height, so no age was read and no dose given (chat_age_shorthand.ts). Rows both ways.
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const fentanyl = (indication: string, age: number) => [
  `${indication}: 50 mcg IV/IO/IM @${age} yo`,
  `${indication}: 50 mcg IN @${age} yo`,
];

/** M3: "60M fall" with no other age written is a 60-year-old man who fell. */
const FALL_AGES: readonly Row[] = [
  [["60M fall from ladder hip pain 9/10 fentanyl"], fentanyl("pain", 60)],
  [["60M fell hip 9/10 fentanyl"], fentanyl("-", 60)],
  [["pt 60M fall, gcs 15, L wrist deformity 8/10, fentanyl?"], fentanyl("-", 60)],
  [["80F fall hip fx 9/10 fentanyl?"], fentanyl("-", 80)],
  [["75M fall from standing, hip pain 10/10, fentanyl"], fentanyl("pain", 75)],
  [["45F fall from horse 9/10 femur fx fentanyl"], fentanyl("-", 45)],
  [["60M fall 12 ft femur 9/10 fentanyl"], fentanyl("-", 60)],
  [["60M mechanical fall, hip 9/10, fentanyl?"], fentanyl("-", 60)], // dosed before too
];

/** M3's near misses: a height beside a "yo" age, a time, a toddler's months on the tape. */
const NOT_FALL_AGES: readonly Row[] = [
  [["60M fall from roof, 35yo male, femur fx 9/10 fentanyl?"], fentanyl("-", 35)],
  [["60M fall from roof, 35 years old, femur fx 9/10 fentanyl?"], fentanyl("-", 35)],
  [["20M ago fell, 40yo femur fx 9/10 fentanyl"], fentanyl("-", 40)],
  [["45 M fall from roof, hip 9/10 fentanyl"], []], // a spaced letter may be metres: no age read, as before
  [["pt 40M fall from couch 16kg midazolam IN seizing"], ["seizure: 2.5 mg IN @16 kg"]],
  [["pt 40M old fell 16kg midazolam IN seizing"], ["seizure: 2.5 mg IN @16 kg"]],
];

Deno.test("chat: '60M fall' is an age and sex when no other age is written (MD14 M3)", () => {
  check(FALL_AGES);
  check(NOT_FALL_AGES);
});
