/**
 * Medical director's twentieth read, H3 (chat_thrombosis_words.ts, chat_thrombosis_past.ts): TXA was given 1 g with
 * an active PE beside an old DVT ("dvt years ago, pe last month"), and where the PE or clot was said by its time, its
 * treatment or its place ("pe now", "currently being treated for pe", "clot in lung", "blood clot in leg last week").
 * MCG 1317.41 holds TXA in active known thrombotic disease (e.g., DVT, PE). "resolved" and "years ago" lift only the
 * clot they are said of. Near misses stay dosed: the physical exam ("pe:", "pe negative", "pe now reveals"), a denial,
 * a history, a clot said over, a clot in a wound.
 */
import { chatAnswers, checkRows, doseForWho, HELD_ONCE as HELD, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));
const TXA = ["-: 1 g IV/IO @40 yo"];
const SHOCK = "sbp 80 hr 130, txa";

const ACTIVE: readonly Row[] = [
  [[`40yo mvc, dvt years ago, pe last month, ${SHOCK}`], HELD],
  [[`40yo mvc, dvt years ago, pe 2 weeks ago, ${SHOCK}`], HELD],
  [[`40yo mvc, dvt resolved, pe now, ${SHOCK}`], HELD],
  [[`40yo mvc, pe last month, ${SHOCK}`], HELD],
  [[`40yo mvc, pe recently, ${SHOCK}`], HELD],
  [[`40yo mvc, had a pe 6 months ago, ${SHOCK}`], HELD], // months: still treated
  [[`40yo mvc, currently being treated for pe, ${SHOCK}`], HELD],
  [[`40yo mvc, dvt resolved, currently being treated for pe, ${SHOCK}`], HELD],
  [[`40yo mvc, under treatment for a blood clot, ${SHOCK}`], HELD],
  [[`40yo mvc, clot in lung, on eliquis, ${SHOCK}`], HELD],
  [[`40yo mvc, blood clot in leg last week, ${SHOCK}`], HELD],
  [[`40yo mvc, clot in her left leg, ${SHOCK}`], HELD],
  // "resolved" / "years ago" are the other clot's
  [[`40yo mvc, pe last month and dvt years ago, ${SHOCK}`], HELD],
  [[`40yo mvc, dvt last month and pe resolved, ${SHOCK}`], HELD],
];

const NOT_ACTIVE: readonly Row[] = [
  [[`40yo mvc, pe: abd rigid, ${SHOCK}`], TXA],
  [[`40yo mvc, pe negative, ${SHOCK}`], TXA],
  [[`40yo mvc, pe now reveals rigid abdomen, ${SHOCK}`], TXA],
  [[`40yo mvc, no hx of pe or dvt, ${SHOCK}`], TXA],
  [[`40yo mvc, prior pe, ${SHOCK}`], TXA],
  [[`40yo mvc, pe years ago, ${SHOCK}`], TXA],
  [[`40yo mvc, dvt and pe years ago, ${SHOCK}`], TXA],
  [[`40yo mvc, dvt/pe years ago, ${SHOCK}`], TXA],
  [[`40yo mvc, not being treated for pe, ${SHOCK}`], TXA],
  [[`40yo mvc, was treated for pe years ago, ${SHOCK}`], TXA],
  [[`40yo mvc, clot in lung years ago, ${SHOCK}`], TXA],
  [[`40yo mvc, blood clot in leg resolved, ${SHOCK}`], TXA],
  [[`40yo mvc, hx blood clot in leg, ${SHOCK}`], TXA],
  [[`40yo mvc, no blood clots in legs, ${SHOCK}`], TXA],
  [[`40yo mvc, blood clot in leg wound, ${SHOCK}`], TXA],
];

Deno.test("a PE by its time, its treatment or a clot by its place is active: TXA is held (MCG 1317.41)", () => {
  check(ACTIVE);
});

Deno.test("the physical exam, a denial, a history or a clot said over still doses TXA (MCG 1317.41)", () => {
  check(NOT_ACTIVE);
});
