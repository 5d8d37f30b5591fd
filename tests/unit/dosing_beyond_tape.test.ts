/**
 * The medical director's eighth read, H6 rest: a child longer than the tape, and an adult's naloxone by count.
 * - TP 1231-P step 6 doses a child's midazolam for a seizure by age, the tape standing in only when the age is
 *   unknown ("≥12 years (Longer than the length-based tape if age unknown)"), IN/IM only: a 9-year-old longer than
 *   the tape had the adult 10 mg, a 13-year-old above the tape the adult IV/IO row (TP 1231). A child is 14 or
 *   younger (MCG 1350); from 15, or with no age, longer than the tape is MCG 1309 guideline 5's adult dosing.
 * - TP 1241's naloxone maximum counts every route (2 mg IM, 2–4 mg IN, 0.8–2 mg IV): a count alone does not give
 *   the total, so IM asks it (400 FACT_REQUIRED, totalGiven) as IN and IV did.
 * The figures are checked against the documents in ../shared.
 */
import assert from "node:assert/strict";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";
import { says } from "../support/adult_protocols.ts";

const seizure = { medication: "midazolam", indication: "seizure" } as const;
const dose = (request: Parameters<typeof calculateDose>[0]) => {
  const r = calculateDose(request);
  return [r.dose.value, r.route, r.adult, r.basis];
};

Deno.test("TP 1231-P: a child longer than the tape gets midazolam for a seizure by age, IN/IM only", async () => {
  await says(
    "TP 1231-P",
    "6-11 Years (Blue, Orange, Green if age unknown) Midazolam (5mg/mL) 5mg or 1mL IM/IN",
    "≥12 years (Longer than the length-based tape if age unknown) Midazolam (5mg/mL) 10 mg or 2mL IM/IN " +
      "Single dose prior to Base contact",
  );
  await says("MCG 1350", "children 14 years of age and younger");
  // The reviewer's "9yo 55kg off the tape seizing, versed?": 5 mg (6–11 years), not the adult 10 mg.
  for (const color of ["adult", "longer-than-tape"]) {
    assert.deepEqual(
      dose({ ...seizure, weightKg: 55, ageYears: 9, color }),
      [5, "IN/IM", false, "age"],
      color,
    );
    assert.deepEqual(dose({ ...seizure, ageYears: 9, color, route: "IN" }), [5, "IN", false, "age"], color);
  }
  const nineRequest = { ...seizure, weightKg: 55, ageYears: 9, color: "adult", route: "IN" } as const;
  const nine = calculateDose(nineRequest);
  assert.equal(nine.color, null);
  assert.match(nine.warnings[0], /^Beyond the tape at 9 years: TP 1231-P step 6 doses by age \(6-11 years\)/);
  // Its repeat is the child's: one more before base, then base (3 doses or 20 mg).
  assert.equal(calculateDose({ ...nineRequest, dosesGiven: 1 }).dose.value, 5);
  assert.throws(() => calculateDose({ ...nineRequest, dosesGiven: 2 }), { code: "LIMIT_REACHED" });
  // By the child's routes: no IV/IO for a child's seizure.
  assert.throws(() => calculateDose({ ...seizure, ageYears: 9, color: "adult", route: "IV" }), {
    code: "ROUTE_NOT_AVAILABLE",
  });
  // Under 6 nobody is longer than the tape (tenth read, L2: dosing_review10.test.ts): the tape is asked for.
  assert.deepEqual(dose({ ...seizure, ageYears: 6, color: "adult" }), [5, "IN/IM", false, "age"]);
  assert.throws(() => calculateDose({ ...seizure, ageYears: 0.5, color: "adult" }), {
    code: "FACT_REQUIRED",
    field: "color",
  });
});

Deno.test("TP 1231-P: 12 to 14 above or beyond the tape, 10 mg IN/IM once before base; no IV/IO (TP 1231's)", async () => {
  await says("TP 1231", "Midazolam 5 mg (1mL) IV/IO, if existing vascular access");
  for (
    const patient of [{ weightKg: 55, ageYears: 13 }, { color: "adult", ageYears: 14 }, {
      weightKg: 70,
      ageYears: 12,
    }]
  ) {
    const what = JSON.stringify(patient);
    assert.deepEqual(dose({ ...seizure, ...patient }), [10, "IN/IM", false, "age"], what);
    for (const route of ["IV", "IO"]) {
      assert.throws(() => calculateDose({ ...seizure, ...patient, route }), {
        code: "ROUTE_NOT_AVAILABLE",
      }, `${what} ${route}`);
    }
    assert.throws(() => calculateDose({ ...seizure, ...patient, route: "IM", dosesGiven: 1 }), {
      code: "LIMIT_REACHED",
    }, what);
  }
  // From 15, or with no age, longer than the tape is the adult's (MCG 1309 guideline 5, TP 1231): IV/IO offered.
  for (const patient of [{ weightKg: 55, ageYears: 15 }, { color: "adult" }, { weightKg: 70 }]) {
    assert.deepEqual(
      dose({ ...seizure, ...patient, route: "IV" }),
      [5, "IV", true, "adult"],
      JSON.stringify(patient),
    );
  }
  // Other drugs and indications keep the adult dose beyond the tape (no age rule in their documents).
  assert.equal(
    calculateDose({
      medication: "midazolam",
      indication: "sedation",
      route: "IV",
      ageYears: 9,
      color: "adult",
    }).adult,
    true,
  );
  assert.equal(
    calculateDose({ medication: "naloxone", route: "IN", ageYears: 9, color: "adult" }).adult,
    true,
  );
});

Deno.test("TP 1241: an adult's naloxone by count alone asks the total by every route (8 mg all routes)", async () => {
  await says(
    "TP 1241",
    "Naloxone 2-4 mg IN",
    "Naloxone 2mg IM",
    "Naloxone 0.8-2mg IV push, maximum dose all routes 8 mg",
  );
  const naloxone = { medication: "naloxone", ageYears: 40 } as const;
  for (const route of ["IM", "IN", "IV"]) {
    for (const dosesGiven of [1, 2, 3]) {
      assert.throws(() => calculateDose({ ...naloxone, route, dosesGiven }), {
        code: "FACT_REQUIRED",
        field: "totalGiven",
      }, `${route} x${dosesGiven}`);
    }
    assert.equal(calculateDose({ ...naloxone, route, dosesGiven: 0 }).doseNumber, 1, route);
  }
  // With the total the 8 mg decides: two 4 mg sprays leave nothing for an IM dose; two IM doses leave 4 mg.
  assert.throws(() => calculateDose({ ...naloxone, route: "IM", dosesGiven: 2, totalGiven: 8 }), {
    code: "LIMIT_REACHED",
    field: "totalGiven",
  });
  const third = calculateDose({ ...naloxone, route: "IM", dosesGiven: 2, totalGiven: 4 });
  assert.deepEqual([third.dose.value, third.doseNumber], [2, 3]);
});
