/**
 * The engine against MCG 1309 itself: reads the guideline from ../shared at test time and, for every
 * printed weight (3–36 kg) and every medication row printed for it, checks that calculateDose returns
 * the printed dose and volume — by every route the row names. Also the colour of each weight, the
 * cardioversion/defibrillation energies, and the PediDOSE chart. The parser is checked first against
 * hand-counted totals, so a layout change cannot make this pass by checking less.
 */
import assert from "node:assert/strict";
import {
  calculateDose,
  type DoseRequest,
  type DoseResult,
} from "../../functions-shared/domain/dosing/mod.ts";
import { PEDIATRIC_TABLE, type TableCell } from "../../functions-shared/domain/dosing/pediatric_table.ts";
import {
  EXPECTED_ROW_COUNTS,
  EXPECTED_WEIGHTS,
  parseMcg1309,
  parsePediDoseChart,
  type PrintedRow,
  type PrintedValue,
  type PrintedWeight,
  readMcg1309,
} from "../support/mcg1309.ts";

const text = await readMcg1309();
const weights = parseMcg1309(text);
const pediDose = parsePediDoseChart(text);

type Requests = (label: string, weight: PrintedWeight) => Omit<DoseRequest, "weightKg">[];

const fourOrOlder = (label: string) => label.endsWith("*") ? { ageYears: 4 } : {};
const routes = (base: Omit<DoseRequest, "weightKg" | "route">, ...codes: string[]) => () =>
  codes.map((route) => ({ ...base, route }));

/**
 * Printed row label (™ dropped, whitespace normalised) → the requests that must reproduce it: one per
 * route the row names, with the indication that selects the row and an age where the row is age-bound.
 */
const ROWS: readonly [RegExp, Requests][] = [
  [/^Adenosine$/, routes({ medication: "adenosine" }, "IV", "IO")],
  [/^Albuterol NEB$/, routes({ medication: "albuterol" }, "NEB")],
  [/^Albuterol NEB <4 years$/, routes({ medication: "albuterol", ageYears: 3 }, "NEB")],
  // Printed ">4 years"; the formulation table and MCG 1317.3 say ≥4 years: exactly 4 gets this row.
  [/^Albuterol NEB > ?4 years$/, routes({ medication: "albuterol", ageYears: 4 }, "NEB")],
  [/^Amiodarone$/, routes({ medication: "amiodarone" }, "IV", "IO")],
  [/^Atropine$/, routes({ medication: "atropine", indication: "bradycardia" }, "IV", "IO")],
  // A child's calcium chloride and bicarbonate are asked for their indication (TP 1242-P, TP 1241-P); the dose
  // is the same. A child's hyperkalaemia is dosed only in a crush injury (TP 1242-P step 10), IV or IO.
  [
    /^Calcium Chloride\*?$/,
    routes({ medication: "calcium chloride", indication: "crush-hyperkalemia" }, "IV", "IO"),
  ],
  [/^Dextrose 10% slow IV$/, routes({ medication: "dextrose 10%" }, "IV")],
  [/^Diphenhydramine IV\/IM$/, routes({ medication: "diphenhydramine" }, "IV", "IM")],
  // MCG 1309's count is the severe-exposure one (TP 1240-P step 15); without a severity a child is asked.
  [/^DuoDote$/, routes({ medication: "DuoDote", indication: "severe" }, "IM")],
  [/^Epinephrine Push Dose$/, routes({ medication: "epinephrine", indication: "push-dose" }, "IV", "IO")],
  [
    /^Epinephrine 0\.1mg\/mL IV$/,
    routes({ medication: "epinephrine", indication: "cardiac-arrest" }, "IV", "IO"),
  ],
  // A child's IM epinephrine is asked for its indication (TP 1219-P, 1234-P, 1237-P); the dose is the same.
  [/^Epinephrine 1mg\/mL IM$/, routes({ medication: "epinephrine", indication: "anaphylaxis" }, "IM")],
  [/^Epinephrine 1mg\/mL NEB$/, routes({ medication: "epinephrine" }, "NEB")],
  [/^Fentanyl IV\/IM$/, routes({ medication: "fentanyl" }, "IV", "IM")],
  [/^Fentanyl IN$/, routes({ medication: "fentanyl" }, "IN")],
  [/^Glucagon IM$/, routes({ medication: "glucagon" }, "IM")],
  [/^Glucopaste\*?$/, (label) => [{ medication: "glucopaste", route: "PO", ...fourOrOlder(label) }]],
  [/^Hydroxocobalamin IV\/IO\*\*$/, routes({ medication: "hydroxocobalamin" }, "IV", "IO")],
  [
    /^Ketorolac slow IV\/IO\*?$/,
    (label) => ["IV", "IO"].map((route) => ({ medication: "ketorolac", route, ...fourOrOlder(label) })),
  ],
  [/^Ketorolac IM\*?$/, (label) => [{ medication: "ketorolac", route: "IM", ...fourOrOlder(label) }]],
  [/^Lidocaine 2% IO$/, routes({ medication: "lidocaine" }, "IO")],
  [
    // One printed row for both; a child's agitation by vein only when asked for, never by bone (TP 1209-P
    // note 7, MCG 1317.25: agitation 0.1 mg/kg IV).
    /^Midazolam Agitation\/Sedation IV\/IO$/,
    () => [
      { medication: "midazolam", indication: "agitation", route: "IV" },
      { medication: "midazolam", indication: "sedation", route: "IV" },
      { medication: "midazolam", indication: "sedation", route: "IO" },
    ],
  ],
  [
    /^Midazolam Agitation\/ ?Sedation ?IN\/IM$/,
    routes({ medication: "midazolam", indication: "agitation" }, "IN", "IM"),
  ],
  [
    /^Midazolam Seizure 0-11mo IN\/IM$/,
    routes({ medication: "midazolam", indication: "seizure", ageYears: 0.5 }, "IN", "IM"),
  ],
  [/^Morphine IV\/IM\/IO$/, routes({ medication: "morphine" }, "IV", "IM", "IO")],
  [/^Naloxone IV\/IM\/IN$/, routes({ medication: "naloxone" }, "IV", "IM", "IN")],
  [/^Normal Saline IV Bolus$/, routes({ medication: "normal saline" }, "IV")],
  [/^Ondansetron ODT\*?$/, (label) => [{ medication: "ondansetron", route: "ODT", ...fourOrOlder(label) }]],
  [
    /^Sodium Bicarbonate\*?$/,
    routes({ medication: "sodium bicarbonate", indication: "crush-hyperkalemia" }, "IV", "IO"),
  ],
];

