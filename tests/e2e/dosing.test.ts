/**
 * The dosing function's HTTP contract end to end: the typed client (functions-shared/client/, over
 * supabase-js functions.invoke) against the stack's functions server, through the local gateway and the
 * shared pipeline; every answer is also parsed with its published response schema. Fewer requests than the
 * DOSING rate-limit class allows in a minute.
 */
import assert from "node:assert/strict";
import { apiClient } from "../support/api_client.ts";
import { errorBody as errorOf } from "../support/functions_client.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const guest = () => apiClient().dosing;

Deno.test("GET /dosing: the formulary, for guests too", options, async () => {
  const { data, error } = await guest().list();
  assert.equal(error, null);
  assert.equal(data!.source.reference, "MCG 1309");
  const epinephrine = data!.medications.find((m) => m.id === "epinephrine")!;
  assert.deepEqual(Object.keys(epinephrine).sort(), ["aliases", "id", "indications", "name", "routes"]);
  assert.deepEqual(epinephrine.routes, ["IV", "IO", "IM", "NEB"]);
  assert.equal(data!.colors.length, 9);
});

Deno.test("POST /dosing: a paramedic's calculation, every field of the result", options, async () => {
  const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
  const { data, error } = await apiClient(token).dosing.calculate({
    body: { medication: "epinephrine", route: "IV", indication: "push-dose", weightKg: 24 },
  });
  assert.equal(error, null);
  assert.ok(data);
  assert.deepEqual(data.medication, { id: "epinephrine", name: "Epinephrine" });
  assert.equal(data.route, "IV");
  assert.match(data.formulation, /^0\.01 mg\/mL/);
  assert.deepEqual([data.weightKg, data.color, data.adult], [24, "orange", false]);
  assert.deepEqual(data.dose, { value: 10, unit: "mcg" });
  assert.equal(data.volumeMl, 1);
  assert.deepEqual(data.maxSingleDose, { value: 10, unit: "mcg" });
  assert.equal(data.capped, true);
  assert.deepEqual(data.repeat?.intervalMinutes, [1, 5]);
  assert.ok(Array.isArray(data.warnings) && data.warnings.length > 0);
  // a child's push-dose is for shock (TP 1207-P), cited since the anaphylactic-shock push-dose (TP 1219-P) was added
  assert.equal(data.citation, "MCG 1309 (rev. 07-01-25); MCG 1317.17; TP 1207-P");
});

Deno.test("POST /dosing: a guest, by colour, and an adult above the tape", options, async () => {
  const byColor = await guest().calculate({
    body: { medication: "midazolam", route: "IN", indication: "seizure", color: "purple" },
  });
  assert.equal(byColor.error, null);
  assert.deepEqual([byColor.data!.dose.value, byColor.data!.volumeMl, byColor.data!.weightKg], [
    2.5,
    0.5,
    null,
  ]);
  const adult = await guest().calculate({
    body: { medication: "naloxone", route: "IN", weightKg: 80 },
  });
  assert.equal(adult.error, null);
  assert.deepEqual([adult.data!.adult, adult.data!.dose], [true, { value: 2, unit: "mg", upTo: 4 }]);
  // Above the tape but 6 years old: the tape's length decides (MCG 1309), so the colour is asked for.
  const heavyChild = {
    medication: "midazolam",
    route: "IM",
    indication: "seizure",
    weightKg: 70,
    ageYears: 6,
  };
  const asked = await errorOf((await guest().calculate({ body: heavyChild })).error);
  assert.deepEqual([asked.status, asked.body.error.code, asked.body.error.details.field], [
    400,
    "FACT_REQUIRED",
    "color",
  ]);
  // Longer than the tape at 6: TP 1231-P doses the seizure by age (5 mg), not the adult 10 mg (MD H6 rest).
  const longer = await guest().calculate({ body: { ...heavyChild, color: "adult" } });
  assert.deepEqual([longer.data?.adult, longer.data?.dose.value, longer.data?.basis], [false, 5, "age"]);
  // 13 years above the tape: the child's IN/IM only, so IV is refused (TP 1231-P lists no IV/IO for a child).
  const teenIv = await errorOf(
    (await guest().calculate({ body: { ...heavyChild, route: "IV", ageYears: 13 } })).error,
  );
  assert.deepEqual([teenIv.status, teenIv.body.error.code], [400, "ROUTE_NOT_AVAILABLE"]);
  // An adult's naloxone IM with a count and no total: TP 1241's 8 mg counts every route, so the total is asked.
  const counted = await errorOf(
    (await guest().calculate({ body: { medication: "naloxone", route: "IM", weightKg: 80, dosesGiven: 2 } }))
      .error,
  );
  assert.deepEqual([counted.status, counted.body.error.code, counted.body.error.details.field], [
    400,
    "FACT_REQUIRED",
    "totalGiven",
  ]);
});

