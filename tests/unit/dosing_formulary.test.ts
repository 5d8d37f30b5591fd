/**
 * The formulary as data: the printed per-weight table against the per-kg arithmetic of the formulation
 * table (the only differences are the documented ones), coverage of every MCG 1309 formulation row,
 * names and references, and the invariant that no answer anywhere exceeds its maximum single dose.
 */
import assert from "node:assert/strict";
import {
  calculateDose,
  DosingError,
  listMedications,
  TAPE_WEIGHTS,
} from "../../functions-shared/domain/dosing/mod.ts";
import { clean, roundHalfEven } from "../../functions-shared/domain/dosing/format.ts";
import { nameKey } from "../../functions-shared/domain/dosing/lookup.ts";
import { FORMULARY, isNotForChildren, type Variant } from "../../functions-shared/domain/dosing/formulary.ts";
import {
  isPrintedCell,
  PEDIATRIC_TABLE,
  printedCell,
  type PrintedRowId,
} from "../../functions-shared/domain/dosing/pediatric_table.ts";

const variants: Variant[] = FORMULARY.flatMap((d) => d.variants);

/**
 * Where MCG 1309 prints something other than dose = min(per-kg × weight, max) and volume = dose ÷
 * concentration rounded half-to-even to 0.01 mL. The printed value governs (pediatric_table.ts).
 */
const PRINTED_DIFFERS_FROM_ARITHMETIC: readonly { row: PrintedRowId; weightKg: number; why: string }[] = [
  {
    row: "morphine",
    weightKg: 17,
    why: "1.7 mg ÷ 4 mg/mL = 0.425 mL; printed 0.43 mL (lidocaine's 0.425 → 0.42)",
  },
];

Deno.test("printed table = per-kg arithmetic, except the documented cases", () => {
  const differences: string[] = [];
  for (const variant of variants) {
    if (isNotForChildren(variant.pediatric)) continue;
    const { rule, maxSingle } = variant.pediatric;
    if (rule.kind !== "per-kg" || !rule.row) continue;
    for (const weightKg of TAPE_WEIGHTS) {
      const cell = printedCell(rule.row, weightKg);
      if (!isPrintedCell(cell)) continue;
      const dose = Math.min(clean(rule.dosePerKg * weightKg), maxSingle as number);
      const volume = roundHalfEven(dose / rule.concentration, 2);
      if (cell.dose !== dose || cell.volumeMl !== volume) {
        differences.push(
          `${rule.row}@${weightKg}: printed ${cell.dose}/${cell.volumeMl}, arithmetic ${dose}/${volume}`,
        );
      }
    }
  }
  assert.deepEqual(
    differences.map((d) => d.split(":")[0]),
    PRINTED_DIFFERS_FROM_ARITHMETIC.map((d) => `${d.row}@${d.weightKg}`),
    differences.join("\n"),
  );
});

Deno.test("dextrose 10%: 5 mL/kg up to 24 kg; above, 125 mL then up to 5 mL/kg (26 kg printed as 125 mL)", () => {
  for (const weightKg of TAPE_WEIGHTS) {
    const cell = printedCell("dextrose-10", weightKg);
    assert.ok(isPrintedCell(cell));
    assert.equal(cell.volumeMl, cell.dose);
    if (weightKg <= 24) {
      assert.deepEqual([cell.dose, cell.upTo], [5 * weightKg, undefined], `${weightKg} kg`);
    } else if (weightKg === 26) {
      // MCG 1317.13 would allow up to 130 mL here; MCG 1309 prints 125 mL alone, and that governs.
      assert.deepEqual([cell.dose, cell.upTo], [125, undefined]);
    } else {
      assert.deepEqual(
        [cell.dose, cell.upTo, cell.volumeUpToMl],
        [125, 5 * weightKg, 5 * weightKg],
        `${weightKg} kg`,
      );
    }
  }
});

Deno.test("fixed-by-colour rows: glucagon, epinephrine NEB, albuterol NEB, DuoDote", () => {
  const doseAt = (row: PrintedRowId, w: number) => {
    const cell = printedCell(row, w);
    return isPrintedCell(cell) ? cell.dose : cell && "kind" in cell ? cell.kind : undefined;
  };
  for (const w of TAPE_WEIGHTS) {
    assert.equal(doseAt("glucagon", w), w <= 9 ? 0.5 : 1, `glucagon ${w}`);
    assert.equal(doseAt("epinephrine-neb", w), w <= 9 ? 2.5 : 5, `epi neb ${w}`);
    assert.equal(doseAt("albuterol-neb", w), w <= 14 ? 2.5 : w <= 18 ? "by-age" : 5, `albuterol ${w}`);
    assert.equal(doseAt("duodote", w), w <= 22 ? 1 : 2, `duodote ${w}`);
  }
});

Deno.test("every printed row is used by a formulation", () => {
  const used = new Set<string>(["midazolam-seizure-infant", "midazolam-seizure-pedidose"]);
  for (const variant of variants) {
    if (isNotForChildren(variant.pediatric)) continue;
    const { rule } = variant.pediatric;
    if ("row" in rule && rule.row) used.add(rule.row);
  }
  assert.deepEqual([...used].sort(), Object.keys(PEDIATRIC_TABLE).sort());
});

