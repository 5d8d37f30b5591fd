/**
 * A child's midazolam and IM or IV epinephrine asked for without an indication: the route, concentration,
 * repeat and base contact differ by indication in the paediatric protocols, so the child is asked for it
 * (AMBIGUOUS_INDICATION, the answer DuoDote gives without a severity) unless the route or formulation asked
 * for leaves one. Each test first finds in the document in ../shared the words that make the indications
 * differ, then checks the engine. Answers that name an indication are what they were.
 */
import assert from "node:assert/strict";
import {
  calculateDose,
  type DoseRequest,
  DosingError,
  FORMULARY,
} from "../../functions-shared/domain/dosing/mod.ts";
import { isNotForChildren } from "../../functions-shared/domain/dosing/formulary.ts";
import { says } from "../support/adult_protocols.ts";
import { refusal } from "../support/dose_refusal.ts";

/** The refusal is the one DuoDote gives a child without a severity: same code, field and details' shape. */
function assertAsked(request: DoseRequest, indications: readonly string[]): DosingError {
  const error = refusal(request);
  const duodote = refusal({ medication: "duodote", weightKg: 26 });
  assert.equal(error.code, duodote.code, JSON.stringify(request));
  assert.equal(error.field, "indication");
  assert.deepEqual(Object.keys(error.details()), Object.keys(duodote.details()));
  assert.deepEqual(error.details().indications, indications, JSON.stringify(request));
  return error;
}

// By vein a child's midazolam is sedation only; the indications the route withholds (agitation, TP 1209-P; seizure,
// TP 1231-P) are listed too, so that sedation is never assumed for an agitated or seizing child.
const MIDAZOLAM_IV = ["agitation", "behavioral-crisis", "agitation-severe", "sedation", "seizure"];
// TP 1209-P step 11 (agitation-severe) is IM/IN only.
const MIDAZOLAM_IN_IM_AGITATION = ["agitation", "behavioral-crisis", "agitation-severe", "sedation"];
const MIDAZOLAM_IN_IM = [...MIDAZOLAM_IN_IM_AGITATION, "seizure"];

