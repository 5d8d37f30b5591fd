/**
 * A child on the tape: the dose from MCG 1309's printed row for the tape weight (or its per-kg, by-age,
 * fixed or energy rule where it prints none), its minimum-age rule, DuoDote's child doses, and repeats.
 */
import { drugNotes, saidFirst } from "./child_warnings.ts";
import { completedMonths, NORMAL_SBP_ABOVE_BY_COLOR, type TapeColor } from "./broselow.ts";
import { AgeRequiredError, AmbiguousIndicationError, NotForThisPatientError } from "./errors.ts";
import { type FixedDose, isNotForChildren, type PediatricDosing, type Variant } from "./formulary.ts";
import {
  chosen,
  citationOf,
  clean,
  DILUTE,
  type Dosed,
  fromCell,
  fromFixed,
  optionOf,
  plural,
  roundHalfEven,
} from "./format.ts";
import { isPrintedCell, type PrintedCell, printedCell } from "./pediatric_table.ts";
import { seizureDose } from "./seizure_midazolam.ts";
import type { Selection } from "./selection.ts";
import type { DoseResult, Repeat } from "./types.ts";

/** The answer for a child at a tape weight; calculateDose passes it through the last guard (finish). */
export function pediatricDose(
  selection: Selection,
  weightKg: number,
  color: TapeColor,
  ageYears: number | undefined,
  patientWarnings: readonly string[],
): DoseResult {
  const { variant } = selection;
  const ped = variant.pediatric;
  if (isNotForChildren(ped)) throw new NotForThisPatientError("weightKg", ped.notForChildren);
  const forIndication = selection.indication ? ped.byIndication?.[selection.indication] : undefined;
  // Said first: whether the dose may be given now (child_warnings.ts).
  const warnings: string[] = [...saidFirst(forIndication), ...patientWarnings];

  if (ped.minAgeYears !== undefined) checkMinimumAge(selection, ped, weightKg, color, ageYears);
  const dosed = dosePediatric(selection, ped, weightKg, color, ageYears, warnings);

  if (variant.diluteUnderOneYear && ageYears !== undefined && ageYears < 1 && !warnings.includes(DILUTE)) {
    warnings.push(DILUTE);
  }
  const generalRepeat = dosed.repeat ?? forIndication?.repeat ?? repeatFor(ped, variant, weightKg);
  const sbpTarget = ped.repeatToNormalSbp ? NORMAL_SBP_ABOVE_BY_COLOR[color] : undefined;
  const repeat = generalRepeat && sbpTarget !== undefined
    ? {
      ...generalRepeat,
      note: `${generalRepeat.note} For the ${color} band: above ${sbpTarget} mmHg (MCG 1309).`,
    }
    : generalRepeat;
  const references = [...new Set([...variant.references, ...(forIndication?.refs ?? [])])];
  return {
    ...chosen(selection),
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
    ...(sbpTarget !== undefined && sbpTarget !== CARD_SBP_TARGET
      ? { cardDiffers: cardSbpDiffers(sbpTarget) }
      : {}),
    adult: false,
    basis: dosed.basis,
    warnings: [
      ...warnings,
      ...(forIndication?.notes ?? []),
      ...drugNotes(ped, forIndication),
      ...(variant.notes ?? []),
    ],
    citation: citationOf(references),
    references,
  };
}

/** MCG 1317.17's one push-dose target for every child, where the protocols use the band's normal. */
const CARD_SBP_TARGET = 70;

function cardSbpDiffers(sbpTarget: number): string {
  return `MCG 1317.17 (rev. 07-01-24) titrates to a systolic pressure above ${CARD_SBP_TARGET} mmHg; TP 1207-P ` +
    `and TP 1210-P titrate to the normal for the child's size in MCG 1309 (above ${sbpTarget} mmHg here), ` +
    "which is followed.";
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
      // An indication's own per-kg dose (TP 1203-P step 7) replaces the rule's and its printed row.
      const own = selection.indication ? ped.byIndication?.[selection.indication]?.dosePerKg : undefined;
      const dosePerKg = own ?? rule.dosePerKg;
      const raw = clean(dosePerKg * weightKg);
      const capped = raw > max;
      if (capped) {
        warnings.push(
          `Capped at the maximum single dose, ${max} ${unit} (${dosePerKg} ${unit}/kg would be ${raw} ${unit}).`,
        );
      }
      const cell = rule.row && own === undefined ? printedCell(rule.row, weightKg) : undefined;
      if (isPrintedCell(cell)) return { ...fromCell(cell, unit, warnings), maxSingle: max, capped };
      const value = Math.min(raw, max);
      warnings.push(
        own !== undefined
          ? `Calculated at ${dosePerKg} ${unit}/kg, this indication's own dose, not MCG 1309's printed row.`
          : `MCG 1309 prints no ${variant.name} dose at ${weightKg} kg: calculated at ${dosePerKg} ${unit}/kg. ` +
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
              `band; the age rule (${ruleText}) gives ${pick.dose} ${unit} at ${ageText(ageYears)}.`,
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
      const cell = rule.row ? printedCell(rule.row, weightKg) : undefined;
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
        "Children with mild exposure get atropine 0.02 mg/kg IV/IM, not DuoDote (TP 1240-P, MCG 1317.37): ask " +
          "for atropine with the indication nerve-agent-mild.",
      );
    case "moderate-exposure":
      return {
        dose: { value: 1, unit },
        volumeMl: null,
        maxSingle: cell.dose,
        capped: false,
        basis: "fixed",
      };
    case "severe-exposure":
      return { ...fromCell(cell, unit, warnings), maxSingle: cell.dose, capped: false };
    default:
      // MCG 1309 prints the severe-exposure count; a child with a milder exposure gets fewer autoinjectors
      // or none (TP 1240-P step 15, MCG 1317.37): without the severity no count is safe to give.
      throw new AmbiguousIndicationError(
        selection.drug.name,
        ["mild-exposure", "moderate-exposure", "severe-exposure"],
        "a child's dose depends on how severe the exposure is (TP 1240-P)",
      );
  }
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

/** An age as a medic says it: whole months under 2 years (the chat sends 11 months as 11 / 12 years). */
function ageText(ageYears: number): string {
  const months = completedMonths(ageYears);
  return ageYears < 2 ? `${months} months` : `${Number(ageYears.toFixed(2))} years`;
}

function numericMax(ped: PediatricDosing): number {
  if (ped.maxSingle === "printed") throw new Error("a per-kg rule needs a numeric maximum");
  return ped.maxSingle;
}
