/**
 * TP 1241: naloxone's 8 mg before base counts every route. An adult's total at it, with no single route asked, is the
 * limit (LIMIT_REACHED): no route has a dose left, so asking IV, IM or IN was needless (medical director's thirteenth
 * read, M3: "30yo od rr 6 got 8mg narcan total, more?"). Short of it the route is still asked: 7 mg leaves an IV dose.
 */
import assert from "node:assert/strict";
import { says } from "../support/adult_protocols.ts";
import { chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const LIMIT = ["-: LIMIT_REACHED"];

Deno.test("engine: an adult's naloxone total with no route is the limit only where no route has a dose left", () => {
  const naloxone = { medication: "naloxone", ageYears: 30 } as const;
  for (const totalGiven of [8, 9]) {
    assert.throws(() => calculateDose({ ...naloxone, totalGiven }), {
      code: "LIMIT_REACHED",
      field: "totalGiven",
    }, `${totalGiven} mg`);
  }
  assert.throws(() => calculateDose({ ...naloxone, route: "IV/IM/IN", totalGiven: 8 }), {
    code: "LIMIT_REACHED",
  });
  // 7 mg leaves 1 mg, within the IV dose (0.8–2 mg): the route is still asked; none given, the same
  for (const request of [{ ...naloxone, totalGiven: 7 }, naloxone]) {
    assert.throws(() => calculateDose(request), { code: "AMBIGUOUS_ROUTE" }, JSON.stringify(request));
  }
  // IM and IN alone at 6.5 mg: 1.5 mg left is less than either's dose
  assert.throws(() => calculateDose({ ...naloxone, route: "IM/IN", totalGiven: 6.5 }), {
    code: "LIMIT_REACHED",
  });
});

/** TP 1241: 8 mg of naloxone by all routes; a total at it is the limit whatever the route. */
const NALOXONE_TOTAL: readonly Row[] = [
  [["30yo od rr 6 got 8mg narcan total, more?"], LIMIT],
  [["30yo od rr 6 got 8mg narcan total, narcan?"], LIMIT],
  [["30yo od rr 6 got 8mg narcan total, narcan IM?"], LIMIT],
  // Near misses: 7 mg leaves an IV dose (the route is asked), a total short of it keeps the question of route
  [["30yo od rr 6 got 7mg narcan total, more?"], ["-: AMBIGUOUS_ROUTE"]],
  [["30yo od rr 6 got 4mg narcan total, more?"], ["-: AMBIGUOUS_ROUTE"]],
];

Deno.test("MD13 M3: a naloxone total at TP 1241's all-route maximum is the limit on any route", async () => {
  await says("TP 1241", "maximum dose all routes 8 mg");
  checkRows(NALOXONE_TOTAL, answers);
});
