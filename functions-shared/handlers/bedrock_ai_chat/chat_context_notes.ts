/**
 * The notes that tell the answer what the conversation's reading left out or assumed, with no I/O: the patient's
 * own drugs, what a turn to another patient dropped, a correction, vitals from an earlier message, a pressure with
 * no number or several pressures, a weight in pounds, ages written and not read, "in"/"im" not read as routes, a
 * child placed by age alone (MCG 1309), nothing that places the patient, routes the medic lacks, the medications
 * of a presentation and the energies of a shock. The order of the notes is the order the answer says them.
 */
import { findPatientFacts, type PatientFacts } from "./chat_mentions.ts";
import type { PatientHints } from "./dosing_types.ts";
import type { Presented } from "./chat_presentations.ts";
import { SHOCKS } from "./chat_shock_kinds.ts";
import { saysCapitalImUnread } from "./chat_routes.ts";
import { saysImUnread, saysInUnread } from "./chat_route_words.ts";
import { ownDrugsDropped } from "./chat_named_given.ts";
import { ownDrugsNote } from "./chat_own_drugs.ts";
import { unreadAgeShorthand } from "./chat_age_shorthand.ts";
import { ageReading } from "./chat_age_notes.ts";
import type { PressureUnread } from "./chat_pressure_words.ts";
import type { PlacementReading } from "./chat_placements.ts";
import { ageBandOnly, fromEarlierMessage, severalPressures } from "./chat_patient_facts.ts";
import { medicalArrestNote } from "./chat_medical_arrest.ts";
import { TRAUMATIC_ARREST_SAID } from "./chat_trauma_contraindications.ts";
import { ranOverNote } from "./chat_ran_over_note.ts";
import { resuscitationWithheldNote } from "./chat_resuscitation_withheld.ts";

/** The drugs a traumatic arrest holds (chat_trauma_contraindications.ts). */
const ARREST_DRUGS = new Set(["epinephrine", "amiodarone"]);
/** The drugs TP 1210 gives during a resuscitation. */
const RESUSCITATION_DRUGS = new Set([
  "epinephrine",
  "amiodarone",
  "calcium-chloride",
  "sodium-bicarbonate",
  "normal-saline",
]);

/** What is asked and of whom: read once, for the notes and for the requests (chat_requests.ts). */
export interface AskedOfPatient {
  /** The message the medications asked were read from. */
  readonly medicationText: string;
  readonly medications: readonly Presented[];
  /** This patient's messages, newest first. */
  readonly userTexts: readonly string[];
  readonly patient: PatientHints;
  /** Routes the medic said they lack: never a request's route. */
  readonly lacked: readonly string[];
}

/** What the conversation's reading found so far, for the notes on it. */
export interface ContextRead extends AskedOfPatient {
  /** No medication was named: the medications are the formulary's for the presentation described. */
  readonly presented: boolean;
  /** The facts each message said, oldest first. */
  readonly factsPerMessage: readonly PatientFacts[];
  /** The facts the messages add up to, with the client's (chat_patient_facts.ts patientFacts). */
  readonly facts: PatientFacts;
  readonly placements: PlacementReading;
  /** What a turn to another patient dropped that held a dose back (chat_same_patient.ts holdsDropped). */
  readonly holdsLost?: readonly string[];
  /** A pressure spoken of with no number read (chat_pressure_words.ts). */
  readonly unreadPressure?: PressureUnread;
}

export interface ContextNotes {
  readonly notes: string[];
  /** `facts` with an age that ages in doubt drop left out, and the tape colour an age alone places in (MCG 1309). */
  readonly facts: PatientFacts;
  /** A weight, tape colour or age places the patient: the engine may be asked. */
  readonly placed: boolean;
  /** An age was written but not read as the patient's. */
  readonly ageUnread: boolean;
  /** The different systolic pressures of the newest message that says several, when no number was left unread. */
  readonly pressures?: number[];
  /** The note that a pressure was spoken of with no number read (among `notes`). */
  readonly pressureUnreadNote?: string;
}

const SHOCK_NOTE = "Energies are the dosing engine's (MCG 1309): defibrillation is for a shockable rhythm " +
  "(VF or pulseless VT, TP 1210 / TP 1210-P); synchronized cardioversion is for an unstable tachycardia with " +
  "a pulse (TP 1213 / TP 1213-P).";

