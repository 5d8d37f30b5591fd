/**
 * Typed refusals of the dosing engine. Each names the request field at fault and carries the choices
 * the caller can make next (suggested medications, available routes, printed weights), so the HTTP
 * layer can answer with a precise 4xx and a client can offer a fix without guessing.
 */

export type DosingErrorCode =
  | "UNKNOWN_MEDICATION"
  | "AMBIGUOUS_ROUTE"
  | "ROUTE_NOT_AVAILABLE"
  | "AMBIGUOUS_INDICATION"
  | "UNKNOWN_INDICATION"
  | "WEIGHT_REQUIRED"
  | "WEIGHT_OUT_OF_RANGE"
  | "WEIGHT_NOT_ON_TAPE"
  | "COLOR_NEEDS_WEIGHT"
  | "COLOR_WEIGHT_MISMATCH"
  | "UNKNOWN_COLOR"
  | "AGE_REQUIRED"
  | "FACT_REQUIRED"
  | "LIMIT_REACHED"
  | "NOT_FOR_THIS_PATIENT";

export type DosingField =
  | "medication"
  | "route"
  | "indication"
  | "weightKg"
  | "color"
  | "ageYears"
  | "systolicBp"
  | "heartRate"
  | "dosesGiven"
  | "totalGiven";

export abstract class DosingError extends Error {
  abstract readonly code: DosingErrorCode;
  /** The medication the request resolved to before failing, when it got that far (for audit). */
  medicationId?: string;

  constructor(readonly field: DosingField, message: string) {
    super(message);
  }

  /** Structured, client-safe details: the field and the choices available. */
  abstract details(): Record<string, unknown>;
}

export interface MedicationSuggestion {
  readonly id: string;
  readonly name: string;
}

export class UnknownMedicationError extends DosingError {
  override readonly name = "UnknownMedicationError";
  readonly code = "UNKNOWN_MEDICATION";
  constructor(readonly suggestions: readonly MedicationSuggestion[]) {
    super(
      "medication",
      suggestions.length > 0
        ? `No medication by that name in the formulary. Did you mean ${
          suggestions.map((s) => s.name).join(", ")
        }?`
        : "No medication by that name in the formulary.",
    );
  }
  details() {
    return { field: this.field, suggestions: this.suggestions };
  }
}

export class AmbiguousRouteError extends DosingError {
  override readonly name = "AmbiguousRouteError";
  readonly code = "AMBIGUOUS_ROUTE";
  constructor(medicationName: string, readonly routes: readonly string[]) {
    super("route", `${medicationName}: the dose depends on the route. Choose one of ${routes.join(", ")}.`);
  }
  details() {
    return { field: this.field, routes: this.routes };
  }
}

export class RouteNotAvailableError extends DosingError {
  override readonly name = "RouteNotAvailableError";
  readonly code = "ROUTE_NOT_AVAILABLE";
  /** `why`: the protocol's reason, where the route is given to other patients (a child's midazolam IV). */
  constructor(medicationName: string, requested: string, readonly routes: readonly string[], why?: string) {
    super(
      "route",
      `${medicationName} is not given by route ${requested} here${why ? `: ${why}` : ""}. Routes: ${
        routes.join(", ")
      }.`,
    );
  }
  details() {
    return { field: this.field, routes: this.routes };
  }
}

export class AmbiguousIndicationError extends DosingError {
  override readonly name = "AmbiguousIndicationError";
  readonly code = "AMBIGUOUS_INDICATION";
  /** `dependsOn`: what the dose depends on, when more than "the formulation and dose" says it. */
  constructor(medicationName: string, readonly indications: readonly string[], dependsOn?: string) {
    super(
      "indication",
      `${medicationName}: ${
        dependsOn ?? "the formulation and dose depend on the indication"
      }. Choose one of ${indications.join(", ")}.`,
    );
  }
  details() {
    return { field: this.field, indications: this.indications };
  }
}

export class UnknownIndicationError extends DosingError {
  override readonly name = "UnknownIndicationError";
  readonly code = "UNKNOWN_INDICATION";
  /** `message`: said instead where the drug is dosed for it by another formulation than the one named. */
  constructor(medicationName: string, readonly indications: readonly string[], message?: string) {
    super(
      "indication",
      message ??
        (indications.length === 0
          ? `${medicationName} is not dosed by indication: leave the indication out.`
          : `That indication is not one this formulary doses ${medicationName} for. Indications: ${
            indications.join(", ")
          }.`),
    );
  }
  details() {
    return { field: this.field, indications: this.indications };
  }
}

export class WeightRequiredError extends DosingError {
  override readonly name = "WeightRequiredError";
  readonly code = "WEIGHT_REQUIRED";
  constructor() {
    super(
      "weightKg",
      "A weight in kg (from the length-based tape) or a tape colour is needed; for a patient longer than " +
        'the tape, send a weight above 36 kg or the colour "adult".',
    );
  }
  details() {
    return { field: this.field };
  }
}

export class WeightOutOfRangeError extends DosingError {
  override readonly name = "WeightOutOfRangeError";
  readonly code = "WEIGHT_OUT_OF_RANGE";
  constructor(readonly weightKg: number, readonly minimumKg: number) {
    super(
      "weightKg",
      `No dose below ${minimumKg} kg: MCG 1309 starts at ${minimumKg} kg. Follow the newborn/neonatal ` +
        "protocol and contact the base hospital.",
    );
  }
  details() {
    return { field: this.field, minimumKg: this.minimumKg };
  }
}

