/**
 * The doses the chat itself holds back before asking the dosing engine, with no I/O: each is a fact of the
 * conversation that the engine's request cannot carry (another patient's facts may have been dropped, the
 * messages place the patient twice, an enhancer was named before nitroglycerin, an allergy to the drug or another
 * contraindication was said, a pain score below the analgesic's threshold or the other opioid named as given,
 * MCG 1345). The
 * refusals share the
 * engine's shape (DosingRefusal) so the prompt and the offline answer read them alike.
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import type { DosingOutcome } from "./dosing_types.ts";
import { enhancerHeldMessage } from "./chat_enhancers.ts";
import { allergyHeldMessage } from "./chat_allergies.ts";
import {
  contraindicationHeldMessage,
  holdsFor,
  type NamedContraindication,
} from "./chat_contraindications.ts";
import { painScoreHeldMessage, type PainScoreSaid } from "./chat_pain_scores.ts";
import { oneOpioidHeldMessage } from "./chat_one_opioid.ts";
import { type SeveralPatients, whichPatientMessage } from "./chat_several_patients.ts";
import type { PartOfDose } from "./chat_given_so_far.ts";

/** What the conversation's reading found that holds a dose back (dosing_context.ts fills it). */
export interface ChatHolds {
  /** Messages that place the patient as an adult and as a child (the facts as said): no dose is given. */
  readonly placementsDisagree?: readonly string[];
  /** A sexually enhancing drug named as taken: no nitroglycerin (TP 1211, TP 1214). */
  readonly enhancerNamed?: string;
  /** What a turn to another patient dropped that held a dose back (as said): no dose until the medic says. */
  readonly samePatientUnclear?: readonly string[];
  /** By medication id, an allergy to it said (as written): no dose (chat_allergies.ts). */
  readonly allergiesNamed?: ReadonlyMap<string, string>;
  /** By medication id, a contraindication to it written for this patient: no dose (chat_contraindications.ts). */
  readonly contraindicationsNamed?: ReadonlyMap<string, NamedContraindication>;
  /** The newest pain score written: an analgesic below its threshold is held (chat_pain_scores.ts, MCG 1345). */
  readonly painScore?: PainScoreSaid;
  /** By opioid id, the words that named it as given: the other is held (chat_one_opioid.ts, MCG 1345). */
  readonly opioidsGiven?: ReadonlyMap<string, string>;
  /** The messages leave the count of this medication's doses given unclear (as said): no dose (chat_dose_counts.ts). */
  readonly dosesGivenUnclear?: {
    readonly medicationId: string;
    readonly said: readonly string[];
    /** Saline: the volume said is part of one bolus (chat_given_so_far.ts), held with that reason. */
    readonly partOfDose?: PartOfDose;
  };
}

/** One refusal in the engine's shape: `said` is what the messages said that holds the dose. */
function held(
  request: DoseRequest,
  code:
    | "SAME_PATIENT_UNCLEAR"
    | "WHICH_PATIENT"
    | "PATIENT_FACTS_DISAGREE"
    | "ENHANCER_NAMED"
    | "ALLERGY_NAMED"
    | "CONTRAINDICATION_NAMED"
    | "DOSES_GIVEN_UNCLEAR"
    | "PAIN_SCORE_BELOW"
    | "ONE_OPIOID",
  field: "patient" | "medication" | "dosesGiven",
  message: string,
  said: string | string[],
): DosingOutcome[] {
  return [{ request, refusal: { code, field, message, details: { field, said } } }];
}

/**
 * What the chat refuses before asking the engine: a turn that dropped what held a dose back, messages that
 * disagree on who the patient is, nitro after an enhancer, a count of doses given the messages leave unclear.
 */