/** The notes on the conversation's reading, in the order the answer says them, and the facts they settle. */
export function contextNotes(read: ContextRead): ContextNotes {
  const { medicationText, medications, userTexts, factsPerMessage, placements, patient, holdsLost, lacked } =
    read;
  const { unreadPressure } = read;
  const facts: PatientFacts = { ...read.facts };
  const notes: string[] = [];
  // A drug named as the patient's own (a home medicine, what they overdosed on) is not dosed: said (chat_own_drugs.ts).
  const own = ownDrugsNote(ownDrugsDropped(medicationText));
  if (own) notes.push(own);
  if (holdsLost) {
    notes.push(
      `The newest messages were read as about another patient, so what was said before is not read, and that ` +
        `included ${holdsLost.join(", ")}. Ask whether this is the same patient before giving any dose.`,
    );
  }
  if (placements.replaced) {
    // Said with a refusal too: what the correction left standing may be why the messages disagree.
    const { said, kept } = placements.replaced;
    const told = kept ? `${said}; ${kept} still hold${kept.includes(" and ") ? "" : "s"}` : said;
    notes.push(
      `The medic corrected the patient: ${told}. Say so in the answer ("${told}"), so a correction misread is seen.`,
    );
  }
  const earlier = fromEarlierMessage(facts, findPatientFacts(userTexts[0]), patient);
  if (earlier.length > 0) {
    notes.push(
      `The ${earlier.join(" and ")} used come${
        earlier.length === 1 ? "s" : ""
      } from an earlier message, not ` +
        "this question: the dose holds only if that is still the patient's state; say so in the answer.",
    );
  }
  const pressures = unreadPressure === undefined ? severalPressures(userTexts, patient) : undefined;
  const pressureUnreadNote = unreadPressure !== undefined && medications.length > 0
    ? `A pressure was spoken of ("${unreadPressure.said}") but no systolic number was read as the pressure now: a ` +
      "dose that depends on the systolic pressure is not given. Ask " +
      (unreadPressure.afterNumber ? "what the systolic is now" : "for the systolic pressure") +
      " as a number (or patient.systolicBp)."
    : undefined;
  if (pressureUnreadNote) notes.push(pressureUnreadNote);
  if (pressures) {
    notes.push(
      `Several systolic pressures were given (${pressures.join(", ")}); the lowest, ${
        Math.min(...pressures)
      }, was used, and a dose that would differ at another of them is not given. Say so in the answer; the ` +
        "medic should say the patient's pressure now alone or send patient.systolicBp.",
    );
  }
  if (facts.poundsGiven !== undefined && facts.weightKg === undefined) {
    notes.push(
      `A weight of ${facts.poundsGiven} lb was given${
        factsPerMessage.some((f) => f.weightKg !== undefined)
          ? ", after a weight in kg: it corrects it, so " +
            "no dose is given"
          : ""
      }. The dosing engine works in kilograms from the length-based tape; ask for the weight in kg or the tape ` +
        "colour rather than converting.",
    );
  }
  // Ages written but not read as the patient's (a parent's, two different ones): said, never "no age given".
  const ages = medications.length > 0
    ? ageReading(
      // a message whose age was corrected is not weighed
      userTexts.filter((_, i) => !placements.replacedFacts[userTexts.length - 1 - i]?.has("ageYears")),
      patient.ageYears !== undefined,
      facts.ageYears !== undefined,
    )
    : undefined;
  if (ages?.dropAge) delete facts.ageYears;
  notes.push(...ages?.notes ?? []);
  // An adult said as such needs no age; anyone else may be an infant whose age was left unread.
  const unreadAge = !ages?.notes.length && facts.ageYears === undefined && medications.length > 0 &&
      facts.color !== "adult" && facts.color !== "longer-than-tape"
    ? userTexts.map(unreadAgeShorthand).find((said) => said !== undefined)
    : undefined;
  if (unreadAge) {
    notes.push(
      `"${unreadAge}" was not read as the patient's age: it may be how long something has lasted, or a ` +
        "gestational age. If it is " +
        `the age, say it as an age ("${unreadAge} old") or send patient.ageYears.`,
    );
  }
  if (medications.length > 0 && saysInUnread(userTexts[0])) {
    notes.push(
      `"in" was not read as intranasal: it may mean the dose went in. If intranasal is meant, say IN or ` +
        "intranasal.",
    );
  }
  if (medications.length > 0 && (saysImUnread(userTexts[0]) || saysCapitalImUnread(userTexts[0]))) {
    notes.push(
      `"im" was not read as intramuscular: it may be "I'm" ("im 3 min out"). If intramuscular is meant, say ` +
        `"intramuscular", or the route right after the dose ("epi 0.3 mg IM").`,
    );
  }
  const estimated = ageBandOnly(facts);
  if (estimated) notes.push(estimated);
  const placed = facts.weightKg !== undefined || facts.color !== undefined || facts.ageYears !== undefined;
  if (medications.length > 0 && !placed && facts.poundsGiven === undefined) {
    notes.push(
      ages?.unread || unreadAge
        ? "No weight or tape colour was given and no age was read, so the dosing engine was not asked for a dose."
        : "No weight, tape colour or age was given, so the dosing engine was not asked for a dose.",
    );
  }
  if (lacked.length > 0) {
    notes.push(
      `The medic said there is no ${lacked.join(" or ")} access: no dose is given by that route. The doses ` +
        "below are by the route they asked for or, when they named none, by each route still open.",
    );
  }
  if (read.presented && medications.length > 0 && placed) {
    notes.push(
      "No medication was named: these are the medications the formulary lists for the presentation described " +
        `(${
          [...new Set(medications.map((m) => m.indication))].join(", ")
        }). The treatment protocol decides ` +
        "which apply.",
    );
  }
  if (placed && medications.some((m) => SHOCKS.has(m.id))) {
    notes.push(SHOCK_NOTE);
  }
  // An arrest beside an injury the medic calls medical: dosed per TP 1210, and said (TP 1244 note 4; eighteenth read, H3)
  const arrestDrugs = medications.some((m) => ARREST_DRUGS.has(m.id));
  const medicalFirst = arrestDrugs ? medicalArrestNote(userTexts, TRAUMATIC_ARREST_SAID) : undefined;
  if (medicalFirst) notes.push(medicalFirst);
  // "pt ran over and ..." read as the patient running: dosed per TP 1210, and said (chat_ran_over_note.ts)
  const ranOver = arrestDrugs ? ranOverNote(userTexts, TRAUMATIC_ARREST_SAID) : undefined;
  if (ranOver) notes.push(ranOver);
  // a DNR or POLST, or obvious death, beside an arrest: the dose stays, and Ref. No. 815 / 814 is said
  const withheld = medications.some((m) => RESUSCITATION_DRUGS.has(m.id))
    ? resuscitationWithheldNote(userTexts)
    : undefined;
  if (withheld) notes.push(withheld);
  return {
    notes,
    facts,
    placed,
    ageUnread: Boolean(ages?.unread || unreadAge),
    ...(pressures ? { pressures } : {}),
    ...(pressureUnreadNote ? { pressureUnreadNote } : {}),
  };
}
