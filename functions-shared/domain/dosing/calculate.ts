/**
 * calculateDose: a medication, route, indication and patient (tape weight, tape colour, or longer
 * than the tape) → the dose to give, or a typed refusal. Pure: no I/O, no clock, no randomness.
 *
 * Order of decisions: the medication; the patient (adult, a printed tape weight, or a colour); the
 * formulation row (route and indication, which may depend on adult vs child); then the dose —
 * for a child from MCG 1309's printed row for that weight, for an adult from the MCG 1317 reference.
 * A last check refuses (as a bug) any answer above its maximum single dose.
 */
import { adultDose } from "./adult.ts";
import { beyondTapeDose, childRuleBeyondTape } from "./beyond_tape.ts";
import { childSvtRate } from "./child_svt_rate.ts";
import { type TapeColor, WEIGHTS_BY_COLOR } from "./broselow.ts";
import { ColorNeedsWeightError, DosingError, UnknownMedicationError } from "./errors.ts";
import type { Population } from "./formulary.ts";
import { findDrug, suggestDrugs } from "./lookup.ts";
import { checkAge, determinePatient } from "./patient.ts";
import { pediatricDose } from "./pediatric.ts";
import {
  indicationOrThrow,
  parseRouteOrThrow,
  routesUnasked,
  type Selection,
  selectVariant,
} from "./selection.ts";
import type { DoseRequest, DoseResult } from "./types.ts";
import { childCourse } from "./pediatric_course.ts";
import { seizureTotalBeforeBase } from "./seizure_midazolam.ts";

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
    // A child longer than the tape, held to the child's protocol where it says so (beyond_tape.ts).
    const beyond = patient.kind === "adult"
      ? childRuleBeyondTape(drug, indication, request.ageYears)
      : undefined;
    const population: Population = patient.kind === "adult" && !beyond ? "adult" : "pediatric";
    const variant = selectVariant(drug, match.variantId, routes, indication, population);
    // An answer with no route asked is for the routes the patient's documents print (a child's bicarbonate: IV).
    const selection: Selection = {
      drug,
      variant,
      routes: routes ?? routesUnasked(variant, indication, population),
      indication,
    };
    // A child's SVT is held to the child's rate (TP 1213-P), said with the patient when none was sent.
    const rate = childSvtRate(selection, request, patient);
    const rateNote = rate.note ? [rate.note] : [];
    // A child's doses given, held to the answer's repeat rule (and TP 1231-P's doses before base as a total).
    const course = (result: DoseResult) =>
      childCourse(result, request, seizureTotalBeforeBase(variant, result), rate.applied);
    switch (patient.kind) {
      case "adult":
        if (beyond) {
          return course(finish(beyondTapeDose(selection, patient.weightKg, request.ageYears!, beyond)));
        }
        return finish(adultDose(selection, patient.weightKg, request, [...patient.warnings, ...rateNote]));
      case "tape":
        return course(
          finish(
            pediatricDose(selection, patient.weightKg, patient.color, request.ageYears, [
              ...patient.warnings,
              ...rateNote,
            ]),
          ),
        );
      case "color":
        return course(colorDose(selection, patient.color, request.ageYears, rateNote));
    }
  } catch (error) {
    if (error instanceof DosingError) error.medicationId ??= drug.id;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// A colour without a weight: the same answer at every weight of the band (each one guarded), or a
// refusal listing them.

function colorDose(
  selection: Selection,
  color: TapeColor,
  ageYears: number | undefined,
  patientWarnings: readonly string[],
): DoseResult {
  const weights = WEIGHTS_BY_COLOR[color];
  const results = weights.map((w) => finish(pediatricDose(selection, w, color, ageYears, patientWarnings)));
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
