/**
 * The rules around the table: maximum single doses (the known traps), age rules, refusals, colour
 * input, and name/route resolution.
 */
import assert from "node:assert/strict";
import {
  calculateDose,
  type DoseRequest,
  type DoseResult,
  DosingError,
  UnknownMedicationError,
} from "../../functions-shared/domain/dosing/mod.ts";
import { parseRoute } from "../../functions-shared/domain/dosing/lookup.ts";

function dose(request: DoseRequest): DoseResult {
  return calculateDose(request);
}

function summary(r: DoseResult) {
  return { dose: r.dose.value, unit: r.dose.unit, ml: r.volumeMl, capped: r.capped };
}

// --- caps -------------------------------------------------------------------------------------------

Deno.test("push-dose epinephrine: 1 mcg/kg, never more than 10 mcg (1 mL) per push", () => {
  const push = (weightKg: number) => dose({ medication: "push dose epi", weightKg });
  assert.deepEqual(summary(push(3)), { dose: 3, unit: "mcg", ml: 0.3, capped: false });
  assert.deepEqual(summary(push(10)), { dose: 10, unit: "mcg", ml: 1, capped: false });
  for (const w of [11, 12, 20, 36]) {
    assert.deepEqual(summary(push(w)), { dose: 10, unit: "mcg", ml: 1, capped: true }, `${w} kg`);
    assert.deepEqual(push(w).maxSingleDose, { value: 10, unit: "mcg" });
    assert.ok(push(w).warnings[0].startsWith("Capped at the maximum single dose, 10 mcg"));
  }
  assert.equal(push(11).formulation.startsWith("0.01 mg/mL"), true);
});

Deno.test("naloxone: 0.1 mg/kg, never more than 2 mg for a child", () => {
  for (const route of ["IV", "IM", "IN"]) {
    assert.deepEqual(summary(dose({ medication: "naloxone", route, weightKg: 20 })), {
      dose: 2,
      unit: "mg",
      ml: 2,
      capped: false,
    });
    for (const w of [22, 28, 36]) {
      const r = dose({ medication: "naloxone", route, weightKg: w });
      assert.deepEqual(summary(r), { dose: 2, unit: "mg", ml: 2, capped: true }, `${route} ${w} kg`);
      assert.deepEqual(r.maxSingleDose, { value: 2, unit: "mg" });
    }
  }
});

Deno.test("midazolam IN/IM: 0.2 mg/kg, never more than 5 mg for a child; IV/IO 0.1 mg/kg", () => {
  const inIm = (weightKg: number, route = "IN") =>
    dose({ medication: "midazolam", route, indication: "agitation", weightKg });
  assert.deepEqual(summary(inIm(24)), { dose: 4.8, unit: "mg", ml: 0.96, capped: false });
  for (const w of [26, 28, 30, 36]) {
    assert.deepEqual(summary(inIm(w)), { dose: 5, unit: "mg", ml: 1, capped: true }, `${w} kg`);
    assert.deepEqual(summary(inIm(w, "IM")), { dose: 5, unit: "mg", ml: 1, capped: true }, `${w} kg IM`);
  }
  const iv = dose({ medication: "midazolam", route: "IV", indication: "sedation", weightKg: 36 });
  assert.deepEqual(summary(iv), { dose: 3.6, unit: "mg", ml: 0.72, capped: false });
  assert.deepEqual(iv.maxSingleDose, { value: 5, unit: "mg" });
});

Deno.test("fentanyl IN: 1.5 mcg/kg, never more than 50 mcg; IV/IM 1 mcg/kg", () => {
  const inn = (weightKg: number) => dose({ medication: "fentanyl", route: "IN", weightKg });
  assert.deepEqual(summary(inn(32)), { dose: 48, unit: "mcg", ml: 0.96, capped: false });
  assert.deepEqual(summary(inn(34)), { dose: 50, unit: "mcg", ml: 1, capped: true });
  assert.deepEqual(summary(inn(36)), { dose: 50, unit: "mcg", ml: 1, capped: true });
  assert.deepEqual(summary(inn(3)), { dose: 4.5, unit: "mcg", ml: 0.09, capped: false });
  const iv = dose({ medication: "fentanyl", route: "IV", weightKg: 36 });
  assert.deepEqual(summary(iv), { dose: 36, unit: "mcg", ml: 0.72, capped: false });
});

