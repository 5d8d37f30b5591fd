/**
 * Engine rules written once (each row below is the engine's answer, by calculateDose):
 * - Calcium chloride for a calcium-channel or beta-blocker overdose is an IV push for adult and child alike (TP 1241
 *   step 15, TP 1241-P step 13, MCG 1317.11): one row of the formulation's indicationRoutes, with its reason, read
 *   by both. Midazolam's agitation rows (IM/IN/IV, never IO: TP 1209 / TP 1209-P steps 10-11, MCG 1317.25) are now
 *   the same kind of row, so they carry their reason, and an answer asked without a route names the route the
 *   documents print: "midazolam-iv-io" for agitation had answered "IV/IO".
 * - DuoDote's doses are autoinjectors given one after another (TP 1240 steps 14-17): a property of its rows.
 * - TP 1211 note 4: a systolic pressure of 100-109 is said as relative hypotension with a history of hypertension or
 *   on antihypertensive medicines (the document's words); below 100 the dose is held, from 110 nothing is said.
 * Figures are checked against the documents in ../shared; rows both ways (near misses unchanged).
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest } from "../../functions-shared/domain/dosing/mod.ts";
import { says } from "../support/adult_protocols.ts";
import { refusal } from "../support/dose_refusal.ts";

type Row = readonly [DoseRequest, string];

const ADULT = { ageYears: 35 } as const;
const CHILD = { weightKg: 20 } as const;

/** "<dose> <unit> <route>", or "<CODE>: <the refusal's reason>" (the part after "here:" when there is one). */
function answer(request: DoseRequest): string {
  try {
    const r = calculateDose(request);
    return `${
      r.dose.upTo === undefined ? r.dose.value : `${r.dose.value}–${r.dose.upTo}`
    } ${r.dose.unit} ${r.route}`;
  } catch {
    const e = refusal(request);
    const why = e.message.match(/here: (.*?)\. Routes:/)?.[1];
    return why ? `${e.code}: ${why}` : e.code;
  }
}

const check = (rows: readonly Row[]) => {
  for (const [request, expected] of rows) assert.equal(answer(request), expected, JSON.stringify(request));
};

const CCB_IV =
  "ROUTE_NOT_AVAILABLE: calcium chloride for a calcium-channel or beta-blocker overdose is a slow IV " +
  "push (TP 1241 step 15, TP 1241-P step 13, MCG 1317.11). Ask base";
const MIDAZOLAM_NOT_IO =
  "ROUTE_NOT_AVAILABLE: midazolam for agitation or a behavioural crisis is given IM, IN or " +
  "IV, never IO (TP 1209; TP 1209-P steps 10-11 IM/IN, MCG 1317.25 IV); by bone it is for sedation and an adult's " +
  "active seizure";

Deno.test("an overdose's calcium chloride is IV for adult and child, from one row with its reason (TP 1241, TP 1241-P)", async () => {
  await says("TP 1241", "Calcium chloride 1g (10mL) IV push over 60");
  await says("TP 1241-P", "Calcium chloride (100mg/mL) 20mg/kg slow IV push");
  const c = "calcium chloride", ccb = "calcium-channel-blocker-overdose";
  check([
    [{ medication: c, indication: ccb, ...ADULT }, "1 g IV"],
    [{ medication: c, indication: ccb, ...CHILD }, "400 mg IV"],
    [{ medication: c, indication: ccb, route: "IO", ...ADULT }, CCB_IV],
    [{ medication: c, indication: ccb, route: "IO", ...CHILD }, CCB_IV],
    [{ medication: c, indication: "beta blocker overdose", route: "IV/IO", ...ADULT }, CCB_IV],
    // Near misses: calcium's other indications stay IV/IO (TP 1212, TP 1242, TP 1242-P, TP 1210).
    [{ medication: c, indication: "hyperkalemia", ...ADULT }, "1 g IV/IO"],
    [{ medication: c, indication: "crush-hyperkalemia", ...CHILD }, "400 mg IV/IO"],
    [{ medication: c, indication: "cardiac-arrest", route: "IO", ...ADULT }, "1 g IO"],
  ]);
});