/** MCG 1309's drug-formulation table, row by row, and the formulation that covers it. */
const MCG_1309_FORMULATION_ROWS: Record<string, string> = {
  "Adenosine 3 mg/mL": "adenosine",
  "Albuterol 2.5 mg/3 mL": "albuterol-neb",
  "Albuterol MDI 90 mcg/puff": "albuterol-mdi",
  "Amiodarone 50 mg/mL": "amiodarone",
  "Atropine 0.1 mg/mL": "atropine",
  "Calcium chloride 100 mg/mL": "calcium-chloride",
  "Dextrose 10%": "dextrose-10",
  "Diphenhydramine 50 mg/mL": "diphenhydramine",
  "DuoDote autoinjector": "duodote",
  "Epinephrine push dose 0.01 mg/mL": "epinephrine-push-dose",
  "Epinephrine 0.1 mg/mL IV": "epinephrine-iv",
  "Epinephrine 1 mg/mL IM": "epinephrine-im",
  "Epinephrine 1 mg/mL nebulised": "epinephrine-neb",
  "Fentanyl IV/IM": "fentanyl-iv-im",
  "Fentanyl IN": "fentanyl-in",
  "Glucagon 1 mg/mL": "glucagon",
  "Glucopaste 15 g": "glucopaste",
  "Hydroxocobalamin 25 mg/mL": "hydroxocobalamin",
  "Ketorolac slow IV/IO": "ketorolac-iv-io",
  "Ketorolac IM (adult and paediatric)": "ketorolac-im",
  "Lidocaine 2% (IO only)": "lidocaine-io",
  "Midazolam IV/IO, all indications": "midazolam-iv-io",
  "Midazolam agitation/sedation IN/IM": "midazolam-in-im",
  "Midazolam seizure IN/IM (0–11 months and PediDOSE)": "midazolam-seizure-in-im",
  "Morphine 4 mg/mL": "morphine",
  "Naloxone 1 mg/mL": "naloxone",
  "Normal saline": "normal-saline",
  "Nitroglycerin SL (adults)": "nitroglycerin",
  "Olanzapine ODT": "olanzapine",
  "Ondansetron ODT": "ondansetron-odt",
  "Ondansetron IV/IM (adults)": "ondansetron-iv-im",
  "Sodium bicarbonate 1 mEq/mL": "sodium-bicarbonate",
  "Tranexamic acid 1 g/10 mL": "tranexamic-acid",
};

const CHILD_PROTOCOL_VARIANTS: Record<string, string[]> = {
  "atropine-organophosphate": ["TP 1240-P", "MCG 1317.9"],
  "atropine-nerve-agent-mild": ["TP 1240-P", "MCG 1309", "MCG 1317.9"],
  "albuterol-neb-crush-child": ["TP 1242-P", "MCG 1317.3"],
};

Deno.test("coverage: every MCG 1309 formulation row has a formulation; every entry cites its references", () => {
  const ids = new Set(variants.map((v) => v.id));
  for (const [row, id] of Object.entries(MCG_1309_FORMULATION_ROWS)) assert.ok(ids.has(id), row);
  // Plus the adult-page extras and the shock energies.
  for (const id of ["aspirin", "cardioversion", "defibrillation"]) assert.ok(ids.has(id), id);
  for (const variant of variants) {
    if (variant.id === "diazepam-autoinjector") continue; // not on MCG 1309: the CHEMPACK's (below)
    for (const ref of variant.references) assert.match(ref, /^(MCG 13(09|17\.\d+)|TP 12\d\d-P)$/, variant.id);
  }
  const expectedReference: Record<string, string> = {
    adenosine: "MCG 1317.1",
    albuterol: "MCG 1317.3",
    amiodarone: "MCG 1317.5",
    aspirin: "MCG 1317.7",
    atropine: "MCG 1317.9",
    "calcium-chloride": "MCG 1317.11",
    "dextrose-10": "MCG 1317.13",
    diphenhydramine: "MCG 1317.15",
    epinephrine: "MCG 1317.17",
    fentanyl: "MCG 1317.19",
    glucagon: "MCG 1317.20", // renumbered from 1317.21 on 04-01-25 (its change log)
    hydroxocobalamin: "MCG 1317.21",
    ketorolac: "MCG 1317.22",
    lidocaine: "MCG 1317.23",
    midazolam: "MCG 1317.25",
    morphine: "MCG 1317.27",
    naloxone: "MCG 1317.29",
    nitroglycerin: "MCG 1317.31",
    olanzapine: "MCG 1317.32",
    ondansetron: "MCG 1317.33",
    duodote: "MCG 1317.37",
    "sodium-bicarbonate": "MCG 1317.39",
    "tranexamic-acid": "MCG 1317.41",
  };
  for (const drug of FORMULARY) {
    if (drug.id === "diazepam") {
      assert.deepEqual(drug.variants.map((v) => v.references), [["TP 1240", "Ref. 1108.1"]]);
      continue;
    }
    const want = expectedReference[drug.id];
    for (const variant of drug.variants) {
      // A child's atropine for nerve agents and organophosphates follows TP 1240-P (MCG 1309 prints only the
      // bradycardia dose), a child's albuterol for hyperkalaemia TP 1242-P (which says it differs).
      if (variant.id in CHILD_PROTOCOL_VARIANTS) {
        assert.deepEqual(variant.references, CHILD_PROTOCOL_VARIANTS[variant.id], variant.id);
        continue;
      }
      assert.deepEqual(
        variant.references,
        want ? ["MCG 1309", want] : ["MCG 1309"],
        `${drug.id}/${variant.id}`,
      );
    }
  }
});

