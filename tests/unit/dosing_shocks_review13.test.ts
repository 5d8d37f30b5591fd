/**
 * The engine's part of the medical director's thirteenth read, V3 (the chat's: chat_shocks_review13.test.ts):
 * - A child's shocks given place the next in its series, as an adult's did: TP 1210-P step 14 (2 J/kg, then 4 J/kg
 *   at each 2-minute cycle), TP 1213-P (1 J/kg, then up to twice more at 2 J/kg; a fourth is base's to order).
 * - Nitroglycerin for chest pain is dosed with TP 1211 note 4's caution when the heart rate sent is under 50 or over
 *   120, or the systolic pressure under 110 (relative hypotension with a history of hypertension or on
 *   antihypertensives).
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";

const answer = (request: DoseRequest): string => {
  try {
    const r = calculateDose(request);
    return `${r.dose.value} ${r.dose.unit}`;
  } catch (error) {
    if (error instanceof DosingError) return error.code;
    throw error;
  }
};

const CHILD_SHOCKS: readonly (readonly [DoseRequest, string])[] = [
  [{ medication: "defibrillation", weightKg: 20 }, "40 J"],
  [{ medication: "defibrillation", weightKg: 20, dosesGiven: 0 }, "40 J"],
  [{ medication: "defibrillation", weightKg: 20, dosesGiven: 1 }, "80 J"],
  [{ medication: "defibrillation", weightKg: 20, dosesGiven: 2 }, "80 J"],
  [{ medication: "defibrillation", weightKg: 20, dosesGiven: 6 }, "80 J"],
  [{ medication: "defibrillation", weightKg: 10, dosesGiven: 1 }, "40 J"],
  [{ medication: "cardioversion", weightKg: 20 }, "20 J"],
  [{ medication: "cardioversion", weightKg: 20, dosesGiven: 1 }, "40 J"],
  [{ medication: "cardioversion", weightKg: 20, dosesGiven: 2 }, "40 J"],
  [{ medication: "cardioversion", weightKg: 20, dosesGiven: 3 }, "LIMIT_REACHED"],
  // The adult's, unchanged: TP 1213 step 12 and TP 1210 step 7.
  [{ medication: "cardioversion", ageYears: 55, dosesGiven: 1 }, "150 J"],
  [{ medication: "cardioversion", ageYears: 55, dosesGiven: 2 }, "200 J"],
  [{ medication: "cardioversion", ageYears: 55, dosesGiven: 3 }, "LIMIT_REACHED"],
  [{ medication: "defibrillation", ageYears: 60, dosesGiven: 2 }, "200 J"],
];

Deno.test("V3: a child's shocks given place the next one in its series (TP 1210-P step 14, TP 1213-P)", () => {
  for (const [request, expected] of CHILD_SHOCKS) {
    assert.equal(answer(request), expected, JSON.stringify(request));
  }
  const said = calculateDose({ medication: "defibrillation", weightKg: 20, dosesGiven: 2 }).warnings;
  assert.ok(
    said.some((w) => /^Shock 3, after 2 shocks given: 80 J; .*TP 1210-P step 14/.test(w)),
    said.join("\n"),
  );
  // A shock's count is no drug's: not "MCG 1309 prints no number of doses".
  assert.ok(!said.some((w) => w.includes("prints no number of doses")), said.join("\n"));
});

const caution = (request: Partial<DoseRequest>) =>
  calculateDose({ medication: "nitroglycerin", ageYears: 60, ...request }).warnings.filter((w) =>
    w.includes("TP 1211 note 4")
  );

Deno.test("L2: nitroglycerin's TP 1211 note 4 caution is said with the dose when the facts sent call for it", () => {
  assert.deepEqual(caution({ systolicBp: 140, heartRate: 40 }), [
    "Heart rate 40: a rate under 50 or over 120 calls for caution with nitroglycerin; holding it is acceptable " +
    "(TP 1211 note 4).",
  ]);
  assert.equal(caution({ systolicBp: 140, heartRate: 121 }).length, 1);
  assert.equal(caution({ systolicBp: 109, heartRate: 80 }).length, 1);
  assert.equal(caution({ systolicBp: 105, heartRate: 130 }).length, 2);
  // Near misses: at the bounds, no rate sent, pulmonary edema's nitroglycerin (TP 1214).
  for (
    const request of [{ systolicBp: 140, heartRate: 50 }, { systolicBp: 140, heartRate: 120 }, {
      systolicBp: 110,
    }]
  ) {
    assert.deepEqual(caution(request), [], JSON.stringify(request));
  }
  assert.deepEqual(caution({ systolicBp: 160, heartRate: 40, indication: "pulmonary-edema" }), []);
  // A caution, never a hold: the dose is still 0.4 mg.
  assert.equal(
    answer({ medication: "nitroglycerin", ageYears: 60, systolicBp: 140, heartRate: 40 }),
    "0.4 mg",
  );
});