export class WeightNotOnTapeError extends DosingError {
  override readonly name = "WeightNotOnTapeError";
  readonly code = "WEIGHT_NOT_ON_TAPE";
  constructor(readonly weightKg: number, readonly nearest: readonly { weightKg: number; color: string }[]) {
    super(
      "weightKg",
      `MCG 1309 prints doses only for the tape weights; ${weightKg} kg is not one of them. Use the weight the ` +
        `tape gives (nearest: ${nearest.map((n) => `${n.weightKg} kg ${n.color}`).join(", ")}).`,
    );
  }
  details() {
    return { field: this.field, nearest: this.nearest };
  }
}

export interface WeightOption {
  readonly weightKg: number;
  readonly dose: { readonly value: number; readonly unit: string; readonly upTo?: number };
  readonly volumeMl: number | null;
}

export class ColorNeedsWeightError extends DosingError {
  override readonly name = "ColorNeedsWeightError";
  readonly code = "COLOR_NEEDS_WEIGHT";
  constructor(
    readonly color: string,
    readonly weightsKg: readonly number[],
    readonly options: readonly WeightOption[],
  ) {
    super(
      "weightKg",
      `The ${color} band covers ${
        weightsKg.join(", ")
      } kg and the dose differs between them: send the weight the tape gives.`,
    );
  }
  details() {
    return { field: this.field, color: this.color, weightsKg: this.weightsKg, options: this.options };
  }
}

export class ColorWeightMismatchError extends DosingError {
  override readonly name = "ColorWeightMismatchError";
  readonly code = "COLOR_WEIGHT_MISMATCH";
  constructor(readonly color: string, readonly weightKg: number, readonly weightsKg: readonly number[]) {
    super(
      "color",
      `${weightKg} kg is not in the ${color} band (${weightsKg.join(", ")} kg). Re-check the tape.`,
    );
  }
  details() {
    return { field: this.field, color: this.color, weightsKg: this.weightsKg };
  }
}

export class UnknownColorError extends DosingError {
  override readonly name = "UnknownColorError";
  readonly code = "UNKNOWN_COLOR";
  constructor(readonly colors: readonly string[]) {
    super("color", `Unknown tape colour. Colours: ${colors.join(", ")}.`);
  }
  details() {
    return { field: this.field, colors: this.colors };
  }
}

export interface AgeOption {
  readonly ages: string;
  readonly dose: { readonly value: number; readonly unit: string } | null;
  readonly volumeMl: number | null;
}

export class AgeRequiredError extends DosingError {
  override readonly name = "AgeRequiredError";
  readonly code = "AGE_REQUIRED";
  constructor(medicationName: string, reason: string, readonly options: readonly AgeOption[]) {
    super("ageYears", `${medicationName}: ${reason} Send the patient's age in years.`);
  }
  details() {
    return { field: this.field, options: this.options };
  }
}

export class NotForThisPatientError extends DosingError {
  override readonly name = "NotForThisPatientError";
  readonly code = "NOT_FOR_THIS_PATIENT";
  constructor(field: DosingField, message: string) {
    super(field, message);
  }
  details() {
    return { field: this.field };
  }
}

/** The dose depends on a patient fact the request did not carry (e.g. the systolic pressure). */
export class FactRequiredError extends DosingError {
  override readonly name = "FactRequiredError";
  readonly code = "FACT_REQUIRED";
  constructor(field: DosingField, readonly reason: string) {
    super(field, `${reason} Send ${field}.`);
  }
  details() {
    return { field: this.field, reason: this.reason };
  }
}

/**
 * A weight above the tape with an age under 12 (MCG 1309 guidelines 1 and 5; TP 1231-P reads 12 and older as
 * longer than the tape): the child is dosed by the tape's length, as an adult only when longer than it, which the
 * weight cannot tell. A FACT_REQUIRED of the colour, so callers need no new code.
 */
export class TapeLengthRequiredError extends DosingError {
  override readonly name = "TapeLengthRequiredError";
  readonly code = "FACT_REQUIRED";
  readonly reason: string;
  constructor(ageYears: number, weightKg: number) {
    const reason =
      `${weightKg} kg at ${ageYears} years: a child under 12 is dosed by the length-based tape, ` +
      "as an adult only when longer than it (MCG 1309).";
    super(
      "color",
      `${reason} Measure with the tape and send its colour, or "adult" if longer than the tape.`,
    );
    this.reason = reason;
  }
  details() {
    return { field: this.field, reason: this.reason };
  }
}

/** What was already given reaches the maximum before base contact (or the ceiling): no further dose here. */
export class LimitReachedError extends DosingError {
  override readonly name = "LimitReachedError";
  readonly code = "LIMIT_REACHED";
  constructor(
    field: DosingField,
    message: string,
    readonly limit: { readonly maxDoses?: number; readonly maxTotal?: { value: number; unit: string } },
    readonly withBase:
      | { readonly maxDoses?: number; readonly maxTotal?: { value: number; unit: string } }
      | null,
  ) {
    super(field, message);
  }
  details() {
    return { field: this.field, limit: this.limit, withBase: this.withBase };
  }
}
