/**
 * The dose requests for the medications asked, with no I/O: each one's route (the one said after it, or each of a
 * choice, never one the medic lacks), its indication, and what was given so far of it (chat_given_so_far.ts);
 * and the notes said of the requests made (a total read from words, both opioids offered, the arrest's sequence,
 * aspirin taken at home, the doses already given).
 */
import { type DoseRequest, isKnownChild } from "../../domain/dosing/mod.ts";
import { clausesWithMarks } from "./chat_names.ts";
import {
  findMedications,
  type IndicationReading,
  type PatientFacts,
  readIndication,
} from "./chat_mentions.ts";
import { SHOCKS } from "./chat_shock_kinds.ts";
import { findRoute, routeChoices } from "./chat_routes.ts";
import { dosesGivenNote, type NamedOnce } from "./chat_dose_counts.ts";
import { givenSoFar } from "./chat_given_so_far.ts";
import { withoutOverdoses } from "./chat_own_drugs.ts";
import { homeAspirinNote, homeAspirinSaid } from "./chat_home_aspirin.ts";
import { totalNote, type TotalSaid, withTotal } from "./chat_total_given.ts";
import { labelledCount } from "./chat_labelled_counts.ts";
import type { ChatHolds } from "./chat_own_refusals.ts";
import { bothOpioidsNote } from "./chat_one_opioid.ts";
import { amiodaroneRhythmNote, arrestSequenceNotes } from "./chat_arrest_sequence.ts";
import type { AskedOfPatient } from "./chat_context_notes.ts";

/** What the requests are made from. */
export interface RequestFacts extends AskedOfPatient {
  /** The messages before a turn to another patient, newest first (for a count labelled "pt 2"). */
  readonly droppedTexts: readonly string[];
  /** The patient facts after the notes settled them (chat_context_notes.ts). */
  readonly facts: PatientFacts;
  /** Something places the patient: with nothing, no request is made. */
  readonly placed: boolean;
}

export interface ChatRequests {
  readonly requests: DoseRequest[];
  /** The medication id of each request, in order. */
  readonly requestMedicationIds: string[];
  /** By medication id, with no indication read: what the messages say of those they name only to deny or end. */
  readonly deniedIndications: Map<string, IndicationReading>;
  /** The notes said of the requests, after the context's (chat_context_notes.ts). */
  readonly notes: string[];
  readonly dosesUnclear?: ChatHolds["dosesGivenUnclear"];
  /** The note on doses already given: said before all others, as it changes how the dose below is read. */
  readonly dosesGivenNote?: string;
}

/** `text` without its clauses that name drugs, none of them `medicationId`. */
const withoutOtherDrugs = (text: string, medicationId: string) =>
  clausesWithMarks(text).filter((clause) => {
    const ids = findMedications(clause).map((m) => m.id);
    return ids.length === 0 || ids.includes(medicationId);
  }).join("");