Deno.test("midazolam for agitation is never IO, with its reason, and unrouted its IV/IO formulation answers IV (TP 1209, TP 1209-P, MCG 1317.25)", async () => {
  await says("MCG 1317.25", "5mg (1mL) IM/IN/IV, repeat x1 in 5 min prn");
  await says("MCG 1317.25", "0.1mg/kg (5mg/mL) IV or 0.2mg/kg (5mg/mL) IM/IN");
  const m = "midazolam";
  check([
    // The formulation named by id, no route: the route the documents print for agitation, not "IV/IO".
    [{ medication: "midazolam-iv-io", indication: "agitation", ...ADULT }, "5 mg IV"],
    [{ medication: "midazolam-iv-io", indication: "behavioral-crisis", ...ADULT }, "5 mg IV"],
    [{ medication: "midazolam-iv-io", indication: "agitation", ...CHILD }, "2 mg IV"],
    [{ medication: m, indication: "agitation", route: "IO", ...ADULT }, MIDAZOLAM_NOT_IO],
    [{ medication: m, indication: "agitation-severe", route: "IO", ...ADULT }, MIDAZOLAM_NOT_IO],
    [{ medication: m, indication: "behavioral-crisis", route: "IO", ...CHILD }, MIDAZOLAM_NOT_IO],
    // Near misses: sedation keeps IV/IO (MCG 1317.25); agitation by vein or by IM/IN is dosed as before.
    [{ medication: "midazolam-iv-io", indication: "sedation", ...ADULT }, "5 mg IV/IO"],
    [{ medication: m, indication: "sedation", route: "IO", ...CHILD }, "2 mg IO"],
    [{ medication: m, indication: "agitation", route: "IV", ...ADULT }, "5 mg IV"],
    [{ medication: m, indication: "agitation", ...CHILD }, "4 mg IN/IM"],
  ]);
});

Deno.test("DuoDote's doses are its autoinjectors, one after another, by its rows' property (TP 1240 steps 14-17)", () => {
  const d = "duodote";
  const row = (request: DoseRequest) => {
    const r = calculateDose(request);
    return `${answer(request)}${r.next?.dose ? ` next ${r.next.dose.value}` : " next none"}`;
  };
  const rows: readonly Row[] = [
    [
      { medication: d, indication: "severe-exposure", dosesGiven: 2, ...ADULT },
      "1 autoinjector IM next none",
    ],
    [
      { medication: d, indication: "moderate-exposure", dosesGiven: 2, ...ADULT },
      "1 autoinjector IM next none",
    ],
    [{ medication: d, indication: "mild-exposure", dosesGiven: 1, ...ADULT }, "1 autoinjector IM next 1"],
    [{ medication: d, indication: "moderate-exposure", ...ADULT }, "2 autoinjector IM next 1"],
  ];
  for (const [request, expected] of rows) assert.equal(row(request), expected, JSON.stringify(request));
  assert.equal(
    answer({ medication: d, indication: "severe-exposure", dosesGiven: 3, ...ADULT }),
    "LIMIT_REACHED",
  );
});

const pressureCaution = (systolicBp: number, indication?: string) =>
  calculateDose({ medication: "nitroglycerin", systolicBp, ...(indication ? { indication } : {}), ...ADULT })
    .warnings.filter((w) => w.startsWith("Systolic pressure"));

Deno.test("nitroglycerin at a systolic 100-109 says TP 1211 note 4's relative hypotension; held below 100", async () => {
  await says(
    "TP 1211",
    "(patients with history of hypertension or taking antihypertensive medications and SBP < 110)",
  );
  await says("TP 1211", "Hold if SBP < 100mmHg");
  for (const sbp of [100, 105, 109]) {
    assert.deepEqual(pressureCaution(sbp), [
      `Systolic pressure ${sbp}: with a history of hypertension or on antihypertensive medicines, a systolic ` +
      "pressure under 110 is relative hypotension: caution with nitroglycerin; holding it is acceptable " +
      "(TP 1211 note 4).",
    ]);
    // A caution, never a hold: the dose is still given.
    assert.equal(answer({ medication: "nitroglycerin", systolicBp: sbp, ...ADULT }), "0.4 mg SL");
  }
  // Near misses: from 110 nothing is said; below 100 it is held (a refusal, not a caution); TP 1214's
  // pulmonary-edema nitroglycerin has no such note.
  assert.deepEqual(pressureCaution(110), []);
  assert.deepEqual(pressureCaution(160), []);
  assert.deepEqual(pressureCaution(105, "pulmonary-edema"), []);
  assert.equal(answer({ medication: "nitroglycerin", systolicBp: 99, ...ADULT }), "NOT_FOR_THIS_PATIENT");
});
