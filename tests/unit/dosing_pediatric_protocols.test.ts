/**
 * A child's dose is MCG 1309's number, but WHEN and BY WHICH ROUTE it may be given, and whether a base
 * order comes first, is the paediatric treatment protocol's (TP 12xx-P) and the drug card's (MCG 1317.x).
 * Each test first finds the words it relies on in the document in ../shared (so the expectation cannot
 * drift from its source), then checks the engine against them.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, TAPE_WEIGHTS } from "../../functions-shared/domain/dosing/mod.ts";
import { normalise, readDocument, says } from "../support/adult_protocols.ts";
import { refusal } from "../support/dose_refusal.ts";

/** The part of a document between two phrases (both must be there). */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(normalise(from));
  const end = text.indexOf(normalise(to), start);
  assert.ok(start >= 0 && end > start, `"${from}" … "${to}" not found`);
  return text.slice(start, end);
}

// --- 1. Active seizure: IM/IN only for a child ------------------------------------------------------

Deno.test("a child in active seizure gets midazolam IM/IN only: IV/IO is the adult dose (TP 1231-P, MCG 1317.25)", async () => {
  const tp = await says("TP 1231-P", "For active seizure witnessed by EMS", "0.2mg/kg IM/IN");
  const seizureStep = between(tp, "For active seizure witnessed by EMS", "Establish vascular access");
  assert.doesNotMatch(seizureStep, /\biv\b|\bio\b/, "TP 1231-P step 6 names no IV/IO route for a child");
  const card = await says("MCG 1317.25", "Pediatric Dose");
  const childSeizure = between(card, "Pediatric Dose", "Mechanism of Action");
  const fromSeizure = childSeizure.slice(childSeizure.indexOf("seizure - active"));
  assert.doesNotMatch(fromSeizure, /\biv\b|\bio\b/, "MCG 1317.25's child seizure dose names no IV/IO");

  for (const route of ["IV", "IO"]) {
    const error = refusal({ medication: "midazolam", route, indication: "seizure", weightKg: 10 });
    // Refused naming the routes a child's seizure dose is given by.
    assert.deepEqual([error.code, error.details().routes], ["ROUTE_NOT_AVAILABLE", ["IN", "IM"]], route);
  }
  // Without a route there is nothing to choose: the PediDOSE IN/IM dose, and only it.
  const child = calculateDose({ medication: "midazolam", indication: "seizure", weightKg: 10 });
  assert.deepEqual([child.variant.id, child.route, child.dose], ["midazolam-seizure-in-im", "IN/IM", {
    value: 2.5,
    unit: "mg",
  }]);
  // The adult keeps the IV/IO seizure dose (MCG 1317.25's adult dose: 5 mg IV/IO with existing access).
  const adult = calculateDose({ medication: "midazolam", route: "IV", indication: "seizure", weightKg: 70 });
  assert.deepEqual(adult.dose, { value: 5, unit: "mg" });
});

// --- 2. Behavioural crisis: a base order before a child's midazolam ------------------------------------

Deno.test("a child's midazolam for behavioural crisis needs a base order first; severe agitation with ALOC does not (TP 1209-P)", async () => {
  const tp = await says("TP 1209-P", "For UNCOOPERATIVE PATIENTS", "For SEVERE AGITATION WITH ALOC");
  const uncooperative = between(tp, "For UNCOOPERATIVE PATIENTS", "For SEVERE AGITATION WITH ALOC");
  assert.ok(uncooperative.includes("contact base consider midazolam"), "step 10: base, then midazolam");
  assert.ok(uncooperative.includes("total maximum dose of 15mg"));
  const severe = between(tp, "For SEVERE AGITATION WITH ALOC", "Initiate cardiac monitoring");
  assert.ok(severe.includes("maximum total 10mg prior to base contact"), "step 11: 10 mg before base");
  assert.ok(severe.includes("up to a maximum total dose of 15mg"));
  await says("MCG 1317.25", "Psychiatric Crisis require a Base order prior to midazolam administration");

  // IN/IM only: TP 1209-P gives a child's agitation no IV dose (the next test).
  for (const route of ["IN", "IM"]) {
    const crisis = calculateDose({
      medication: "midazolam",
      route,
      indication: "behavioral-crisis",
      weightKg: 20,
    });
    assert.equal(crisis.warnings[0], "Only on a base hospital order (TP 1209-P).", route);
    assert.equal(crisis.repeat?.maxTotal, undefined, `${route}: nothing may be given before base`);
    assert.deepEqual(crisis.repeat?.baseMaxTotal, { value: 15, unit: "mg" });
    assert.doesNotMatch(crisis.repeat?.note ?? "", /10 mg in total before base/);

    const agitation = calculateDose({
      medication: "midazolam",
      route,
      indication: "agitation",
      weightKg: 20,
    });
    assert.ok(!agitation.warnings.some((w) => w.startsWith("Only on a base hospital order")), route);
    assert.deepEqual(
      [agitation.repeat?.maxDoses, agitation.repeat?.maxTotal, agitation.repeat?.baseMaxTotal],
      [2, { value: 10, unit: "mg" }, { value: 15, unit: "mg" }],
    );
    // The dose itself stays MCG 1309's.
    assert.deepEqual(crisis.dose, agitation.dose);
  }
  // Without the indication whether base comes first cannot be said: the child is asked for it
  // (dosing_child_indication.test.ts).
  assert.equal(refusal({ medication: "midazolam", route: "IV", weightKg: 20 }).code, "AMBIGUOUS_INDICATION");
});

/**
 * A child's midazolam for agitation (medical director's ruling, reversing part of cbcc74d): TP 1209-P steps 10–11
 * give 0.2 mg/kg IM/IN and their note 7 prefers IM or IN "unless an IV has been previously established"; MCG
 * 1317.25 prints the child's agitation dose 0.1 mg/kg IV or 0.2 mg/kg IM/IN, MCG 1309 midazolam IV/IO 0.1 mg/kg,
 * 5 mg at most. So asked for by vein it is 0.1 mg/kg IV with the same base rules, only through an IV already
 * established; never IO (MCG 1317.25 prints IV only for agitation); with no route asked, IM/IN only.
 */
