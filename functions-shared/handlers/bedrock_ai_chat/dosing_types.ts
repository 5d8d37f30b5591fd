/**
 * The shapes the chat's dosing step hands on (to the prompt, the offline answer, the audit trail),
 * apart from the code that fills them so those readers import no logic.
 */
import type { DoseRequest, DoseResult, DosingErrorCode } from "../../domain/dosing/mod.ts";

export interface ChatTurn {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/** What the client says about the patient (request body); it wins over the text. */
export interface PatientHints {
  readonly ageYears?: number;
  readonly weightKg?: number;
  readonly color?: string;
  /** mmHg, beats per minute, doses of the medication asked about already given (adult doses use them). */
  readonly systolicBp?: number;
  readonly heartRate?: number;
  readonly dosesGiven?: number;
}

export interface DosingRefusal {
  /**
   * The engine's code, or the chat's own: several pressures said would change the dose, a pressure spoken of
   * was not read as a number, a turn to another patient dropped what held a dose back, the messages speak of
   * several patients and place none of them alone, the messages leave the count of doses given unclear, the
   * messages place the patient differently, nitroglycerin
   * after a sexually
   * enhancing drug was named, an allergy or another contraindication to the drug was written, or the dose given
   * with no indication where the medic named one only to deny it; an analgesic below the pain score written
   * (PAIN_SCORE_BELOW) or the other opioid after one given (ONE_OPIOID), MCG 1345.
   */
  readonly code:
    | DosingErrorCode
    | "PRESSURES_DISAGREE"
    | "PRESSURE_UNREAD"
    | "SAME_PATIENT_UNCLEAR"
    | "WHICH_PATIENT"
    | "DOSES_GIVEN_UNCLEAR"
    | "PATIENT_FACTS_DISAGREE"
    | "ENHANCER_NAMED"
    | "ALLERGY_NAMED"
    | "CONTRAINDICATION_NAMED"
    | "INDICATION_DENIED"
    | "PAIN_SCORE_BELOW"
    | "ONE_OPIOID";
  readonly field: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export interface DosingOutcome {
  readonly request: DoseRequest;
  readonly result?: DoseResult;
  readonly refusal?: DosingRefusal;
  /** The engine's dose for each age band, when it depends on an age the medic did not give. */
  readonly ageBands?: string;
}

export interface DosingContext {
  readonly outcomes: readonly DosingOutcome[];
  /** Facts the model should know about the dosing step (e.g. a weight given in pounds). */
  readonly notes: readonly string[];
}
