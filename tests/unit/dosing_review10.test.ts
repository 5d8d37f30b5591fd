/**
 * The medical director's tenth read, the dosing engine's part:
 * - M1: a child (14 or younger, MCG 1350) longer than the tape asked midazolam for agitation had TP 1209's adult
 *   rules ("9yo off the tape, high risk agitation" → a single 10 mg IM; "combative" → IV offered). TP 1209-P holds
 *   such a child: 5 mg a dose (MCG 1309 guideline 5's adult 5 mg is within it), 10 mg before base, 15 mg with base,
 *   IM/IN unless an IV is asked for (note 7); no single 10 mg (refused as for a child on the tape).
 * - L1: TP 1231-P's "up to 2 doses prior to Base contact" of the band's dose is a total too: an adult 10 mg already
 *   given to a 9-year-old leaves no 5 mg before base (the by-age and the tape answers both ignored totalGiven).
 * - L2: under 6 nobody is longer than the tape (36 kg; TP 1231-P gives under-6s the colours up to white): measure
 *   again, for every drug, as for a baby.
 * - M4: "epipen", "epi-pen", "epi pen", "epinephrine auto-injector" name epinephrine (Ref. 227.1), the drug's name,
 *   not a formulation's; a bare "auto-injector" does not (DuoDote, the CHEMPACK diazepam).
 * Figures are checked against the documents in ../shared.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";
import { findDrug } from "../../functions-shared/domain/dosing/lookup.ts";
import { findMedications } from "../../functions-shared/handlers/bedrock_ai_chat/chat_names.ts";
import { says } from "../support/adult_protocols.ts";

function refusal(request: DoseRequest): DosingError {
  try {
    calculateDose(request);
  } catch (e) {
    if (e instanceof DosingError) return e;
    throw e;
  }
  throw new Error(`expected a refusal: ${JSON.stringify(request)}`);
}

const midazolam = { medication: "midazolam" } as const;
/** Children longer than the tape: measured so, or above 36 kg from 12 (patient.ts). */
const BEYOND = [
  { ageYears: 9, color: "adult" },
  { ageYears: 6, color: "longer-than-tape" },
  { ageYears: 13, weightKg: 60 },
  { ageYears: 14, color: "adult", weightKg: 70 },
] as const;

