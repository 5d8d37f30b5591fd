/**
 * Midazolam IN/IM for a child in active seizure: by age from the PediDOSE chart (MCG 1309, MCG 1317.25),
 * by tape colour when the age is unknown, and 0.2 mg/kg by weight under 12 months.
 */
import { completedMonths, type TapeColor } from "./broselow.ts";
import { clean, type Dosed, fromCell, roundHalfEven } from "./format.ts";
import { isPrintedCell, printedCell } from "./pediatric_table.ts";
import { isNotForChildren, type Variant } from "./formulary.ts";
import type { Selection } from "./selection.ts";
import type { Amount, DoseBasis, DoseResult } from "./types.ts";

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

function bandDose(b: PediDoseBand, unit: Selection["variant"]["unit"], basis: DoseBasis): Dosed {
  return {
    dose: { value: b.dose, unit },
    volumeMl: b.volumeMl,
    maxSingle: b.dose,
    capped: false,
    basis,
    ...(b.fromMonths >= 144
      ? {
        repeat: {
          maxDoses: 1,
          baseMaxDoses: 3,
          baseMaxTotal: { value: 20, unit: "mg" },
          note: "A single dose before base contact; with base, 3 doses or 20 mg in total, whichever is less.",
        },
      }
      : {}),
  };
}

/**
 * A child of known age longer than the tape (TP 1231-P step 6 doses by age; the tape stands in for the age only
 * when it is unknown): the PediDOSE band of the age, or undefined under 12 months, whose dose is by the tape's
 * weight (a baby is never longer than the tape: the caller asks for it).
 */
export function seizureDoseByAge(
  selection: Selection,
  ageYears: number,
): { readonly dosed: Dosed; readonly band: string } | undefined {
  const months = completedMonths(ageYears);
  if (months < 12) return undefined;
  const b = [...PEDIDOSE_BANDS].reverse().find((x) => months >= x.fromMonths)!;
  return { dosed: bandDose(b, selection.variant.unit, "age"), band: b.id };
}

export function seizureDose(
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
  const band = (b: PediDoseBand, basis: DoseBasis) => bandDose(b, unit, basis);

  if (ageYears !== undefined) {
    const months = completedMonths(ageYears);
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

/**
 * TP 1231-P step 6 prints each band's dose and "up to 2 doses prior to Base contact" (a single dose from 12 years):
 * before base, that many of this dose in all. A total sent is held to it, as a printed total is (an adult 10 mg
 * already given to a 9-year-old leaves no 5 mg before base; medical director's tenth read, L1), but never asked
 * for: with a count alone the count decides. Undefined for any other rule, or where a total is printed.
 */
export function seizureTotalBeforeBase(variant: Variant, result: DoseResult): Amount | undefined {
  const ped = variant.pediatric;
  const maxDoses = result.repeat?.maxDoses;
  if (isNotForChildren(ped) || ped.rule.kind !== "seizure-pedidose" || maxDoses === undefined) {
    return undefined;
  }
  if (result.repeat?.maxTotal) return undefined;
  return { value: clean(maxDoses * result.dose.value), unit: result.dose.unit };
}