Deno.test("listMedications: the issue's shape, unique ids, upper-case routes", () => {
  const list = listMedications();
  assert.equal(list.length, FORMULARY.length);
  assert.equal(new Set(list.map((m) => m.id)).size, list.length);
  for (const m of list) {
    assert.deepEqual(Object.keys(m).sort(), ["aliases", "id", "indications", "name", "routes"]);
    for (const r of m.routes) assert.match(r, /^[A-Z]+$/);
  }
  const epi = list.find((m) => m.id === "epinephrine")!;
  assert.deepEqual(epi.routes, ["IV", "IO", "IM", "NEB"]);
  assert.ok(epi.indications.includes("push-dose") && epi.indications.includes("cardiac-arrest"));
  assert.ok(epi.aliases.includes("adrenaline"));
});

Deno.test("invariant: no answer for any medication, route, indication, weight or age exceeds its maximum", () => {
  const ages = [undefined, 0.5, 1, 2, 3.99, 4, 8, 12, 14, 15, 40];
  const weights = [...TAPE_WEIGHTS, 36.5, 70, 150];
  let answers = 0;
  for (const drug of FORMULARY) {
    const routes = [undefined, ...new Set(drug.variants.flatMap((v) => v.routes))];
    const indications = [undefined, ...drug.indications.map((i) => i.id)];
    for (const route of routes) {
      for (const indication of indications) {
        for (const weightKg of weights) {
          for (const ageYears of ages) {
            let result;
            try {
              result = calculateDose({ medication: drug.id, route, indication, weightKg, ageYears });
            } catch (error) {
              if (error instanceof DosingError) continue; // a typed refusal is a safe answer
              throw error; // includes the engine's own "above the maximum" guard
            }
            answers++;
            const max = result.maxSingleDose;
            assert.equal(result.dose.unit, max.unit);
            for (const v of [result.dose.value, result.dose.upTo ?? 0, ...(result.dose.options ?? [])]) {
              assert.ok(v <= max.value, `${drug.id} ${route} ${weightKg} kg: ${v} > ${max.value}`);
            }
            assert.ok(result.dose.value > 0);
            if (result.volumeMl !== null) assert.ok(result.volumeMl > 0);
            assert.ok(result.citation.length > 0);
            // A child's dose cites MCG 1309, or first the paediatric TP where MCG 1309 prints none or the TP
            // doses otherwise (TP 1240-P, TP 1242-P); an adult's first cites the TP or MCG its rule comes from.
            if (result.adult) assert.match(result.references[0], /^(TP 12\d\d|MCG 13\d\d(\.\d+)?)$/);
            else {
              assert.ok(
                result.references.includes("MCG 1309") || /^TP 12\d\d-P$/.test(result.references[0]),
                result.variant.id,
              );
            }
          }
        }
      }
    }
  }
  assert.ok(answers > 5000, `only ${answers} answers exercised`);
});

Deno.test("the tape colour for an age: the ages MCG 1309 prints beside each colour's weights", async () => {
  const { colorOfAge, AGE_MONTHS_BY_COLOR } = await import("../../functions-shared/domain/dosing/mod.ts");
  const cases: [number, string | undefined][] = [
    [0, "grey"],
    [0.24, "grey"],
    [0.25, "pink"],
    [0.6, "red"],
    [1, "purple"],
    [1.5, "purple"],
    [1.6, "yellow"],
    [2.99, "yellow"],
    [3, "white"],
    [4.99, "white"],
    [5, "blue"],
    [7, "orange"],
    [12.9, "green"],
    [13, undefined],
    [40, undefined],
  ];
  for (const [age, color] of cases) assert.equal(colorOfAge(age), color, String(age));
  // The bands meet end to end from birth to 13 years.
  const bands = Object.values(AGE_MONTHS_BY_COLOR);
  for (let i = 1; i < bands.length; i++) assert.equal(bands[i][0], bands[i - 1][1]);
});

Deno.test("each name of an indication (its id or an alias) names one indication of its medication", () => {
  // Read as the engine reads a request's indication (lookup.ts): case, spaces and hyphens do not matter.
  for (const drug of FORMULARY) {
    const owner = new Map<string, string>();
    for (const ind of drug.indications) {
      for (const name of [ind.id, ...(ind.aliases ?? [])]) {
        const was = owner.get(nameKey(name));
        assert.ok(was === undefined || was === ind.id, `${drug.id}: "${name}" names ${was} and ${ind.id}`);
        owner.set(nameKey(name), ind.id);
      }
    }
  }
});
