/**
 * Adult doses and maxima (weight above 36 kg, or longer than the tape), as the MCG 1317.x drug
 * references and MCG 1309's adult page give them. The expected values are written here from those
 * documents, one row per drug/route/indication, with the reference that states them.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest } from "../../functions-shared/domain/dosing/mod.ts";
import { adultCourse } from "../../functions-shared/domain/dosing/adult_course.ts";

interface AdultCase {
  readonly ref: string;
  readonly request: Omit<DoseRequest, "weightKg">;
  readonly dose: [number, string];
  readonly ml: number | null;
  readonly max: number;
  readonly upTo?: number;
  readonly options?: number[];
  readonly mlUpTo?: number;
  readonly mlOptions?: number[];
  readonly given?: [number, string];
  readonly repeat?: { dose?: [number, string]; ml?: number; maxTotal?: [number, string]; maxDoses?: number };
  readonly shocks?: number[];
}

const CASES: readonly AdultCase[] = [
  {
    ref: "MCG 1317.1",
    request: { medication: "adenosine", route: "IV" },
    dose: [6, "mg"],
    options: [6, 12],
    ml: 2,
    mlOptions: [2, 4],
    max: 12,
    repeat: { dose: [12, "mg"], ml: 4 },
  },
  { ref: "MCG 1317.3", request: { medication: "albuterol", route: "NEB" }, dose: [5, "mg"], ml: 6, max: 5 },
  {
    ref: "MCG 1317.3",
    request: { medication: "albuterol", route: "MDI" },
    dose: [360, "mcg"],
    ml: null,
    max: 360,
    given: [4, "puff"],
  },
  {
    ref: "MCG 1317.5",
    request: { medication: "amiodarone", route: "IV" },
    dose: [300, "mg"],
    ml: 6,
    max: 300,
    repeat: { dose: [150, "mg"], ml: 3, maxTotal: [450, "mg"] },
  },
  {
    ref: "MCG 1317.7",
    request: { medication: "aspirin" },
    dose: [325, "mg"],
    ml: null,
    max: 325,
    given: [1, "tablet"],
  },
  {
    ref: "MCG 1317.9",
    request: { medication: "atropine", route: "IV", indication: "bradycardia" },
    dose: [1, "mg"],
    ml: 10,
    max: 1,
    repeat: { maxTotal: [3, "mg"] },
  },
  {
    ref: "MCG 1317.11",
    request: { medication: "calcium chloride", route: "IV", indication: "hyperkalemia" },
    dose: [1, "g"],
    ml: 10,
    max: 1,
  },
  {
    ref: "MCG 1317.13",
    request: { medication: "D10", route: "IV" },
    dose: [125, "mL"],
    ml: 125,
    max: 125,
    repeat: { maxTotal: [250, "mL"] },
  },
  {
    ref: "MCG 1317.15",
    request: { medication: "diphenhydramine", route: "IV" },
    dose: [50, "mg"],
    ml: 1,
    max: 50,
  },
  { ref: "MCG 1317.15", request: { medication: "benadryl", route: "IM" }, dose: [50, "mg"], ml: 1, max: 50 },
  {
    ref: "MCG 1317.37",
    request: { medication: "duodote" },
    dose: [1, "autoinjector"],
    upTo: 3,
    ml: null,
    max: 3,
  },
  {
    ref: "MCG 1317.37",
    request: { medication: "duodote", indication: "mild" },
    dose: [1, "autoinjector"],
    ml: null,
    max: 3,
  },
  {
    ref: "MCG 1317.37",
    request: { medication: "duodote", indication: "moderate" },
    dose: [2, "autoinjector"],
    ml: null,
    max: 3,
  },
  {
    ref: "MCG 1317.37",
    request: { medication: "duodote", indication: "severe" },
    dose: [3, "autoinjector"],
    ml: null,
    max: 3,
  },
  {
    ref: "MCG 1317.17",
    request: { medication: "epinephrine", route: "IV", indication: "push-dose" },
    dose: [10, "mcg"],
    ml: 1,
    max: 10,
  },
  {
    ref: "MCG 1317.17",
    request: { medication: "epinephrine", route: "IV", indication: "bradycardia" },
    dose: [10, "mcg"],
    ml: 1,
    max: 10,
  },
  {
    ref: "MCG 1317.17",
    request: { medication: "epinephrine", route: "IO", indication: "cardiac-arrest" },
    dose: [1, "mg"],
    ml: 10,
    max: 1,
    repeat: { maxTotal: [3, "mg"], maxDoses: 3 },
  },
  {
    ref: "MCG 1317.17",
    request: { medication: "epinephrine", route: "IM", indication: "anaphylaxis" },
    dose: [0.5, "mg"],
    ml: 0.5,
    max: 0.5,
    repeat: { maxDoses: 1 }, // TP 1219: the two repeats are a base order
  },
  {
    ref: "MCG 1317.17",
    request: { medication: "epinephrine", route: "NEB" },
    dose: [5, "mg"],
    ml: 5,
    max: 5,
    repeat: { maxDoses: 2 },
  },
  ...["IV", "IO", "IM"].map((route): AdultCase => ({
    ref: "MCG 1317.19",
    request: { medication: "fentanyl", route },
    dose: [50, "mcg"],
    ml: 1,
    max: 50,
    repeat: { maxTotal: [150, "mcg"] },
  })),
  {
    ref: "MCG 1317.19",
    request: { medication: "fentanyl", route: "IN" },
    dose: [50, "mcg"],
    ml: 1,
    max: 50,
    repeat: { maxTotal: [150, "mcg"] },
  },
  { ref: "MCG 1317.20", request: { medication: "glucagon" }, dose: [1, "mg"], ml: 1, max: 1 },
  {
    ref: "MCG 1309",
    request: { medication: "oral glucose" },
    dose: [15, "g"],
    ml: null,
    max: 15,
    given: [1, "dose"],
  },
  { ref: "MCG 1317.21", request: { medication: "cyanokit", route: "IV" }, dose: [5, "g"], ml: 200, max: 5 },
  { ref: "MCG 1317.22", request: { medication: "ketorolac", route: "IV" }, dose: [15, "mg"], ml: 1, max: 15 },
  { ref: "MCG 1317.22", request: { medication: "ketorolac", route: "IM" }, dose: [30, "mg"], ml: 2, max: 30 },
  {
    ref: "MCG 1317.23",
    request: { medication: "lidocaine", route: "IO" },
    dose: [40, "mg"],
    ml: 2,
    max: 40,
    repeat: { dose: [20, "mg"], ml: 1 },
  },
  {
    ref: "MCG 1317.25",
    request: { medication: "midazolam", route: "IV", indication: "sedation" },
    dose: [5, "mg"],
    ml: 1,
    max: 5,
    repeat: { maxTotal: [10, "mg"] },
  },
  {
    ref: "MCG 1317.25",
    request: { medication: "midazolam", route: "IO", indication: "seizure" },
    dose: [5, "mg"],
    ml: 1,
    max: 5,
  },
  {
    ref: "MCG 1317.25",
    request: { medication: "versed", route: "IM", indication: "agitation" },
    dose: [5, "mg"],
    ml: 1,
    max: 5,
  },
  {
    ref: "MCG 1317.25",
    request: { medication: "midazolam", route: "IN", indication: "sedation" },
    dose: [5, "mg"],
    ml: 1,
    max: 5,
  },
  {
    ref: "MCG 1317.25",
    request: { medication: "midazolam", route: "IN", indication: "seizure" },
    dose: [10, "mg"],
    ml: 2,
    max: 10,
  },
  {
    ref: "MCG 1317.27",
    request: { medication: "morphine", route: "IM" },
    dose: [4, "mg"],
    ml: 1,
    max: 4,
    repeat: { maxTotal: [12, "mg"] },
  },
  {
    ref: "MCG 1317.29",
    request: { medication: "naloxone", route: "IV" },
    dose: [0.8, "mg"],
    upTo: 2,
    ml: 0.8,
    mlUpTo: 2,
    max: 2,
    repeat: { maxTotal: [8, "mg"] },
  },
  {
    ref: "MCG 1317.29",
    request: { medication: "narcan", route: "IM" },
    dose: [2, "mg"],
    ml: 2,
    max: 2,
    repeat: { maxTotal: [8, "mg"] },
  },
  {
    ref: "MCG 1317.29",
    request: { medication: "naloxone", route: "IN" },
    dose: [2, "mg"],
    upTo: 4,
    ml: 2,
    mlUpTo: 4,
    max: 4,
    repeat: { maxTotal: [8, "mg"] },
  },
  {
    ref: "MCG 1309",
    request: { medication: "normal saline", route: "IV", indication: "fluid-bolus" },
    dose: [1000, "mL"],
    ml: 1000,
    max: 1000,
  },
  {
    ref: "MCG 1317.31",
    request: { medication: "nitroglycerin" },
    dose: [0.4, "mg"],
    ml: null,
    max: 0.4,
    given: [1, "dose"],
    repeat: { maxDoses: 3 },
  },
  {
    ref: "MCG 1317.31",
    request: { medication: "nitroglycerin", indication: "chf", systolicBp: 160 },
    dose: [0.8, "mg"],
    ml: null,
    max: 1.2,
  },
  {
    ref: "MCG 1317.32",
    request: { medication: "olanzapine" },
    dose: [10, "mg"],
    ml: null,
    max: 10,
    given: [1, "tablet"],
  },
  {
    ref: "MCG 1317.33",
    request: { medication: "ondansetron", route: "ODT" },
    dose: [4, "mg"],
    ml: null,
    max: 4,
    given: [1, "tablet"],
  },
  { ref: "MCG 1317.33", request: { medication: "zofran", route: "IV" }, dose: [4, "mg"], ml: 2, max: 4 },
  {
    ref: "MCG 1317.39",
    request: { medication: "bicarb", route: "IV", indication: "hyperkalemia" },
    dose: [50, "mEq"],
    ml: 50,
    max: 50,
  },
  { ref: "MCG 1317.41", request: { medication: "TXA", route: "IV" }, dose: [1, "g"], ml: 10, max: 1 },
  {
    ref: "MCG 1309",
    request: { medication: "cardioversion" },
    dose: [120, "J"],
    ml: null,
    max: 200,
    shocks: [120, 150, 200],
  },
  {
    ref: "MCG 1309",
    request: { medication: "defibrillation" },
    dose: [200, "J"],
    ml: null,
    max: 200,
    shocks: [200, 200, 200],
  },
];

for (const c of CASES) {
  const name = `${c.ref} adult: ${c.request.medication} ${c.request.route ?? ""} ${
    c.request.indication ?? ""
  }`;
  Deno.test(name.replace(/\s+/g, " ").trim(), () => {
    // Above the tape by weight, by the "adult" colour, and (with no weight) by age 15+.
    const patients: Partial<DoseRequest>[] = [{ weightKg: 70 }, { weightKg: 36.1 }, { color: "adult" }, {
      ageYears: 30,
    }];
    for (const patient of patients) {
      const r = calculateDose({ ...c.request, ...patient });
      const context = `${name} ${JSON.stringify(patient)}`;
      assert.equal(r.adult, true, context);
      assert.equal(r.basis, "adult", context);
      assert.equal(r.color, null, context);
      assert.equal(r.capped, false, context);
      assert.deepEqual([r.dose.value, r.dose.unit], c.dose, context);
      assert.equal(r.dose.upTo, c.upTo, context);
      assert.deepEqual(r.dose.options, c.options, context);
      assert.equal(r.volumeMl, c.ml, context);
      assert.equal(r.volumeUpToMl, c.mlUpTo, context);
      assert.deepEqual(r.volumeOptionsMl, c.mlOptions, context);
      assert.deepEqual(r.maxSingleDose, { value: c.max, unit: c.dose[1] }, context);
      assert.deepEqual(r.administered && [r.administered.value, r.administered.unit], c.given, context);
      assert.deepEqual(r.shocks?.map((s) => s.value), c.shocks, context);
      if (c.repeat?.dose) {
        assert.deepEqual([r.repeat?.dose?.value, r.repeat?.dose?.unit], c.repeat.dose, context);
      }
      if (c.repeat?.ml) assert.equal(r.repeat?.volumeMl, c.repeat.ml, context);
      if (c.repeat?.maxTotal) {
        assert.deepEqual([r.repeat?.maxTotal?.value, r.repeat?.maxTotal?.unit], c.repeat.maxTotal, context);
      }
      if (c.repeat?.maxDoses) assert.equal(r.repeat?.maxDoses, c.repeat.maxDoses, context);
      assert.ok(r.references.includes(c.ref), `${context}: cites ${r.citation}`);
    }
  });
}

Deno.test("the tape's edge: 36 kg is paediatric, above 36 kg is adult", () => {
  const at36 = calculateDose({ medication: "naloxone", route: "IN", weightKg: 36 });
  assert.deepEqual([at36.adult, at36.dose.value, at36.color], [false, 2, "green"]);
  const above = calculateDose({ medication: "naloxone", route: "IN", weightKg: 36.5 });
  assert.deepEqual([above.adult, above.dose.value, above.dose.upTo, above.weightKg], [true, 2, 4, 36.5]);
  assert.ok(above.warnings.some((w) => /adult dose/i.test(w)));
});

Deno.test("longer than the tape with a tape-range weight: adult dose, flagged", () => {
  const r = calculateDose({ medication: "morphine", route: "IV", weightKg: 30, color: "Longer than tape" });
  assert.deepEqual([r.adult, r.dose.value, r.volumeMl], [true, 4, 1]);
  assert.ok(r.warnings.some((w) => w.includes("longer than the tape")));
});

Deno.test("a weight above the tape under 12 years asks for the tape, not the adult dose (MCG 1309)", () => {
  // A heavy 6-year-old may be on the tape by length: the adult dose would be an overdose.
  for (const [weightKg, ageYears] of [[70, 6], [40, 11.9], [37, 0.5]]) {
    assert.throws(
      () =>
        calculateDose({ medication: "midazolam", route: "IM", indication: "seizure", weightKg, ageYears }),
      { code: "FACT_REQUIRED", field: "color" },
      `${weightKg} kg at ${ageYears} years`,
    );
  }
  // Measured longer than the tape: the adult dose (MCG 1309 guideline 5), except midazolam for a seizure, which
  // TP 1231-P doses by age (6 years: 5 mg; dosing_beyond_tape.test.ts).
  const longer = { medication: "fentanyl", route: "IN", weightKg: 70, ageYears: 6, color: "adult" } as const;
  assert.deepEqual([calculateDose(longer).adult, calculateDose(longer).dose.value], [true, 50]);
  const seizing = { medication: "midazolam", route: "IM", indication: "seizure", weightKg: 70, ageYears: 6 };
  const bySeizureAge = calculateDose({ ...seizing, color: "adult" });
  assert.deepEqual([bySeizureAge.adult, bySeizureAge.dose.value], [false, 5]);
  // From 12 (TP 1231-P reads 12 and older as longer than the tape): the adult dose, saying the tape still decides.
  const fentanyl = { medication: "fentanyl", route: "IN", weightKg: 45 } as const;
  for (const ageYears of [12, 13, 14]) {
    const teen = calculateDose({ ...fentanyl, ageYears });
    assert.deepEqual([teen.adult, teen.dose.value], [true, 50]);
    assert.ok(
      teen.warnings.some((w) => w.includes("if the child fits on it, send its colour")),
      `${ageYears}`,
    );
  }
  assert.ok(!calculateDose({ ...fentanyl, ageYears: 15 }).warnings.some((w) => w.includes("fits on it")));
  // A tape colour with a weight above the tape is still a mismatch, whatever the age.
  assert.throws(() => calculateDose({ medication: "midazolam", weightKg: 70, ageYears: 6, color: "blue" }), {
    code: "COLOR_WEIGHT_MISMATCH",
  });
});

Deno.test("adults-only drugs refuse a child longer than the tape whose age is known to be under 15", () => {
  for (const medication of ["TXA", "nitroglycerin", "aspirin"]) {
    assert.throws(
      () => calculateDose({ medication, weightKg: 45, ageYears: 13 }),
      { code: "NOT_FOR_THIS_PATIENT", field: "ageYears" },
      medication,
    );
    const unknownAge = calculateDose({ medication, weightKg: 45 });
    assert.ok(unknownAge.warnings.some((w) => w.includes("15 years or older")), medication);
  }
  assert.throws(
    () => calculateDose({ medication: "ondansetron", route: "IV", weightKg: 50, ageYears: 14 }),
    { code: "NOT_FOR_THIS_PATIENT" },
  );
  // Olanzapine is allowed for children longer than the tape.
  assert.equal(calculateDose({ medication: "olanzapine", weightKg: 45, ageYears: 13 }).dose.value, 10);
});

Deno.test("adult naloxone and epinephrine need the route / indication that decides the dose", () => {
  assert.throws(() => calculateDose({ medication: "naloxone", weightKg: 80 }), {
    code: "AMBIGUOUS_ROUTE",
    routes: ["IV", "IM", "IN"],
  });
  assert.throws(() => calculateDose({ medication: "epinephrine", route: "IV", weightKg: 80 }), {
    code: "AMBIGUOUS_INDICATION",
    indications: ["push-dose", "bradycardia", "cardiac-arrest"],
  });
});

Deno.test("the next dose of a choice is held to what the maximum leaves, as the first dose is", () => {
  // A choice of 6 or 12 mg with 30 mg allowed in all: 18 mg given, this dose may be either (12 left), and
  // after a 6 mg dose only 6 mg is left, so the next dose may not be 12 mg.
  const rule = {
    dose: { value: 6, unit: "mg", options: [6, 12] },
    volumeMl: 2,
    volumeOptionsMl: [2, 4],
    maxSingle: 12,
    repeat: { maxTotal: { value: 30, unit: "mg" } },
    refs: ["TP test"],
  } as unknown as Parameters<typeof adultCourse>[0];
  const first = { dose: rule.dose, volumeMl: 2, volumeOptionsMl: [2, 4] };
  const request = { medication: "test", weightKg: 80, totalGiven: 18 } as unknown as DoseRequest;
  const course = adultCourse(rule, first, request, "Testamine");
  assert.deepEqual(course.dose.options, [6, 12]);
  assert.deepEqual(course.next.dose?.options, [6], "12 mg would pass the 30 mg maximum");
});
