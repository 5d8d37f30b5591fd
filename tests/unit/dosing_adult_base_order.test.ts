/**
 * Adult answers that must not be more permissive than the treatment protocol (clinical review 21, each
 * checked against its document's words in ../shared): adenosine never for a heart rate below TP 1213's
 * 150 bpm, whether or not an indication is sent; midazolam for "agitation" / "combative" repeated only on base
 * order unless TP 1209 step 11 holds, said first, and step 11 its own indication (agitation-severe, TP 1209-P
 * step 11 for a child); push-dose epinephrine for bradycardia a base order, its later pushes within that order
 * (TP 1212 step 11); no child's wording or duplicated warning on an adult answer.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";
import { says } from "../support/adult_protocols.ts";

function refusal(request: DoseRequest): DosingError {
  try {
    calculateDose(request);
  } catch (error) {
    if (error instanceof DosingError) return error;
    throw error;
  }
  throw new Error(`dosed: ${JSON.stringify(request)}`);
}

Deno.test("adenosine: a heart rate below 150 is refused with or without an indication; none sent is a warning (TP 1213 p. 1, p. 4 note 3; MCG 1317.1)", async () => {
  await says("TP 1213", "SVT – NARROW COMPLEX ≥ 150bpm", "Sinus tachycardia does not respond to Adenosine");
  await says("MCG 1317.1", "Contraindications Sinus tachycardia");
  for (const request of [{}, { indication: "svt" }, { indication: "tachycardia" }]) {
    const e = refusal({ medication: "adenosine", route: "IV", weightKg: 80, heartRate: 130, ...request });
    assert.deepEqual([e.code, e.field], ["NOT_FOR_THIS_PATIENT", "heartRate"], JSON.stringify(request));
  }
  const fast = calculateDose({ medication: "adenosine", route: "IV", weightKg: 80, heartRate: 180 });
  assert.deepEqual(fast.dose, { value: 6, unit: "mg", options: [6, 12] });
  const noRate = calculateDose({ medication: "adenosine", route: "IV", weightKg: 80 });
  assert.ok(
    noRate.warnings.some((w) => /heart rate.*150 bpm.*wide-complex-tachycardia/.test(w)),
    noRate.warnings.join(" | "),
  );
  // A regular wide-complex rhythm has no rate threshold in TP 1213 (steps 15–16): named, it is not refused.
  const wide = calculateDose({
    medication: "adenosine",
    route: "IV",
    weightKg: 80,
    heartRate: 130,
    indication: "wide-complex-tachycardia",
  });
  assert.deepEqual(wide.dose.options, [6, 12]);
});

Deno.test("adult midazolam for agitation or 'combative': step 10's repeat (base order), step 11 said first, by name (TP 1209 p. 1)", async () => {
  await says(
    "TP 1209",
    "For UNCOOPERATIVE PATIENTS who pose a potential safety risk",
    "CONTACT BASE concurrent with administration With Base orders may repeat q5 min prn",
    "For SEVERE AGITATION WITH ALOC who pose an IMMEDIATE RISK",
    "repeat prn x1 in 5 min, or",
  );
  // "Severe agitation" alone does not state ALOC and an immediate risk: step 10.
  for (const indication of ["agitation", "combative", "severe agitation"]) {
    for (const route of ["IM", "IN", "IV"]) {
      const at = `${indication} ${route}`;
      const d = calculateDose({ medication: "midazolam", indication, route, weightKg: 80 });
      assert.equal(d.indication, "agitation", at);
      assert.deepEqual(d.dose, { value: 5, unit: "mg" }, at);
      assert.equal(d.repeat?.maxDoses, 1, at);
      assert.equal(d.next?.dose, null, at);
      assert.equal(d.next?.baseContactRequired, true, at);
      assert.match(d.warnings[0], /^Contact base as the first dose is given; repeats only on base order/, at);
      assert.match(
        d.warnings[0],
        /severe, with ALOC and an immediate risk.*\(step 11, send agitation-severe\)/,
        at,
      );
      assert.ok(d.references.includes("TP 1209"), at);
    }
  }
  // The repeat refused before base says what step 11 would allow.
  const e = refusal({
    medication: "midazolam",
    indication: "combative",
    route: "IM",
    weightKg: 80,
    dosesGiven: 1,
  });
  assert.equal(e.code, "LIMIT_REACHED");
  assert.match(e.message, /step 11, send agitation-severe/);
});

Deno.test("adult midazolam, TP 1209 step 11 named: 5 mg IM/IN/IV with one repeat before base, or IM/IN a single 10 mg (TP 1209 p. 1 step 11, p. 4 notes 7–8)", async () => {
  await says(
    "TP 1209",
    "Administer Midazolam 5mg (1mL) IM/IN/IV",
    "repeat prn x1 in 5 min, or Administer Midazolam 10mg (2mL) IM/IN",
    "maximum 10mg prior to Base Contact",
    "With Base orders may repeat up to a maximum total dose of 20mg",
    "The IM or IN route is preferred unless an IV has been previously established",
    "preferentially be treated with a 5mg dose, repeating if necessary",
  );
  for (
    const indication of [
      "agitation-severe",
      "severe agitation with aloc",
      "severe agitation with altered level of consciousness",
      "aloc and immediate risk",
    ]
  ) {
    for (const route of ["IM", "IN", "IV"]) {
      const at = `${indication} ${route}`;
      const d = calculateDose({ medication: "midazolam", indication, route, weightKg: 80 });
      assert.equal(d.indication, "agitation-severe", at);
      assert.deepEqual(d.dose, { value: 5, unit: "mg" }, at);
      assert.deepEqual(
        [
          d.repeat?.intervalMinutes,
          d.repeat?.maxDoses,
          d.repeat?.maxTotal?.value,
          d.repeat?.baseMaxTotal?.value,
        ],
        [5, 2, 10, 20],
        at,
      );
      assert.deepEqual([d.next?.dose, d.next?.intervalMinutes, d.next?.baseContactRequired], [
        { value: 5, unit: "mg" },
        5,
        false,
      ], at);
      assert.match(
        d.warnings[0],
        /^Step 11 of TP 1209: only for severe agitation with ALOC and an immediate risk/,
        at,
      );
      assert.equal(d.references[0], "TP 1209", at);
      // IM/IN: step 11's other choice is named; by vein, that IM/IN is preferred (note 7).
      const other = /single 10 mg IM\/IN dose .*larger patient .*agitation-high-risk/;
      if (route === "IM" || route === "IN") assert.ok(d.warnings.some((w) => other.test(w)), at);
      else assert.ok(d.warnings.some((w) => /IM or IN is preferred/.test(w)), at);
    }
  }
  // Steps 10–11 are IM/IN/IV (TP 1209, MCG 1317.25): never by bone; sedation and seizure still are.
  for (const indication of ["agitation-severe", "agitation", "behavioral-crisis"]) {
    const io = refusal({ medication: "midazolam", indication, route: "IO", weightKg: 80 });
    assert.equal(io.name, "RouteNotAvailableError", indication);
    assert.deepEqual(
      calculateDose({ medication: "midazolam", indication, route: "IV", weightKg: 80 }).dose,
      { value: 5, unit: "mg" },
      indication,
    );
  }
  // A child's too (TP 1209-P steps 10–11 IM/IN; MCG 1317.25 IV or IM/IN), and a request without a route is
  // asked IV, IN or IM.
  for (const indication of ["agitation", "behavioral-crisis", "agitation-severe"]) {
    const io = refusal({ medication: "midazolam", indication, route: "IO", weightKg: 20 });
    assert.equal(io.name, "RouteNotAvailableError", `child ${indication}`);
  }
  const ask = refusal({ medication: "midazolam", indication: "agitation", weightKg: 80 });
  assert.deepEqual(ask.details().routes, ["IV", "IN", "IM"]);
  assert.equal(
    refusal({ medication: "midazolam", indication: "agitation", route: "IV/IO", weightKg: 80 }).name,
    "RouteNotAvailableError",
  );
  for (const indication of ["sedation", "seizure"]) {
    assert.equal(
      calculateDose({ medication: "midazolam", indication, route: "IO", weightKg: 80 }).variant.id,
      "midazolam-iv-io",
      indication,
    );
  }
  // An immediate risk without ALOC is no step 11: the words alone are no indication of midazolam's.
  for (const indication of ["immediate risk", "severe agitation with immediate risk"]) {
    const unknown = refusal({ medication: "midazolam", indication, route: "IM", weightKg: 80 });
    assert.equal(unknown.name, "UnknownIndicationError", indication);
  }
  const second = calculateDose({
    medication: "midazolam",
    indication: "agitation-severe",
    route: "IM",
    weightKg: 80,
    dosesGiven: 1,
  });
  assert.deepEqual([second.doseNumber, second.next?.dose, second.next?.baseContactRequired], [2, null, true]);
  assert.equal(
    refusal({
      medication: "midazolam",
      indication: "agitation-severe",
      route: "IV",
      weightKg: 80,
      dosesGiven: 2,
    })
      .code,
    "LIMIT_REACHED",
  );
  // Step 11's single 10 mg is IM/IN only, and is its own indication (one meaning each).
  const high = calculateDose({
    medication: "midazolam",
    indication: "agitation-high-risk",
    route: "IM",
    weightKg: 110,
  });
  assert.deepEqual([high.dose, high.repeat?.maxDoses, high.next?.dose], [{ value: 10, unit: "mg" }, 1, null]);
  assert.match(high.warnings[0], /^Step 11 of TP 1209/);
  const iv = refusal({
    medication: "midazolam",
    indication: "agitation-high-risk",
    route: "IV",
    weightKg: 80,
  });
  assert.deepEqual([iv.code, iv.details().routes], ["ROUTE_NOT_AVAILABLE", ["IN", "IM"]]);
});

Deno.test("a child's midazolam, TP 1209-P step 11 named: MCG 1309's dose IM/IN, one repeat, 10 mg before base; no single 10 mg (TP 1209-P p. 1 step 11)", async () => {
  await says(
    "TP 1209-P",
    "Administer Midazolam (5mg/mL) 0.2 mg/kg IM/IN, dose per MCG 1309",
    "Repeat x1 in 5 min prn, maximum single dose 5mg, maximum total 10mg prior to Base Contact",
    "With Base orders may repeat as above up to a maximum total dose of 15mg",
  );
  for (const route of ["IM", "IN"]) {
    const d = calculateDose({ medication: "midazolam", indication: "agitation-severe", route, weightKg: 20 });
    const sameDose = calculateDose({ medication: "midazolam", indication: "agitation", route, weightKg: 20 });
    assert.deepEqual(d.dose, sameDose.dose, route);
    assert.deepEqual(
      [d.repeat?.maxDoses, d.repeat?.maxTotal?.value, d.repeat?.baseMaxTotal?.value],
      [2, 10, 15],
      route,
    );
    assert.match(
      d.warnings[0],
      /^Step 11 of TP 1209-P: before base contact only for severe agitation with ALOC/,
    );
    assert.ok(!d.warnings.some((w) => w.startsWith("Only on a base hospital order")), route);
  }
  // Step 11 asked for by vein: MCG 1317.25's 0.1 mg/kg IV (2 mg at 20 kg), the same repeat and base rules,
  // only through an IV already established (TP 1209-P note 7); never by bone.
  const iv = calculateDose({
    medication: "midazolam",
    indication: "agitation-severe",
    route: "IV",
    weightKg: 20,
  });
  assert.deepEqual([iv.route, iv.dose], ["IV", { value: 2, unit: "mg" }]);
  assert.deepEqual([iv.repeat?.maxDoses, iv.repeat?.maxTotal?.value, iv.repeat?.baseMaxTotal?.value], [
    2,
    10,
    15,
  ]);
  assert.ok(
    iv.warnings.some((w) => /IV already established.*TP 1209-P note 7/.test(w)),
    iv.warnings.join(" | "),
  );
  const io = refusal({ medication: "midazolam", indication: "agitation-severe", route: "IO", weightKg: 20 });
  assert.equal(io.code, "ROUTE_NOT_AVAILABLE");
  // TP 1209-P has no single 10 mg dose: refused, each reference named once.
  const high = refusal({
    medication: "midazolam",
    indication: "agitation-high-risk",
    route: "IM",
    weightKg: 20,
  });
  assert.equal(high.field, "indication");
  assert.equal(high.message.match(/MCG 1317\.25/g)?.length, 1, high.message);
});

Deno.test("push-dose epinephrine for bradycardia: the first push on a base order, the later pushes within it, said consistently (TP 1212 p. 1 step 11)", async () => {
  await says(
    "TP 1212",
    "CONTACT BASE to obtain order for Normal Saline 1L IV/IO rapid infusion and/or Push-dose Epinephrine",
  );
  const d = calculateDose({
    medication: "push dose epi",
    indication: "bradycardia",
    weightKg: 80,
    systolicBp: 70,
  });
  assert.equal(d.warnings[0], "Only on a base hospital order (TP 1212).");
  await says("TP 1212", "Administer Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 min as needed");
  // The order is for a push every 1–5 minutes: the pushes after the first are within it, no new contact.
  for (const dosesGiven of [undefined, 1, 4]) {
    const next = calculateDose({
      medication: "push dose epi",
      indication: "bradycardia",
      weightKg: 80,
      systolicBp: 70,
      ...(dosesGiven === undefined ? {} : { dosesGiven }),
    });
    assert.equal(next.warnings[0], "Only on a base hospital order (TP 1212).", String(dosesGiven));
    assert.deepEqual([next.next?.dose, next.next?.baseContactRequired], [{ value: 10, unit: "mcg" }, false]);
    for (const note of [next.repeat?.note, next.next?.note]) {
      assert.match(note ?? "", /^Within the base hospital order \(TP 1212 step 11\)/);
      assert.doesNotMatch(note ?? "", /with the first dose/);
    }
  }
  assert.deepEqual(d.references.slice(0, 2), ["TP 1212", "MCG 1317.17"]);
  // Shock (TP 1207) is not a base order: base is contacted with the first dose and pushes go on.
  const shock = calculateDose({
    medication: "push dose epi",
    indication: "shock",
    weightKg: 80,
    systolicBp: 70,
  });
  assert.equal(shock.next?.baseContactRequired, false);
});

Deno.test("sodium bicarbonate for agitation with a wide QRS or bradycardia: the first dose and its one repeat both on base order, said in the repeat line (TP 1209 step 13, note 10; TP 1209-P step 13, note 9)", async () => {
  // The first dose after discussing with base; the repeat in the same consultation, only for a QRS still wide.
  await says(
    "TP 1209",
    "CONTACT BASE for QRS > 0.12 sec or heart rate < 50 to discuss need to administer Sodium Bicarbonate 50mEq (50mL) IV",
    "Consult Base Physician immediately to discussion administration of Sodium Bicarbonate; may repeat x1 if QRS remains > 0.12 sec",
  );
  await says(
    "TP 1209-P",
    "CONTACT BASE for QRS > 0.12 sec or heart rate < 50 to discuss need to administer Sodium Bicarbonate 1 meq/kg per MCG 1309",
    "may repeat x1 if QRS remains > 0.12 sec after initial sodium bicarbonate",
  );
  const request = {
    medication: "sodium bicarbonate",
    indication: "agitation-cardiotoxicity",
    route: "IV",
  } as const;
  const adult = calculateDose({ ...request, weightKg: 80 });
  assert.deepEqual([adult.dose, adult.volumeMl], [{ value: 50, unit: "mEq" }, 50]);
  assert.equal(adult.warnings[0], "Only on a base hospital order (TP 1209).");
  assert.match(
    adult.repeat?.note ?? "",
    /^The repeat too only on a base hospital order: once more if the QRS stays over 0\.12 s/,
  );
  assert.equal(adult.next?.baseContactRequired, true);
  // By bone (MCG 1317.39: an adult's 50 mEq slow IV/IO push): the repeat line never says "IV" alone.
  await says("MCG 1317.39", "Adult Dose 50mEq (50mL) slow IV/IO push");
  for (const route of ["IV", "IO"]) {
    const byRoute = calculateDose({ ...request, route, weightKg: 80 });
    assert.equal(byRoute.route, route);
    assert.doesNotMatch(byRoute.repeat?.note ?? "", /IV, after discussing with base/, route);
    assert.match(
      byRoute.repeat?.note ?? "",
      /TP 1209 names IV; IO as the base orders \(MCG 1317\.39\)/,
      route,
    );
  }
  // A child's: MCG 1309's 1 mEq/kg (20 mEq at 20 kg), the same rule for the repeat.
  const child = calculateDose({ ...request, weightKg: 20 });
  assert.deepEqual([child.dose, child.volumeMl], [{ value: 20, unit: "mEq" }, 20]);
  assert.equal(child.warnings[0], "Only on a base hospital order (TP 1209-P).");
  assert.match(
    child.repeat?.note ?? "",
    /^The repeat too only on a base hospital order: once, if the QRS is still/,
  );
  // The second dose is the last the protocol allows, never "before base contact" (base was contacted first).
  const second = calculateDose({ ...request, weightKg: 80, dosesGiven: 1 });
  assert.match(second.next?.note ?? "", /^This is the last of 2 doses the protocol allows/);
  const third = refusal({ ...request, weightKg: 80, dosesGiven: 2 });
  assert.equal(third.code, "LIMIT_REACHED");
  assert.match(third.message, /2 doses is the most the protocol allows \(TP 1209\)/);
  for (const text of [second.next?.note ?? "", third.message]) {
    assert.doesNotMatch(text, /before base contact/);
  }
  // A row without a base order keeps "before base contact" (TP 1210: epinephrine's third dose).
  const epi = refusal({
    medication: "epinephrine",
    indication: "cardiac-arrest",
    route: "IV",
    weightKg: 80,
    dosesGiven: 3,
  });
  assert.match(epi.message, /is the most before base contact/);
});

Deno.test("an adult's answer carries no child's wording and no warning twice", () => {
  const answers = [
    calculateDose({ medication: "midazolam", route: "IM", indication: "seizure", weightKg: 80 }),
    calculateDose({ medication: "push dose epi", route: "IV", indication: "shock", weightKg: 80 }),
    calculateDose({ medication: "epinephrine", route: "IM", indication: "anaphylaxis", weightKg: 80 }),
    calculateDose({ medication: "txa", route: "IV", weightKg: 80 }),
  ];
  for (const d of answers) {
    const text = d.warnings.join(" | ");
    assert.doesNotMatch(text, /children|child's|mL\/kg/i, d.variant.id);
    assert.ok((text.match(/pushed IV|push this .* IV/gi) ?? []).length <= 1, `${d.variant.id}: ${text}`);
    assert.ok((text.match(/within 3 hours/gi) ?? []).length <= 1, `${d.variant.id}: ${text}`);
  }
  // The child keeps the per-kg volume note for push-dose epinephrine.
  const child = calculateDose({
    medication: "push dose epi",
    route: "IV",
    indication: "shock",
    weightKg: 10,
  });
  assert.ok(child.warnings.some((w) => /0\.1 mL\/kg/.test(w)));
});