Deno.test("a child's midazolam for agitation asked by vein: 0.1 mg/kg IV, 5 mg at most, only through an established IV (TP 1209-P note 7, MCG 1317.25, MCG 1309); never IO; unrouted IM/IN", async () => {
  const tp = await says(
    "TP 1209-P",
    "For UNCOOPERATIVE PATIENTS",
    "For SEVERE AGITATION WITH ALOC",
    "The IM or IN route is preferred unless an IV has been previously established",
  );
  // Steps 10 and 11 each give 0.2 mg/kg IM/IN and each carries note 7.
  const steps = between(tp, "For UNCOOPERATIVE PATIENTS", "Initiate cardiac monitoring");
  assert.equal(steps.match(/midazolam \(5mg\/ml\) 0\.2 mg\/kg im\/in/g)?.length, 2, steps);
  await says("MCG 1317.25", "0.1mg/kg (5mg/mL) IV or 0.2mg/kg (5mg/mL) IM/IN", "maximum single dose 5mg");
  await says("MCG 1309", "Midazolam all indications", "0.1mg/kg 5mg");

  for (
    const indication of ["agitation", "behavioral-crisis", "agitation-severe", "combative", "uncooperative"]
  ) {
    // By vein: 0.1 mg/kg (2 mg at 20 kg), with the words.
    const iv = calculateDose({ medication: "midazolam", indication, route: "IV", weightKg: 20 });
    assert.deepEqual(
      [iv.route, iv.dose, iv.maxSingleDose.value],
      ["IV", { value: 2, unit: "mg" }, 5],
      indication,
    );
    assert.ok(
      iv.warnings.some((w) => /^By vein only through an IV already established.*TP 1209-P note 7/.test(w)),
      `${indication}: ${iv.warnings.join(" | ")}`,
    );
    // By a tape colour whose weights give different doses, the weight is asked for (as by IM/IN).
    assert.equal(
      refusal({ medication: "midazolam", indication, route: "IV", color: "blue" }).code,
      "COLOR_NEEDS_WEIGHT",
    );
    // Never by bone, alone or with IV.
    for (const route of ["IO", "IV/IO"]) {
      const io = refusal({ medication: "midazolam", indication, route, weightKg: 20 });
      assert.equal(io.code, "ROUTE_NOT_AVAILABLE", `${indication} ${route}`);
    }
    // Without a route: the IN/IM answer only (no IV answer beside it), MCG 1309's 0.2 mg/kg (4 mg at 20 kg).
    const open = calculateDose({ medication: "midazolam", indication, weightKg: 20 });
    assert.deepEqual([open.route, open.dose], ["IN/IM", { value: 4, unit: "mg" }], indication);
  }
  // The base rules are kept by vein: a behavioural crisis needs the base order before the first dose, and
  // base allows 15 mg in total (TP 1209-P step 10).
  const crisis = calculateDose({
    medication: "midazolam",
    indication: "behavioral-crisis",
    route: "IV",
    weightKg: 20,
  });
  assert.match(crisis.warnings[0], /^Only on a base hospital order \(TP 1209-P\)/);
  assert.equal(crisis.repeat?.baseMaxTotal?.value, 15);
  // Agitation by vein: base first unless step 11, 10 mg before base, 15 mg with base (TP 1209-P).
  const agitation = calculateDose({
    medication: "midazolam",
    indication: "agitation",
    route: "IV",
    weightKg: 20,
  });
  assert.match(agitation.warnings[0], /^Contact base before the first dose unless the agitation is severe/);
  assert.deepEqual([agitation.repeat?.maxTotal?.value, agitation.repeat?.baseMaxTotal?.value], [10, 15]);
  // The heaviest tape weight (36 kg): 3.6 mg, under the 5 mg a dose MCG 1309 allows.
  const heavy = calculateDose({
    medication: "midazolam",
    indication: "agitation",
    route: "IV",
    weightKg: 36,
  });
  assert.deepEqual([heavy.dose.value, heavy.maxSingleDose.value], [3.6, 5]);
  // A child's IV midazolam for sedation is as before (MCG 1317.25: 0.1 mg/kg IV/IO, 2 mg at 20 kg per MCG 1309).
  const sedation = calculateDose({
    medication: "midazolam",
    indication: "sedation",
    route: "IO",
    weightKg: 20,
  });
  assert.deepEqual(sedation.dose, { value: 2, unit: "mg" });
  // An adult's agitation keeps IM/IN/IV (TP 1209 steps 10–11) and never IO.
  const adult = calculateDose({
    medication: "midazolam",
    indication: "agitation",
    route: "IV",
    weightKg: 80,
  });
  assert.deepEqual(adult.dose, { value: 5, unit: "mg" });
  assert.ok(!adult.warnings.some((w) => /TP 1209-P note 7/.test(w)));
  assert.equal(
    refusal({ medication: "midazolam", indication: "agitation", route: "IO", weightKg: 80 }).code,
    "ROUTE_NOT_AVAILABLE",
  );
  // A child's IV midazolam without an indication is asked, listing seizure too (IN/IM only, TP 1231-P).
  const asked = refusal({ medication: "midazolam", route: "IV", weightKg: 20 });
  assert.equal(asked.code, "AMBIGUOUS_INDICATION");
  const choices = asked.details().indications as string[];
  assert.ok(
    ["agitation", "behavioral-crisis", "agitation-severe", "sedation", "seizure"].every((i) =>
      choices.includes(i)
    ),
    choices.join(),
  );
  assert.match(asked.message, /IV only through an IV already established \(note 7\), never IO/);
});

// --- 3. DuoDote: a child's count depends on the severity ----------------------------------------------

