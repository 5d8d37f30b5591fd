/**
 * From a conversation to dosing-engine answers, with no I/O: which medications (or shocks) the medic
 * asks about — named, or implied by the presentation they describe — and the patient facts that decide
 * a dose (weight in kg, tape colour, age, the routes they have and lack, indication; for adults the
 * systolic pressure, heart rate and doses already given). The numbers a
 * chat answer may give come only from calculateDose (domain/dosing); this module never computes a
 * dose and never converts units (a weight in pounds is reported, not converted).
 *
 *   dosingForConversation(messages, patient?) → { outcomes: [{ request, result?, refusal?, ageBands? }], notes }
 *
 * The engine is called only when a medication and something that places the patient (weight, colour,
 * age, "adult") are both in play; otherwise the prompt tells the model what is missing.
 *   chat_names.ts          the formulary's names as a medic's words
 *   chat_fluid_names.ts    the chat's own short names ("NS", "fluids", "lido"), read only where they name the drug
 *   chat_mentions.ts       what a message names, in one place: re-exports the readers of names, facts, indications
 *   chat_indications.ts    the indication a medication is asked for, or those named only to be denied
 *   chat_indication_patterns.ts  how each indication is said (names, spoken forms) and which a text says first
 *   chat_overdose_words.ts TP 1241's poisonings as said ("ccb od", "took a bottle of amlodipine")
 *   chat_newborn_words.ts  a newborn in resuscitation (TP 1216-P), never an older infant
 *   chat_indication_rules.ts  per-drug rules that narrow or hold the indication named (TP 1209, 1219, 1240-P, 1242-P)
 *   chat_injury_words.ts   a mechanism of injury and crush words (TP 1244, TP 1242); chat_mechanism_outranked.ts:
 *                          a cause named beside one (sepsis, burns, head injury) outranks it for saline;
 *                          chat_blunt_mechanisms.ts the blunt mechanisms (struck, run over, crushed, pinned, a fall or
 *                          jump from a height) for every reader; chat_crush_at_risk.ts TP 1242 note 1's risk, without
 *                          which the release words are not read; chat_head_injury_words.ts a head injury's names
 *   chat_patient_mentions.ts  patient facts said: weight, tape colour, age; systolic pressure, heart rate
 *   chat_doses_given.ts    doses already given: a count read where it cannot be an amount, and mentions of doses
 *   chat_count_packages.ts a drug's packages given ("1 kit", "1 amp", "1 neb"); chat_given_own_words.ts a clause of
 *                          doses given that names no drug ("1 bolus given", "1 L ns given")
 *   chat_denials.ts        names of a condition denied ("no seizure", "seizure? no.") or ended ("postictal"), or
 *                          named as history (chat_history_cues.ts: "hx of", "prior arrest", "seizure 2 yrs ago");
 *                          chat_said_plainly.ts words said plainly (any match neither denied nor doubted), on
 *                          chat_every_match.ts's one cache of global patterns
 *   chat_denied_defaults.ts  a dose given with no indication withheld when the one named was denied
 *   chat_seizure_ends.ts   where a message says a seizure stopped, stopped breathing or started again
 *   chat_series.ts         a series of doses with no count ("adenosine 6 then 12"): said, never counted
 *   chat_ages.ts           the age said in a message (years, or a young age as months)
 *   chat_age_shorthand.ts  a report's age shorthand ("8mo", "3wk F"; an adult's "60M"), read only where it states the patient
 *   chat_routes.ts         the route asked for and the routes ruled out ("no IV", "can't get access")
 *   chat_route_words.ts    route codes in lowercase ("epi im", "versed in", "no iv"), read only in context
 *   chat_presentations.ts  presentation → the formulary's medications for it (none of the arrest's after ROSC)
 *   chat_shock_kinds.ts    the shocks a question asks about and the kind a count of shocks is of
 *   chat_dose_runs.ts      calculateDose per open route, and the age bands when the age is missing
 *   chat_patient_turns.ts  a message that turns to another patient, or back to an earlier one
 *   chat_pressure_words.ts a pressure spoken of with no number read ("bp in the 80s", "hypotensive")
 *   chat_same_patient.ts   a turn that would drop what held a dose back asks "same patient?"
 *   chat_placements.ts     messages that place the patient as a child and as an adult, and which one settles it
 *   chat_placement_words.ts  the weight said (never a denied one, nor a relative's), "adult", a correction
 *   chat_patient_facts.ts  the facts the messages add up to (the client's win), vitals from earlier, an age band only
 *   chat_context_notes.ts  the notes on what the reading left out or assumed (a correction, ages unread, lacked routes)
 *   chat_requests.ts       a request per medication and route asked, with what was given so far, and the notes on them
 *   chat_tape_colors.ts    a tape colour said next to the tape's name, never a skin's
 *   chat_tape_answers.ts   a bare tape colour ("orange") where it answers the tape question or corrects a child's
 *   chat_enhancers.ts      a sexually enhancing drug named as taken (no nitroglycerin, TP 1211)
 *   chat_allergies.ts      an allergy said to the drug asked about (no dose, the drug cards MCG 1317)
 *   chat_contraindications.ts  a contraindication written for this patient ("on eliquis", "afib", "unresponsive"):
 *                          its words in chat_contraindication_words.ts, adenosine's in chat_rhythm_contraindications.ts,
 *                          trauma's in chat_trauma_contraindications.ts (chat_medical_arrest.ts undoes an arrest's,
 *                          chat_txa_criteria.ts weighs TXA's vitals), lidocaine's in chat_lidocaine_rhythms.ts;
 *                          a clot active or over in chat_thrombosis_words.ts / chat_thrombosis_past.ts, a GI bleed
 *                          over or bleeding now in chat_gi_bleed_past.ts, ketorolac's multi-system trauma in
 *                          chat_ketorolac_multisystem.ts, hyperglycaemia's saline by MCG 1355's signs
 *                          (chat_perfusion_signs.ts) or a base order said (chat_saline_base_order.ts)
 *   chat_pain_scores.ts    the pain score now: an analgesic below its threshold is held (MCG 1345); the score's site
 *                          and time in chat_pain_sites.ts, what the hold points to instead in chat_pain_instead.ts
 *   chat_one_opioid.ts     fentanyl or morphine named as given: the other is held (MCG 1345, only one)
 *   chat_own_refusals.ts   the chat's own refusals before the engine: same patient?, placements, enhancer
 *   chat_given_so_far.ts   what was given so far of one drug asked: the count, one dose named as given, the total
 *   chat_dose_counts.ts    doses given: the newest count said for the drug asked, and the note on it
 *   chat_more_doses.ts     words that say more doses were given than a count said ("1 more nitro given")
 *   chat_total_given.ts    a total given said as one ("narcan 4 mg total"), sent only in the dose's unit
 *   chat_named_given.ts    a drug named as given with no count (one dose read), or only as given beside another asked
 *   chat_own_drugs.ts      the patient's own drugs (a home medicine, what they overdosed on): never a dose asked
 *   chat_antidotes.ts      a poisoning's own TP 1241 antidote after it ("ccb overdose calcium chloride") is asked
 *   chat_labelled_counts.ts  a count said for "pt 2" among several, when a newer message asks about pt 2
 *   chat_count_answers.ts  a bare "3" answering the chat's "How many nitro doses in all?" read as nitro's count
 *   chat_count_breaks.ts   a drug's "xN" ends its phrase: "s/p nitro x3 more nitro?" is a history, then a question;
 *                          chat_count_asked_again.ts a bare "nitro x1" with nitro asked again after it is doses given
 *   chat_count_totals.ts   a total said in other words ("3 doses total now", "nitro #3 given", "third nitro in")
 *   chat_pain_ends.ts      a condition said to have resolved ("cp resolved", "pain free now"), for chat_denials.ts
 *   chat_state_now.ts      the state now ("now awake", "symptoms resolved"): no older indication
 *   chat_glucose_now.ts    the glucose said now: 60 mg/dL or above is no hypoglycemia
 *   chat_state_answers.ts  a plain "yes"/"no" to the chat's "seizing now?" read as the seizure said now or ended
 *   chat_arrest_answers.ts  a reply to "is the heart still stopped?" read as the arrest, ROSC or neither; its words in
 *                          chat_arrest_answer_words.ts; to amiodarone's "is the heart stopped?" beside a pulse alone
 *                          (chat_amiodarone_pulse.ts), clause by clause in chat_arrest_said_plainly.ts; the words of
 *                          an arrest said as now, not denied or feared, in chat_arrest_said_now.ts
 *   chat_several_patients.ts  messages that speak of several patients: only what was said since places the dose
 *   chat_shock_counts.ts   shocks given ("shocked x2", "2 shocks"): the next shock's place in its series
 *   chat_arrest_sequence.ts  epinephrine or amiodarone asked in VF before the shocks TP 1210 puts first: said;
 *                          amiodarone where the rhythm written last is asystole or PEA: said
 *   chat_resuscitation_withheld.ts  an arrest's drug beside a DNR/POLST or obvious death: said (Ref. No. 815, 814)
 */