Deno.test(
  "a child longer than the tape: agitation within TP 1209-P, no single 10 mg (422); a seizure's total held (422); " +
    "under 6 the tape is asked for (400)",
  options,
  async () => {
    // 9 years, measured longer than the tape: TP 1209-P's 5 mg IN/IM, not TP 1209's adult rules (tenth read, M1).
    const child = { medication: "midazolam", ageYears: 9, color: "adult" };
    const agitation = await guest().calculate({ body: { ...child, indication: "agitation" } });
    assert.equal(agitation.error, null);
    assert.deepEqual(
      [
        agitation.data!.dose.value,
        agitation.data!.route,
        agitation.data!.adult,
        agitation.data!.repeat?.baseMaxTotal,
      ],
      [5, "IN/IM", false, { value: 15, unit: "mg" }],
    );
    const high = await errorOf(
      (await guest().calculate({ body: { ...child, indication: "agitation-high-risk" } })).error,
    );
    assert.deepEqual([high.status, high.body.error.code, high.body.error.details.field], [
      422,
      "NOT_FOR_THIS_PATIENT",
      "indication",
    ]);
    // One dose, 10 mg in all: TP 1231-P's two 5 mg doses before base are spent (L1).
    const spent = await errorOf(
      (await guest().calculate({
        body: { ...child, indication: "seizure", dosesGiven: 1, totalGiven: 10 },
      })).error,
    );
    assert.deepEqual([spent.status, spent.body.error.code, spent.body.error.details.field], [
      422,
      "LIMIT_REACHED",
      "totalGiven",
    ]);
    // 3 years "longer than the tape" is a measuring error: the colour is asked for (L2).
    const toddler = await errorOf(
      (await guest().calculate({ body: { ...child, indication: "seizure", ageYears: 3 } })).error,
    );
    assert.deepEqual([toddler.status, toddler.body.error.code, toddler.body.error.details.field], [
      400,
      "FACT_REQUIRED",
      "color",
    ]);
  },
);

Deno.test("unknown medication → 404 with suggestions", options, async () => {
  const { data, error } = await guest().calculate({
    body: { medication: "epinefrine", weightKg: 10 },
  });
  assert.equal(data, null);
  const { status, headers, body } = await errorOf(error);
  assert.equal(status, 404);
  assert.equal(body.error.code, "UNKNOWN_MEDICATION");
  assert.equal(body.error.details.field, "medication");
  assert.deepEqual(body.error.details.suggestions[0], { id: "epinephrine", name: "Epinephrine" });
  assert.equal(headers.get("X-Request-Id"), body.error.requestId);
});

Deno.test(
  "ambiguous route → 400 listing the routes; ambiguous indication → 400 listing them; a child's hyperkalaemia " +
    "outside a crush injury → 422",
  options,
  async () => {
    const route = await errorOf(
      (await guest().calculate({
        body: { medication: "fentanyl", weightKg: 20 },
      })).error,
    );
    assert.equal(route.status, 400);
    assert.equal(route.body.error.code, "AMBIGUOUS_ROUTE");
    assert.deepEqual(route.body.error.details, { field: "route", routes: ["IV", "IO", "IM", "IN"] });
    const indication = await errorOf(
      (await guest().calculate({
        body: { medication: "midazolam", route: "IM", weightKg: 20 },
      })).error,
    );
    assert.equal(indication.status, 400);
    assert.deepEqual(indication.body.error.details, {
      field: "indication",
      indications: ["agitation", "behavioral-crisis", "agitation-severe", "sedation", "seizure"],
    });
    // A child's IV midazolam or IM epinephrine without an indication is asked for it (TP 1209-P, TP 1219-P …),
    // as DuoDote asks a child's severity; a child's unqualified crush injury likewise (TP 1242-P).
    for (
      const [body, indications] of [
        // Every indication is listed, those a child's vein withholds too (seizure: TP 1231-P), so that
        // sedation, which MCG 1317.25 gives by vein, is never assumed.
        [{ medication: "midazolam", route: "IV", weightKg: 20 }, [
          "agitation",
          "behavioral-crisis",
          "agitation-severe",
          "sedation",
          "seizure",
        ]],
        [{ medication: "epinephrine", route: "IM", weightKg: 20 }, [
          "anaphylaxis",
          "bronchospasm",
          "airway-swelling",
        ]],
        [{ medication: "duodote", weightKg: 20 }, ["mild-exposure", "moderate-exposure", "severe-exposure"]],
        [{ medication: "calcium chloride", indication: "crush", weightKg: 20 }, [
          "crush-hyperkalemia",
          "crush-syndrome-risk",
        ]],
      ] as const
    ) {
      const asked = await errorOf((await guest().calculate({ body })).error);
      assert.deepEqual(
        [asked.status, asked.body.error.code, asked.body.error.details],
        [400, "AMBIGUOUS_INDICATION", { field: "indication", indications }],
        JSON.stringify(body),
      );
    }
    // Before extrication: one dose, no repeat (TP 1242-P step 15).
    const { data, error } = await guest().calculate({
      body: { medication: "calcium chloride", route: "IV", indication: "before extrication", weightKg: 20 },
    });
    assert.equal(error, null);
    assert.deepEqual([data!.dose, data!.repeat?.maxDoses], [{ value: 400, unit: "mg" }, 1]);
    // With ECG signs of hyperkalaemia: IO too, one repeat (step 10). Hyperkalaemia alone: no child's dose, base.
    const signs = await guest().calculate({
      body: { medication: "sodium bicarbonate", route: "IO", indication: "crush-hyperkalemia", weightKg: 20 },
    });
    assert.equal(signs.error, null);
    assert.deepEqual([signs.data!.dose, signs.data!.route, signs.data!.repeat?.maxDoses], [
      { value: 20, unit: "mEq" },
      "IO",
      2,
    ]);
    const alone = await errorOf(
      (await guest().calculate({
        body: { medication: "sodium bicarbonate", route: "IO", indication: "hyperkalemia", weightKg: 20 },
      })).error,
    );
    assert.deepEqual([alone.status, alone.body.error.code, alone.body.error.details], [
      422,
      "NOT_FOR_THIS_PATIENT",
      { field: "indication" },
    ]);
    assert.match(alone.body.error.message, /send crush-hyperkalemia.*contact base/);
  },
);

