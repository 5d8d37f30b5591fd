/**
 * The dosing engine's vocabulary: units, route codes, amounts and the result of a calculation.
 * No I/O anywhere under domain/dosing.
 */

/** Route codes as the API accepts and returns them (upper case; combined codes like "IV/IO" too). */
export const ROUTE_CODES = ["IV", "IO", "IM", "IN", "NEB", "MDI", "PO", "SL", "PADS"] as const;
export type RouteCode = typeof ROUTE_CODES[number];

/** Units a dose is expressed in. "autoinjector" counts DuoDote injectors; "J" is shock energy. */
export type DoseUnit = "mg" | "mcg" | "g" | "mEq" | "mL" | "J" | "autoinjector" | "puff";

export interface Amount {
  readonly value: number;
  readonly unit: DoseUnit;
}

/**
 * A dose as the guideline gives it. Usually one number; some entries are a titration range
 * ("125–140 mL": value 125, upTo 140) or a choice the protocol makes ("6 or 12 mg": options [6, 12],
 * value the first of them).
 */
export interface DoseAmount extends Amount {
  readonly upTo?: number;
  readonly options?: readonly number[];
}

/** How the dose is handed over when it is not a volume: one ODT tablet, one tube of paste, puffs. */
export interface Administered {
  readonly value: number;
  readonly unit: "tablet" | "dose" | "puff";
}

export interface Repeat {
  /** What may be repeated when it differs from the first dose (e.g. adenosine 0.2 mg/kg). */
  readonly dose?: Amount;
  readonly volumeMl?: number;
  /** Minutes between doses: one number, or [min, max] for "every 3–5 minutes". */
  readonly intervalMinutes?: number | readonly [number, number];
  /** Total doses (first included) allowed before base contact, where the reference gives one. */
  readonly maxDoses?: number;
  /** Cumulative ceiling before base contact, where the reference gives one. */
  readonly maxTotal?: Amount;
  /** Cumulative ceiling with base orders, where the reference gives one. */
  readonly baseMaxTotal?: Amount;
  /** Total doses allowed with base orders, where the reference gives a count. */
  readonly baseMaxDoses?: number;
  /** One line in our own words. */
  readonly note: string;
}

/** Which dosing rule produced the answer. */
export type DoseBasis =
  | "printed-table" // MCG 1309's per-weight page, as printed
  | "weight-calculated" // per-kg arithmetic where MCG 1309 prints no value for this weight
  | "age" // an age rule (albuterol, epinephrine nebulised, glucagon, midazolam PediDOSE)
  | "color" // the PediDOSE tape-colour rule when the age is unknown
  | "fixed" // a fixed dose (ODT, paste, DuoDote count)
  | "adult"; // the adult rule of the treatment protocol / MCG 1317 drug reference

/** The dose that may follow this one before base contact, or why none may. */
export interface NextDose {
  /** The next dose allowed before base contact; null when none is (a base order or nothing more). */
  readonly dose: DoseAmount | null;
  readonly volumeMl: number | null;
  readonly intervalMinutes?: number | readonly [number, number];
  /** True when any further dose needs a base hospital order. */
  readonly baseContactRequired: boolean;
  readonly note: string;
}

export interface DoseResult {
  readonly medication: { readonly id: string; readonly name: string };
  /** The formulation row of MCG 1309 the answer comes from. */
  readonly variant: { readonly id: string; readonly name: string };
  readonly route: string;
  /** e.g. "0.1 mg/mL" or "Autoinjector (atropine + pralidoxime)". */
  readonly formulation: string;
  readonly indication: string | null;
  readonly weightKg: number | null;
  /** Tape colour for a paediatric answer; null for adult dosing. */
  readonly color: string | null;
  readonly dose: DoseAmount;
  /** mL to draw up at the formulation's concentration; null when not a liquid (tablet, paste, shock). */
  readonly volumeMl: number | null;
  readonly volumeUpToMl?: number;
  readonly volumeOptionsMl?: readonly number[];
  readonly administered?: Administered;
  /** Cardioversion/defibrillation: the energy of each successive shock. */
  readonly shocks?: readonly Amount[];
  readonly maxSingleDose: Amount;
  /** True when the weight-based dose would exceed the maximum single dose and was capped to it. */
  readonly capped: boolean;
  readonly repeat?: Repeat;
  /** Adult answers: which dose this is (1 = the first), from the already-given facts of the request. */
  readonly doseNumber?: number;
  /** Adult answers: the next repeat allowed after this dose. */
  readonly next?: NextDose;
  /** Where the 1317.x card differs from the treatment protocol followed: the card's value, naming both. */
  readonly cardDiffers?: string;
  readonly adult: boolean;
  readonly basis: DoseBasis;
  readonly warnings: readonly string[];
  /** Reference numbers, e.g. "MCG 1309 (rev. 07-01-25); MCG 1317.17". */
  readonly citation: string;
  readonly references: readonly string[];
}

export interface DoseRequest {
  readonly medication: string;
  readonly route?: string;
  readonly weightKg?: number;
  readonly color?: string;
  readonly ageYears?: number;
  readonly indication?: string;
  /** Systolic blood pressure in mmHg: chooses or holds some adult doses (nitroglycerin, saline). */
  readonly systolicBp?: number;
  /** Heart rate per minute: holds adult doses gated on it (adenosine for SVT needs 150 or more, TP 1213). */
  readonly heartRate?: number;
  /** Doses of this medication already given on this call (for the repeat and the maximum). */
  readonly dosesGiven?: number;
  /** Total of this medication already given, in the dose's unit (mg, mcg, mL…). */
  readonly totalGiven?: number;
}

export interface MedicationSummary {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly routes: readonly string[];
  readonly indications: readonly string[];
}
