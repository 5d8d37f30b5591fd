/**
 * The medical director's twelfth read, the dosing engine's part:
 * - H4: push-dose epinephrine for anaphylactic shock (TP 1219 step 7; a child's, TP 1219-P step 8) was refused
 *   UNKNOWN_INDICATION, the refusal saying the formulary does not dose epinephrine for anaphylaxis.
 * Figures are checked against the documents in ../shared.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest } from "../../functions-shared/domain/dosing/mod.ts";
import { says } from "../support/adult_protocols.ts";
import { refusal } from "../support/dose_refusal.ts";

/** [request, "dose unit route variant"] or [request, "REFUSAL_CODE field"]. */
type Row = readonly [DoseRequest, string];

function answer(request: DoseRequest): string {
  try {
    const r = calculateDose(request);
    return `${r.dose.value} ${r.dose.unit} ${r.route} ${r.variant.id}`;
  } catch {
    const e = refusal(request);
    return `${e.code} ${e.field}`;
  }
}

const check = (rows: readonly Row[]) => {
  for (const [request, expected] of rows) assert.equal(answer(request), expected, JSON.stringify(request));
};

const ADULT = { ageYears: 35 } as const;
const CHILD = { weightKg: 20, ageYears: 5 } as const;
const PUSH = "10 mcg IV/IO epinephrine-push-dose";

Deno.test("H4: push-dose epinephrine for anaphylactic shock, by name or by vein (TP 1219 step 7, TP 1219-P step 8)", async () => {
  await says(
    "TP 1219",
    "For persistent poor perfusion after initial 250 mL Normal Saline (anaphylactic shock)",
    "administer Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 minutes as needed to maintain SBP > 90mmHg until hospital arrival",
    "CONTACT BASE concurrent with initial dose of Push-dose Epinephrine",
  );
  await says(
    "TP 1219-P",
    "For persistent poor perfusion after initial 5mL/kg Normal Saline (anaphylactic shock)",
    "administer Push-dose Epinephrine (0.01mg/mL), dose per MCG 1309 every 1-5 minutes",
  );
  check([
    [{ medication: "push dose epi", indication: "anaphylaxis", systolicBp: 70, ...ADULT }, PUSH],
    [{ medication: "push-dose epinephrine", indication: "anaphylaxis", ...ADULT }, PUSH],
    [
      { medication: "epinephrine", route: "IV", indication: "anaphylaxis", systolicBp: 80, ...ADULT },
      "10 mcg IV epinephrine-push-dose",
    ],
    [{ medication: "push dose epi", indication: "anaphylaxis", systolicBp: 60, ...CHILD }, PUSH],
    [
      { medication: "epinephrine", route: "IO", indication: "anaphylaxis", ...CHILD },
      "10 mcg IO epinephrine-push-dose",
    ],
    // Near misses, unchanged: IM epinephrine comes first (step 4 / step 5); the push-dose keeps SBP above 90.
    [{ medication: "epinephrine", indication: "anaphylaxis", ...ADULT }, "0.5 mg IM epinephrine-im"],
    [{ medication: "epi", indication: "anaphylaxis", systolicBp: 70, ...ADULT }, "0.5 mg IM epinephrine-im"],
    [{ medication: "epinephrine", indication: "anaphylaxis", ...CHILD }, "0.2 mg IM epinephrine-im"],
    [
      { medication: "push dose epi", indication: "anaphylaxis", systolicBp: 120, ...ADULT },
      "NOT_FOR_THIS_PATIENT systolicBp",
    ],
    [{ medication: "push dose epi", indication: "push-dose", systolicBp: 70, ...ADULT }, PUSH],
    [{ medication: "push dose epi", ...CHILD }, PUSH], // a child's push-dose named alone: not asked which shock
  ]);
});

Deno.test("H4: the anaphylactic-shock push-dose says step 7 first, base with the first push, and cites TP 1219", () => {
  const adult = calculateDose({
    medication: "push dose epi",
    indication: "anaphylaxis",
    systolicBp: 70,
    ...ADULT,
  });
  assert.match(
    adult.warnings[0],
    /^Anaphylactic shock \(TP 1219 step 7\).*250 mL.*IM epinephrine comes first/,
  );
  assert.match(adult.repeat?.note ?? "", /1–5 minutes.*above 90 mmHg.*contact base as the first push/);
  assert.deepEqual(adult.repeat?.intervalMinutes, [1, 5]);
  assert.ok(adult.references.includes("TP 1219"), adult.citation);
  const child = calculateDose({ medication: "push dose epi", indication: "anaphylaxis", ...CHILD });
  assert.ok(
    child.warnings.some((w) => w.startsWith("Anaphylactic shock (TP 1219-P step 8)")),
    child.warnings.join("|"),
  );
  assert.ok(
    child.warnings.some((w) => /contact base as the first dose is given/.test(w)),
    child.warnings.join("|"),
  );
  assert.ok(child.references.includes("TP 1219-P"), child.citation);
  // Shock's push-dose for a child cites its own protocol, not the allergy one.
  const shock = calculateDose({ medication: "push dose epi", indication: "shock", ...CHILD });
  assert.ok(
    shock.references.includes("TP 1207-P") && !shock.references.includes("TP 1219-P"),
    shock.citation,
  );
});

Deno.test("H4: a formulation named for an indication another one serves says so, never that the drug is not dosed for it", () => {
  for (const indication of ["stridor", "bronchospasm", "cardiac-arrest"]) {
    const e = refusal({ medication: "push dose epi", indication, ...ADULT });
    assert.equal(e.code, "UNKNOWN_INDICATION", indication);
    assert.doesNotMatch(e.message, /not one this formulary doses/, indication);
    assert.match(
      e.message,
      new RegExp(`not given for ${indication}; Epinephrine is, as Epinephrine`),
      indication,
    );
  }
  // An indication the drug has no formulation for keeps the general refusal.
  const none = refusal({ medication: "adenosine", indication: "anaphylaxis", ...ADULT });
  assert.match(none.message, /not one this formulary doses Adenosine for/);
});