Deno.test("other caps: atropine 0.5 mg, ketorolac 15 mg; IM epinephrine stays under 0.5 mg on the tape", () => {
  assert.deepEqual(summary(dose({ medication: "atropine", indication: "bradycardia", weightKg: 24 })), {
    dose: 0.48,
    unit: "mg",
    ml: 4.8,
    capped: false,
  });
  assert.deepEqual(summary(dose({ medication: "atropine", indication: "bradycardia", weightKg: 26 })), {
    dose: 0.5,
    unit: "mg",
    ml: 5,
    capped: true,
  });
  assert.deepEqual(summary(dose({ medication: "ketorolac", route: "IM", weightKg: 30 })), {
    dose: 15,
    unit: "mg",
    ml: 1,
    capped: false,
  });
  assert.deepEqual(summary(dose({ medication: "ketorolac", route: "IV", weightKg: 32 })), {
    dose: 15,
    unit: "mg",
    ml: 1,
    capped: true,
  });
  const im = dose({ medication: "epinephrine", route: "IM", indication: "anaphylaxis", weightKg: 36 });
  assert.deepEqual(summary(im), { dose: 0.36, unit: "mg", ml: 0.36, capped: false });
  assert.deepEqual(im.maxSingleDose, { value: 0.5, unit: "mg" });
});

Deno.test("morphine at 17 kg: MCG 1309's printed 0.43 mL, not the 0.42 mL the arithmetic rounds to", () => {
  assert.deepEqual(summary(dose({ medication: "morphine", route: "IV", weightKg: 17 })), {
    dose: 1.7,
    unit: "mg",
    ml: 0.43,
    capped: false,
  });
});

// --- age rules ----------------------------------------------------------------------------------------

Deno.test("albuterol NEB: under 4 years 2.5 mg (3 mL), 4 years and older 5 mg (6 mL)", () => {
  const neb = (weightKg: number, ageYears?: number) =>
    dose({ medication: "albuterol", route: "NEB", weightKg, ageYears });
  assert.deepEqual(summary(neb(15, 3.9)), { dose: 2.5, unit: "mg", ml: 3, capped: false });
  assert.deepEqual(summary(neb(15, 4)), { dose: 5, unit: "mg", ml: 6, capped: false });
  assert.equal(neb(15, 4).basis, "age");
  // White (15–18 kg) prints both rows: without an age the engine asks, offering both.
  assert.throws(() => neb(16), (e: DosingError) => {
    assert.equal(e.code, "AGE_REQUIRED");
    assert.deepEqual(e.details().options, [
      { ages: "under 4 years", dose: { value: 2.5, unit: "mg" }, volumeMl: 3 },
      { ages: "4 years or older", dose: { value: 5, unit: "mg" }, volumeMl: 6 },
    ]);
    return true;
  });
  // Elsewhere the colour's printed row applies, with the age rule stated; an age overrides it.
  assert.equal(neb(12).dose.value, 2.5);
  assert.ok(neb(12).warnings.some((w) => w.includes("Age not given")));
  const older = neb(12, 5);
  assert.equal(older.dose.value, 5);
  assert.ok(older.warnings.some((w) => w.includes("prints 2.5 mg")));
  assert.equal(neb(20).dose.value, 5);
  assert.equal(neb(20, 3).dose.value, 2.5);
});

Deno.test("albuterol MDI: 2 puffs under 4 years, 4 puffs from 4; the age is required", () => {
  const mdi = (ageYears?: number) => dose({ medication: "albuterol inhaler", weightKg: 20, ageYears });
  assert.deepEqual([mdi(3).dose.value, mdi(3).administered], [180, { value: 2, unit: "puff" }]);
  assert.deepEqual([mdi(4).dose.value, mdi(4).administered], [360, { value: 4, unit: "puff" }]);
  assert.equal(mdi(4).maxSingleDose.value, 360);
  assert.throws(() => mdi(), { code: "AGE_REQUIRED", field: "ageYears" });
});

Deno.test("epinephrine NEB: under 1 year 2.5 mg (2.5 mL), from 1 year 5 mg (5 mL)", () => {
  const neb = (weightKg: number, ageYears?: number) =>
    dose({ medication: "epinephrine", route: "NEB", weightKg, ageYears });
  assert.deepEqual(summary(neb(9)), { dose: 2.5, unit: "mg", ml: 2.5, capped: false });
  assert.deepEqual(summary(neb(10)), { dose: 5, unit: "mg", ml: 5, capped: false });
  assert.deepEqual(summary(neb(9, 0.99)), { dose: 2.5, unit: "mg", ml: 2.5, capped: false });
  assert.deepEqual(summary(neb(9, 1)), { dose: 5, unit: "mg", ml: 5, capped: false });
  assert.deepEqual(summary(neb(10, 0.9)), { dose: 2.5, unit: "mg", ml: 2.5, capped: false });
});

