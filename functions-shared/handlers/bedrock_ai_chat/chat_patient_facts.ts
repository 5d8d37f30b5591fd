/**
 * The patient facts a conversation's messages add up to, with no I/O: the newest said wins, a correction replaces
 * what it corrects, and the client's patient hints win over all (patientFacts); the vitals read from an earlier
 * message, several systolic pressures said at once, and a child placed by age alone (MCG 1309), each of which the
 * answer must say.
 */
import { AGE_MONTHS_BY_COLOR, colorOfAge, WEIGHTS_BY_COLOR } from "../../domain/dosing/mod.ts";
import type { PatientHints } from "./dosing_types.ts";
import { type PatientFacts, systolicPressuresSaid } from "./chat_mentions.ts";

export const PLACING = ["weightKg", "color", "ageYears", "poundsGiven"] as const;

/**
 * `replacedFacts`: per message, the facts a later correction replaced (chat_placements.ts): "sorry, 7yo" replaces
 * the age only, a weight or colour both. A weight in pounds newer than the placement corrects it too ("20kg" then
 * "oops 200 lbs"): nothing places the patient then, and the note asks for kilograms (the chat never converts).
 */
export function patientFacts(
  factsOldestFirst: readonly PatientFacts[],
  patient: PatientHints,
  replacedFacts: readonly ReadonlySet<keyof PatientFacts>[] = [],
): PatientFacts {
  const facts: PatientFacts = {};
  for (const [at, said] of factsOldestFirst.entries()) { // newer facts overwrite
    const found: PatientFacts = { ...said };
    replacedFacts[at]?.forEach((key) => delete found[key]);
    if (found.poundsGiven !== undefined) PLACING.forEach((key) => delete facts[key]);
    if (found.weightKg !== undefined) delete facts.poundsGiven;
    for (const key of Object.keys(found) as (keyof PatientFacts)[]) {
      (facts as Record<string, number | string>)[key] = found[key] as number | string;
    }
  }
  if (patient.weightKg !== undefined) facts.weightKg = patient.weightKg;
  if (patient.color !== undefined) facts.color = patient.color;
  if (patient.ageYears !== undefined) facts.ageYears = patient.ageYears;
  for (const key of ["systolicBp", "heartRate"] as const) {
    if (patient[key] !== undefined) facts[key] = patient[key];
  }
  // "adult" only stands in when nothing else places the patient (messages that disagree are refused:
  // readPlacements).
  if (facts.color === "adult" && (facts.weightKg !== undefined || facts.ageYears !== undefined)) {
    delete facts.color;
  }
  return facts;
}

/**
 * Vitals from an earlier turn are still the patient's last known state, but the answer must say they are not
 * from this question: the vitals that came from an earlier message. (Doses given are the newest count said for
 * the one drug asked about, its note said apart: chat_dose_counts.ts.)
 */
export function fromEarlierMessage(
  facts: PatientFacts,
  newest: PatientFacts,
  patient: PatientHints,
): string[] {
  const vitals = [["systolicBp", "systolic pressure"], ["heartRate", "heart rate"]] as const;
  return vitals
    .filter(([key]) => facts[key] !== undefined && newest[key] === undefined && patient[key] === undefined)
    .map(([key, name]) => `${name} (${facts[key]})`);
}

/**
 * The different systolic pressures of the newest message that says any, when it says several (the lowest is
 * read: chat_mentions.ts), or undefined; never when the client sent patient.systolicBp.
 */
export function severalPressures(
  userTextsNewestFirst: readonly string[],
  patient: PatientHints,
): number[] | undefined {
  if (patient.systolicBp !== undefined) return undefined;
  const said = userTextsNewestFirst.map(systolicPressuresSaid).find((p) => p.length > 0) ?? [];
  const different = [...new Set(said)];
  return different.length > 1 ? different : undefined;
}

const months = (m: number) => m < 36 ? `${m} months` : `${m / 12} years`;

/**
 * A child with an age but no weight or colour is dosed for the tape colour whose printed ages include
 * it (MCG 1309), and the note says so: the weights the dose is for and the ages behind them.
 */
export function ageBandOnly(facts: PatientFacts): string | undefined {
  if (facts.ageYears === undefined || facts.weightKg !== undefined || facts.color !== undefined) return;
  const color = colorOfAge(facts.ageYears);
  if (!color) return;
  facts.color = color;
  const [from, before] = AGE_MONTHS_BY_COLOR[color];
  return `No weight or tape colour was given: the dose is for the ${color} band of the length-based tape ` +
    `(${WEIGHTS_BY_COLOR[color].join(", ")} kg), the weights MCG 1309 prints for ages ${
      months(from)
    } to under ` +
    `${months(before)}. Say that this weight basis was assumed from the age, and that measuring the child ` +
    "with the tape gives the weight to dose by.";
}