Deno.test("DuoDote for a child without a severity asks for it instead of giving the severe count (TP 1240-P, MCG 1317.37)", async () => {
  const tp = await says("TP 1240-P", "Pediatric patients between 3 – 36 kilograms");
  const childStep = between(
    tp,
    "Pediatric patients between 3 – 36 kilograms",
    "For seizure, treat in conjunction",
  );
  for (
    const phrase of [
      "mild exposure: atropine",
      "moderate exposure: 1 duodote im",
      "severe exposure: 1 or 2 duodote",
    ]
  ) {
    assert.ok(childStep.includes(phrase), `TP 1240-P step 15: ${phrase}`);
  }
  for (
    const request of [{}, { indication: "nerve-agent" }, { indication: "organophosphate" }, {
      color: "orange",
    }]
  ) {
    const error = refusal({ medication: "duodote", weightKg: 26, ...request });
    assert.equal(error.code, "AMBIGUOUS_INDICATION", JSON.stringify(request));
    assert.deepEqual(error.details().indications, ["mild-exposure", "moderate-exposure", "severe-exposure"]);
    assert.match(error.message, /how severe the exposure is \(TP 1240-P\)/);
  }
  // Each severity has its answer: mild is atropine, moderate 1, severe the printed count (2 at 26 kg).
  assert.equal(
    refusal({ medication: "duodote", weightKg: 26, indication: "mild" }).code,
    "NOT_FOR_THIS_PATIENT",
  );
  assert.equal(calculateDose({ medication: "duodote", weightKg: 26, indication: "moderate" }).dose.value, 1);
  assert.equal(calculateDose({ medication: "duodote", weightKg: 26, indication: "severe" }).dose.value, 2);
  // Longer than the tape: the adult doses (TP 1240-P step 14), unchanged (1 to 3 by severity).
  const adult = calculateDose({ medication: "duodote", weightKg: 70 }).dose;
  assert.deepEqual([adult.value, adult.upTo], [1, 3]);
});

// --- 5. Base contact the paediatric protocols require -------------------------------------------------

Deno.test("a child's IM epinephrine for anaphylaxis repeats only on base order (TP 1219-P); airway swelling before base (TP 1234-P)", async () => {
  const allergy = await says("TP 1219-P", "For anaphylaxis:");
  const step = between(allergy, "For anaphylaxis:", "Establish vascular access");
  assert.ok(step.includes("contact base: repeat epinephrine (1mg/ml) 0.01mg/kg im every 10 min x2"), step);
  await says("TP 1234-P", "Repeat every 10 min prn x2, maximum 3 total doses prior to Base contact");
  await says("TP 1237-P", "CONTACT BASE concurrent with Epinephrine");

  const anaphylaxis = calculateDose({
    medication: "epinephrine",
    route: "IM",
    indication: "anaphylaxis",
    weightKg: 20,
  });
  assert.deepEqual(
    [anaphylaxis.repeat?.maxDoses, anaphylaxis.repeat?.baseMaxDoses, anaphylaxis.repeat?.intervalMinutes],
    [1, 3, 10],
  );
  assert.match(anaphylaxis.repeat?.note ?? "", /only on base order.*TP 1219-P/);
  const swelling = calculateDose({
    medication: "epinephrine",
    route: "IM",
    indication: "angioedema",
    weightKg: 20,
  });
  assert.deepEqual([swelling.repeat?.maxDoses, swelling.repeat?.baseMaxDoses], [3, undefined]);
  // The step cited is the one the document numbers for visible airway or tongue swelling.
  const airway = await readDocument("TP 1234-P");
  const swellingStep = [...airway.matchAll(/(?:^|\s)(\d+)\.\s+(?=[a-z])/g)]
    .filter((m) => m.index! < airway.indexOf(normalise("For visible airway/tongue swelling")))
    .at(-1)?.[1];
  assert.equal(swellingStep, "8");
  assert.match(swelling.repeat?.note ?? "", new RegExp(`\\(TP 1234-P step ${swellingStep}\\)`));
  const wheeze = calculateDose({
    medication: "epinephrine",
    route: "IM",
    indication: "bronchospasm",
    weightKg: 20,
  });
  assert.ok(
    wheeze.warnings.includes("Contact base as it is given (TP 1237-P)."),
    wheeze.warnings.join(" | "),
  );
  assert.equal(wheeze.repeat?.maxDoses, 1, "TP 1237-P gives no repeat before base");
  assert.doesNotMatch(wheeze.repeat?.note ?? "", /Send the indication/, "the indication was sent");
  // No indication: the child is asked for it, not given a repeat rule that may be the wrong one
  // (dosing_child_indication.test.ts).
  assert.equal(
    refusal({ medication: "epinephrine", route: "IM", weightKg: 20 }).code,
    "AMBIGUOUS_INDICATION",
  );
  // The dose is MCG 1309's whatever the indication.
  assert.deepEqual([swelling.dose, wheeze.dose], [anaphylaxis.dose, anaphylaxis.dose]);
});

Deno.test("a child's antidote for a tricyclic or calcium-channel-blocker overdose needs base first (TP 1241-P step 13)", async () => {
  const tp = await says("TP 1241-P", "CONTACT BASE to discuss antidote administration");
  const step = between(tp, "CONTACT BASE to discuss antidote administration", "Assess for co-ingestion");
  assert.ok(step.includes("calcium chloride") && step.includes("sodium bicarbonate"), step);

  const tca = calculateDose({ medication: "bicarb", route: "IV", indication: "tricyclic", weightKg: 20 });
  assert.equal(tca.warnings[0], "Only on a base hospital order (TP 1241-P).");
  assert.doesNotMatch(tca.repeat?.note ?? "", /crush/i, "a TCA answer carries no crush-injury repeat");
  const ccb = calculateDose({
    medication: "calcium chloride",
    route: "IV",
    indication: "ccb overdose",
    weightKg: 20,
  });
  assert.equal(ccb.warnings[0], "Only on a base hospital order (TP 1241-P).");
  assert.doesNotMatch(ccb.repeat?.note ?? "", /crush/i);
  // A crush injury's hyperkalaemia keeps its own rule, without the overdose's base order.
  const k = calculateDose({
    medication: "calcium chloride",
    route: "IV",
    indication: "crush-hyperkalemia",
    weightKg: 20,
  });
  assert.ok(!k.warnings.some((w) => w.startsWith("Only on a base hospital order")));
  assert.deepEqual([tca.dose, ccb.dose.value], [{ value: 20, unit: "mEq" }, k.dose.value]);
});

Deno.test("a child's push-dose epinephrine for shock: base contact with the first dose (TP 1207-P step 11, TP 1219-P)", async () => {
  const shock = await says("TP 1207-P", "CONTACT BASE concurrent with initial dose of Push-dose Epinephrine");
  assert.ok(shock.includes(normalise("administer Push-dose Epinephrine (0.01 mg/mL), dose per MCG 1309")));
  await says("TP 1219-P", "CONTACT BASE concurrent with initial dose of Push-dose Epinephrine");
  for (const indication of [undefined, "shock", "hypotension"]) {
    const r = calculateDose({
      medication: "push dose epi",
      weightKg: 20,
      ...(indication ? { indication } : {}),
    });
    assert.ok(
      r.warnings.some((w) =>
        w.includes("contact base as the first dose is given") && w.includes("TP 1207-P")
      ),
      `${indication}: ${r.warnings.join(" | ")}`,
    );
  }
});

