/**
 * Adults (and children longer than the tape): the dose from the MCG 1317.x drug reference, by route or
 * indication where it differs, with its minimum age and the indications it covers.
 */
import { AmbiguousRouteError, NotForThisPatientError } from "./errors.ts";
import { type AdultDosing, MCG_1309 } from "./formulary.ts";
import { chosen, citationOf } from "./format.ts";
import type { Selection } from "./selection.ts";
import type { DoseResult } from "./types.ts";

/** The answer for an adult; calculateDose passes it through the last guard (finish). */
export function adultDose(
  selection: Selection,
  weightKg: number | null,
  ageYears: number | undefined,
  patientWarnings: readonly string[],
): DoseResult {
  const { variant, indication } = selection;
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
  return {
    ...chosen(selection),
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
  };
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