import { type DoseRequest, isKnownChild } from "../../domain/dosing/mod.ts";
import type { ChatTurn, DosingContext, DosingOutcome, PatientHints } from "./dosing_types.ts";
import { runDosing } from "./chat_dose_runs.ts";
import { findMedications, findPatientFacts, type IndicationReading } from "./chat_mentions.ts";
import { patientFacts, PLACING } from "./chat_patient_facts.ts";
import { contextNotes } from "./chat_context_notes.ts";
import { chatRequests } from "./chat_requests.ts";
import { withoutDeniedDefaults } from "./chat_denied_defaults.ts";
import { medicationsForPresentation, type Presented } from "./chat_presentations.ts";
import { shocksAskedFor } from "./chat_shock_kinds.ts";
import { lackedRoutes } from "./chat_routes.ts";
import { namedOnlyAsGiven, withGivenAnswers } from "./chat_named_given.ts";
import { withTotalAnswers } from "./chat_total_given.ts";
import { withCountAnswers } from "./chat_count_answers.ts";
import { withCountBreaks } from "./chat_count_breaks.ts";
import { withStateAnswers } from "./chat_state_answers.ts";
import { withArrestAnswers } from "./chat_arrest_answers.ts";
import { askedSameBefore, holdsDropped, splitAtTurn } from "./chat_same_patient.ts";
import { type PressureUnread, pressureUnreadReading } from "./chat_pressure_words.ts";
import { placesByTape, readPlacements, repliedBefore } from "./chat_placements.ts";
import { withTapeAnswers } from "./chat_tape_answers.ts";
import { correctsPlacement } from "./chat_placement_words.ts";
import { enhancerNamedIn } from "./chat_enhancers.ts";
import { allergyNamed, namedOnlyInAllergies } from "./chat_allergies.ts";
import { contraindicationNamed } from "./chat_contraindications.ts";
import { type ChatHolds, chatRefusal, whichPatientRefusal } from "./chat_own_refusals.ts";
import { painScoreSaid } from "./chat_pain_scores.ts";
import { opioidsGivenSaid } from "./chat_one_opioid.ts";
import { placedSince, type SeveralPatients, severalPatients } from "./chat_several_patients.ts";