// --- 6. Push-dose epinephrine: the band's normal systolic pressure ---------------------------------------

Deno.test("a child's push-dose epinephrine titrates to the band's normal systolic pressure in MCG 1309 (TP 1207-P, TP 1210-P)", async () => {
  await says("TP 1207-P", "as needed to maintain normal SBP per MCG 1309");
  await says("TP 1210-P", "as needed to maintain normal SBP per MCG 1309");
  await says("MCG 1317.17", "as needed to maintain SBP >70mmHg");
  // MCG 1309 prints one page per tape weight, each with its normal vital signs, in TAPE_WEIGHTS order.
  const mcg1309 = await says("MCG 1309", "Normal Vital Signs");
  const printed = [...mcg1309.matchAll(/normal vital signs: .*?systolic bp: >(\d+)/g)].map((m) =>
    Number(m[1])
  );
  assert.ok(printed.length >= TAPE_WEIGHTS.length, `${printed.length} vital-sign lines`);
  assert.ok(new Set(printed.slice(0, TAPE_WEIGHTS.length)).size > 1, "the bands differ");
  TAPE_WEIGHTS.forEach((weightKg, i) => {
    const r = calculateDose({ medication: "push dose epi", weightKg });
    assert.ok(
      r.repeat?.note.endsWith(`above ${printed[i]} mmHg (MCG 1309).`),
      `${weightKg} kg: ${r.repeat?.note}`,
    );
    if (printed[i] === 70) assert.equal(r.cardDiffers, undefined, `${weightKg} kg`);
    else assert.match(r.cardDiffers ?? "", new RegExp(`MCG 1317\\.17.*70 mmHg.*above ${printed[i]} mmHg`));
  });
});

// --- 9. IV epinephrine: the bradycardia repeat is not the arrest one -----------------------------------

Deno.test("a child's IV epinephrine for bradycardia repeats every 3-5 minutes with base contact, not the arrest's 3 doses (TP 1212-P)", async () => {
  const brady = await says("TP 1212-P", "For persistent poor perfusion");
  const step = between(brady, "For persistent poor perfusion", "If suspected AV Block");
  assert.ok(step.includes("repeat every 3-5 min"), step);
  assert.ok(step.includes("contact base for physician consultation concurrent"), step);
  assert.doesNotMatch(step, /x2|maximum/, "no count or maximum before base");
  await says("TP 1210-P", "May repeat every 5 min x2, maximum single dose 1mg");

  const r = calculateDose({
    medication: "epinephrine",
    route: "IV",
    indication: "bradycardia",
    weightKg: 20,
  });
  assert.deepEqual([r.repeat?.intervalMinutes, r.repeat?.maxDoses], [[3, 5], undefined]);
  assert.ok(r.warnings.some((w) => w.includes("physician consultation") && w.includes("TP 1212-P")));
  const arrest = calculateDose({
    medication: "epinephrine",
    route: "IV",
    indication: "cardiac-arrest",
    weightKg: 20,
  });
  assert.deepEqual([arrest.repeat?.intervalMinutes, arrest.repeat?.maxDoses], [5, 3]);
  assert.deepEqual(r.dose, arrest.dose);
});

// --- 10. Wording that said something the rules do not ----------------------------------------------------

Deno.test("wording: no seizure note on a child's IV/IO sedation or agitation answer; a child's morphine names MCG 1345's hypotension contraindication", async () => {
  // (A child's agitation and behavioural crisis are IN/IM only, TP 1209-P steps 10–11.)
  for (const [route, indication] of [["IV", "sedation"], ["IO", "sedation"], ["IN", "agitation"]]) {
    const r = calculateDose({ medication: "midazolam", route, indication, weightKg: 20 });
    assert.ok(!r.warnings.some((w) => w.includes("TP 1231-P")), `${indication}: ${r.warnings.join(" | ")}`);
  }
  const pain = await says("MCG 1345", "Morphine Dosing");
  const morphine = between(pain, "Morphine Dosing", "Pregnant patients in labor");
  assert.ok(
    morphine.includes("pediatric dose") && morphine.includes("hypotension or evidence or poor perfusion"),
  );
  const child = calculateDose({ medication: "morphine", route: "IV", weightKg: 20, systolicBp: 60 });
  assert.ok(
    child.warnings.some((w) =>
      w.startsWith("Not with hypotension or poor perfusion") && w.includes("MCG 1345")
    ),
    child.warnings.join(" | "),
  );
});

// --- 7. Atropine for a child poisoned by an organophosphate or a nerve agent -----------------------------