Deno.test(
  "refusals: below 3 kg → 422; no weight → 400; a colour spanning weights → 400",
  options,
  async () => {
    const small = await errorOf(
      (await guest().calculate({
        body: { medication: "morphine", route: "IV", weightKg: 2.5 },
      })).error,
    );
    assert.deepEqual([small.status, small.body.error.code], [422, "WEIGHT_OUT_OF_RANGE"]);
    const noWeight = await errorOf(
      (await guest().calculate({
        body: { medication: "morphine", route: "IV" },
      })).error,
    );
    assert.deepEqual([noWeight.status, noWeight.body.error.code, noWeight.body.error.details.field], [
      400,
      "WEIGHT_REQUIRED",
      "weightKg",
    ]);
    const color = await errorOf(
      (await guest().calculate({
        body: { medication: "morphine", route: "IV", color: "white" },
      })).error,
    );
    assert.equal(color.body.error.code, "COLOR_NEEDS_WEIGHT");
    assert.deepEqual(color.body.error.details.weightsKg, [15, 16, 17, 18]);
  },
);

Deno.test(
  "adult facts: a dose chosen by systolic pressure → 400 naming it when absent, the dose with it; a used-up " +
    "maximum → 422 with what base may order",
  options,
  async () => {
    const body = { medication: "nitroglycerin", indication: "pulmonary-edema", ageYears: 70 };
    const missing = await errorOf((await guest().calculate({ body })).error);
    assert.deepEqual([missing.status, missing.body.error.code], [400, "FACT_REQUIRED"]);
    assert.equal(missing.body.error.details.field, "systolicBp");
    assert.match(missing.body.error.details.reason, /TP 1214/);
    const given = await guest().calculate({ body: { ...body, systolicBp: 168, dosesGiven: 1 } });
    assert.equal(given.error, null);
    assert.deepEqual(given.data!.dose, { value: 0.8, unit: "mg" });
    assert.equal(given.data!.doseNumber, 2);
    assert.deepEqual(given.data!.next?.dose, { value: 0.8, unit: "mg" });
    assert.deepEqual(given.data!.next?.intervalMinutes, [3, 5]);
    assert.equal(given.data!.references[0], "TP 1214");
    const spent = await errorOf(
      (await guest().calculate({
        body: { medication: "fentanyl", route: "IN", weightKg: 80, totalGiven: 150 },
      })).error,
    );
    assert.deepEqual([spent.status, spent.body.error.code], [422, "LIMIT_REACHED"]);
    assert.deepEqual(spent.body.error.details, {
      field: "totalGiven",
      limit: { maxTotal: { value: 150, unit: "mcg" } },
      withBase: { maxTotal: { value: 250, unit: "mcg" } },
    });
    const rosc = await guest().calculate({
      body: { medication: "naloxone", route: "IV", indication: "post-rosc", weightKg: 80 },
    });
    assert.deepEqual(rosc.data!.dose, { value: 2, unit: "mg", upTo: 4 });
    assert.match(rosc.data!.cardDiffers!, /MCG 1317\.29/);
  },
);

Deno.test("schema: field-by-field validation errors", options, async () => {
  // A body outside the request schema on purpose: the cast only gets it past the client's types.
  const invalid = { medication: "", weightKg: -3, color: "chartreuse", dose: "lots" } as unknown as {
    medication: string;
  };
  const { status, body } = await errorOf((await guest().calculate({ body: invalid })).error);
  assert.equal(status, 400);
  assert.equal(body.error.code, "VALIDATION_ERROR");
  const paths = body.error.details.map((d: { path: string }) => d.path).sort();
  assert.deepEqual(paths, ["", "color", "medication", "weightKg"]);
  // The patient facts: whole mmHg and beats, a count that is a whole number, nothing negative.
  const facts = { medication: "atropine", systolicBp: 92.5, heartRate: -1, dosesGiven: 1.5, totalGiven: -2 };
  const bad = await errorOf((await guest().calculate({ body: facts })).error);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), [
    "dosesGiven",
    "heartRate",
    "systolicBp",
    "totalGiven",
  ]);
});