export type { ChatTurn, DosingContext, DosingOutcome, DosingRefusal, PatientHints } from "./dosing_types.ts";
export { ageBands, runDosing } from "./chat_dose_runs.ts";
export {
  findDosesGiven,
  findIndication,
  findMedications,
  findPatientFacts,
  mentionsDosesGiven,
  type PatientFacts,
} from "./chat_mentions.ts";
export { medicationsForPresentation } from "./chat_presentations.ts";
export { type ShockKind, shocksAskedFor } from "./chat_shock_kinds.ts";
export { findRoute, unavailableRoutes } from "./chat_routes.ts";

export interface ExtractedDosing extends ChatHolds {
  readonly requests: readonly DoseRequest[];
  /** Medication ids mentioned, whether or not a request could be made. */
  readonly medications: readonly string[];
  /** Routes the medic said they lack: no dose is given by them. */
  readonly unavailableRoutes: readonly string[];
  readonly notes: readonly string[];
  /** An age was written but not read as the patient's: the engine's "Age not given" is untrue then. */
  readonly ageUnread?: boolean;
  /** Systolic pressures said besides the lowest (the requests'): a dose that differs at one is not given. */
  readonly otherSystolics?: readonly number[];
  /** By medication id, with no indication read: what the messages say of those they name only to deny, end or as history. */
  readonly deniedIndications?: ReadonlyMap<string, IndicationReading>;
  /** A pressure spoken of with no number read ("bp in the 80s"): a dose that depends on it is not given. */
  readonly pressureUnread?: PressureUnread;
  /** This patient's messages speak of several patients: what was said since places the dose (WHICH_PATIENT). */
  readonly severalPatients?: SeveralPatients;
  /** The medication id of each request, in order. */
  readonly requestMedicationIds?: readonly string[];
  /** The note on doses already given (among `notes`): it speaks of "the dose below", so only with a dose. */
  readonly dosesGivenNote?: string;
  /** The note that a pressure was spoken of with no number read (among `notes`): only where a dose depends on it. */
  readonly pressureUnreadNote?: string;
}

