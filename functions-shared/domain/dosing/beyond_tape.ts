/**
 * A child (14 or younger, MCG 1350) longer than the tape, for an indication its paediatric protocol doses by age
 * (IndicationDef.byAgeBeyondTape): TP 1231-P step 6 gives midazolam for a seizure by age, the tape standing in only
 * when the age is unknown, and IN/IM only. So a 9-year-old longer than the tape gets the 6–11 years dose (5 mg),
 * not the adult 10 mg, and a 13-year-old the 10 mg of 12 and older without the adult's IV/IO row (TP 1231). Every
 * other drug keeps MCG 1309 guideline 5's adult dosing.
 */
import { ADULT_AGE_YEARS } from "./patient.ts";
import { FactRequiredError } from "./errors.ts";
import { type Drug, isNotForChildren } from "./formulary.ts";
import { chosen, citationOf } from "./format.ts";
import { seizureDoseByAge } from "./seizure_midazolam.ts";
import type { Selection } from "./selection.ts";
import type { DoseResult } from "./types.ts";

/** The protocol that doses this child by age beyond the tape, or undefined when the adult dose applies. */
export function byAgeBeyondTape(
  drug: Drug,
  indication: string | undefined,
  ageYears: number | undefined,
): string | undefined {
  if (ageYears === undefined || ageYears >= ADULT_AGE_YEARS || indication === undefined) return undefined;
  return drug.indications.find((i) => i.id === indication)?.byAgeBeyondTape;
}

/** The answer for that child; calculateDose passes it through the child's course and the last guard. */
export function beyondTapeDose(
  selection: Selection,
  weightKg: number | null,
  ageYears: number,
  protocol: string,
): DoseResult {
  const { variant } = selection;
  const ped = variant.pediatric;
  if (isNotForChildren(ped) || ped.rule.kind !== "seizure-pedidose") {
    throw new Error(`${variant.id}: no by-age rule for a child longer than the tape`);
  }
  const byAge = seizureDoseByAge(selection, ageYears);
  if (!byAge) {
    throw new FactRequiredError(
      "color",
      `Under 12 months the seizure dose is by the tape's weight (${protocol}, MCG 1309), and a baby is not ` +
        "longer than the tape: measure again and send the tape colour.",
    );
  }
  const { dosed, band } = byAge;
  const repeat = dosed.repeat ?? ped.repeat;
  const references = [...new Set([...variant.references, protocol.replace(/ step .*$/, "")])];
  return {
    ...chosen(selection),
    weightKg,
    color: null,
    dose: dosed.dose,
    volumeMl: dosed.volumeMl,
    maxSingleDose: { value: dosed.maxSingle, unit: variant.unit },
    capped: false,
    ...(repeat ? { repeat } : {}),
    adult: false,
    basis: "age",
    warnings: [
      `Beyond the tape at ${ageYears} years: ${protocol} doses by age (${band}), IN/IM only, not the adult dose.`,
      ...(variant.notes ?? []),
    ],
    citation: citationOf(references),
    references,
  };
}