Deno.test("glucagon: under 1 year 0.5 mg, from 1 year 1 mg", () => {
  const g = (weightKg: number, ageYears?: number) => dose({ medication: "glucagon", weightKg, ageYears });
  assert.deepEqual(summary(g(9)), { dose: 0.5, unit: "mg", ml: 0.5, capped: false });
  assert.deepEqual(summary(g(10)), { dose: 1, unit: "mg", ml: 1, capped: false });
  assert.equal(g(10, 0.8).dose.value, 0.5);
  assert.equal(g(8, 2).dose.value, 1);
  assert.equal(g(8, 2).repeat?.intervalMinutes, 20);
});

Deno.test("midazolam for seizure: 0.2 mg/kg under 12 months, PediDOSE by age from 12 months", () => {
  const sz = (weightKg: number | undefined, ageYears?: number, color?: string) =>
    dose({ medication: "midazolam", route: "IN", indication: "seizure", weightKg, ageYears, color });
  assert.deepEqual(summary(sz(6, 0.5)), { dose: 1.2, unit: "mg", ml: 0.24, capped: false });
  assert.deepEqual(summary(sz(10, 1)), { dose: 1.25, unit: "mg", ml: 0.25, capped: false });
  assert.deepEqual(summary(sz(10, 16 / 12)), { dose: 1.25, unit: "mg", ml: 0.25, capped: false });
  assert.deepEqual(summary(sz(11, 17 / 12)), { dose: 2.5, unit: "mg", ml: 0.5, capped: false });
  assert.deepEqual(summary(sz(18, 5.9)), { dose: 2.5, unit: "mg", ml: 0.5, capped: false });
  assert.deepEqual(summary(sz(20, 6)), { dose: 5, unit: "mg", ml: 1, capped: false });
  assert.deepEqual(summary(sz(30, 11.9)), { dose: 5, unit: "mg", ml: 1, capped: false });
  const twelve = sz(36, 12);
  assert.deepEqual(summary(twelve), { dose: 10, unit: "mg", ml: 2, capped: false });
  assert.equal(twelve.repeat?.maxDoses, 1);
  assert.ok(twelve.warnings.some((w) => w.includes("growth restriction")));
  // Age unknown: by colour (MCG 1317.25).
  assert.equal(sz(8).dose.value, 1.25); // red
  assert.ok(sz(8).warnings.some((w) => w.includes("1.6 mg (0.32 mL)"))); // the under-12-months alternative
  assert.equal(sz(undefined, undefined, "purple").dose.value, 2.5);
  assert.equal(sz(undefined, undefined, "white").dose.value, 2.5);
  assert.equal(sz(undefined, undefined, "blue").dose.value, 5);
  assert.equal(sz(undefined, undefined, "green").dose.value, 5);
  assert.deepEqual(summary(sz(5)), { dose: 1, unit: "mg", ml: 0.2, capped: false }); // grey: 0.2 mg/kg
  // An infant heavier than MCG 1309 prints the under-12-months row for: calculated and capped at 2.5 mg.
  const heavyInfant = sz(12, 0.9);
  assert.deepEqual(summary(heavyInfant), { dose: 2.4, unit: "mg", ml: 0.48, capped: false });
  assert.equal(heavyInfant.basis, "weight-calculated");
  assert.deepEqual(summary(sz(14, 0.9)), { dose: 2.5, unit: "mg", ml: 0.5, capped: true });
});