Deno.test("a child's atropine: 0.05 mg/kg for organophosphate poisoning, 0.02 mg/kg IV/IM for mild nerve-agent exposure (TP 1240-P)", async () => {
  const tp = await says(
    "TP 1240-P",
    "ORGANOPHOSPHATE EXPOSURE",
    "Mild Exposure: Atropine (0.1mg/mL) 0.02mg/kg IV/IM",
  );
  const organophosphate = between(tp, "ORGANOPHOSPHATE EXPOSURE", "RADIOLOGIC EXPOSURE");
  assert.ok(organophosphate.includes("atropine (0.1mg/ml) 0.05mg/kg iv/io"), organophosphate);
  assert.ok(organophosphate.includes("may be repeated every 5 min, maximum total dose 5mg"));
  await says("MCG 1317.9", "0.05mg/kg (0.1mg/mL) IV/IO, may be repeated every 5 min, maximum total dose 5mg");

  const op = calculateDose({ medication: "atropine", indication: "organophosphate", weightKg: 20 });
  assert.deepEqual([op.variant.id, op.dose, op.volumeMl, op.route], [
    "atropine-organophosphate",
    { value: 1, unit: "mg" },
    10,
    "IV/IO",
  ]);
  assert.deepEqual([op.repeat?.intervalMinutes, op.repeat?.maxTotal], [5, { value: 5, unit: "mg" }]);
  assert.equal(op.references[0], "TP 1240-P");
  // MCG 1309 prints no such dose: calculated, and the answer says so.
  assert.equal(op.basis, "weight-calculated");
  // Step 18's conditions are part of the answer (the adult's has them too).
  assert.ok(
    op.warnings.some((w) => /heart rate under 60.*salivation.*step 18/.test(w)),
    op.warnings.join(" | "),
  );
  // A nerve agent is not an organophosphate alias for a child: its dose is by severity (step 15), so asked.
  const nerveAgent = refusal({ medication: "atropine", indication: "nerve agent", weightKg: 20 });
  assert.equal(nerveAgent.code, "AMBIGUOUS_INDICATION");
  assert.deepEqual(nerveAgent.details().indications, ["nerve-agent-mild"]);
  assert.deepEqual(
    calculateDose({ medication: "atropine", indication: "nerve agent", weightKg: 70 }).dose,
    calculateDose({ medication: "atropine", indication: "organophosphate", weightKg: 70 }).dose,
  );

  const mild = calculateDose({
    medication: "atropine",
    route: "IM",
    indication: "mild nerve agent exposure",
    weightKg: 20,
  });
  const brady = calculateDose({
    medication: "atropine",
    route: "IV",
    indication: "bradycardia",
    weightKg: 20,
  });
  assert.deepEqual([mild.route, mild.dose, mild.volumeMl], ["IM", brady.dose, brady.volumeMl]);
  // DuoDote's mild-exposure refusal points at a request the engine answers.
  const refused = refusal({ medication: "duodote", weightKg: 20, indication: "mild" });
  assert.match(refused.message, /nerve-agent-mild/);
  assert.equal(
    calculateDose({ medication: "atropine", route: "IV", indication: "nerve-agent-mild", weightKg: 20 }).dose
      .value,
    mild.dose.value,
  );

  // The two doses differ, so a child's atropine without an indication is asked for, not guessed (any route).
  for (const route of [undefined, "IV", "IM"]) {
    const error = refusal({ medication: "atropine", weightKg: 20, ...(route ? { route } : {}) });
    assert.equal(error.code, "AMBIGUOUS_INDICATION", route);
    assert.deepEqual(error.details().indications, ["bradycardia", "organophosphate", "nerve-agent-mild"]);
  }
  // Adults are unchanged: asked for bradycardia or organophosphate (TP 1212 / TP 1240); no child-only choice.
  assert.deepEqual(refusal({ medication: "atropine", weightKg: 70 }).details().indications, [
    "bradycardia",
    "organophosphate",
    "nerve-agent",
  ]);
  assert.equal(
    refusal({ medication: "atropine", indication: "nerve-agent-mild", weightKg: 70 }).code,
    "NOT_FOR_THIS_PATIENT",
  );
});

// --- 8. Crush injury in a child (TP 1242-P) ---------------------------------------------------------------

Deno.test("a child's crush injury: bicarbonate and calcium per MCG 1309, albuterol 5 mg at any age as TP 1242-P says", async () => {
  const tp = await says(
    "TP 1242-P",
    "If evidence of hyperkalemia",
    "For patients at risk for CRUSH SYNDROME",
  );
  const hyperkalemia = between(tp, "If evidence of hyperkalemia", "For pain management");
  for (
    const phrase of [
      "calcium chloride (100mg/ml) 20mg/kg slow iv/io push, dose per mcg 1309",
      "sodium bicarbonate (1meq/ml) 1 meq/kg slow iv/io push, dose per mcg 1309",
      "albuterol 5mg (6ml) via neb, repeat continuously until hospital arrival",
    ]
  ) assert.ok(hyperkalemia.includes(phrase), phrase);
  const before = between(
    tp,
    "For patients at risk for CRUSH SYNDROME",
    "If unable to establish vascular access",
  );
  assert.ok(before.includes("albuterol 5mg (6ml) via neb, repeat immediately x1"), before);
  await says(
    "TP 1242-P",
    "Dosing differs from MCG 1309; higher doses of albuterol are required to treat hyperkalemia",
  );

  // Bicarbonate and calcium chloride for a child's crush injury: 1 mEq/kg and 20 mg/kg (MCG 1309's 20 mEq and
  // 400 mg at 20 kg); their repeats by what the injury shows are the next test's.
  const bicarb = calculateDose({
    medication: "bicarb",
    route: "IV",
    indication: "crush-hyperkalemia",
    weightKg: 20,
  });
  assert.deepEqual(bicarb.dose, { value: 20, unit: "mEq" });
  const calcium = calculateDose({
    medication: "calcium chloride",
    route: "IV",
    indication: "before extrication",
    weightKg: 20,
  });
  assert.deepEqual(calcium.dose, { value: 400, unit: "mg" });
  // Albuterol: 5 mg (6 mL) even under 4 years, where wheezing gets 2.5 mg.
  for (
    const [indication, maxDoses] of [["crush-hyperkalemia", undefined], ["crush-syndrome-risk", 2]] as const
  ) {
    for (const [weightKg, ageYears] of [[10, 1], [20, 6]]) {
      const r = calculateDose({ medication: "albuterol", route: "NEB", indication, weightKg, ageYears });
      assert.deepEqual([r.dose, r.volumeMl, r.repeat?.maxDoses], [{ value: 5, unit: "mg" }, 6, maxDoses]);
      assert.equal(r.references[0], "TP 1242-P");
      assert.ok(r.warnings.some((w) => w.includes("higher than MCG 1309")), r.warnings.join(" | "));
    }
  }
  // Before extrication: the first nebuliser 5 minutes before, the second straight after the first (step 15).
  const step15 = between(
    tp,
    "For patients at risk for CRUSH SYNDROME",
    "If unable to establish vascular access",
  );
  assert.ok(step15.includes("5 minutes prior to extrication"), step15);
  assert.ok(step15.includes("albuterol 5mg (6ml) via neb, repeat immediately x1"), step15);
  const beforeRelease = calculateDose({
    medication: "albuterol",
    route: "NEB",
    indication: "crush-syndrome-risk",
    weightKg: 20,
  });
  const note = beforeRelease.repeat?.note ?? "";
  assert.match(
    note,
    /^Give 5 minutes before extrication; a second 5 mg straight after the first \(TP 1242-P step 15\)/,
  );
  assert.doesNotMatch(
    note,
    /repeat[^;]*5 minutes before/i,
    "the repeat is not placed 5 minutes before release",
  );
  const wheeze = calculateDose({ medication: "albuterol", route: "NEB", weightKg: 10, ageYears: 1 });
  assert.deepEqual(wheeze.dose, { value: 2.5, unit: "mg" }, "without the indication: the bronchospasm dose");
});