const MAX_MEDICATIONS = 3;

/**
 * What one message asks to have dosed: named medications, shocks, or a presentation's medications (`newer`: a newer
 * message, whose word of the arrest or its end decides whether the arrest's medications are listed).
 */
function askedIn(text: string, newer?: string): { named: Presented[]; presented: boolean } {
  // A drug named only as given beside one asked about ("asa given, nitro?") is not asked (chat_named_given.ts).
  // Nor one named only in an allergy ("allergic to morphine, fentanyl?"): chat_allergies.ts.
  const notAsked = new Set([...namedOnlyAsGiven(text), ...namedOnlyInAllergies(text)]);
  const named: Presented[] = findMedications(text).filter((m) => !notAsked.has(m.id)).slice(
    0,
    MAX_MEDICATIONS,
  );
  for (const kind of shocksAskedFor(text)) {
    if (!named.some((n) => n.id === kind)) named.push({ id: kind, mention: kind, at: text.length });
  }
  if (named.length > 0) return { named, presented: false };
  return { named: medicationsForPresentation(text, MAX_MEDICATIONS, newer), presented: true };
}

/**
 * The user's messages about the patient of the newest one, newest first: those before a message that turns to
 * another patient are dropped, so no weight, age, indication, lacked route or dose count of an earlier patient is
 * read into this one's dose (medical director: "crush hyperkalemia, calcium 20kg" then "other pt, renal failure
 * kid, calcium 20kg" gave the second child the crush dose). A message that only mentions another patient drops
 * context too, and so does one that goes back to an earlier patient ("back to first pt"). Where what was dropped
 * held a dose back, the chat asks whether it is the same patient (chat_same_patient.ts); "same patient" undoes
 * the turn.
 */
export function thisPatientsMessages(userTextsNewestFirst: readonly string[]): string[] {
  return splitAtTurn(userTextsNewestFirst).kept;
}

/** By medication id, what `said` finds for each medication asked (an allergy, a contraindication), where it finds one. */
function saidOfEach<T>(
  medications: readonly { id: string }[],
  said: (id: string) => T | undefined,
): Map<string, T> {
  return new Map(medications.flatMap((m) => {
    const found = said(m.id);
    return found === undefined ? [] : [[m.id, found] as const];
  }));
}

/**
 * The dose requests a conversation implies. Medications come from the last user message (or, for a
 * follow-up that names none, the one before it; for a correction that names none, the newest naming one); patient facts from the newest user message that
 * states them, then from `patient`, which wins. Only this patient's messages are read (thisPatientsMessages).
 */
