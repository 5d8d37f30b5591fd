/**
 * calculateDose: a medication, route, indication and patient (tape weight, tape colour, or longer
 * than the tape) → the dose to give, or a typed refusal. Pure: no I/O, no clock, no randomness.
 *
 * Order of decisions: the medication; the patient (adult, a printed tape weight, or a colour); the
 * formulation row (route and indication, which may depend on adult vs child); then the dose —
 * for a child from MCG 1309's printed row for that weight, for an adult from the MCG 1317 reference.
 * A last check refuses (as a bug) any answer above its maximum single dose.
 */
import {
  COLOR_INPUT_VALUES,
  colorOfWeight,
  MAX_TAPE_WEIGHT_KG,
  MIN_TAPE_WEIGHT_KG,
  nearestTapeWeights,
  parseColor,
  type TapeColor,
  WEIGHTS_BY_COLOR,
} from "./broselow.ts";
import {
  AgeRequiredError,
  AmbiguousIndicationError,
  AmbiguousRouteError,
  ColorNeedsWeightError,
  ColorWeightMismatchError,
  DosingError,
  NotForThisPatientError,
  RouteNotAvailableError,
  UnknownColorError,
  UnknownIndicationError,
  UnknownMedicationError,
  WeightNotOnTapeError,
  WeightOutOfRangeError,
  WeightRequiredError,
} from "./errors.ts";
import {
  type AdultDosing,
  type Drug,
  type FixedDose,
  isNotForChildren,
  MCG_1309,
  MCG_1309_REVISION,
  type PediatricDosing,
  type Population,
  type Variant,
} from "./formulary.ts";
import { findDrug, findIndication, parseRoute, suggestDrugs } from "./lookup.ts";
import { isPrintedCell, type PrintedCell, printedCell } from "./pediatric_table.ts";
import type {
  Administered,
  Amount,
  DoseAmount,
  DoseBasis,
  DoseRequest,
  DoseResult,
  Repeat,
  RouteCode,
} from "./types.ts";

type Patient =
  | { kind: "adult"; weightKg: number | null; warnings: string[] }
  | { kind: "tape"; weightKg: number; color: TapeColor; warnings: string[] }
  | { kind: "color"; color: TapeColor };

interface Selection {
  readonly drug: Drug;
  readonly variant: Variant;
  readonly routes: readonly RouteCode[] | undefined;
  readonly indication: string | undefined;
}