/** The number of the step a phrase of the document stands in ("10. If evidence of hyperkalemia …"). */
function stepOf(text: string, phrase: string): string | undefined {
  const at = text.indexOf(normalise(phrase));
  assert.ok(at >= 0, `"${phrase}" not found`);
  return [...text.matchAll(/(?:^|\s)(\d+)\.\s+(?=[a-z])/g)].filter((m) => m.index! < at).at(-1)?.[1];
}

Deno.test("a child's calcium chloride and bicarbonate in a crush injury: one repeat with hyperkalaemia (TP 1242-P step 10), one dose before extrication (step 15), asked when the injury is not qualified", async () => {
  const tp = await says(
    "TP 1242-P",
    "If evidence of hyperkalemia",
    "For patients at risk for CRUSH SYNDROME",
  );
  assert.deepEqual(
    [
      stepOf(tp, "If evidence of hyperkalemia"),
      stepOf(tp, "For CRUSH INJURY without risk of crush syndrome"),
      stepOf(tp, "administer the following medications 5 minutes prior to extrication"),
    ],
    ["10", "13", "15"],
  );
  // Step 10: each repeated once for persisting ECG abnormalities.
  const step10 = between(tp, "If evidence of hyperkalemia", "For pain management");
  for (
    const [drug, next] of [["Calcium Chloride", "Sodium Bicarbonate"], ["Sodium Bicarbonate", "Albuterol"]]
  ) {
    assert.ok(between(step10, drug, next).includes("repeat x1 for persistent ecg abnormalities"), drug);
  }
  // Step 15: both once, 5 minutes before extrication; the only repeat there is albuterol's.
  // (The header's "Required for patients at risk for crush syndrome" comes first: anchored on step 15's words.)
  const step15 = between(
    tp,
    "administer the following medications 5 minutes prior to extrication",
    "If unable to establish vascular access",
  );
  const step15Drugs = between(step15, "Calcium Chloride", "Albuterol");
  assert.ok(step15Drugs.includes("sodium bicarbonate (1meq/ml) 1 meq/kg"), step15Drugs);
  assert.doesNotMatch(step15Drugs, /repeat/, "no repeat of calcium or bicarbonate before extrication");
  // Step 13: a crush injury with no risk of crush syndrome gets neither.
  const step13 = between(tp, "For CRUSH INJURY without risk of crush syndrome", "Consider pre-positioning");
  assert.doesNotMatch(step13, /calcium|bicarbonate/);
  // MCG 1309 prints no repeat for either; the cards give the crush repeat for suspected hyperkalaemia only.
  const mcg = await readDocument("MCG 1309");
  assert.doesNotMatch(between(mcg, "Calcium Chloride", "Dextrose 10%"), /repeat/);
  assert.doesNotMatch(between(mcg, "Sodium Bicarbonate IV", "Tranexamic Acid"), /repeat/);
  const calciumCard = await says("MCG 1317.11", "Crush - Suspected hyperkalemia");
  assert.ok(
    between(calciumCard, "Pediatric Dose", "Overdose / Poisoning").includes("repeat x1 for persistent ecg"),
  );
  await says("MCG 1317.39", "For crush injury, repeat x1 for persistent ECG abnormalities");

  for (const medication of ["calcium chloride", "sodium bicarbonate"]) {
    const withSigns = calculateDose({
      medication,
      route: "IV",
      indication: "crush-hyperkalemia",
      weightKg: 20,
    });
    assert.equal(withSigns.repeat?.maxDoses, 2, medication);
    assert.match(
      withSigns.repeat?.note ?? "",
      /one repeat for persisting ECG changes.*\(TP 1242-P step 10\)/,
    );
    // Its other names, by vein or by bone alike (step 10: slow IV/IO push).
    for (
      const indication of [
        "crush hyperkalaemia",
        "hyperkalemia in crush injury",
        "crush injury with hyperkalemia",
      ]
    ) {
      for (const route of ["IV", "IO"]) {
        const same = calculateDose({ medication, route, indication, weightKg: 20 });
        assert.deepEqual(
          [same.indication, same.route, same.dose, same.repeat],
          ["crush-hyperkalemia", route, withSigns.dose, withSigns.repeat],
          `${medication} ${indication} ${route}`,
        );
      }
    }
    for (const indication of ["crush-syndrome-risk", "before extrication", "at risk of crush syndrome"]) {
      const before = calculateDose({ medication, route: "IO", indication, weightKg: 20 });
      assert.equal(before.repeat?.maxDoses, 1, `${medication} ${indication}: no repeat before extrication`);
      assert.match(
        before.repeat?.note ?? "",
        /^One dose, 5 minutes before extrication.*\(TP 1242-P step 15\)/,
      );
      assert.deepEqual(before.dose, withSigns.dose, "the dose is MCG 1309's either way");
    }
    // "Crush" alone settles neither: asked, the way DuoDote asks a child's severity.
    for (const indication of ["crush", "crush injury", "crush syndrome"]) {
      const asked = refusal({ medication, indication, weightKg: 20 });
      assert.deepEqual([asked.code, asked.details()], ["AMBIGUOUS_INDICATION", {
        field: "indication",
        indications: ["crush-hyperkalemia", "crush-syndrome-risk"],
      }], `${medication} ${indication}`);
      assert.match(
        asked.message,
        /\(crush-hyperkalemia, TP 1242-P step 10\).*step 15.*none is given \(step 13\)/,
      );
    }
    // Without an indication a child is asked for it, as for midazolam and epinephrine: an overdose needs a base
    // order before the first dose (TP 1241-P), which a dose answered without one would not say.
    const unsure = refusal({ medication, route: "IV", weightKg: 20 });
    const overdose = medication === "calcium chloride"
      ? "calcium-channel-blocker-overdose"
      : "tricyclic-overdose";
    assert.deepEqual([unsure.code, unsure.details()], ["AMBIGUOUS_INDICATION", {
      field: "indication",
      indications: [
        "crush-hyperkalemia",
        "crush-syndrome-risk",
        overdose,
        ...(medication === "sodium bicarbonate" ? ["agitation-cardiotoxicity"] : []),
      ],
    }], medication);
    assert.match(unsure.message, /one repeat for persisting changes \(TP 1242-P step 10\)/);
    assert.match(unsure.message, /one dose 5 minutes before extrication \(step 15\)/);
    assert.match(unsure.message, /only on a base order \(TP 1241-P\)/);
    assert.match(
      unsure.message,
      /hyperkalaemia outside a crush injury no paediatric protocol gives it: contact base/,
    );
    assert.equal(
      calculateDose({ medication, route: "IV", indication: overdose, weightKg: 20 }).warnings[0],
      "Only on a base hospital order (TP 1241-P).",
      `${medication}: the overdose it asks about is the base-order one`,
    );
  }
});