export function chatRefusal(
  request: DoseRequest,
  medicationId: string | undefined,
  holds: ChatHolds,
): DosingOutcome[] | undefined {
  const lost = holds.samePatientUnclear;
  if (lost) {
    return held(
      request,
      "SAME_PATIENT_UNCLEAR",
      "patient",
      `Is this the same patient as before (${lost.join(", ")})? No dose is given until it is said: ` +
        "say 'new patient' with their weight, or 'same patient', or repeat this patient's facts.",
      [...lost],
    );
  }
  const said = holds.placementsDisagree;
  if (said) {
    return held(
      request,
      "PATIENT_FACTS_DISAGREE",
      "patient",
      `The messages place the patient differently: ${said.join(", then ")}. No dose is given until ` +
        "the patient is placed once: say the weight in kg, the tape colour or the age now (or send " +
        "patient.weightKg, patient.color or patient.ageYears).",
      [...said],
    );
  }
  const enhancer = holds.enhancerNamed;
  if (enhancer && medicationId === "nitroglycerin") {
    return held(
      request,
      "ENHANCER_NAMED",
      "medication",
      enhancerHeldMessage(enhancer, request.indication),
      enhancer,
    );
  }
  const allergy = medicationId === undefined ? undefined : holds.allergiesNamed?.get(medicationId);
  if (allergy) {
    return held(
      request,
      "ALLERGY_NAMED",
      "medication",
      allergyHeldMessage(allergy, request.medication),
      allergy,
    );
  }
  const contraindication = medicationId === undefined
    ? undefined
    : holds.contraindicationsNamed?.get(medicationId);
  // a traumatic arrest holds epinephrine for the arrest only, not for anaphylaxis (chat_trauma_contraindications.ts)
  if (contraindication && holdsFor(contraindication, medicationId!, request.indication)) {
    return held(
      request,
      "CONTRAINDICATION_NAMED",
      "medication",
      contraindicationHeldMessage(contraindication, request.medication),
      contraindication.said,
    );
  }
  // MCG 1345 guideline 6: no analgesic below its pain score, and one opioid only; both before asking how many were given.
  const belowScore = holds.painScore && painScoreHeldMessage(medicationId, request, holds.painScore);
  if (belowScore) return held(request, "PAIN_SCORE_BELOW", "medication", belowScore, holds.painScore!.said);
  const oneOpioid = holds.opioidsGiven &&
    oneOpioidHeldMessage(medicationId, request.medication, holds.opioidsGiven);
  if (oneOpioid) {
    return held(request, "ONE_OPIOID", "medication", oneOpioid, [...holds.opioidsGiven!.values()]);
  }
  const doses = holds.dosesGivenUnclear;
  if (doses && medicationId === doses.medicationId) {
    // Short, read on a phone: what was said, what to send (sixth read, H2).
    const wrote = doses.said.map((s) => `'${s}'`).join(", then ");
    const part = doses.partOfDose;
    if (part) {
      // Eighteenth read, H5: a part-given bolus is neither none nor the whole; what is left of it is said, not dosed.
      return held(
        request,
        "DOSES_GIVEN_UNCLEAR",
        "dosesGiven",
        `You wrote ${wrote}: ${part.givenMl} mL is part of this patient's one ${part.doseMl} mL bolus, so what is ` +
          `left of that bolus is at most ${
            part.doseMl - part.givenMl
          } mL (reassess as it runs). The chat does not ` +
          `dose part of a bolus: once it is in, ask again with '${request.medication} x1 given'.`,
        [...doses.said],
      );
    }
    return held(
      request,
      "DOSES_GIVEN_UNCLEAR",
      "dosesGiven",
      // The answer form is one the count reader reads ("nitro x3 given"): a bare "3" is not.
      `How many ${request.medication} doses in all? You wrote ${wrote}. No dose until you say ` +
        `('${request.medication} xN given') or send patient.dosesGiven.`,
      [...doses.said],
    );
  }
  return undefined;
}

/**
 * A dose for one of several patients spoken of that nothing said since places alone (`left`: what was said before,
 * maybe the other patient's): the chat asks which patient (chat_several_patients.ts).
 */
export function whichPatientRefusal(
  request: DoseRequest,
  several: SeveralPatients,
  left: readonly string[],
): DosingOutcome[] {
  const said = [several.said, ...several.placedTwo ?? left];
  return held(request, "WHICH_PATIENT", "patient", whichPatientMessage(several, left), said);
}
