/**
 * The medical director's twelfth read, the dosing engine's part:
 * - H4: push-dose epinephrine for anaphylactic shock (TP 1219 step 7; a child's, TP 1219-P step 8) was refused
 *   UNKNOWN_INDICATION, the refusal saying the formulary does not dose epinephrine for anaphylaxis.
 * - H3 (the child's rate): TP 1213-P's SVT is 180 bpm or more in a child, 220 in an infant; a child's heart rate had
 *   been "not applied", so "5yo svt hr 160" had adenosine.
 * - M4: an alert adult in SVT with poor perfusion gets 12 mg first (TP 1213 step 11); the answer showed 6.
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

const AD = { medication: "adenosine" } as const;

Deno.test("H3: a child's adenosine is held to TP 1213-P's SVT rate: 180 for a child, 220 for an infant", async () => {
  await says(
    "TP 1213-P",
    "SINUS TACHYCARDIA (Infants: heart rate < 220bpm, Children: heart rate < 180bpm)",
    "SVT - NARROW COMPLEX (Infants: heart rate ≥ 220bpm, Children: heart rate ≥ 180bpm)",
  );
  await says("MCG 1317.1", "HR ≥ 150 for adults; ≥180 for a child; and ≥220 for infants");
  const REFUSED = "NOT_FOR_THIS_PATIENT heartRate";
  check([
    [{ ...AD, indication: "svt", heartRate: 160, ...CHILD }, REFUSED],
    [{ ...AD, indication: "svt", heartRate: 179, ...CHILD }, REFUSED],
    [{ ...AD, heartRate: 170, ...CHILD }, REFUSED], // no indication: checked as SVT, as an adult's is
    [{ ...AD, indication: "svt-poor-perfusion", heartRate: 170, ...CHILD }, REFUSED],
    [{ ...AD, indication: "svt", heartRate: 180, ...CHILD }, "2 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 200, weightKg: 7, ageYears: 0.5 }, REFUSED], // an infant
    [{ ...AD, indication: "svt", heartRate: 220, weightKg: 7, ageYears: 0.5 }, "0.7 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 200, weightKg: 7 }, REFUSED], // pink: MCG 1309 prints 3–6 months
    [{ ...AD, indication: "svt", heartRate: 200, color: "red" }, REFUSED], // red: 7–10 months
    [{ ...AD, indication: "svt", heartRate: 200, weightKg: 10 }, "FACT_REQUIRED ageYears"], // purple: 11–18 months
    [{ ...AD, indication: "svt", heartRate: 200, weightKg: 10, ageYears: 1.5 }, "1 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 230, weightKg: 10 }, "1 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 190, weightKg: 12 }, "1.2 mg IV/IO adenosine"], // yellow: 19 months on
    [{ ...AD, indication: "svt", heartRate: 160, weightKg: 50, ageYears: 13 }, REFUSED], // 14 or younger (MCG 1350)
    [{ ...AD, indication: "svt", heartRate: 185, weightKg: 50, ageYears: 13 }, "6 mg IV/IO adenosine"],
    // Near misses: a regular wide-complex rhythm has no rate in TP 1213-P; an adult's threshold stays 150.
    [{ ...AD, indication: "wide-complex-tachycardia", heartRate: 160, ...CHILD }, "2 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 160, ...ADULT }, "6 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 149, ...ADULT }, REFUSED],
  ]);
});

Deno.test("H3: a child's rate that decides adenosine is never said 'not applied'; none sent is asked for first", () => {
  const given = calculateDose({ ...AD, indication: "svt", heartRate: 190, ...CHILD });
  assert.ok(!given.warnings.some((w) => /heartRate not applied/.test(w)), given.warnings.join(" | "));
  const none = calculateDose({ ...AD, indication: "svt", ...CHILD });
  assert.match(none.warnings[0], /^Check the heart rate first: TP 1213-P .* 180 bpm or more.* 220 or more/);
  const refused = refusal({ ...AD, indication: "svt", heartRate: 160, ...CHILD });
  assert.match(refused.message, /sinus tachycardia.*normal saline 20 mL\/kg for poor perfusion \(step 7\)/);
  // A rate that decides nothing for a child (a wide-complex rhythm) is still said unapplied.
  const wide = calculateDose({ ...AD, indication: "wide-complex-tachycardia", heartRate: 160, ...CHILD });
  assert.ok(wide.warnings.some((w) => /heartRate not applied/.test(w)), wide.warnings.join(" | "));
});

Deno.test("M4: SVT with poor perfusion in an alert adult is 12 mg first, one repeat of 12 mg (TP 1213 step 11)", async () => {
  await says(
    "TP 1213",
    "For alert patients with poor perfusion: Adenosine 12mg (4mL) rapid IV push",
    "may repeat x1 if persistent SVT",
    "If no conversion Adenosine 12mg (4mL) rapid IV push",
  );
  await says("MCG 1317.1", "If no conversion after 1-2 minutes, may repeat 12mg rapid IVP");
  const pp = { ...AD, indication: "svt-poor-perfusion", ...ADULT } as const;
  check([
    [{ ...pp, heartRate: 190 }, "12 mg IV/IO adenosine"],
    [{ ...pp, heartRate: 190, dosesGiven: 1 }, "12 mg IV/IO adenosine"],
    [{ ...pp, dosesGiven: 2 }, "LIMIT_REACHED dosesGiven"],
    [{ ...pp, heartRate: 140 }, "NOT_FOR_THIS_PATIENT heartRate"],
    [{ ...AD, indication: "svt poor perfusion", ...ADULT }, "12 mg IV/IO adenosine"], // by its alias
    // Step 10, as before: 6 or 12 first, 12 after one that did not convert.
    [{ ...AD, indication: "svt", heartRate: 190, ...ADULT }, "6 mg IV/IO adenosine"],
    [{ ...AD, indication: "svt", heartRate: 190, dosesGiven: 1, ...ADULT }, "12 mg IV/IO adenosine"],
    // A child's is TP 1213-P's one dose whatever the perfusion.
    [{ ...AD, indication: "svt-poor-perfusion", heartRate: 200, ...CHILD }, "2 mg IV/IO adenosine"],
  ]);
  const first = calculateDose({ ...pp, heartRate: 190 });
  assert.deepEqual([first.volumeMl, first.dose.options, first.next?.dose?.value], [4, undefined, 12]);
  assert.match(
    first.warnings[0],
    /^For an alert patient with poor perfusion \(TP 1213 step 11\).*cardioversion/,
  );
  assert.match(first.repeat?.note ?? "", /one repeat of 12 mg.*contact base/);
  const child = calculateDose({ ...AD, indication: "svt-poor-perfusion", heartRate: 200, ...CHILD });
  assert.ok(child.warnings.some((w) => w.includes("TP 1213-P step 10")), child.warnings.join(" | "));
  assert.ok(
    child.warnings.some((w) => w.startsWith("Contact base as adenosine is given")),
    child.warnings.join("|"),
  );
});