Deno.test("TP 1209-P: a child longer than the tape gets midazolam for agitation within the child's limits", async () => {
  await says("MCG 1350", "children 14 years of age and younger");
  await says(
    "MCG 1309",
    "Adult dosing will be used for children who are measured to be longer than the length-based resuscitation tape",
  );
  await says(
    "TP 1209-P",
    "for pediatric patients longer than the length-based resuscitation tape",
    "Repeat x1 in 5 min prn, maximum single dose 5mg, maximum total 10mg prior to Base Contact",
    "With Base orders may repeat as above up to a maximum total dose of 15mg",
    "The IM or IN route is preferred unless an IV has been previously established",
  );
  await says("TP 1209", "Administer Midazolam 10mg (2mL) IM/IN"); // the adult's single 10 mg (step 11)
  for (const patient of BEYOND) {
    const who = JSON.stringify(patient);
    for (const indication of ["agitation", "agitation-severe", "behavioral-crisis"]) {
      const r = calculateDose({ ...midazolam, ...patient, indication });
      assert.deepEqual(
        [r.dose.value, r.volumeMl, r.route, r.adult, r.maxSingleDose.value, r.repeat?.baseMaxTotal?.value],
        [5, 1, "IN/IM", false, 5, 15],
        `${who} ${indication}`,
      );
      assert.ok(r.references.includes("TP 1209-P"), `${who} ${indication}`);
      assert.ok(r.warnings.some((w) => /^Beyond the tape at \d+ years, still a child/.test(w)), who);
    }
    // Step 10's words said first (base before the first dose unless step 11 holds), as for a child on the tape.
    assert.match(
      calculateDose({ ...midazolam, ...patient, indication: "agitation" }).warnings[0],
      /^Contact base/,
    );
    const severe = calculateDose({ ...midazolam, ...patient, indication: "agitation-severe" });
    assert.deepEqual([severe.repeat?.maxDoses, severe.repeat?.maxTotal?.value], [2, 10], who);
    assert.match(severe.warnings[0], /^Step 11 of TP 1209-P/);
    const crisis = calculateDose({ ...midazolam, ...patient, indication: "behavioral-crisis" });
    assert.equal(crisis.warnings[0], "Only on a base hospital order (TP 1209-P).");
    // No single 10 mg: refused as it is for a child on the tape, by any route.
    for (const route of [undefined, "IM", "IV"]) {
      const high = refusal({ ...midazolam, ...patient, indication: "agitation-high-risk", route });
      const onTape = refusal({ ...midazolam, weightKg: 30, indication: "agitation-high-risk", route });
      assert.deepEqual([high.code, high.field], [onTape.code, onTape.field], `${who} ${route}`);
      assert.deepEqual([high.code, high.field], ["NOT_FOR_THIS_PATIENT", "indication"]);
      assert.match(high.message, /TP 1209-P gives a child no single 10 mg dose.*agitation-severe/);
    }
    // By vein only when asked, through an IV in place (note 7), 5 mg with the same limits; never IO.
    const iv = calculateDose({ ...midazolam, ...patient, indication: "agitation-severe", route: "IV" });
    assert.deepEqual(
      [iv.dose.value, iv.route, iv.adult, iv.repeat?.maxTotal?.value],
      [5, "IV", false, 10],
      who,
    );
    assert.ok(iv.warnings.some((w) => /IV already established.*TP 1209-P note 7/.test(w)), who);
    assert.ok(!iv.warnings.some((w) => /mg\/kg/.test(w)), iv.warnings.join(" | "));
    assert.equal(
      refusal({ ...midazolam, ...patient, indication: "agitation", route: "IO" }).code,
      "ROUTE_NOT_AVAILABLE",
    );
    // The child's course: one repeat, 10 mg, before base; a count asks the total, as on the tape.
    const course = { ...midazolam, ...patient, indication: "agitation-severe" };
    assert.equal(calculateDose({ ...course, dosesGiven: 1, totalGiven: 5 }).dose.value, 5);
    assert.equal(refusal({ ...course, dosesGiven: 2, totalGiven: 10 }).code, "LIMIT_REACHED");
    assert.equal(refusal({ ...course, totalGiven: 10 }).field, "totalGiven");
    assert.deepEqual(
      [refusal({ ...course, dosesGiven: 1 }).code, refusal({ ...course, dosesGiven: 1 }).field],
      ["FACT_REQUIRED", "totalGiven"],
    );
  }
  // From 15, or with no age, longer than the tape keeps the adult's rules (TP 1209: the single 10 mg; IV offered).
  for (const patient of [{ ageYears: 15, color: "adult" }, { color: "adult" }, { weightKg: 70 }]) {
    const high = calculateDose({ ...midazolam, ...patient, indication: "agitation-high-risk" });
    assert.deepEqual([high.dose.value, high.adult], [10, true], JSON.stringify(patient));
    assert.equal(refusal({ ...midazolam, ...patient, indication: "agitation" }).code, "AMBIGUOUS_ROUTE");
  }
  // Sedation has no child's rule beyond the tape: the adult dose (MCG 1309 guideline 5).
  const sedation = { ...midazolam, indication: "sedation", route: "IV", ageYears: 9, color: "adult" };
  assert.equal(calculateDose(sedation).adult, true);
});

