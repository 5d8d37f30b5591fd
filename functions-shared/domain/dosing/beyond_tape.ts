/**
 * A child (14 or younger, MCG 1350) longer than the tape, for an indication whose paediatric protocol still holds
 * such a child (IndicationDef.beyondTape); every other drug keeps MCG 1309 guideline 5's adult dosing.
 * - by-age: TP 1231-P step 6 gives midazolam for a seizure by age, the tape standing in only when the age is
 *   unknown, and IN/IM only. So a 9-year-old longer than the tape gets the 6–11 years dose (5 mg), not the adult
 *   10 mg, and a 13-year-old the 10 mg of 12 and older without the adult's IV/IO row (TP 1231).
 * - child-limits: TP 1209-P's midazolam for agitation: the adult dose (MCG 1309 guideline 5: 5 mg) within the
 *   child's maximum single dose, repeats and base contact (5 mg a dose, 10 mg before base, 15 mg with base), by
 *   the child's routes (IM/IN unless an IV is asked for, note 7); TP 1209's single 10 mg is refused as for a child
 *   on the tape (selection.ts). A 9-year-old "off the tape, high risk agitation" had the single 10 mg IM, and
 *   "combative" the IV offered (medical director's tenth read, M1).
 */
import { adultRow } from "./adult.ts";
import { drugNotes, saidFirst } from "./child_warnings.ts";
import { ADULT_AGE_YEARS } from "./patient.ts";
import { type BeyondTapeRule, type Drug, isNotForChildren } from "./formulary.ts";
import { chosen, citationOf, roundHalfEven } from "./format.ts";
import { seizureDoseByAge } from "./seizure_midazolam.ts";
import type { Selection } from "./selection.ts";
import type { DoseResult } from "./types.ts";

/** The child's protocol that still holds this child beyond the tape, or undefined when the adult dose applies. */
export function childRuleBeyondTape(
  drug: Drug,
  indication: string | undefined,
  ageYears: number | undefined,
): BeyondTapeRule | undefined {
  if (ageYears === undefined || ageYears >= ADULT_AGE_YEARS || indication === undefined) return undefined;
  return drug.indications.find((i) => i.id === indication)?.beyondTape;
}

/** The answer for that child; calculateDose passes it through the child's course and the last guard. */
export function beyondTapeDose(
  selection: Selection,
  weightKg: number | null,
  ageYears: number,
  rule: BeyondTapeRule,
): DoseResult {
  return rule.dose === "by-age"
    ? byAgeDose(selection, weightKg, ageYears, rule.protocol)
    : withinChildLimits(selection, weightKg, ageYears, rule.protocol);
}

function byAgeDose(
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
  // Under 6 nobody is longer than the tape (patient.ts asks for the colour): a baby's dose is by weight.
  if (!byAge) throw new Error(`${variant.id}: no age band at ${ageYears} years beyond the tape`);
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

function withinChildLimits(
  selection: Selection,
  weightKg: number | null,
  ageYears: number,
  protocol: string,
): DoseResult {
  const { variant, indication } = selection;
  const ped = variant.pediatric;
  if (isNotForChildren(ped) || ped.rule.kind !== "per-kg" || ped.maxSingle === "printed") {
    throw new Error(`${variant.id}: no child's maximum for a child longer than the tape`);
  }
  const adult = adultRow(selection);
  if (adult.dose.upTo !== undefined || adult.dose.options || adult.bySystolicBp) {
    throw new Error(`${variant.id}: the adult dose is not one number`);
  }
  const unit = variant.unit;
  const max = ped.maxSingle;
  const value = Math.min(adult.dose.value, max);
  const forIndication = indication ? ped.byIndication?.[indication] : undefined;
  const repeat = forIndication?.repeat ?? ped.repeat;
  const references = [...new Set([...variant.references, protocol])];
  return {
    ...chosen(selection),
    weightKg,
    color: null,
    dose: { value, unit },
    volumeMl: roundHalfEven(value / ped.rule.concentration, 2),
    maxSingleDose: { value: max, unit },
    capped: adult.dose.value > max,
    ...(repeat ? { repeat } : {}),
    adult: false,
    basis: "adult",
    // A base order first, or when one may be skipped, is said first, as for a child on the tape (pediatric.ts).
    warnings: [
      ...saidFirst(forIndication),
      `Beyond the tape at ${ageYears} years, still a child (MCG 1350): the adult ${value} ${unit} (MCG 1309 ` +
      `guideline 5) held to ${protocol}: ${max} ${unit} a dose at most, the child's repeats, base contact and ` +
      "routes.",
      ...(forIndication?.beyondTapeNotes ?? forIndication?.notes ?? []),
      ...drugNotes(ped, forIndication),
      ...(variant.notes ?? []),
    ],
    citation: citationOf(references),
    references,
  };
}