Deno.test("4-years-or-older medications: ketorolac, glucose paste, ondansetron ODT", () => {
  for (
    const request of [
      { medication: "ketorolac", route: "IM" },
      { medication: "ketorolac", route: "IV" },
      { medication: "glucopaste" },
      { medication: "ondansetron", route: "ODT" },
    ]
  ) {
    const label = JSON.stringify(request);
    assert.throws(() => dose({ ...request, weightKg: 16 }), { code: "AGE_REQUIRED" }, label);
    assert.throws(
      () => dose({ ...request, weightKg: 16, ageYears: 3 }),
      { code: "NOT_FOR_THIS_PATIENT" },
      label,
    );
    assert.equal(dose({ ...request, weightKg: 16, ageYears: 4 }).basis, "printed-table", label);
    assert.equal(dose({ ...request, weightKg: 20 }).basis, "printed-table", label); // blue: printed unconditionally
    assert.throws(() => dose({ ...request, weightKg: 12 }), { code: "AGE_REQUIRED" }, label); // not printed
  }
  const small = dose({ medication: "ketorolac", route: "IM", weightKg: 12, ageYears: 4 });
  assert.deepEqual(summary(small), { dose: 6, unit: "mg", ml: 0.4, capped: false });
  assert.equal(small.basis, "weight-calculated");
  assert.deepEqual(
    dose({ medication: "ondansetron", route: "ODT", weightKg: 12, ageYears: 5 }).administered,
    {
      value: 1,
      unit: "tablet",
    },
  );
});

Deno.test("calcium chloride and sodium bicarbonate carry MCG 1309's 1:1 dilution mark for small infants", () => {
  // A child's hyperkalaemia in a crush injury (TP 1242-P step 10), the indication both are dosed for at any weight.
  const dilutions = (medication: string, weightKg: number, ageYears?: number) =>
    dose({ medication, indication: "crush-hyperkalemia", weightKg, ...(ageYears ? { ageYears } : {}) })
      .warnings.filter((w) => w.includes("1:1")).length;
  assert.equal(dilutions("calcium chloride", 9), 1, "once");
  assert.equal(dilutions("calcium chloride", 10), 0);
  assert.equal(dilutions("sodium bicarbonate", 10), 1);
  // The rule behind the mark is age (under 1 year): an infant at a heavier tape weight is told too.
  assert.equal(dilutions("calcium chloride", 11, 0.9), 1);
});

Deno.test("adenosine: the repeat dose is 0.2 mg/kg, at most 12 mg", () => {
  const r = dose({ medication: "adenosine", weightKg: 10 });
  assert.deepEqual([r.dose.value, r.volumeMl], [1, 0.33]);
  assert.deepEqual([r.repeat?.dose, r.repeat?.volumeMl, r.repeat?.maxDoses], [
    { value: 2, unit: "mg" },
    0.67,
    2,
  ]);
});

Deno.test("DuoDote for children: the printed count is for severe exposure; mild exposure is refused", () => {
  // Without the severity no count is given: the choices are named (TP 1240-P step 15).
  for (const indication of [undefined, "nerve agent exposure"]) {
    assert.throws(
      () => dose({ medication: "duodote", weightKg: 24, ...(indication ? { indication } : {}) }),
      {
        code: "AMBIGUOUS_INDICATION",
        indications: ["mild-exposure", "moderate-exposure", "severe-exposure"],
      },
    );
  }
  assert.equal(dose({ medication: "duodote", weightKg: 24, indication: "severe" }).dose.value, 2);
  assert.equal(dose({ medication: "duodote", weightKg: 24, indication: "moderate" }).dose.value, 1);
  assert.equal(dose({ medication: "duodote", weightKg: 22, indication: "severe" }).dose.value, 1);
  assert.throws(() => dose({ medication: "duodote", weightKg: 24, indication: "mild" }), {
    code: "NOT_FOR_THIS_PATIENT",
  });
});

// --- refusals -----------------------------------------------------------------------------------------

Deno.test("below 3 kg: refused with the reason", () => {
  for (const weightKg of [2.9, 1, 0]) {
    assert.throws(() => dose({ medication: "epinephrine", route: "IM", weightKg }), (e: DosingError) => {
      assert.equal(e.code, "WEIGHT_OUT_OF_RANGE");
      assert.equal(e.field, "weightKg");
      assert.match(e.message, /3 kg/);
      assert.equal(e.medicationId, "epinephrine");
      return true;
    });
  }
});

Deno.test("no weight, no colour: refused, asking for the weight", () => {
  assert.throws(() => dose({ medication: "naloxone", route: "IV" }), {
    code: "WEIGHT_REQUIRED",
    field: "weightKg",
  });
  assert.throws(() => dose({ medication: "naloxone", route: "IV", ageYears: 10 }), {
    code: "WEIGHT_REQUIRED",
  });
});

