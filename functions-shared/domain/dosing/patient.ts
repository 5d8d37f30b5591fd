/**
 * Who the patient is: an age check, then adult (longer than the tape, above the tape's weights, or 15 or
 * older with no weight or colour), a child at a printed tape weight (with its colour), or a tape colour
 * alone. A weight above the tape is read as "longer than the tape" except under 12 (TAPE_LENGTH_AGE_YEARS):
 * MCG 1309 doses a child of 14 or younger by the tape's length, not the scale, so a heavy 6-year-old may be on
 * the tape and the adult dose would be an overdose; the engine asks for the tape. Nor is a child under 6 said to be
 * longer than the tape (LONGER_THAN_TAPE_FROM_YEARS): the tape is asked for again.
 */
import {
  COLOR_INPUT_VALUES,
  colorOfWeight,
  completedMonths,
  MAX_TAPE_WEIGHT_KG,
  MIN_TAPE_WEIGHT_KG,
  nearestTapeWeights,
  parseColor,
  type TapeColor,
  WEIGHTS_BY_COLOR,
} from "./broselow.ts";
import {
  ColorWeightMismatchError,
  FactRequiredError,
  NotForThisPatientError,
  TapeLengthRequiredError,
  UnknownColorError,
  WeightNotOnTapeError,
  WeightOutOfRangeError,
  WeightRequiredError,
} from "./errors.ts";
import type { DoseRequest } from "./types.ts";

export type Patient =
  | { kind: "adult"; weightKg: number | null; warnings: string[] }
  | { kind: "tape"; weightKg: number; color: TapeColor; warnings: string[] }
  | { kind: "color"; color: TapeColor };

/**
 * Under this age a weight above the tape is not read as "longer than the tape": the tape decides (MCG 1309
 * guidelines 1 and 5; TP 1231-P doses 12 and older as "longer than the length-based tape if age unknown").
 */
export const TAPE_LENGTH_AGE_YEARS = 12;

/**
 * Under this age a child said to be longer than the tape is measured again (medical director's tenth read, L2):
 * the tape runs to 36 kg (MCG 1309 guideline 2), its last colour, green, is 6–11 years' in TP 1231-P step 6, and
 * the colours it gives a child under 6 end at white (15–18 kg). "Longer than the tape" that young is a measuring
 * error, and the adult dose (guideline 5) an overdose.
 */
export const LONGER_THAN_TAPE_FROM_YEARS = 6;

/** From this age LA County doses as an adult when no weight or colour says otherwise. */
export const ADULT_AGE_YEARS = 15;

export function checkAge(ageYears: number | undefined) {
  if (ageYears !== undefined && !(Number.isFinite(ageYears) && ageYears >= 0 && ageYears <= 130)) {
    throw new NotForThisPatientError("ageYears", "Age must be a number of years from 0 to 130.");
  }
}

/** Whether these facts make a child (on the tape by weight or colour): false for an adult or facts that decide nothing. */
export function isKnownChild(facts: Pick<DoseRequest, "weightKg" | "color" | "ageYears">): boolean {
  try {
    return determinePatient({ medication: "", ...facts }).kind !== "adult";
  } catch {
    return false;
  }
}

export function determinePatient(request: DoseRequest): Patient {
  const color = request.color === undefined ? undefined : parseColor(request.color);
  if (request.color !== undefined && !color) throw new UnknownColorError(COLOR_INPUT_VALUES);
  const weight = request.weightKg;
  if (weight !== undefined && !(Number.isFinite(weight) && weight > 0)) {
    throw new WeightOutOfRangeError(weight, MIN_TAPE_WEIGHT_KG);
  }
  const age = request.ageYears;

  if (color?.kind === "adult") {
    if (age !== undefined && age < LONGER_THAN_TAPE_FROM_YEARS) {
      throw new FactRequiredError(
        "color",
        `At ${
          ageText(age)
        } a child is not longer than the tape: it runs to 36 kg (MCG 1309), and TP 1231-P gives ` +
          "a child under 6 years its colours up to white: measure again with the tape.",
      );
    }
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
      if (age !== undefined && age < TAPE_LENGTH_AGE_YEARS) throw new TapeLengthRequiredError(age, weight);
      const warnings = [`Above ${MAX_TAPE_WEIGHT_KG} kg (beyond the tape): adult dose.`];
      if (age !== undefined && age < ADULT_AGE_YEARS) {
        warnings.push(
          `At ${age} years MCG 1309 still doses by the length-based tape: if the child fits on it, send its colour.`,
        );
      }
      return { kind: "adult", weightKg: weight, warnings };
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
    const warnings = age !== undefined && age >= ADULT_AGE_YEARS
      ? [
        "At 15 years or older LA County doses as an adult; these are the paediatric doses for the tape weight " +
        "given. Confirm which applies.",
      ]
      : [];
    return { kind: "tape", weightKg: weight, color: tapeColor, warnings };
  }
  if (color) return { kind: "color", color: color.color };
  if (age !== undefined && age >= ADULT_AGE_YEARS) {
    return {
      kind: "adult",
      weightKg: null,
      warnings: ["No weight or colour given; age 15 or older: adult dose."],
    };
  }
  throw new WeightRequiredError();
}

/** An age as a medic says it: whole months under 2 years. */
function ageText(ageYears: number): string {
  const months = completedMonths(ageYears);
  return ageYears < 2 ? `${months} month${months === 1 ? "" : "s"}` : `${Number(ageYears.toFixed(2))} years`;
}
