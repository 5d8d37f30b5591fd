/**
 * A child's doses already given against the answer's repeat rule (pediatric_course.ts): the count and the total
 * before base contact that MCG 1309 and the paediatric protocols print, refused at the limit as an adult's are.
 * The figures are checked against the documents in ../shared (TP 1231-P step 6's midazolam rows).
 */
import assert from "node:assert/strict";
import { calculateDose, DosingError, FactRequiredError } from "../../functions-shared/domain/dosing/mod.ts";
import { normalise, readDocument } from "../support/adult_protocols.ts";

const seizure = { medication: "midazolam", route: "IM", indication: "seizure", weightKg: 20 } as const;

Deno.test("TP 1231-P: a child's midazolam for seizure, up to 2 doses before base, 3 or 20 mg with base", async () => {
  const tp = normalise(await readDocument("TP 1231-P"));
  for (
    const words of [
      "up to 2 doses prior to Base contact",
      "Single dose prior to Base contact",
      "maximum total of 3 doses or 20 milligrams",
    ]
  ) {
    assert.ok(tp.includes(normalise(words)), words);
  }
  const second = calculateDose({ ...seizure, dosesGiven: 1 });
  assert.equal(second.dose.value, 5);
  assert.ok(second.warnings.some((w) => w.startsWith("Dose 2 of at most 2 before base contact")));
  assert.throws(() => calculateDose({ ...seizure, dosesGiven: 2 }), (e: Record<string, unknown>) => {
    assert.deepEqual([e.code, e.field], ["LIMIT_REACHED", "dosesGiven"]);
    assert.deepEqual((e as unknown as { details(): unknown }).details(), {
      field: "dosesGiven",
      limit: { maxDoses: 2 },
      withBase: { maxDoses: 3, maxTotal: { value: 20, unit: "mg" } },
    });
    // Said short, for a phone: no nested repeat note (seventh read, Low).
    assert.ok(String(e.message).length < 160 && !String(e.message).includes("(12 years"), String(e.message));
    assert.match(String(e.message), /Base may order more: 3 doses or 20 mg in all, whichever is less\.$/);
    return true;
  });
  assert.throws(
    () => calculateDose({ ...seizure, dosesGiven: 3 }),
    /3 doses is the most even with base orders/,
  );
  // By colour, and 12 and older (a single dose before base).
  assert.throws(() => calculateDose({ ...seizure, weightKg: undefined, color: "blue", dosesGiven: 2 }), {
    code: "LIMIT_REACHED",
  });
  assert.throws(() => calculateDose({ ...seizure, ageYears: 13, dosesGiven: 1 }), { code: "LIMIT_REACHED" });
  assert.equal(calculateDose({ ...seizure, ageYears: 13, dosesGiven: 0 }).dose.value, 10);
});

Deno.test("other children's limits: epinephrine in arrest by count, naloxone by total, adenosine's repeat said", () => {
  const arrest = {
    medication: "epinephrine",
    route: "IV",
    indication: "cardiac-arrest",
    weightKg: 20,
  } as const;
  assert.equal(calculateDose({ ...arrest, dosesGiven: 2 }).dose.value, 0.2);
  assert.throws(() => calculateDose({ ...arrest, dosesGiven: 3 }), {
    code: "LIMIT_REACHED",
    field: "dosesGiven",
  });
  const naloxone = { medication: "naloxone", route: "IN", weightKg: 20 } as const;
  assert.equal(calculateDose({ ...naloxone, totalGiven: 6 }).dose.value, 2);
  assert.throws(() => calculateDose({ ...naloxone, totalGiven: 7 }), {
    code: "LIMIT_REACHED",
    field: "totalGiven",
  });
  // A count with no total: the total is asked, never assumed (eighth read, H6: earlier doses may have been a 4 mg
  // spray, TP 1241-P); "narcan x4 given" had got another 2 mg.
  for (const dosesGiven of [1, 2, 4]) {
    assert.throws(() => calculateDose({ ...naloxone, dosesGiven }), {
      code: "FACT_REQUIRED",
      field: "totalGiven",
    });
  }
  assert.equal(calculateDose({ ...naloxone, dosesGiven: 0 }).dose.value, 2);
  assert.equal(calculateDose({ ...naloxone, dosesGiven: 4, totalGiven: 2 }).dose.value, 2);
  // The repeat is a dose of its own, and the answer (Stop 60: the first dose had been shown with a warning).
  const adenosine = calculateDose({ medication: "adenosine", route: "IV", weightKg: 20, dosesGiven: 1 });
  assert.deepEqual([adenosine.dose.value, adenosine.volumeMl], [4, 1.33]); // TP 1213-P step 9: 0.2 mg/kg
  assert.match(adenosine.warnings[0], /^The repeat: 4 mg, not the first dose \(2 mg\)/);
  assert.throws(() => calculateDose({ medication: "adenosine", route: "IV", weightKg: 20, dosesGiven: 2 }), {
    code: "LIMIT_REACHED",
  });
});

Deno.test("TP 1203-P: a child's dextrose 10% repeat is a base order (LIMIT_REACHED after one dose)", async () => {
  const tp = normalise(await readDocument("TP 1203-P"));
  assert.ok(tp.includes(normalise("CONTACT BASE for persistent hypoglycemia for repeat dose")));
  const d10 = { medication: "d10", route: "IV", weightKg: 20 } as const;
  assert.equal(calculateDose({ ...d10, dosesGiven: 0 }).dose.value, 100);
  assert.throws(() => calculateDose({ ...d10, dosesGiven: 1 }), {
    code: "LIMIT_REACHED",
    field: "dosesGiven",
  });
});

Deno.test("TP 1231: an adult's IV midazolam for seizure counts every route: a count alone asks the total", () => {
  const request = { medication: "midazolam", route: "IV", indication: "seizure", weightKg: 70 } as const;
  const iv = calculateDose({ ...request, dosesGiven: 1, totalGiven: 5 });
  assert.ok(iv.warnings.some((w) => w.startsWith("The 10 mg before base contact counts every route")));
  // "x1 given" may have been the 10 mg IN/IM dose: no second IV dose from a count (medical director's ninth read, M3).
  assert.throws(
    () => calculateDose({ ...request, dosesGiven: 1 }),
    (error: unknown) => error instanceof FactRequiredError && error.field === "totalGiven",
  );
  assert.throws(
    () => calculateDose({ ...request, dosesGiven: 1, totalGiven: 10 }),
    (error: unknown) => error instanceof DosingError && error.code === "LIMIT_REACHED",
  );
});