export function extractDosingRequests(
  said: readonly ChatTurn[],
  patient: PatientHints = {},
): ExtractedDosing {
  // "3" after "How many nitro doses in all?" is "nitro x3 given"; "s/p nitro x3 more nitro?" two clauses (MD12 H2)
  const turns = withCountBreaks(
    withStateAnswers(withCountAnswers(withTotalAnswers(withGivenAnswers(withArrestAnswers(said))))),
  );
  const split = splitAtTurn(
    turns.filter((t) => t.role === "user").map((t) => t.content).reverse(),
    askedSameBefore(turns).reverse(),
  );
  const userTexts = split.kept;
  if (userTexts.length === 0) return { requests: [], medications: [], unavailableRoutes: [], notes: [] };
  let medicationText = userTexts[0];
  let asked = askedIn(medicationText);
  if (asked.named.length === 0 && userTexts.length > 1) {
    medicationText = userTexts[1];
    asked = askedIn(medicationText, userTexts[0]);
  }
  const textsOldestFirst = [...userTexts].reverse();
  // A bare "orange" answering the tape question is the tape's colour (chat_tape_answers.ts).
  const factsPerMessage = withTapeAnswers(textsOldestFirst.map(findPatientFacts), textsOldestFirst);
  // A correction that names none re-runs the medication last named for this patient (sixth read, Medium 1: "sorry
  // 70kg" two messages after "versed" gave no outcome while the chat still showed the dose for 20 kg), and so does
  // a tape colour or "longer than tape" (seventh read, High 1: "ok" then "longer than tape" gave none).
  const lastNamed = asked.named.length === 0 &&
      ((correctsPlacement(userTexts[0]) &&
        PLACING.some((key) => factsPerMessage.at(-1)![key] !== undefined)) ||
        placesByTape(factsPerMessage))
    ? userTexts.slice(2).find((text) => !askedIn(text).presented)
    : undefined;
  if (lastNamed !== undefined) [medicationText, asked] = [lastNamed, askedIn(lastNamed)];
  const medications = asked.named;
  const replied = repliedBefore(turns).slice(-userTexts.length);
  const placements = readPlacements(
    factsPerMessage.map((facts, i) => ({ facts, text: textsOldestFirst[i], afterReply: replied[i] })),
  );
  const factsRead = patientFacts(factsPerMessage, patient, placements.replacedFacts);
  const clientPlaced = [patient.weightKg, patient.color, patient.ageYears].some((f) => f !== undefined);
  const disagree = clientPlaced ? undefined : placements.disagree;
  const several = severalPatients(userTexts, clientPlaced);
  const holdsLost = holdsDropped(split, medications.map((m) => m.id));
  const enhancer = enhancerNamedIn(userTexts);
  // An allergy said to a drug asked about: no dose of it (chat_allergies.ts; the drug cards, MCG 1317).
  const allergies = saidOfEach(medications, (id) => allergyNamed(userTexts, id));
  // A contraindication written for this patient ("on eliquis, toradol?"): no dose of it (chat_contraindications.ts).
  const child = isKnownChild(factsRead); // a child's glucose holds saline at 250, an adult's at 400 (TP 1203-P, 1203)
  const contraindications = saidOfEach(
    medications,
    (id) => contraindicationNamed(userTexts, id, child, factsRead.systolicBp), // a low pressure lifts a hold (MCG 1355)
  );
  // MCG 1345 guideline 6: the newest pain score written, and an opioid named as given (chat_own_refusals.ts holds).
  const painScore = painScoreSaid(userTexts);
  const opioidsGiven = opioidsGivenSaid(userTexts);
  const lacked = lackedRoutes(userTexts);
  // The newest words about the pressure gave no number: an older message's is not the pressure now.
  const unreadPressure = patient.systolicBp === undefined ? pressureUnreadReading(userTexts) : undefined;
  if (unreadPressure !== undefined) delete factsRead.systolicBp;

  const asking = { medicationText, medications, userTexts, patient, lacked };
  const context = contextNotes({
    ...asking,
    presented: asked.presented,
    factsPerMessage,
    facts: factsRead,
    placements,
    ...(holdsLost ? { holdsLost } : {}),
    ...(unreadPressure !== undefined ? { unreadPressure } : {}),
  });
  const { notes, facts, placed, pressures } = context;
  const built = chatRequests({ ...asking, droppedTexts: split.dropped, facts, placed });
  const { requests, requestMedicationIds, deniedIndications, dosesUnclear } = built;
  const unread = built.dosesGivenNote;
  notes.push(...built.notes);
  return {
    requests,
    medications: medications.map((m) => m.id),
    unavailableRoutes: lacked,
    // Said before the other notes: it changes how the dose below is read.
    notes: unread ? [unread, ...notes] : notes,
    ...(context.ageUnread ? { ageUnread: true } : {}),
    ...(pressures ? { otherSystolics: pressures.filter((p) => p !== Math.min(...pressures)) } : {}),
    ...(deniedIndications.size ? { deniedIndications } : {}),
    ...(unreadPressure !== undefined ? { pressureUnread: unreadPressure } : {}),
    requestMedicationIds,
    ...(unread ? { dosesGivenNote: unread } : {}),
    ...(context.pressureUnreadNote ? { pressureUnreadNote: context.pressureUnreadNote } : {}),
    ...(disagree ? { placementsDisagree: disagree } : {}),
    ...(enhancer ? { enhancerNamed: enhancer } : {}),
    ...(allergies.size ? { allergiesNamed: allergies } : {}),
    ...(contraindications.size ? { contraindicationsNamed: contraindications } : {}),
    ...(painScore ? { painScore } : {}),
    ...(opioidsGiven.size ? { opioidsGiven } : {}),
    ...(holdsLost ? { samePatientUnclear: holdsLost } : {}),
    ...(several ? { severalPatients: several } : {}),
    ...(dosesUnclear ? { dosesGivenUnclear: dosesUnclear } : {}),
  };
}