/** The requests for each medication asked, and the notes said of them. */
export function chatRequests(read: RequestFacts): ChatRequests {
  const { medications, medicationText, userTexts, droppedTexts, facts, placed, patient, lacked } = read;
  const notes: string[] = [];
  // A route belongs to the medication it follows ("epinephrine IM and midazolam IN"); with one
  // medication, a route anywhere in the newest message counts. A route the medic lacks never does.
  const routeFor = (i: number) => {
    if (SHOCKS.has(medications[i].id)) return undefined; // pads, whatever else the message says
    // A clause naming only another drug keeps its route ("epi given IM, still wheezing, albuterol?": eleventh read).
    const ownRoute = (text: string) => findRoute(withoutOtherDrugs(text, medications[i].id));
    const route = findRoute(medicationText.slice(medications[i].at, medications[i + 1]?.at)) ??
      (medications.length === 1 ? ownRoute(userTexts[0]) ?? ownRoute(medicationText) : undefined);
    return route && !lacked.includes(route) ? route : undefined;
  };
  const child = isKnownChild(facts);
  // Routes offered as a choice ("versed iv or in") are each answered, a child's IM/IN first (TP 1209-P note 7
  // prefers them for agitation); else the one route, or none.
  const routesAsked = (i: number): (string | undefined)[] => {
    const choices = medications.length === 1 && !SHOCKS.has(medications[i].id)
      ? routeChoices(userTexts[0]).filter((r) => !lacked.includes(r))
      : [];
    if (choices.length < 2) return [routeFor(i)];
    const muscleOrNose = (r: string) => r === "IM" || r === "IN" ? 0 : 1;
    return child ? [...choices].sort((a, b) => muscleOrNose(a) - muscleOrNose(b)) : choices;
  };
  // What was given so far of each medication asked (chat_given_so_far.ts); aspirin the patient took before EMS care
  // is never counted (TP 1211: chat_home_aspirin.ts).
  const homeAspirin = medications.some((m) => m.id === "aspirin") ? homeAspirinSaid(userTexts) : undefined;
  const givenTexts = (medicationId: string) =>
    medicationId === "aspirin" && homeAspirin ? homeAspirin.texts : userTexts;
  let carried = false;
  const atLeast: NamedOnce[] = [];
  const totalsSaid: TotalSaid[] = [];
  let dosesUnclear: ChatHolds["dosesGivenUnclear"];
  const deniedIndications = new Map<string, IndicationReading>();
  const requestMedicationIds: string[] = [];
  const requests: DoseRequest[] = placed
    ? medications.flatMap((med, i) => {
      const read = med.indication ? undefined : readIndication(med.id, userTexts, child);
      const indication = med.indication ?? read?.indication;
      if (read?.denied.length) deniedIndications.set(med.id, read);
      // Asked which indication (chat_cardiac_arrest_said.ts): by the drug's own name and no route, so no formulation or
      // route with one row answers the question for the medic ("croup, no pulse, epi neb" had been stridor's 5 mg
      // NEB, "anaphylaxis, now pulseless, push dose epi" push-dose's 10 mcg: Stop 56's fifth read).
      const question = read?.asked === true;
      const asked: DoseRequest = {
        medication: question ? med.id : med.mention,
        ...(facts.weightKg !== undefined ? { weightKg: facts.weightKg } : {}),
        ...(facts.color !== undefined ? { color: facts.color } : {}),
        ...(facts.ageYears !== undefined ? { ageYears: facts.ageYears } : {}),
        ...(indication ? { indication } : {}),
        ...(facts.systolicBp !== undefined ? { systolicBp: facts.systolicBp } : {}),
        ...(facts.heartRate !== undefined ? { heartRate: facts.heartRate } : {}),
      };
      const alone = medications.length === 1;
      const given = givenSoFar(givenTexts(med.id), {
        medicationId: med.id,
        mention: med.mention,
        indication,
        child,
        alone,
        asked,
        ...(patient.dosesGiven !== undefined ? { sent: patient.dosesGiven } : {}),
        labelled: () => labelledCount(userTexts[0], droppedTexts, med.id),
      });
      if (alone) carried = given.carried;
      if (given.atLeast) atLeast.push(given.atLeast);
      if (given.totalSaid) totalsSaid.push(given.totalSaid);
      if (given.unclear) {
        dosesUnclear = {
          medicationId: med.id,
          said: given.unclear,
          ...(given.partOfDose ? { partOfDose: given.partOfDose } : {}),
        };
      }
      return (question ? [undefined] : routesAsked(i)).map((route) =>
        withTotal(
          given.total,
          (requestMedicationIds.push(med.id), {
            ...asked,
            ...(route ? { route } : {}),
            ...(given.dosesGiven !== undefined ? { dosesGiven: given.dosesGiven } : {}),
          }),
        )
      );
    })
    : [];
  // A total said as one is said to be read from words; an amount said with a dose is in that dose's note.
  if (totalsSaid.length && requests.some((r) => r.totalGiven !== undefined)) {
    notes.push(totalNote(totalsSaid[0]));
  }
  // Both opioids offered ("fentanyl or morphine?"): MCG 1345 allows one (chat_one_opioid.ts).
  const oneOpioid = bothOpioidsNote(requestMedicationIds);
  if (oneOpioid) notes.push(oneOpioid);
  // In VF, epinephrine and amiodarone follow the shocks TP 1210 steps 9 and 11 place first (chat_arrest_sequence.ts).
  notes.push(
    ...arrestSequenceNotes(userTexts, requestMedicationIds, requests.map((r) => r.indication), child),
  );
  const flatRhythm = requestMedicationIds.includes("amiodarone")
    ? amiodaroneRhythmNote(userTexts)
    : undefined;
  if (flatRhythm) notes.push(flatRhythm);
  // An unclear count is asked in the refusal itself (DOSES_GIVEN_UNCLEAR), not again in a note.
  if (homeAspirin && requestMedicationIds.includes("aspirin")) notes.push(homeAspirinNote(homeAspirin.quote));
  // Its clause may name another drug asked ("took asa and nitro at home"): that one's doses are still spoken of.
  const textsForNote =
    (requestMedicationIds.every((id) => id === "aspirin") ? givenTexts("aspirin") : userTexts)
      .map(withoutOverdoses); // "got into grandmas fentanyl" is no dose given
  const unread = dosesUnclear
    ? undefined
    : dosesGivenNote(textsForNote, requests, patient.dosesGiven === undefined, carried, atLeast);
  return {
    requests,
    requestMedicationIds,
    deniedIndications,
    notes,
    ...(dosesUnclear ? { dosesUnclear } : {}),
    ...(unread ? { dosesGivenNote: unread } : {}),
  };
}