/**
 * A child is given calcium chloride or bicarbonate for hyperkalaemia only in a crush injury: MCG 1317.11 prints a
 * child's calcium dose for a crush injury and a calcium-channel-blocker overdose only, MCG 1317.39 a child's
 * bicarbonate "slow IV push" with a repeat for a crush injury only, TP 1210-P names hyperkalaemia as a cause of
 * arrest with neither drug, TP 1212-P does not name it. Hyperkalaemia without a crush is refused: contact base.
 */
Deno.test("a child's hyperkalaemia outside a crush injury gets no calcium chloride or bicarbonate: contact base; in one it is crush-hyperkalemia (MCG 1317.11, MCG 1317.39, TP 1210-P, TP 1212-P, TP 1242-P)", async () => {
  const calciumCard = await says("MCG 1317.11", "Crush - Suspected hyperkalemia");
  const childCalcium = between(calciumCard, "Pediatric Dose", "Mechanism of Action");
  assert.equal(
    childCalcium.split("hyperkalemia").length - 1,
    1,
    "one child's hyperkalaemia dose: the crush one",
  );
  assert.ok(
    childCalcium.startsWith(normalise("Pediatric Dose Crush - Suspected hyperkalemia")),
    childCalcium,
  );
  const bicarbonateCard = await says(
    "MCG 1317.39",
    "For crush injury, repeat x1 for persistent ECG abnormalities",
  );
  const childBicarbonate = between(bicarbonateCard, "Pediatric Dose", "Mechanism of Action");
  assert.ok(childBicarbonate.includes("slow iv push"), childBicarbonate);
  assert.doesNotMatch(childBicarbonate, /hyperkal|iv\/io/);
  const arrest = await says("TP 1210-P", "Potential causes that can be treated in the field include hypoxia");
  assert.doesNotMatch(arrest, /calcium chloride|sodium bicarbonate/);
  assert.doesNotMatch(await readDocument("TP 1212-P"), /hyperkal/);
  await says("TP 1242-P", "Calcium Chloride (100mg/mL) 20mg/kg slow IV/IO push, dose per MCG 1309");

  for (const medication of ["calcium chloride", "sodium bicarbonate"]) {
    for (const indication of ["hyperkalemia", "hyperkalaemia"]) {
      for (const route of [undefined, "IV", "IO"]) {
        for (
          const patient of [{ weightKg: 18 }, { color: "white" }, { weightKg: 3, ageYears: 0.1 }, {
            weightKg: 36,
          }]
        ) {
          const request = { medication, indication, ...(route ? { route } : {}), ...patient };
          const refused = refusal(request);
          assert.deepEqual(
            [refused.code, refused.details()],
            ["NOT_FOR_THIS_PATIENT", { field: "indication" }],
            JSON.stringify(request),
          );
          assert.match(
            refused.message,
            /in a crush injury it is TP 1242-P step 10's \(send crush-hyperkalemia\); outside a crush injury no paediatric protocol gives it: contact base\.$/,
          );
        }
      }
    }
    // In a crush injury: MCG 1309's dose at every tape weight (20 mg/kg, 1 mEq/kg), IV or IO, one repeat.
    for (const weightKg of TAPE_WEIGHTS) {
      for (const route of ["IV", "IO"]) {
        const r = calculateDose({ medication, indication: "crush-hyperkalemia", route, weightKg });
        const perKg = medication === "calcium chloride" ? 20 : 1;
        assert.deepEqual(
          [r.route, r.dose.value, r.repeat?.maxDoses, r.adult],
          [route, Math.min(perKg * weightKg, medication === "calcium chloride" ? 1000 : 50), 2, false],
          `${medication} ${weightKg} kg ${route}`,
        );
      }
    }
  }
});

/**
 * Albuterol the same way: MCG 1317.3 gives a child albuterol for hyperkalaemia only in a crush (evidence of or
 * suspected hyperkalaemia; at risk of crush syndrome), TP 1242-P steps 10 and 15; TP 1212-P has no hyperkalaemia.
 */
Deno.test("a child's albuterol for hyperkalaemia only in a crush injury (crush-hyperkalemia, TP 1242-P step 10); outside one no dose, contact base (MCG 1317.3)", async () => {
  const card = await says("MCG 1317.3", "Crush – Evidence of or suspected hyperkalemia");
  const childAlbuterol = between(card, "Pediatric Dose", "Mechanism of Action");
  assert.equal(childAlbuterol.split("hyperkalemia").length - 1, 1, "one child's hyperkalaemia dose");
  assert.ok(
    childAlbuterol.startsWith(normalise("Pediatric Dose Crush – Evidence of or suspected hyperkalemia")),
    childAlbuterol,
  );
  assert.doesNotMatch(await readDocument("TP 1212-P"), /hyperkal/);

  const rows: [DoseRequest, number | string][] = [
    // A child's plain hyperkalaemia, by any name or formulation asked: refused, base.
    [{ medication: "albuterol", indication: "hyperkalemia", weightKg: 20 }, "NOT_FOR_THIS_PATIENT"],
    [
      { medication: "albuterol", indication: "hyperkalaemia", route: "NEB", weightKg: 10 },
      "NOT_FOR_THIS_PATIENT",
    ],
    [{ medication: "albuterol neb", indication: "hyperkalemia", color: "white" }, "NOT_FOR_THIS_PATIENT"],
    [
      { medication: "salbutamol", indication: "hyperkalemia", weightKg: 36, ageYears: 12 },
      "NOT_FOR_THIS_PATIENT",
    ],
    // In a crush injury: TP 1242-P's 5 mg at any age.
    [{ medication: "albuterol", indication: "crush-hyperkalemia", weightKg: 10, ageYears: 1 }, 5],
    [{ medication: "albuterol", indication: "crush hyperkalemia", route: "NEB", weightKg: 20 }, 5],
    [{ medication: "albuterol", indication: "crush injury with hyperkalemia", weightKg: 36 }, 5],
  ];
  for (const [request, answer] of rows) {
    const label = JSON.stringify(request);
    if (typeof answer === "string") {
      const refused = refusal(request);
      assert.deepEqual([refused.code, refused.details()], [answer, { field: "indication" }], label);
      assert.match(
        refused.message,
        /^Albuterol is not dosed for hyperkalemia in children: in a crush injury it is TP 1242-P step 10's \(send crush-hyperkalemia\); outside a crush injury no paediatric protocol gives it: contact base\.$/,
        label,
      );
      continue;
    }
    const r = calculateDose(request);
    assert.deepEqual(
      [r.variant.id, r.indication, r.dose, r.volumeMl, r.repeat?.maxDoses, r.adult],
      ["albuterol-neb-crush-child", "crush-hyperkalemia", { value: answer, unit: "mg" }, 6, undefined, false],
      label,
    );
    assert.match(r.repeat?.note ?? "", /^Repeat continuously until arrival at hospital/, label);
    assert.equal(r.references[0], "TP 1242-P", label);
  }
});