Deno.test("a weight between the printed tape weights: refused, naming the nearest printed weights", () => {
  assert.throws(() => dose({ medication: "morphine", weightKg: 21 }), (e: DosingError) => {
    assert.equal(e.code, "WEIGHT_NOT_ON_TAPE");
    assert.deepEqual(e.details().nearest, [{ weightKg: 20, color: "blue" }, { weightKg: 22, color: "blue" }]);
    return true;
  });
  assert.throws(() => dose({ medication: "morphine", weightKg: 4.5 }), { code: "WEIGHT_NOT_ON_TAPE" });
  assert.equal(dose({ medication: "morphine", weightKg: 20.0 }).dose.value, 2);
});

Deno.test("unknown medication: refused with suggestions", () => {
  const suggestions = (medication: string) => {
    try {
      dose({ medication, weightKg: 10 });
    } catch (e) {
      assert.ok(e instanceof UnknownMedicationError);
      assert.equal(e.code, "UNKNOWN_MEDICATION");
      assert.equal(e.field, "medication");
      return e.suggestions.map((s) => s.id);
    }
    assert.fail(`${medication} was accepted`);
  };
  assert.equal(suggestions("epinefrine")[0], "epinephrine");
  assert.equal(suggestions("adenosin")[0], "adenosine");
  assert.equal(suggestions("narcann")[0], "naloxone");
  assert.equal(suggestions("midazolm")[0], "midazolam");
  assert.deepEqual(suggestions("tylenol"), []);
});

Deno.test("ambiguous route: refused, listing the routes", () => {
  assert.throws(() => dose({ medication: "fentanyl", weightKg: 20 }), {
    code: "AMBIGUOUS_ROUTE",
    field: "route",
    routes: ["IV", "IO", "IM", "IN"],
  });
  assert.throws(() => dose({ medication: "epinephrine", weightKg: 20 }), {
    code: "AMBIGUOUS_ROUTE",
    routes: ["IV", "IO", "IM", "NEB"],
  });
  assert.throws(() => dose({ medication: "midazolam", indication: "sedation", weightKg: 20 }), {
    code: "AMBIGUOUS_ROUTE",
    routes: ["IV", "IO", "IN", "IM"],
  });
  // One formulation, several routes with the same dose: no question to ask.
  assert.equal(dose({ medication: "diphenhydramine", weightKg: 20 }).route, "IV/IM");
});

Deno.test("an indication for a medication dosed without one is refused with a clear message", () => {
  assert.throws(() => dose({ medication: "defibrillation", indication: "vf", weightKg: 20 }), {
    code: "UNKNOWN_INDICATION",
    message: "Defibrillation is not dosed by indication: leave the indication out.",
  });
});

Deno.test("a route the medication is not given by, an unknown route, an unknown or ambiguous indication", () => {
  assert.throws(() => dose({ medication: "morphine", route: "IN", weightKg: 20 }), {
    code: "ROUTE_NOT_AVAILABLE",
    routes: ["IV", "IO", "IM"],
  });
  assert.throws(() => dose({ medication: "morphine", route: "rectal", weightKg: 20 }), {
    code: "ROUTE_NOT_AVAILABLE",
  });
  // TP 1216-P step 14 gives a newborn the 0.1 mg/mL IV/IO too: one more choice.
  assert.throws(() => dose({ medication: "epinephrine", route: "IV", weightKg: 20 }), {
    code: "AMBIGUOUS_INDICATION",
    indications: ["push-dose", "cardiac-arrest", "bradycardia", "newborn-resuscitation"],
  });
  assert.throws(() => dose({ medication: "epinephrine", indication: "headache", weightKg: 20 }), {
    code: "UNKNOWN_INDICATION",
  });
  assert.throws(() => dose({ medication: "midazolam", route: "IM", weightKg: 20 }), {
    code: "AMBIGUOUS_INDICATION",
    indications: ["agitation", "behavioral-crisis", "agitation-severe", "sedation", "seizure"],
  });
  assert.throws(
    () => dose({ medication: "epinephrine", route: "IM", indication: "cardiac arrest", weightKg: 20 }),
    {
      code: "ROUTE_NOT_AVAILABLE",
      routes: ["IV", "IO"],
    },
  );
});

Deno.test("bradycardia epinephrine: 0.1 mg/mL for a child, push-dose for an adult", () => {
  const child = dose({ medication: "epinephrine", route: "IV", indication: "bradycardia", weightKg: 20 });
  assert.deepEqual([child.variant.id, child.dose.value, child.volumeMl], ["epinephrine-iv", 0.2, 2]);
  const adult = dose({ medication: "epinephrine", route: "IV", indication: "bradycardia", weightKg: 80 });
  assert.deepEqual([adult.variant.id, adult.dose.value, adult.volumeMl], ["epinephrine-push-dose", 10, 1]);
});

