/**
 * The dosing engine's public entry: weight-based drug doses for LA County paramedics per MCG 1309
 * (Color Code Drug Doses, rev. 07-01-25), adult doses per the treatment protocols and MCG 1317.x drug
 * references, chosen by the patient facts sent (systolic pressure, heart rate, what was already given). No I/O.
 *
 *   listMedications() → [{ id, name, aliases, routes, indications }]
 *   calculateDose({ medication, route?, weightKg?, color?, ageYears?, indication?, systolicBp?, heartRate?,
 *                   dosesGiven?, totalGiven? }) → DoseResult
 *     or throws a DosingError subclass (unknown medication with suggestions, ambiguous route listing the
 *     routes, missing weight, out of range, …).
 */
import { FORMULARY } from "./formulary.ts";
import type { MedicationSummary } from "./types.ts";

export { calculateDose } from "./calculate.ts";
export { ADULT_AGE_YEARS, isKnownChild, TAPE_LENGTH_AGE_YEARS } from "./patient.ts";
export * from "./errors.ts";
export {
  AGE_MONTHS_BY_COLOR,
  COLOR_INPUT_VALUES,
  colorOfAge,
  MAX_TAPE_WEIGHT_KG,
  TAPE_COLORS,
  TAPE_WEIGHTS,
  type TapeColor,
  WEIGHTS_BY_COLOR,
} from "./broselow.ts";
export { FORMULARY, MCG_1309, MCG_1309_REVISION } from "./formulary.ts";
export type {
  Administered,
  Amount,
  DoseAmount,
  DoseBasis,
  DoseRequest,
  DoseResult,
  DoseUnit,
  MedicationSummary,
  NextDose,
  Repeat,
  RouteCode,
} from "./types.ts";

export function listMedications(): MedicationSummary[] {
  return FORMULARY.map((drug) => ({
    id: drug.id,
    name: drug.name,
    aliases: [...drug.aliases, ...Object.keys(drug.variantAliases ?? {})],
    routes: [...new Set(drug.variants.flatMap((v) => v.routes))],
    indications: drug.indications.map((i) => i.id),
  }));
}