Deno.test("TP 1231-P: a total already given is held to the doses before base, by age and on the tape", async () => {
  await says(
    "TP 1231-P",
    "6-11 Years (Blue, Orange, Green if age unknown) Midazolam (5mg/mL) 5mg or 1mL IM/IN " +
      "Repeat x1 in 2 min prn, up to 2 doses prior to Base contact",
    "May repeat Midazolam as above, maximum total of 3 doses or 20 milligrams, whichever is less",
  );
  const seizure = { ...midazolam, indication: "seizure", ageYears: 9 } as const;
  for (const patient of [{ color: "adult" }, { weightKg: 30 }, { color: "green" }]) {
    const who = JSON.stringify(patient);
    // The reviewer's 9-year-old: one dose, 10 mg in all (an adult's), is no 5 mg again before base.
    const spent = refusal({ ...seizure, ...patient, dosesGiven: 1, totalGiven: 10 });
    assert.deepEqual([spent.code, spent.field], ["LIMIT_REACHED", "totalGiven"], who);
    assert.deepEqual(spent.details(), {
      field: "totalGiven",
      limit: { maxTotal: { value: 10, unit: "mg" } },
      withBase: { maxDoses: 3, maxTotal: { value: 20, unit: "mg" } },
    });
    assert.match(
      spent.message,
      /10 mg is the most before base contact .* Base may order more: 3 doses or 20 mg/,
    );
    assert.match(
      refusal({ ...seizure, ...patient, totalGiven: 20 }).message,
      /20 mg is the most even with base/,
    );
    // One 5 mg dose leaves the repeat; a count alone is never asked the total (the count decides).
    const second = calculateDose({ ...seizure, ...patient, dosesGiven: 1, totalGiven: 5 });
    assert.deepEqual([second.dose.value, second.warnings.some((w) => /totalGiven not applied/.test(w))], [
      5,
      false,
    ]);
    assert.equal(calculateDose({ ...seizure, ...patient, dosesGiven: 1 }).dose.value, 5, who);
  }
  // From 12 a single 10 mg before base: any total is short of a second.
  await says("TP 1231-P", "≥12 years (Longer than the length-based tape if age unknown)");
  assert.equal(
    refusal({ ...midazolam, indication: "seizure", ageYears: 13, color: "adult", totalGiven: 5 }).code,
    "LIMIT_REACHED",
  );
});

Deno.test("MCG 1309, TP 1231-P: under 6 a child said to be longer than the tape is measured again", async () => {
  await says("MCG 1309", "determine dose of medication for children 3 to 36 kilograms");
  await says(
    "TP 1231-P",
    "17 months – 5 years (Purple, Yellow, White if age unknown)",
    "6-11 Years (Blue, Orange, Green if age unknown)",
  );
  for (const ageYears of [0.5, 1, 14 / 12, 3, 5.9]) {
    for (
      const request of [
        { ...midazolam, indication: "seizure" },
        { ...midazolam, indication: "agitation" },
        { medication: "fentanyl", route: "IN" },
        { medication: "naloxone", route: "IN", weightKg: 30 },
      ]
    ) {
      const r = refusal({ ...request, ageYears, color: "adult" });
      assert.deepEqual([r.code, r.field], ["FACT_REQUIRED", "color"], `${ageYears} ${request.medication}`);
      assert.match(r.message, /not longer than the tape.*measure again/);
    }
  }
  // From 6 the tape's last colour (green) is the age's: longer than it stands.
  assert.equal(
    calculateDose({ ...midazolam, indication: "seizure", ageYears: 6, color: "adult" }).dose.value,
    5,
  );
  assert.equal(
    calculateDose({ medication: "fentanyl", route: "IN", ageYears: 6, color: "adult" }).adult,
    true,
  );
});

Deno.test("Ref. 227.1: an EpiPen or epinephrine auto-injector is epinephrine; a bare auto-injector is not", async () => {
  await says("Ref. 227.1", "epinephrine auto-injector (e.g., Epi-Pen)");
  for (
    const name of ["EpiPen", "epi-pen", "Epi Pen", "epinephrine auto-injector", "Epinephrine autoinjector"]
  ) {
    const match = findDrug(name);
    assert.deepEqual([match?.drug.id, match?.variantId], ["epinephrine", undefined], name);
  }
  assert.notEqual(findDrug("auto-injector")?.drug.id, "epinephrine");
  // The chat reads the names as epinephrine (the given-dose rules are the chat's: chat_named_given.ts).
  for (
    const text of [
      "epipen given",
      "we gave an epipen",
      "epi-pen given pta",
      "epi pen given",
      "EpiPen Jr by mom",
      "epinephrine auto-injector used",
    ]
  ) {
    assert.deepEqual(findMedications(text).map((m) => m.id), ["epinephrine"], text);
  }
  assert.deepEqual(findMedications("duodote auto-injector given").map((m) => m.id), ["duodote"]);
  assert.deepEqual(findMedications("auto-injector given").map((m) => m.id), []);
  // The drug's name, not a formulation's: the indication chooses the row ("epipen given, now in arrest").
  const im = calculateDose({ medication: "epipen", indication: "anaphylaxis", ageYears: 40 });
  assert.deepEqual([im.variant.id, im.dose.value], ["epinephrine-im", 0.5]);
  const arrest = calculateDose({ medication: "epi-pen", indication: "cardiac-arrest", ageYears: 40 });
  assert.deepEqual([arrest.variant.id, arrest.dose.value], ["epinephrine-iv", 1]);
});
