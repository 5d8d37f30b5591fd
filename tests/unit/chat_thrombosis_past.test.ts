/**
 * Medical director's nineteenth read, among its others (chat_thrombosis_past.ts): "40yo mvc, dvt 10 years ago resolved, sbp 80 hr
 * 130, txa" was held as active thrombotic disease. MCG 1317.41 holds TXA for ACTIVE known thrombotic disease (e.g.,
 * DVT, PE): one said resolved, or years ago, is not. Near misses stay held: active, on an anticoagulant, diagnosed
 * yesterday, last month, "not resolved", and a new one beside an old one.
 */
import { chatAnswers, checkRows, doseForWho, HELD_ONCE as HELD, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));
const TXA = ["-: 1 g IV/IO @40 yo"];
const MVC = "40yo mvc, sbp 80 hr 130, txa";

const OVER: readonly Row[] = [
  [["40yo mvc, dvt 10 years ago resolved, sbp 80 hr 130, txa"], TXA],
  [[`${MVC}, dvt resolved`], TXA],
  [[`${MVC}, resolved dvt`], TXA],
  [[`${MVC}, pe years ago`], TXA],
  [[`${MVC}, pulmonary embolism 5 yrs ago`], TXA],
];

const ACTIVE: readonly Row[] = [
  [[`${MVC}, active dvt`], HELD],
  [[`${MVC}, dvt on eliquis`], HELD],
  [[`${MVC}, pe diagnosed yesterday`], HELD],
  [[`${MVC}, dvt last month`], HELD],
  [[`${MVC}, dvt 2 months ago`], HELD], // months: may still be treated
  [[`${MVC}, dvt not resolved`], HELD],
  [[`${MVC}, dvt 10 years ago, new pe today`], HELD],
  [[`${MVC}, dvt 10 years ago on eliquis`], HELD], // on treatment now: its own hold
];

Deno.test("a DVT or PE said resolved or years ago is not active: TXA is dosed (MCG 1317.41)", () => {
  check(OVER);
});

Deno.test("an active, treated, recent or unresolved DVT or PE still holds TXA (MCG 1317.41)", () => {
  check(ACTIVE);
});