const PEDIDOSE_ROW = /^Midazolam Seizure ≥12mo IN\/IM$/;

/** MCG 1317.25: the PediDOSE band a tape colour stands for when the age is unknown. */
const PEDIDOSE_BAND_OF_COLOR: Record<string, number> = {
  RED: 0,
  PURPLE: 1,
  YELLOW: 1,
  WHITE: 1,
  BLUE: 2,
  ORANGE: 2,
  GREEN: 2,
};

function normalLabel(row: PrintedRow): string {
  return row.label.replace(/™/g, "").replace(/\s+/g, " ").trim();
}

function requestsFor(row: PrintedRow, weight: PrintedWeight): Omit<DoseRequest, "weightKg">[] {
  const label = normalLabel(row);
  const matches = ROWS.filter(([pattern]) => pattern.test(label));
  assert.equal(
    matches.length,
    1,
    `${weight.weightKg} kg: printed row "${label}" maps to ${matches.length} rows`,
  );
  return matches[0][1](label, weight);
}

function assertPrinted(result: DoseResult, row: PrintedRow, context: string) {
  assertDose(result, row.dose, `${context}: dose (printed ${row.raw.dose})`);
  assertVolume(result, row.volume, `${context}: volume (printed ${row.raw.volume})`);
}

function assertDose(result: DoseResult, printed: PrintedValue, context: string) {
  switch (printed.kind) {
    case "amount":
      assert.deepEqual(
        { value: result.dose.value, unit: result.dose.unit, upTo: result.dose.upTo },
        { value: printed.value, unit: printed.unit, upTo: printed.upTo },
        context,
      );
      return;
    case "count": // DuoDote: "1 dose", "2 doses" — autoinjectors
      assert.deepEqual({ value: result.dose.value, unit: result.dose.unit }, {
        value: printed.value,
        unit: "autoinjector",
      }, context);
      return;
    default:
      assert.fail(`${context}: unexpected printed dose kind ${printed.kind}`);
  }
}

function assertVolume(result: DoseResult, printed: PrintedValue, context: string) {
  switch (printed.kind) {
    case "amount":
      assert.equal(printed.unit, "mL", context);
      assert.equal(result.volumeMl, printed.value, context);
      assert.equal(result.volumeUpToMl, printed.upTo, context);
      return;
    case "count": // "1 tablet", "1 dose" (paste)
      assert.equal(result.volumeMl, null, context);
      assert.deepEqual(result.administered, { value: printed.value, unit: printed.unit }, context);
      return;
    case "none": // "NA"
      assert.equal(result.volumeMl, null, context);
      assert.equal(result.administered, undefined, context);
      return;
    default:
      assert.fail(`${context}: unexpected printed volume kind ${printed.kind}`);
  }
}

