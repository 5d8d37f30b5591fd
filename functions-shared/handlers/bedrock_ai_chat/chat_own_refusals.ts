/**
 * The doses the chat itself holds back before asking the dosing engine, with no I/O: each is a fact of the
 * conversation that the engine's request cannot carry (another patient's facts may have been dropped, the
 * messages place the patient twice, an enhancer was named before nitroglycerin). The refusals share the
 * engine's shape (DosingRefusal) so the prompt and the offline answer read them alike.
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import type { DosingOutcome } from "./dosing_types.ts";
import { enhancerHeldMessage } from "./chat_enhancers.ts";
import { type SeveralPatients, whichPatientMessage } from "./chat_several_patients.ts";

/** What the conversation's reading found that holds a dose back (dosing_context.ts fills it). */
export interface ChatHolds {
  /** Messages that place the patient as an adult and as a child (the facts as said): no dose is given. */
  readonly placementsDisagree?: readonly string[];
  /** A sexually enhancing drug named as taken: no nitroglycerin (TP 1211, TP 1214). */
  readonly enhancerNamed?: string;
  /** What a turn to another patient dropped that held a dose back (as said): no dose until the medic says. */
  readonly samePatientUnclear?: readonly string[];
}

/** One refusal in the engine's shape: `said` is what the messages said that holds the dose. */
function held(
  request: DoseRequest,
  code: "SAME_PATIENT_UNCLEAR" | "WHICH_PATIENT" | "PATIENT_FACTS_DISAGREE" | "ENHANCER_NAMED",
  field: "patient" | "medication",
  message: string,
  said: string | string[],
): DosingOutcome[] {
  return [{ request, refusal: { code, field, message, details: { field, said } } }];
}

/**
 * What the chat refuses before asking the engine: a turn that dropped what held a dose back, messages that
 * disagree on who the patient is, nitro after an enhancer.
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
