/**
 * A child's SVT by its rate (TP 1213-P; MCG 1317.1): narrow-complex SVT is a rate of 180 or more in a child and 220
 * or more in an infant; below it the rhythm is sinus tachycardia, which adenosine does not treat (the cause is, with
 * normal saline for poor perfusion, TP 1213-P step 7). The adult's 150 (adult_rules.ts) is not a child's: "5yo svt hr
 * 160" had the child's dose with "heartRate not applied" (medical director's twelfth read, H3). Applied to every
 * child: on the tape, or 14 or younger longer than it (MCG 1350: the paediatric protocols), and said first when no
 * rate was sent.
 */
import { AGE_MONTHS_BY_COLOR, completedMonths } from "./broselow.ts";
import { FactRequiredError, NotForThisPatientError } from "./errors.ts";
import { isNotForChildren } from "./formulary.ts";
import { ADULT_AGE_YEARS, type Patient } from "./patient.ts";
import type { Selection } from "./selection.ts";
import type { DoseRequest } from "./types.ts";

/** An infant is under 1 year (MCG 1309's dilution rule and its age column speak of infants so). */
const INFANT_UNDER_MONTHS = 12;

export interface ChildRate {
  /** True when the request's heart rate was held to the child's threshold (so it is not "not applied"). */
  readonly applied: boolean;
  /** Said first when no rate was sent. */
  readonly note?: string;
}

const NOT_A_CHILD: ChildRate = { applied: false };

/** Holds the dose to the child's SVT rate where the formulation has one; refuses a rate below it. */
export function childSvtRate(selection: Selection, request: DoseRequest, patient: Patient): ChildRate {
  const { drug, variant, indication } = selection;
  const ped = variant.pediatric;
  if (isNotForChildren(ped) || !ped.svtRate) return NOT_A_CHILD;
  const { child, infant, except } = ped.svtRate;
  if (indication !== undefined && except.includes(indication)) return NOT_A_CHILD;
  const isChild = patient.kind !== "adult" ||
    (request.ageYears !== undefined && request.ageYears < ADULT_AGE_YEARS);
  if (!isChild) return NOT_A_CHILD;
  const rule = `TP 1213-P gives ${drug.name.toLowerCase()} for a child's narrow-complex SVT at ${child} ` +
    `bpm or more, an infant's (under 1 year) at ${infant} or more (MCG 1317.1); below it the rhythm is sinus ` +
    "tachycardia, which it does not treat: treat the cause, normal saline 20 mL/kg for poor perfusion (step 7)";
  const unnamed = indication === undefined
    ? `; without an indication it is checked as for SVT, for a regular wide-complex tachycardia send ${
      except[0]
    }`
    : "";
  const rate = request.heartRate;
  if (rate === undefined) return { applied: false, note: `Check the heart rate first: ${rule}${unnamed}.` };
  if (rate >= infant) return { applied: true };
  const infancy = infantOrNot(request.ageYears, patient);
  if (rate < child || infancy === "infant") {
    const who = rate < child ? "" : " for an infant";
    throw new NotForThisPatientError("heartRate", `${rule}${unnamed} (heart rate ${rate}${who}).`);
  }
  if (infancy === "unknown") {
    throw new FactRequiredError(
      "ageYears",
      `At ${rate} bpm the rhythm is SVT in a child (${child} or more) but sinus tachycardia in an infant under 1 ` +
        `year (below ${infant}; TP 1213-P), and the tape colour does not settle the age.`,
    );
  }
  return { applied: true };
}

/** An infant by age, else by the ages MCG 1309 prints beside the tape colour; unknown where the band spans both. */
function infantOrNot(ageYears: number | undefined, patient: Patient): "infant" | "child" | "unknown" {
  if (ageYears !== undefined) return completedMonths(ageYears) < INFANT_UNDER_MONTHS ? "infant" : "child";
  if (patient.kind === "adult") return "child"; // 14 or younger longer than the tape (an age was sent)
  const [from, before] = AGE_MONTHS_BY_COLOR[patient.color];
  if (before <= INFANT_UNDER_MONTHS) return "infant";
  return from >= INFANT_UNDER_MONTHS ? "child" : "unknown";
}