Deno.test("MCG 1309 reader: every printed weight, every row, nothing silently skipped", () => {
  assert.deepEqual(weights.map((w) => w.weightKg), [...EXPECTED_WEIGHTS]);
  for (const weight of weights) {
    assert.equal(
      weight.rows.length,
      EXPECTED_ROW_COUNTS[weight.weightKg],
      `${weight.weightKg} kg: ${weight.rows.map((r) => r.label).join(" | ")}`,
    );
  }
  const total = weights.reduce((sum, w) => sum + w.rows.length, 0);
  assert.equal(total, Object.values(EXPECTED_ROW_COUNTS).reduce((a, b) => a + b, 0));
  assert.equal(total, 688);
  assert.equal(pediDose.infantDose, "0.2mg/kg");
});

Deno.test("MCG 1309: our printed table holds exactly the rows MCG 1309 prints at each weight", () => {
  for (const weight of weights) {
    let ours = 0;
    for (const row of Object.values(PEDIATRIC_TABLE)) {
      const cell = (row.cells as Record<number, TableCell>)[weight.weightKg];
      if (cell) ours += "kind" in cell && cell.kind === "by-age" ? 2 : 1;
    }
    assert.equal(ours, weight.rows.length, `${weight.weightKg} kg`);
  }
});

for (const weight of weights) {
  Deno.test(`MCG 1309 ${weight.weightKg} kg (${weight.color}): every printed dose and volume`, () => {
    let checked = 0;
    for (const row of weight.rows) {
      const label = normalLabel(row);
      if (PEDIDOSE_ROW.test(label)) {
        checkPediDoseRow(weight, row);
        checked++;
        continue;
      }
      for (const request of requestsFor(row, weight)) {
        const context = `${weight.weightKg} kg ${label} ${JSON.stringify(request)}`;
        const result = calculateDose({ ...request, weightKg: weight.weightKg });
        assert.equal(result.weightKg, weight.weightKg, context);
        assert.equal(result.color?.toUpperCase(), weight.color, context);
        assert.equal(result.adult, false, context);
        assert.ok(result.citation.includes("MCG 1309"), context);
        assertPrinted(result, row, context);
        checked++;
      }
    }
    assert.ok(checked >= weight.rows.length, `${weight.weightKg} kg: checked ${checked} answers`);
  });
}

function checkPediDoseRow(weight: PrintedWeight, row: PrintedRow) {
  assert.equal(row.dose.kind, "pedidose");
  assert.equal(row.volume.kind, "none");
  const band = pediDose.bands[PEDIDOSE_BAND_OF_COLOR[weight.color]];
  assert.ok(band, `${weight.weightKg} kg: no PediDOSE band for ${weight.color}`);
  for (const route of ["IN", "IM"]) {
    const result = calculateDose({
      medication: "midazolam",
      route,
      indication: "seizure",
      weightKg: weight.weightKg,
    });
    assert.equal(result.basis, "color", `${weight.weightKg} kg ${route}`);
    assert.deepEqual(
      [result.dose.value, result.dose.unit, result.volumeMl],
      [band.doseMg, "mg", band.volumeMl],
      `${weight.weightKg} kg ${route}`,
    );
  }
}

Deno.test("MCG 1309: cardioversion and defibrillation energies at every printed weight", () => {
  for (const weight of weights) {
    for (
      const [medication, printed] of [
        ["cardioversion", weight.cardioversionJ],
        ["defibrillation", weight.defibrillationJ],
      ] as const
    ) {
      const result = calculateDose({ medication, weightKg: weight.weightKg });
      assert.deepEqual(
        result.shocks,
        printed.map((value) => ({ value, unit: "J" })),
        `${weight.weightKg} kg`,
      );
      assert.deepEqual(result.dose, { value: printed[0], unit: "J" });
      assert.equal(result.maxSingleDose.value, Math.max(...printed));
    }
  }
});

Deno.test("MCG 1309 PediDOSE chart: the age bands match the engine", () => {
  const ages = [1, 17 / 12, 6, 12]; // the first age of each band
  pediDose.bands.forEach((band, i) => {
    const result = calculateDose({
      medication: "midazolam",
      route: "IN",
      indication: "seizure",
      weightKg: 36,
      ageYears: ages[i],
    });
    assert.deepEqual([result.dose.value, result.volumeMl], [band.doseMg, band.volumeMl], `band ${i}`);
    assert.equal(result.maxSingleDose.value, band.doseMg);
  });
});