export function dosingForConversation(turns: readonly ChatTurn[], patient: PatientHints = {}): DosingContext {
  const extracted = extractDosingRequests(turns, patient);
  // Several patients spoken of: only what was said since places this one (chat_several_patients.ts).
  const several = extracted.severalPatients;
  const outcomes = withoutDeniedDefaults(
    extracted.requests.flatMap((asked, i) => {
      const since = several && placedSince(asked, several);
      return chatRefusal(asked, extracted.requestMedicationIds?.[i], extracted) ??
        (several && since?.unplaced ? whichPatientRefusal(asked, several, since.left) : undefined) ??
        runDosing(
          [since ? since.request : asked],
          extracted.unavailableRoutes,
          extracted.otherSystolics,
          extracted.pressureUnread,
        );
    }),
    extracted.deniedIndications ?? new Map(),
  );
  // Two routes asked may be one formulation's ("in/im": IN/IM): its answer once; and a question whose words are the
  // same for each route (AMBIGUOUS_INDICATION for IV/IO and IN/IM) once per medication.
  const seen = new Set<string>();
  const once = outcomes.filter((o) => {
    const key = o.result
      ? `${o.result.variant.id}|${o.result.route}|${o.result.indication}`
      : `${o.request.medication}|${o.refusal?.code}|${o.refusal?.message}|${o.ageBands}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Every answer asks whether the indication said still holds ("anaphylaxis now?"): no dose follows, so the note on
  // doses given, which speaks of "the dose below", waits for the answer (seventh read, Low: "symptoms resolved
  // after epi").
  const asksIndication = once.length > 0 &&
    once.every((o) => !o.result && o.refusal?.details?.said !== undefined);
  // The engine answered and no answer waits on the pressure (hydroxocobalamin, TXA): the note on a pressure left
  // unread would only ask for a number nothing needs (sixteenth read, L2).
  const pressureNeeded = once.length === 0 || once.some((o) => o.refusal?.code === "PRESSURE_UNREAD");
  const dropped = [
    ...(asksIndication ? [extracted.dosesGivenNote] : []),
    ...(pressureNeeded ? [] : [extracted.pressureUnreadNote]),
  ];
  return {
    outcomes: extracted.ageUnread ? once.map(ageWrittenNotGiven) : once,
    notes: extracted.notes.filter((n) => !dropped.includes(n)),
  };
}

/**
 * The engine says "Age not given" when it has no age; where one was written but not read, that would tell the
 * medic it was never said (medical director's second review): it says the age written was not read.
 */
function ageWrittenNotGiven(outcome: DosingOutcome): DosingOutcome {
  if (!outcome.result) return outcome;
  const warnings = outcome.result.warnings.map((w) =>
    w.replace(/^Age not given:/, "The age written was not read as the patient's:")
  );
  return { ...outcome, result: { ...outcome.result, warnings } };
}