Deno.test("adults-only medications are refused for a child on the tape", () => {
  for (
    const request of [
      { medication: "aspirin" },
      { medication: "nitroglycerin" },
      { medication: "olanzapine" },
      { medication: "txa" },
      { medication: "ondansetron", route: "IV" },
    ]
  ) {
    assert.throws(
      () => dose({ ...request, weightKg: 30 }),
      { code: "NOT_FOR_THIS_PATIENT" },
      request.medication,
    );
  }
});

// --- colour input ---------------------------------------------------------------------------------------

Deno.test("colour only: one answer when the whole band shares it, else a request for the weight", () => {
  const orange = dose({ medication: "epinephrine", route: "IV", indication: "push-dose", color: "Orange" });
  assert.deepEqual([orange.weightKg, orange.color, orange.dose.value, orange.capped], [
    null,
    "orange",
    10,
    true,
  ]);
  assert.equal(dose({ medication: "glucagon", color: "GRAY" }).dose.value, 0.5);
  assert.throws(() => dose({ medication: "morphine", color: "yellow" }), (e: DosingError) => {
    assert.equal(e.code, "COLOR_NEEDS_WEIGHT");
    assert.deepEqual(e.details().weightsKg, [12, 13, 14]);
    assert.deepEqual(e.details().options, [
      { weightKg: 12, dose: { value: 1.2, unit: "mg" }, volumeMl: 0.3 },
      { weightKg: 13, dose: { value: 1.3, unit: "mg" }, volumeMl: 0.32 },
      { weightKg: 14, dose: { value: 1.4, unit: "mg" }, volumeMl: 0.35 },
    ]);
    return true;
  });
  assert.throws(() => dose({ medication: "cardioversion", color: "red" }), { code: "COLOR_NEEDS_WEIGHT" });
});

Deno.test("colour and weight together must agree; unknown colours are refused", () => {
  assert.equal(dose({ medication: "morphine", weightKg: 13, color: "yellow" }).volumeMl, 0.32);
  assert.throws(() => dose({ medication: "morphine", weightKg: 13, color: "white" }), {
    code: "COLOR_WEIGHT_MISMATCH",
    field: "color",
  });
  assert.throws(() => dose({ medication: "morphine", weightKg: 40, color: "green" }), {
    code: "COLOR_WEIGHT_MISMATCH",
  });
  assert.throws(() => dose({ medication: "morphine", color: "chartreuse" }), { code: "UNKNOWN_COLOR" });
});

// --- names ----------------------------------------------------------------------------------------------

Deno.test("names: id, name or alias, any case; an alias can pick the formulation", () => {
  assert.equal(dose({ medication: "NARCAN", route: "in", weightKg: 10 }).medication.id, "naloxone");
  assert.equal(
    dose({ medication: "Versed", route: "iv", indication: "Procedural Sedation", weightKg: 10 }).dose.value,
    1,
  );
  assert.equal(dose({ medication: "d10", weightKg: 10 }).dose.value, 50);
  assert.equal(
    dose({ medication: "Push-Dose Epinephrine", weightKg: 5 }).variant.id,
    "epinephrine-push-dose",
  );
  assert.equal(
    dose({ medication: "epinephrine 1:1000", indication: "anaphylaxis", weightKg: 5 }).variant.id,
    "epinephrine-im",
  );
  assert.equal(dose({ medication: "Dextrose 10%", route: "IV", weightKg: 10 }).medication.id, "dextrose-10");
});

Deno.test("routes: codes, combined codes and words", () => {
  assert.deepEqual(parseRoute("IV/IO"), ["IV", "IO"]);
  assert.deepEqual(parseRoute("iv, io"), ["IV", "IO"]);
  assert.deepEqual(parseRoute("intranasal"), ["IN"]);
  assert.deepEqual(parseRoute("ODT"), ["PO"]);
  assert.equal(parseRoute("rectal"), undefined);
  assert.equal(dose({ medication: "morphine", route: "IV/IO", weightKg: 10 }).route, "IV/IO");
  assert.equal(dose({ medication: "morphine", route: "im", weightKg: 10 }).route, "IM");
});
