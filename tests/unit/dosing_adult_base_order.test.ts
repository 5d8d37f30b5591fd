/**
 * Adult answers that must not be more permissive than the treatment protocol (clinical review 21, each
 * checked against its document's words in ../shared): adenosine never for a heart rate below TP 1213's
 * 150 bpm, whether or not an indication is sent; midazolam for "agitation" / "combative" repeated only on base
 * order unless TP 1209 step 11 holds, said first; push-dose epinephrine for bradycardia a base order for every
 * push (TP 1212 step 11); no child's wording or duplicated warning on an adult answer.
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

Deno.test("adult midazolam for agitation or 'combative': step 10's repeat (base order), step 11 said first (TP 1209 p. 1)", async () => {
  await says(
    "TP 1209",
    "For UNCOOPERATIVE PATIENTS who pose a potential safety risk",
    "CONTACT BASE concurrent with administration With Base orders may repeat q5 min prn",
    "For SEVERE AGITATION WITH ALOC who pose an IMMEDIATE RISK",
    "repeat prn x1 in 5 min, or",
  );
  for (const indication of ["agitation", "combative", "severe agitation", "severe agitation with aloc"]) {
    for (const route of ["IM", "IN", "IV"]) {
      const at = `${indication} ${route}`;
      const d = calculateDose({ medication: "midazolam", indication, route, weightKg: 80 });
      assert.deepEqual(d.dose, { value: 5, unit: "mg" }, at);
      assert.equal(d.repeat?.maxDoses, 1, at);
      assert.equal(d.next?.dose, null, at);
      assert.equal(d.next?.baseContactRequired, true, at);
      assert.match(d.warnings[0], /^Contact base as the first dose is given; repeats only on base order/, at);
      assert.match(d.warnings[0], /severe, with ALOC and an immediate risk.*one repeat.*\(step 11\)/, at);
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
  assert.match(e.message, /step 11/);
  // Step 11's single 10 mg IM/IN dose keeps its own row.
  const high = calculateDose({
    medication: "midazolam",
    indication: "agitation-high-risk",
    route: "IM",
    weightKg: 110,
  });
  assert.deepEqual(high.dose, { value: 10, unit: "mg" });
  // By vein step 11 is the 5 mg dose with one repeat before base (no 10 mg IV): named, it is given.
  const highIv = calculateDose({
    medication: "midazolam",
    indication: "agitation-high-risk",
    route: "IV",
    weightKg: 80,
  });
  assert.deepEqual(highIv.dose, { value: 5, unit: "mg" });
  assert.deepEqual([highIv.repeat?.maxDoses, highIv.repeat?.maxTotal], [2, { value: 10, unit: "mg" }]);
  assert.deepEqual([highIv.next?.dose, highIv.next?.baseContactRequired], [{ value: 5, unit: "mg" }, false]);
  assert.ok(highIv.references.includes("TP 1209"));
  // TP 1209-P has no such row: a child is not dosed by it.
  assert.equal(
    refusal({ medication: "midazolam", indication: "agitation-high-risk", route: "IV", weightKg: 20 }).field,
    "indication",
  );
});

Deno.test("push-dose epinephrine for bradycardia: every push on a base order, said once and consistently (TP 1212 p. 1 step 11)", async () => {
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