Deno.test("a child's midazolam without an indication is asked for it: seizure, crisis, agitation and sedation differ (TP 1231-P, TP 1209-P, MCG 1317.25)", async () => {
  // Seizure: IM/IN only, by age (TP 1231-P step 6, MCG 1309's PediDOSE chart).
  await says("TP 1231-P", "For active seizure witnessed by EMS", "0.2mg/kg IM/IN");
  await says("MCG 1309", "PediDOSE Midazolam IN/IM only - dosing chart for treatment of seizures");
  // Behavioural crisis: base first (step 10); severe agitation with ALOC: before base (step 11).
  await says("TP 1209-P", "For UNCOOPERATIVE PATIENTS", "maximum total 10mg prior to base contact");
  await says(
    "MCG 1317.25",
    "Psychiatric Crisis require a Base order prior to midazolam administration",
    "repeat dosing every 5 min prn per Base order",
  );

  for (const route of ["IV", "IO"]) {
    const asked = assertAsked({ medication: "midazolam", route, weightKg: 20 }, MIDAZOLAM_IV);
    // Why, with the references: including that a seizure is not treated by this route.
    assert.match(asked.message, /TP 1209-P step 10/);
    assert.match(asked.message, /seizure is treated IN\/IM only.*TP 1231-P/);
  }
  for (const route of ["IN", "IM"]) {
    assertAsked({ medication: "midazolam", route, weightKg: 20 }, MIDAZOLAM_IN_IM);
  }
  // A formulation named by id, a colour instead of a weight, an age: still asked.
  assertAsked({ medication: "midazolam-iv-io", weightKg: 20 }, MIDAZOLAM_IV);
  assertAsked({ medication: "midazolam-in-im", route: "IN", weightKg: 20 }, MIDAZOLAM_IN_IM_AGITATION);
  assertAsked({ medication: "midazolam", route: "IV", color: "blue" }, MIDAZOLAM_IV);
  assertAsked({ medication: "midazolam", route: "IM", weightKg: 10, ageYears: 1 }, MIDAZOLAM_IN_IM);
  // No route: the route is asked first, as before.
  assert.equal(refusal({ medication: "midazolam", weightKg: 20 }).code, "AMBIGUOUS_ROUTE");
  // Exactly one indication for the formulation asked: answered (the seizure formulation, PediDOSE).
  const seizure = calculateDose({ medication: "midazolam-seizure-in-im", weightKg: 20, ageYears: 6 });
  assert.deepEqual([seizure.dose, seizure.volumeMl], [{ value: 5, unit: "mg" }, 1]);
  // An adult is not asked by the child's rule.
  assert.doesNotMatch(refusal({ medication: "midazolam", route: "IV", weightKg: 70 }).message, /a child's/);
});

Deno.test("a child's midazolam that names its indication is answered as before (MCG 1309 dose, the protocol's repeat)", () => {
  // [route, indication, dose at 20 kg (MCG 1309), repeat: maxDoses, maxTotal, baseMaxTotal]
  const cases: [string, string, number, number | undefined, number | undefined, number | undefined][] = [
    // (IV for agitation or crisis is refused: dosing_pediatric_protocols.test.ts.)
    ["IV", "sedation", 2, 1, undefined, undefined],
    ["IO", "sedation", 2, 1, undefined, undefined],
    ["IN", "behavioral-crisis", 4, undefined, undefined, 15],
    ["IM", "agitation", 4, 2, 10, 15],
    ["IN", "sedation", 4, 1, undefined, undefined],
  ];
  for (const [route, indication, dose, maxDoses, maxTotal, baseMaxTotal] of cases) {
    const r = calculateDose({ medication: "midazolam", route, indication, weightKg: 20 });
    assert.deepEqual(
      [r.dose.value, r.repeat?.maxDoses, r.repeat?.maxTotal?.value, r.repeat?.baseMaxTotal?.value],
      [dose, maxDoses, maxTotal, baseMaxTotal],
      `${route} ${indication}`,
    );
    assert.doesNotMatch(r.repeat?.note ?? "", /Send the indication/);
  }
  const seizure = calculateDose({
    medication: "midazolam",
    route: "IN",
    indication: "seizure",
    weightKg: 20,
  });
  assert.equal(seizure.variant.id, "midazolam-seizure-in-im");
});

Deno.test("a child's IM or IV epinephrine without an indication is asked for it: formulation, route and base contact differ (TP 1219-P, 1234-P, 1237-P, 1210-P, 1212-P, 1207-P)", async () => {
  // MCG 1309: two formulations, 1 mg/mL IM and 0.1 mg/mL IV, and the push-dose made from the IV one.
  await says(
    "MCG 1309",
    "Epinephrine 1mg/mL IM 1mg/mL 0.01mg/kg 0.5mg",
    "Epinephrine (Push Dose) 0.1mg/mL IV",
  );
  await says("TP 1219-P", "CONTACT BASE: Repeat Epinephrine (1mg/mL) 0.01mg/kg IM every 10 min x2");
  await says("TP 1234-P", "Repeat every 10 min prn x2, maximum 3 total doses prior to Base contact");
  await says("TP 1237-P", "CONTACT BASE concurrent with Epinephrine");
  await says("TP 1210-P", "Epinephrine (0.1mg/mL) 0.01mg/kg IV/IO, dose per MCG 1309");
  await says("TP 1212-P", "CONTACT BASE for Physician Consultation concurrent with above treatment");
  await says("TP 1207-P", "CONTACT BASE concurrent with initial dose of Push-dose Epinephrine");

  const im = ["anaphylaxis", "bronchospasm", "airway-swelling"];
  // TP 1216-P step 14 gives a newborn the 0.1 mg/mL IV/IO too: one more choice.
  const iv = ["push-dose", "cardiac-arrest", "bradycardia", "newborn-resuscitation"];
  const asked = assertAsked({ medication: "epinephrine", route: "IM", weightKg: 20 }, im);
  for (const ref of ["TP 1219-P", "TP 1234-P", "TP 1237-P", "TP 1210-P", "TP 1212-P", "TP 1207-P"]) {
    assert.ok(asked.message.includes(`(${ref}`), `${ref}: ${asked.message}`);
  }
  for (const route of ["IV", "IO"]) assertAsked({ medication: "epinephrine", route, weightKg: 20 }, iv);
  // A formulation named by its concentration: its own indications.
  assertAsked({ medication: "epinephrine 1:1000", weightKg: 20 }, im);
  assertAsked({ medication: "epinephrine 0.1 mg/mL", route: "IV", weightKg: 20 }, [
    "cardiac-arrest",
    "bradycardia",
    "newborn-resuscitation",
  ]);
  assertAsked({ medication: "epinephrine", route: "IM", color: "red" }, im);
  // Exactly one indication for the route or formulation asked: answered.
  assert.equal(calculateDose({ medication: "push dose epi", weightKg: 20 }).indication, null);
  assert.equal(
    calculateDose({ medication: "epinephrine", route: "NEB", weightKg: 20, ageYears: 5 }).dose.value,
    5,
  );
  // No route: the route is asked first, as before; an adult is not asked by the child's rule.
  assert.equal(refusal({ medication: "epinephrine", weightKg: 20 }).code, "AMBIGUOUS_ROUTE");
  assert.doesNotMatch(refusal({ medication: "epinephrine", route: "IM", weightKg: 70 }).message, /a child's/);
});

Deno.test("a child's epinephrine that names its indication is answered as before", () => {
  // [route, indication, variant, dose at 20 kg (MCG 1309), repeat maxDoses, baseMaxDoses]
  const cases: [string, string, string, number, number | undefined, number | undefined][] = [
    ["IM", "anaphylaxis", "epinephrine-im", 0.2, 1, 3],
    ["IM", "airway-swelling", "epinephrine-im", 0.2, 3, undefined],
    ["IM", "bronchospasm", "epinephrine-im", 0.2, 1, undefined],
    ["IV", "cardiac-arrest", "epinephrine-iv", 0.2, 3, undefined],
    ["IO", "bradycardia", "epinephrine-iv", 0.2, undefined, undefined],
    ["IV", "push-dose", "epinephrine-push-dose", 10, undefined, undefined],
  ];
  for (const [route, indication, variant, dose, maxDoses, baseMaxDoses] of cases) {
    const r = calculateDose({ medication: "epinephrine", route, indication, weightKg: 20 });
    assert.deepEqual(
      [r.variant.id, r.dose.value, r.repeat?.maxDoses, r.repeat?.baseMaxDoses],
      [variant, dose, maxDoses, baseMaxDoses],
      `${route} ${indication}`,
    );
    assert.doesNotMatch(r.repeat?.note ?? "", /Send the indication/);
  }
});

Deno.test("every indication a child can name for a medication that asks has its own repeat rule", () => {
  // The general 'depends on the indication' repeat notes are gone: a child's named indication must have its own.
  const asking = FORMULARY.filter((d) => d.childAsksIndication);
  assert.deepEqual(
    asking.map((d) => d.id).sort(),
    ["calcium-chloride", "epinephrine", "midazolam", "sodium-bicarbonate"],
    "the drugs that ask (so the loop below checks something)",
  );
  for (const drug of asking) {
    for (const variant of drug.variants) {
      if (isNotForChildren(variant.pediatric)) continue;
      const own = variant.indications.filter((i) =>
        (variant.indicationPopulation?.[i] ?? "pediatric") === "pediatric"
      );
      for (const indication of own) {
        const r = calculateDose({ medication: variant.id, indication, weightKg: 20, ageYears: 6 });
        assert.ok(r.repeat, `${variant.id} ${indication}: no repeat rule`);
      }
      if (own.length > 1) {
        assert.ok(variant.pediatric.byIndication, `${variant.id}: several indications, no rule for each`);
        for (const i of own) assert.ok(variant.pediatric.byIndication[i], `${variant.id}: no rule for ${i}`);
      }
    }
  }
});