export function calculateDose(request: DoseRequest): DoseResult {
  const match = findDrug(request.medication);
  if (!match) throw new UnknownMedicationError(suggestDrugs(request.medication));
  const { drug } = match;
  try {
    const routes = request.route === undefined ? undefined : parseRouteOrThrow(drug, request.route);
    const indication = request.indication === undefined
      ? undefined
      : indicationOrThrow(drug, request.indication);
    checkAge(request.ageYears);
    const patient = determinePatient(request);
    const population: Population = patient.kind === "adult" ? "adult" : "pediatric";
    const variant = selectVariant(drug, match.variantId, routes, indication, population);
    const selection: Selection = { drug, variant, routes, indication };
    switch (patient.kind) {
      case "adult":
        return adultDose(selection, patient.weightKg, request.ageYears, patient.warnings);
      case "tape":
        return pediatricDose(selection, patient.weightKg, patient.color, request.ageYears, patient.warnings);
      case "color":
        return colorDose(selection, patient.color, request.ageYears);
    }
  } catch (error) {
    if (error instanceof DosingError) error.medicationId ??= drug.id;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Inputs

function allRoutes(variants: readonly Variant[]): string[] {
  return [...new Set(variants.flatMap((v) => v.routes))];
}

function parseRouteOrThrow(drug: Drug, input: string): RouteCode[] {
  const codes = parseRoute(input);
  if (!codes) {
    throw new RouteNotAvailableError(drug.name, input.trim().toUpperCase(), allRoutes(drug.variants));
  }
  return codes;
}

function indicationOrThrow(drug: Drug, input: string): string {
  const id = findIndication(drug, input);
  if (!id) throw new UnknownIndicationError(drug.name, drug.indications.map((i) => i.id));
  return id;
}

function checkAge(ageYears: number | undefined) {
  if (ageYears !== undefined && !(Number.isFinite(ageYears) && ageYears >= 0 && ageYears <= 130)) {
    throw new NotForThisPatientError("ageYears", "Age must be a number of years from 0 to 130.");
  }
}

function determinePatient(request: DoseRequest): Patient {
  const color = request.color === undefined ? undefined : parseColor(request.color);
  if (request.color !== undefined && !color) throw new UnknownColorError(COLOR_INPUT_VALUES);
  const weight = request.weightKg;
  if (weight !== undefined && !(Number.isFinite(weight) && weight > 0)) {
    throw new WeightOutOfRangeError(weight, MIN_TAPE_WEIGHT_KG);
  }
  const age = request.ageYears;

  if (color?.kind === "adult") {
    const warnings = ["Longer than the length-based tape: adult dose."];
    if (weight !== undefined && weight <= MAX_TAPE_WEIGHT_KG) {
      warnings.push(
        `Adult dose because the patient is longer than the tape, although ${weight} kg is on it.`,
      );
    }
    return { kind: "adult", weightKg: weight ?? null, warnings };
  }
  if (weight !== undefined) {
    if (weight > MAX_TAPE_WEIGHT_KG) {
      if (color) throw new ColorWeightMismatchError(color.color, weight, WEIGHTS_BY_COLOR[color.color]);
      return {
        kind: "adult",
        weightKg: weight,
        warnings: [`Above ${MAX_TAPE_WEIGHT_KG} kg (beyond the tape): adult dose.`],
      };
    }
    if (weight < MIN_TAPE_WEIGHT_KG) throw new WeightOutOfRangeError(weight, MIN_TAPE_WEIGHT_KG);
    const tapeColor = colorOfWeight(weight);
    if (!tapeColor) {
      throw new WeightNotOnTapeError(
        weight,
        nearestTapeWeights(weight).map((w) => ({ weightKg: w, color: colorOfWeight(w)! })),
      );
    }
    if (color && color.color !== tapeColor) {
      throw new ColorWeightMismatchError(color.color, weight, WEIGHTS_BY_COLOR[color.color]);
    }
    const warnings = age !== undefined && age >= 15
      ? [
        "At 15 years or older LA County doses as an adult; these are the paediatric doses for the tape weight " +
        "given. Confirm which applies.",
      ]
      : [];
    return { kind: "tape", weightKg: weight, color: tapeColor, warnings };
  }
  if (color) return { kind: "color", color: color.color };
  if (age !== undefined && age >= 15) {
    return {
      kind: "adult",
      weightKg: null,
      warnings: ["No weight or colour given; age 15 or older: adult dose."],
    };
  }
  throw new WeightRequiredError();
}

function selectVariant(
  drug: Drug,
  variantId: string | undefined,
  routes: readonly RouteCode[] | undefined,
  indication: string | undefined,
  population: Population,
): Variant {
  let candidates = variantId ? drug.variants.filter((v) => v.id === variantId) : drug.variants;
  if (indication) {
    const withIndication = candidates.filter((v) => v.indications.includes(indication));
    const forPopulation = withIndication.filter((v) =>
      (v.indicationPopulation?.[indication] ?? population) === population
    );
    if (forPopulation.length === 0) {
      if (withIndication.length > 0) {
        const who = population === "adult" ? "adults" : "children";
        throw new NotForThisPatientError(
          "indication",
          `${drug.name} is not dosed for ${indication} in ${who} by this formulation. See ${
            withIndication.flatMap((v) => v.references).join(", ") || MCG_1309
          }.`,
        );
      }
      throw new UnknownIndicationError(drug.name, indicationsOf(candidates, population));
    }
    candidates = forPopulation;
  }
  if (routes) {
    const byRoute = candidates.filter((v) => routes.every((r) => v.routes.includes(r)));
    if (byRoute.length === 0) {
      throw new RouteNotAvailableError(drug.name, routes.join("/"), allRoutes(candidates));
    }
    candidates = byRoute;
  }
  if (candidates.length === 1) return candidates[0];
  const routeSets = new Set(candidates.map((v) => [...v.routes].sort().join("/")));
  if (!routes && routeSets.size > 1) throw new AmbiguousRouteError(drug.name, allRoutes(candidates));
  throw new AmbiguousIndicationError(drug.name, indicationsOf(candidates, population));
}

function indicationsOf(variants: readonly Variant[], population: Population): string[] {
  return [
    ...new Set(
      variants.flatMap((v) =>
        v.indications.filter((i) => (v.indicationPopulation?.[i] ?? population) === population)
      ),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Children on the tape

interface Dosed {
  dose: DoseAmount;
  volumeMl: number | null;
  volumeUpToMl?: number;
  given?: Administered;
  shocks?: Amount[];
  maxSingle: number;
  capped: boolean;
  basis: DoseBasis;
  repeat?: Repeat;
}

function pediatricDose(
  selection: Selection,
  weightKg: number,
  color: TapeColor,
  ageYears: number | undefined,
  patientWarnings: readonly string[],
): DoseResult {
  const { drug, variant } = selection;
  const ped = variant.pediatric;
  if (isNotForChildren(ped)) throw new NotForThisPatientError("weightKg", ped.notForChildren);
  const warnings: string[] = [...patientWarnings];

  if (ped.minAgeYears !== undefined) checkMinimumAge(selection, ped, weightKg, color, ageYears);
  const dosed = dosePediatric(selection, ped, weightKg, color, ageYears, warnings);

  if (variant.diluteUnderOneYear && ageYears !== undefined && ageYears < 1 && !warnings.includes(DILUTE)) {
    warnings.push(DILUTE);
  }
  const repeat = dosed.repeat ?? repeatFor(ped, variant, weightKg);
  const references = variant.references;
  return finish({
    medication: { id: drug.id, name: drug.name },
    variant: { id: variant.id, name: variant.name },
    route: routeLabel(selection),
    formulation: variant.formulation,
    indication: indicationLabel(selection),
    weightKg,
    color,
    dose: dosed.dose,
    volumeMl: dosed.volumeMl,
    ...(dosed.volumeUpToMl === undefined ? {} : { volumeUpToMl: dosed.volumeUpToMl }),
    ...(dosed.given ? { administered: dosed.given } : {}),
    ...(dosed.shocks ? { shocks: dosed.shocks } : {}),
    maxSingleDose: { value: dosed.maxSingle, unit: variant.unit },
    capped: dosed.capped,
    ...(repeat ? { repeat } : {}),
    adult: false,
    basis: dosed.basis,
    warnings: [...warnings, ...(ped.notes ?? []), ...(variant.notes ?? [])],
    citation: citationOf(references),
    references,
  });
}

function checkMinimumAge(
  selection: Selection,
  ped: PediatricDosing,
  weightKg: number,
  color: TapeColor,
  ageYears: number | undefined,
) {
  const min = ped.minAgeYears!;
  const { variant } = selection;
  if (ageYears !== undefined) {
    if (ageYears < min) {
      throw new NotForThisPatientError(
        "ageYears",
        `${variant.name} is only for children ${min} years or older (MCG 1309).`,
      );
    }
    return;
  }
  // Without an age, only a row MCG 1309 prints unconditionally at this weight will do.
  const row = "row" in ped.rule ? ped.rule.row : undefined;
  const cell = row ? printedCell(row, weightKg) : undefined;
  if (isPrintedCell(cell) && cell.minAgeYears === undefined) return;
  const eligible = dosePediatric(selection, ped, weightKg, color, min, []);
  throw new AgeRequiredError(
    selection.drug.name,
    `only for children ${min} years or older, which the ${color} band does not settle.`,
    [
      { ages: `under ${min} years`, dose: null, volumeMl: null },
      {
        ages: `${min} years or older`,
        dose: { value: eligible.dose.value, unit: eligible.dose.unit },
        volumeMl: eligible.volumeMl,
      },
    ],
  );
}

function dosePediatric(
  selection: Selection,
  ped: PediatricDosing,
  weightKg: number,
  color: TapeColor,
  ageYears: number | undefined,
  warnings: string[],
): Dosed {
  const { variant } = selection;
  const unit = variant.unit;
  const rule = ped.rule;
  switch (rule.kind) {
    case "per-kg": {
      const max = numericMax(ped);
      const raw = clean(rule.dosePerKg * weightKg);
      const capped = raw > max;
      if (capped) {
        warnings.push(
          `Capped at the maximum single dose, ${max} ${unit} (${rule.dosePerKg} ${unit}/kg would be ${raw} ${unit}).`,
        );
      }
      const cell = rule.row ? printedCell(rule.row, weightKg) : undefined;
      if (isPrintedCell(cell)) return { ...fromCell(cell, unit, warnings), maxSingle: max, capped };
      const value = Math.min(raw, max);
      warnings.push(
        `MCG 1309 prints no ${variant.name} dose at ${weightKg} kg: calculated at ${rule.dosePerKg} ${unit}/kg. ` +
          "Double-check before giving.",
      );
      return {
        dose: { value, unit },
        volumeMl: roundHalfEven(value / rule.concentration, 2),
        maxSingle: max,
        capped,
        basis: "weight-calculated",
      };
    }
    case "by-age": {
      const cell = rule.row ? printedCell(rule.row, weightKg) : undefined;
      const describe = (f: FixedDose) => `${f.dose} ${unit}`;
      const ruleText = `under ${plural(rule.splitAtYears, "year")}: ${describe(rule.below)}; ${
        plural(rule.splitAtYears, "year")
      } or older: ${describe(rule.atOrAbove)}`;
      if (ageYears !== undefined) {
        const pick = ageYears < rule.splitAtYears ? rule.below : rule.atOrAbove;
        if (isPrintedCell(cell) && cell.dose !== pick.dose) {
          warnings.push(
            `MCG 1309's ${weightKg} kg row prints ${cell.dose} ${unit}, assuming the usual age for the ${color} ` +
              `band; the age rule (${ruleText}) gives ${pick.dose} ${unit} at ${ageYears} years.`,
          );
        }
        return { ...fromFixed(pick, unit), maxSingle: numericMax(ped), capped: false, basis: "age" };
      }
      if (isPrintedCell(cell)) {
        warnings.push(
          `Age not given: this is the ${color} band's printed dose. The rule is by age (${ruleText}); send the ` +
            "age if it differs from the usual for the band.",
        );
        return { ...fromCell(cell, unit, warnings), maxSingle: numericMax(ped), capped: false };
      }
      throw new AgeRequiredError(selection.drug.name, `the dose depends on age (${ruleText}).`, [
        { ages: `under ${plural(rule.splitAtYears, "year")}`, ...optionOf(rule.below, unit) },
        { ages: `${plural(rule.splitAtYears, "year")} or older`, ...optionOf(rule.atOrAbove, unit) },
      ]);
    }
    case "fixed": {
      const cell = printedCell(rule.row, weightKg);
      if (isPrintedCell(cell)) {
        return { ...fromCell(cell, unit, warnings), maxSingle: numericMax(ped), capped: false };
      }
      return { ...fromFixed(rule.fixed, unit), maxSingle: numericMax(ped), capped: false, basis: "fixed" };
    }
    case "table": {
      const cell = printedCell(rule.row, weightKg);
      if (!isPrintedCell(cell)) throw new Error(`MCG 1309 table has no ${rule.row} cell at ${weightKg} kg`);
      if (variant.id === "duodote") return duodoteForChild(selection, cell, unit, warnings);
      return {
        ...fromCell(cell, unit, warnings),
        maxSingle: ped.maxSingle === "printed" ? cell.upTo ?? cell.dose : ped.maxSingle,
        capped: false,
      };
    }
    case "seizure-pedidose":
      return seizureDose(selection, weightKg, color, ageYears, warnings);
    case "energy": {
      const shocks = rule.joulesPerKg.map((j) => ({ value: clean(j * weightKg), unit }));
      return {
        dose: shocks[0],
        volumeMl: null,
        shocks,
        maxSingle: Math.max(...shocks.map((s) => s.value)),
        capped: false,
        basis: "printed-table",
      };
    }
  }
}

function duodoteForChild(
  selection: Selection,
  cell: PrintedCell,
  unit: Variant["unit"],
  warnings: string[],
): Dosed {
  switch (selection.indication) {
    case "mild-exposure":
      throw new NotForThisPatientError(
        "indication",
        "Children with mild exposure get atropine 0.02 mg/kg IV/IM, not DuoDote (MCG 1317.37): ask for atropine.",
      );
    case "moderate-exposure":
      return {
        dose: { value: 1, unit },
        volumeMl: null,
        maxSingle: cell.dose,
        capped: false,
        basis: "fixed",
      };
    default:
      return { ...fromCell(cell, unit, warnings), maxSingle: cell.dose, capped: false };
  }
}

/** MCG 1309's PediDOSE chart (and MCG 1317.25) for midazolam IN/IM in active seizure, from 12 months. */
const PEDIDOSE_BANDS = [
  { id: "12-16 months", fromMonths: 12, dose: 1.25, volumeMl: 0.25 },
  { id: "17 months-5 years", fromMonths: 17, dose: 2.5, volumeMl: 0.5 },
  { id: "6-11 years", fromMonths: 72, dose: 5, volumeMl: 1 },
  { id: "12 years or older", fromMonths: 144, dose: 10, volumeMl: 2 },
] as const;
type PediDoseBand = typeof PEDIDOSE_BANDS[number];

/** MCG 1317.25: the band a colour stands for when the age is unknown (grey and pink: under 12 months). */
const PEDIDOSE_BAND_BY_COLOR: Readonly<Record<TapeColor, PediDoseBand | "infant">> = {
  grey: "infant",
  pink: "infant",
  red: PEDIDOSE_BANDS[0],
  purple: PEDIDOSE_BANDS[1],
  yellow: PEDIDOSE_BANDS[1],
  white: PEDIDOSE_BANDS[1],
  blue: PEDIDOSE_BANDS[2],
  orange: PEDIDOSE_BANDS[2],
  green: PEDIDOSE_BANDS[2],
};

const INFANT_SEIZURE = { dosePerKg: 0.2, max: 2.5, concentration: 5 } as const;

function seizureDose(
  selection: Selection,
  weightKg: number,
  color: TapeColor,
  ageYears: number | undefined,
  warnings: string[],
): Dosed {
  const unit = selection.variant.unit;
  const infant = (): Dosed => {
    const raw = clean(INFANT_SEIZURE.dosePerKg * weightKg);
    const capped = raw > INFANT_SEIZURE.max;
    const cell = printedCell("midazolam-seizure-infant", weightKg);
    if (isPrintedCell(cell)) {
      return { ...fromCell(cell, unit, warnings), maxSingle: INFANT_SEIZURE.max, capped };
    }
    const value = Math.min(raw, INFANT_SEIZURE.max);
    if (capped) {
      warnings.push(`Capped at the maximum single dose for under 12 months, ${INFANT_SEIZURE.max} mg.`);
    }
    warnings.push(
      `MCG 1309 prints no under-12-months seizure dose at ${weightKg} kg: calculated at 0.2 mg/kg. ` +
        "Double-check before giving.",
    );
    return {
      dose: { value, unit },
      volumeMl: roundHalfEven(value / INFANT_SEIZURE.concentration, 2),
      maxSingle: INFANT_SEIZURE.max,
      capped,
      basis: "weight-calculated",
    };
  };
  const band = (b: PediDoseBand, basis: DoseBasis): Dosed => ({
    dose: { value: b.dose, unit },
    volumeMl: b.volumeMl,
    maxSingle: b.dose,
    capped: false,
    basis,
    ...(b.fromMonths >= 144
      ? { repeat: { maxDoses: 1, note: "A single dose before base contact; further doses with base." } }
      : {}),
  });

  if (ageYears !== undefined) {
    const months = Math.floor(ageYears * 12 + 1e-9);
    const expected = PEDIDOSE_BAND_BY_COLOR[color];
    if (months < 12) {
      if (expected !== "infant") {
        warnings.push(
          `Under 12 months: 0.2 mg/kg by weight, although the ${color} band usually means older.`,
        );
      }
      return infant();
    }
    const b = [...PEDIDOSE_BANDS].reverse().find((x) => months >= x.fromMonths)!;
    if (expected !== b) {
      warnings.push(
        `Dose by age (${b.id}); the ${color} band usually means ${
          expected === "infant" ? "under 12 months" : expected.id
        }. With severe growth restriction, use the weight-based dose instead.`,
      );
    }
    return band(b, "age");
  }
  const byColor = PEDIDOSE_BAND_BY_COLOR[color];
  if (byColor === "infant") {
    warnings.push(`Age not given: the ${color} band is dosed as under 12 months (0.2 mg/kg).`);
    return infant();
  }
  warnings.push(
    `Age not given: dose by tape colour (${color} → ${byColor.id}). Send the age if known — it decides the dose.`,
  );
  const infantCell = printedCell("midazolam-seizure-infant", weightKg);
  if (isPrintedCell(infantCell)) {
    warnings.push(
      `If the child is under 12 months, MCG 1309 gives ${infantCell.dose} mg (${infantCell.volumeMl} mL) at ` +
        `${weightKg} kg instead.`,
    );
  }
  return band(byColor, "color");
}

function repeatFor(ped: PediatricDosing, variant: Variant, weightKg: number): Repeat | undefined {
  if (!ped.repeatPerKg) return ped.repeat;
  const { dosePerKg, max, concentration } = ped.repeatPerKg;
  const value = Math.min(clean(dosePerKg * weightKg), max);
  return {
    ...ped.repeat,
    dose: { value, unit: variant.unit },
    volumeMl: roundHalfEven(value / concentration, 2),
    note: `${ped.repeat?.note ?? ""} (Repeat dose calculated at ${dosePerKg} ${variant.unit}/kg; MCG 1309 ` +
      "prints the first dose only.)",
  };
}

// ---------------------------------------------------------------------------------------------------
// A colour without a weight

function colorDose(selection: Selection, color: TapeColor, ageYears: number | undefined): DoseResult {
  const weights = WEIGHTS_BY_COLOR[color];
  const results = weights.map((w) => pediatricDose(selection, w, color, ageYears, []));
  const same = (a: DoseResult, b: DoseResult) =>
    JSON.stringify([a.dose, a.volumeMl, a.volumeUpToMl, a.administered, a.shocks, a.capped, a.repeat]) ===
      JSON.stringify([b.dose, b.volumeMl, b.volumeUpToMl, b.administered, b.shocks, b.capped, b.repeat]);
  if (results.every((r) => same(r, results[0]))) {
    // Keep only the warnings true at every weight (a capped note quotes the weight's own arithmetic).
    const common = results[0].warnings.filter((w) => results.every((r) => r.warnings.includes(w)));
    return {
      ...results[0],
      weightKg: null,
      warnings: [
        `The same dose at every weight of the ${color} band (${weights.join(", ")} kg).`,
        ...(results[0].capped ? ["Capped at the maximum single dose at every weight of the band."] : []),
        ...common,
      ],
    };
  }
  throw new ColorNeedsWeightError(
    color,
    weights,
    results.map((r) => ({
      weightKg: r.weightKg!,
      dose: r.dose.upTo === undefined
        ? { value: r.dose.value, unit: r.dose.unit }
        : { value: r.dose.value, unit: r.dose.unit, upTo: r.dose.upTo },
      volumeMl: r.volumeMl,
    })),
  );
}

// ---------------------------------------------------------------------------------------------------
// Adults (and children longer than the tape)

function adultDose(
  selection: Selection,
  weightKg: number | null,
  ageYears: number | undefined,
  patientWarnings: readonly string[],
): DoseResult {
  const { drug, variant, indication } = selection;
  const adult = adultDosingFor(selection);
  const warnings = [...patientWarnings];
  if (adult.minAgeYears !== undefined) {
    if (ageYears !== undefined && ageYears < adult.minAgeYears) {
      throw new NotForThisPatientError(
        "ageYears",
        `${variant.name} is only for patients ${adult.minAgeYears} years or older.`,
      );
    }
    if (ageYears === undefined) warnings.push(`Only for patients ${adult.minAgeYears} years or older.`);
  }
  if (adult.indications && indication && !adult.indications.includes(indication)) {
    throw new NotForThisPatientError(
      "indication",
      `${variant.name} has an adult dose only for ${adult.indications.join(", ")} (${
        variant.references.join(", ")
      }).`,
    );
  }
  // The 1317.x card first: it states the adult dose (MCG 1309's adult page repeats it).
  const references = [...variant.references.filter((r) => r !== MCG_1309), MCG_1309];
  return finish({
    medication: { id: drug.id, name: drug.name },
    variant: { id: variant.id, name: variant.name },
    route: routeLabel(selection),
    formulation: variant.formulation,
    indication: indicationLabel(selection),
    weightKg,
    color: null,
    dose: adult.dose,
    volumeMl: adult.volumeMl,
    ...(adult.volumeUpToMl === undefined ? {} : { volumeUpToMl: adult.volumeUpToMl }),
    ...(adult.volumeOptionsMl ? { volumeOptionsMl: adult.volumeOptionsMl } : {}),
    ...(adult.given ? { administered: adult.given } : {}),
    ...(adult.shocks ? { shocks: adult.shocks.map((value) => ({ value, unit: adult.dose.unit })) } : {}),
    maxSingleDose: { value: adult.maxSingle, unit: adult.dose.unit },
    capped: false,
    ...(adult.repeat ? { repeat: adult.repeat } : {}),
    adult: true,
    basis: "adult",
    warnings: [...warnings, ...(adult.notes ?? []), ...(variant.notes ?? [])],
    citation: citationOf(references),
    references,
  });
}

function adultDosingFor(selection: Selection): AdultDosing {
  const { drug, variant, routes, indication } = selection;
  const adult = variant.adult;
  if ("byRoute" in adult) {
    const candidates = routes ?? variant.routes;
    const dosings = [...new Set(candidates.map((r) => adult.byRoute[r]).filter((d) => d !== undefined))];
    if (dosings.length !== 1) {
      throw new AmbiguousRouteError(drug.name, Object.keys(adult.byRoute));
    }
    return dosings[0];
  }
  if ("byIndication" in adult) return (indication && adult.byIndication[indication]) || adult.otherwise;
  return adult;
}

// ---------------------------------------------------------------------------------------------------
// Shared helpers

const DILUTE = "Dilute 1:1 with normal saline (MCG 1309: infants under 1 year).";

function fromCell(cell: PrintedCell, unit: Variant["unit"], warnings: string[]) {
  if (cell.diluteOneToOne && !warnings.includes(DILUTE)) warnings.push(DILUTE);
  const given: Administered | undefined = cell.given
    ? { value: cell.given[0], unit: cell.given[1] }
    : undefined;
  return {
    dose: cell.upTo === undefined ? { value: cell.dose, unit } : { value: cell.dose, unit, upTo: cell.upTo },
    volumeMl: cell.volumeMl,
    ...(cell.volumeUpToMl === undefined ? {} : { volumeUpToMl: cell.volumeUpToMl }),
    ...(given ? { given } : {}),
    basis: "printed-table" as const,
  };
}

function fromFixed(fixed: FixedDose, unit: Variant["unit"]) {
  return {
    dose: { value: fixed.dose, unit },
    volumeMl: fixed.volumeMl,
    ...(fixed.given ? { given: fixed.given } : {}),
  };
}

function optionOf(fixed: FixedDose, unit: Variant["unit"]) {
  return { dose: { value: fixed.dose, unit }, volumeMl: fixed.volumeMl };
}

function numericMax(ped: PediatricDosing): number {
  if (ped.maxSingle === "printed") throw new Error("a per-kg rule needs a numeric maximum");
  return ped.maxSingle;
}

function routeLabel({ variant, routes }: Selection): string {
  return (routes ?? variant.routes).join("/");
}

function indicationLabel({ variant, indication }: Selection): string | null {
  return indication ?? (variant.indications.length === 1 ? variant.indications[0] : null);
}

function citationOf(references: readonly string[]): string {
  return references.map((r) => r === MCG_1309 ? `${MCG_1309} (rev. ${MCG_1309_REVISION})` : r).join("; ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Removes floating-point noise (0.2 × 7 = 1.4000000000000001). */
export function clean(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Rounds half to even, the rule MCG 1309's volumes follow (0.075 → 0.08, 0.125 → 0.12, 0.175 → 0.18,
 * 0.225 → 0.22; the one printed exception, morphine at 17 kg, is in pediatric_table.ts).
 */
export function roundHalfEven(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = clean(x * factor);
  const floor = Math.floor(scaled);
  if (Math.abs(scaled - floor - 0.5) < 1e-9) return (floor % 2 === 0 ? floor : floor + 1) / factor;
  return Math.round(scaled) / factor;
}

/** The last guard: no answer may exceed its maximum single dose. A failure here is a formulary bug. */
function finish(result: DoseResult): DoseResult {
  const max = result.maxSingleDose;
  const values = [result.dose.value, result.dose.upTo ?? 0, ...(result.dose.options ?? [])];
  if (result.dose.unit !== max.unit || values.some((v) => v > max.value + 1e-9)) {
    throw new Error(
      `Dosing invariant violated for ${result.variant.id}: ${JSON.stringify(result.dose)} exceeds ` +
        `${JSON.stringify(max)}`,
    );
  }
  return result;
}