Deno.test("a child formulation named by id is not filtered away: its own indications are asked for, never an empty list", () => {
  const asked = refusal({ medication: "albuterol-neb-crush-child", weightKg: 20 });
  assert.equal(asked.code, "AMBIGUOUS_INDICATION");
  assert.deepEqual(asked.details().indications, ["crush-hyperkalemia", "crush-syndrome-risk"]);
  assert.doesNotMatch(asked.message, /Choose one of \./);
  // Named with its indication, it answers (TP 1242-P); hyperkalaemia outside a crush injury is none of its own.
  assert.equal(
    calculateDose({ medication: "albuterol-neb-crush-child", weightKg: 20, indication: "crush-hyperkalemia" })
      .variant.id,
    "albuterol-neb-crush-child",
  );
  assert.equal(
    refusal({ medication: "albuterol-neb-crush-child", weightKg: 20, indication: "hyperkalemia" }).code,
    "UNKNOWN_INDICATION",
  );
  // Named for an adult: not this patient's formulation, said so.
  for (const medication of ["albuterol-neb-crush-child", "atropine-organophosphate"]) {
    const adult = refusal({ medication, weightKg: 70 });
    assert.equal(adult.code, "NOT_FOR_THIS_PATIENT", medication);
    assert.match(adult.message, /not dosed for adults/, medication);
  }
});

Deno.test("a child's bicarbonate for agitation with a wide QRS or bradycardia: after base contact, one repeat while the QRS stays wide (TP 1209-P step 13, note 9)", async () => {
  await says(
    "TP 1209-P",
    "CONTACT BASE for QRS > 0.12 sec or heart rate < 50 to discuss need to administer Sodium",
    "may repeat x1 if QRS remains > 0.12 sec after initial sodium bicarbonate",
  );
  for (const indication of ["agitation-cardiotoxicity", "wide qrs", "cocaine"]) {
    const r = calculateDose({ medication: "sodium bicarbonate", route: "IV", indication, weightKg: 20 });
    // MCG 1309's 1 mEq/kg: 20 mEq in 20 mL at 20 kg.
    assert.deepEqual([r.dose.value, r.dose.unit, r.volumeMl], [20, "mEq", 20], indication);
    assert.equal(r.warnings[0], "Only on a base hospital order (TP 1209-P).", indication);
    assert.equal(r.repeat?.maxDoses, 2, indication);
    assert.match(r.repeat?.note ?? "", /QRS is still over 0\.12 s/);
  }
});

/**
 * A child's bicarbonate outside a crush injury is IV only (medical director's review): MCG 1317.39 prints a
 * child's dose "slow IV push", MCG 1309 "Sodium Bicarbonate IV", TP 1241-P "slow IV push"; only TP 1242-P's
 * crush injury prints IV/IO. By bone it is refused with the reason and "ask base".
 */
Deno.test("a child's bicarbonate for a tricyclic overdose or agitation with a wide QRS is IV only; IO is refused with the reason and 'ask base'; crush keeps IV/IO (MCG 1317.39, MCG 1309, TP 1241-P, TP 1242-P)", async () => {
  await says("MCG 1317.39", "Pediatric Dose 1mEq/kg (1mEq/mL) slow IV push, dose per MCG 1309");
  await says("MCG 1309", "Sodium Bicarbonate IV");
  await says("TP 1241-P", "Sodium bicarbonate (1mEq/mL) 1mEq/kg slow IV push");
  await says("TP 1242-P", "Sodium Bicarbonate (1mEq/mL) 1 mEq/kg slow IV/IO push, dose per MCG 1309");
  for (
    const [indication, protocol] of [["tricyclic-overdose", "TP 1241-P"], [
      "agitation-cardiotoxicity",
      "TP 1209-P",
    ]]
  ) {
    for (const route of ["IO", "IV/IO"]) {
      const io = refusal({ medication: "sodium bicarbonate", indication, route, weightKg: 20 });
      assert.deepEqual(
        [io.code, io.details().routes],
        ["ROUTE_NOT_AVAILABLE", ["IV"]],
        `${indication} ${route}`,
      );
      assert.match(io.message, new RegExp(`slow IV push \\(${protocol}, MCG 1317\\.39`), indication);
      assert.match(io.message, /only a crush injury prints IV\/IO \(TP 1242-P\)\. Ask base/, indication);
    }
    // By vein, or with no route asked: IV, 1 mEq/kg (20 mEq at 20 kg, MCG 1309).
    for (const route of ["IV", undefined]) {
      const iv = calculateDose({
        medication: "sodium bicarbonate",
        indication,
        ...(route ? { route } : {}),
        weightKg: 20,
      });
      assert.deepEqual([iv.route, iv.dose.value], ["IV", 20], `${indication} ${route}`);
    }
  }
  // A crush injury keeps IV/IO (TP 1242-P), and an adult's overdose IV/IO (MCG 1317.39: slow IV/IO push).
  const crush = calculateDose({
    medication: "sodium bicarbonate",
    indication: "crush-hyperkalemia",
    route: "IO",
    weightKg: 20,
  });
  assert.equal(crush.route, "IO");
  const adult = calculateDose({
    medication: "sodium bicarbonate",
    indication: "tricyclic-overdose",
    route: "IO",
    weightKg: 80,
  });
  assert.equal(adult.route, "IO");
});
