/**
 * Medical director's twentieth read, H5a (chat_trauma_contraindications.ts): TXA was given 1 g in an isolated head
 * injury said in other words: "head injury, no other injuries", "tbi, no other injuries found", "head injury, nothing
 * else". MCG 1317.41 holds TXA in an isolated traumatic brain injury. Near misses stay dosed: another injury named
 * beside it, the head injury denied, and "no other injuries" said of an injury that is not the head's.
 */
import { chatAnswers, checkRows, doseForWho, HELD_ONCE as HELD, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));
const TXA = ["-: 1 g IV/IO @40 yo"];
const SHOCK = "sbp 80 hr 130, txa";

const ISOLATED: readonly Row[] = [
  [[`40yo head injury, no other injuries, ${SHOCK}`], HELD],
  [[`40yo tbi, no other injuries found, ${SHOCK}`], HELD],
  [[`40yo head injury, nothing else, ${SHOCK}`], HELD],
  [[`40yo mvc, concussion, denies any other injuries, ${SHOCK}`], HELD],
  [[`40yo gsw to the head, no other wounds, ${SHOCK}`], HELD],
];

const NOT_ISOLATED: readonly Row[] = [
  [[`40yo mvc, head injury, pelvic fx, nothing else, ${SHOCK}`], TXA],
  [[`40yo head injury, no other injuries, open femur fx, ${SHOCK}`], TXA],
  [[`40yo tbi with chest trauma, nothing else, ${SHOCK}`], TXA],
  [[`40yo mvc, no head injury, no other injuries, femur fx, ${SHOCK}`], TXA],
  [[`40yo mvc, femur fx, no other injuries, ${SHOCK}`], TXA],
  [[`40yo mvc, no other injuries, ${SHOCK}`], TXA],
];

Deno.test("a head injury said with no other injury is an isolated TBI: TXA is held (MCG 1317.41)", () => {
  check(ISOLATED);
});

Deno.test("another injury beside it, or no head injury, still doses TXA (MCG 1317.41)", () => {
  check(NOT_ISOLATED);
});
