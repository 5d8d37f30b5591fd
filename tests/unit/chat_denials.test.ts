/**
 * An indication the medic names only in a denial, or a seizure said to have ended, is not read as the indication
 * (chat_denials.ts): the chat then asks (AMBIGUOUS_INDICATION), or another indication the medic did name decides,
 * never the denied one's dose ("no seizure, midazolam 70kg" was dosed for seizure). Where the engine would dose
 * with no indication (nitro, naloxone, albuterol) the chat asks instead (INDICATION_DENIED,
 * chat_denied_defaults.ts). A cue separated from the name by a real word, hedges and a bare "no" followed by a
 * word are no denial: those still dose. Doses are the engine's (calculateDose). The third read's rows (medical
 * director, H1-H3, M1, M4) each failed before chat_denials.ts read them, except the near misses that dosed then too;
 * so did the fourth read's (N3, M4, M5, the H3 fillers: chat_seizure_ends.ts), each marked "4th read".
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { chatAnswers, medicTurns as turns, type Row } from "../support/chat_answers.ts";
import { refusalText } from "../../functions-shared/handlers/bedrock_ai_chat/chat_refusals.ts";

/** Each answer as "indication: dose route xMaxDoses" or "indication: REFUSAL_CODE"; one per request. */
const answers = (messages: readonly string[]) =>
  chatAnswers(
    messages,
    ({ result: { dose, route, repeat } }) =>
      `${dose.value} ${dose.unit} ${route} x${repeat?.maxDoses ?? "continuous"}`,
  );

const ASKED = "-: AMBIGUOUS_INDICATION";
/** The chat's own question where the engine would dose with no indication (chat_denied_defaults.ts). */
const DENIED_DEFAULT = "-: INDICATION_DENIED";
const BASE = "NOT_FOR_THIS_PATIENT";
/**
 * Midazolam asked with no route and no indication, or where the chat says why the indication named was not read
 * (denied, ended, history): its routes (IV/IO, IN/IM) would ask the same, so one question per medication (medical
 * director's fifth read, Low; Stop 47 for the engine's own question).
 */
const ASKED_ONCE = [ASKED];
const ADULT_SEIZURE = ["seizure: 5 mg IV/IO x2", "seizure: 10 mg IN/IM x1"]; // TP 1231
const CHILD_SEIZURE = ["seizure: 5 mg IN/IM x2"]; // TP 1231-P, MCG 1309 at 20 kg
const ADULT_AGITATION = ["agitation: 5 mg IV x1", "agitation: 5 mg IN/IM x1"]; // TP 1209
/** TP 1209-P step 10 at 20 kg: 0.2 mg/kg IM/IN; the engine's warning says base contact comes first. */
const CHILD_AGITATION = ["agitation: 4 mg IN/IM x2"];

/** A cue before the name, with only filler words between: asked, adults and children. */
const DENIED_BEFORE: readonly Row[] = [
  [["no seizure, midazolam 70kg"], ASKED_ONCE],
  [["no seizure, midazolam 20kg"], ASKED_ONCE],
  [["pt denies seizure, midazolam 70kg adult"], ASKED_ONCE],
  [["denied seizure activity, versed 20kg"], ASKED_ONCE],
  [["denying any seizure, midazolam 70kg"], ASKED_ONCE],
  [["without seizure activity, midazolam 70kg"], ASKED_ONCE],
  [["w/o seizures, versed 20kg"], ASKED_ONCE],
  [["negative for seizure, midazolam 70kg"], ASKED_ONCE],
  [["neg for seizures, midazolam 20kg"], ASKED_ONCE],
  [["never had a seizure, midazolam 70kg"], ASKED_ONCE],
  [["ruled out seizure, midazolam 20kg"], ASKED_ONCE],
  [["no longer seizing, midazolam 20kg"], ASKED_ONCE],
  [["not seizing, midazolam 70kg"], ASKED_ONCE],
  [["not actively seizing, versed 20kg"], ASKED_ONCE],
  [["not currently seizing, midazolam 70kg"], ASKED_ONCE],
  [["no hx of seizures, midazolam 70kg"], ASKED_ONCE],
  [["no history of seizure, midazolam 20kg"], ASKED_ONCE],
  [["no known seizures, midazolam 70kg"], ASKED_ONCE],
  [["no signs of seizure activity, midazolam 70kg"], ASKED_ONCE],
  [["no sign of seizure, midazolam 20kg"], ASKED_ONCE],
  [["no evidence of seizure, midazolam 20kg"], ASKED_ONCE],
  [["no further seizures, midazolam 70kg"], ASKED_ONCE],
  [["no more seizures, midazolam 20kg"], ASKED_ONCE],
  [["no obvious seizure activity, midazolam 70kg"], ASKED_ONCE],
  [["no apparent seizure, midazolam 20kg"], ASKED_ONCE],
  [["no s/s of seizure, midazolam 70kg"], ASKED_ONCE],
  [["no sx of seizure, midazolam 20kg"], ASKED_ONCE],
  [["no symptoms of seizure, midazolam 70kg"], ASKED_ONCE],
  [["no recent seizures, midazolam 20kg"], ASKED_ONCE],
  [["no prior seizures, midazolam 70kg"], ASKED_ONCE],
  [["no current seizure activity, midazolam 20kg"], ASKED_ONCE],
  [["no active seizure, midazolam 70kg"], ASKED_ONCE],
  // A short list after a cue that denies things.
  [["no fever or seizure, midazolam 20kg"], ASKED_ONCE],
  [["denies headache nor seizures, midazolam 70kg"], ASKED_ONCE],
  [["no hyperkalemia, calcium chloride, adult"], [ASKED]],
  [["negative for hyperkalemia, calcium chloride, adult"], [ASKED]],
  [["no evidence of hyperkalemia, calcium chloride 20kg"], [ASKED]],
  // The longer name wins its span: "not in cardiac arrest" denies the "arrest" inside it too.
  [["not in arrest, calcium chloride, adult"], [ASKED]],
  [["not in cardiac arrest, calcium chloride, adult"], [ASKED]],
  [["no ccb overdose, calcium chloride, adult"], [ASKED]],
  [["no tricyclic overdose, bicarb, adult"], [ASKED]],
  [["no anaphylaxis, epi IM 20kg"], [ASKED]],
  [["no bradycardia, atropine 20kg"], [ASKED]],
  [["no organophosphate, atropine, adult"], [ASKED]],
  [["no head injury, normal saline adult"], [ASKED]],
  // Medications the engine doses with no indication: asked instead (M1), one question per medication.
  [["no rosc, naloxone 20kg"], [DENIED_DEFAULT]],
  [["no hyperkalemia, albuterol adult"], [DENIED_DEFAULT]],
  [["no chf, nitro adult"], [DENIED_DEFAULT]],
  [["no chest pain, nitro adult"], [DENIED_DEFAULT]],
  [["denies cp, sob, nitro adult"], [DENIED_DEFAULT]], // "cp" is read only where denied
  [["not opioid overdose, naloxone 20kg"], [DENIED_DEFAULT]],
  [["no wheezing, albuterol adult"], [DENIED_DEFAULT]],
  // "n't" cues with only fillers between (H3).
  [["pt isn't actively seizing, agitated, versed 70kg"], ADULT_AGITATION],
  [["pt isnt seizing, versed 20kg"], ASKED_ONCE],
  [["pt isn’t seizing, versed 20kg"], ASKED_ONCE],
  [["pt wasnt seizing, versed 20kg"], ASKED_ONCE],
  [["pt ain't seizing, versed 70kg"], ASKED_ONCE],
  [["pt doesnt have hx of seizures, versed 70kg"], ASKED_ONCE],
  // 4th read: "really", "seem(s) to be", "appear(s) to be" are fillers too.
  [["pt doesnt seem to be seizing, versed 20kg"], ASKED_ONCE],
  [["she isn't really seizing, versed 20kg"], ASKED_ONCE],
  [["pt doesn't appear to be seizing, versed 70kg"], ASKED_ONCE],
  [["pt isnt really seizing, agitated, versed 70kg"], ADULT_AGITATION],
  // A severity denied grades nothing: the exposure is asked about (TP 1240-P step 15).
  [["nerve agent exposure, not mild, atropine 20kg"], ["nerve-agent: AMBIGUOUS_INDICATION"]],
  [["nerve agent, not severe, duodote 20kg"], ["nerve-agent: AMBIGUOUS_INDICATION"]],
];

/** A finding after the name (":" or "-" may stand between): asked. */
const DENIED_AFTER: readonly Row[] = [
  [["seizure negative, midazolam 70kg"], ASKED_ONCE],
  [["seizures: neg, midazolam 20kg"], ASKED_ONCE],
  [["seizure ruled out, midazolam 70kg"], ASKED_ONCE],
  [["seizures none, midazolam 70kg"], ASKED_ONCE],
  [["seizure - denied, versed 20kg"], ASKED_ONCE],
  [["hyperkalemia: neg, calcium chloride, adult"], [ASKED]],
  [["hyperkalemia - denied, calcium chloride 20kg"], [ASKED]],
  [["hyperkalemia ruled out, calcium, adult"], [ASKED]],
  [["tca od: neg, bicarb 20kg"], [ASKED]],
  // "no", "denies" or "(-)" with only ? : - ( ) or spaces between, then punctuation or the end (H1).
  [["seizure? no. agitated, versed 70kg"], ADULT_AGITATION],
  [["seizure: no, agitated, versed 70kg"], ADULT_AGITATION],
  [["seizures - no, agitated, versed 70kg"], ADULT_AGITATION],
  [["no sz, seizing? no, agitated versed 70kg"], ADULT_AGITATION],
  [["hyperkalemia? no. ccb overdose, calcium chloride adult"], [
    "calcium-channel-blocker-overdose: 1 g IV x1",
  ]],
  [["hyperkalemia (-), ccb overdose, calcium chloride adult"], [
    "calcium-channel-blocker-overdose: 1 g IV x1",
  ]],
  // "ccb od" is TP 1241's overdose (medical director's sixteenth read, M1)
  [["hyperkalemia (-), ccb od, calcium chloride adult"], ["calcium-channel-blocker-overdose: 1 g IV x1"]],
  [["seizure (-), versed 20kg"], ASKED_ONCE],
  [["seizure: denies, versed 20kg"], ASKED_ONCE],
  [["seizure no, versed 20kg"], ASKED_ONCE],
];

/**
 * A seizure that has ended is not the active seizure midazolam is for (TP 1231 step 7, TP 1231-P step 6): a stop
 * word after the name, "stopped" before it, "s/p", "post", "no longer", "postictal" (H2). Asked, or the other
 * indication named decides.
 */
const ENDED: readonly Row[] = [
  [["seizure stopped, versed 20kg"], ASKED_ONCE],
  [["seizure resolved, versed 20kg"], ASKED_ONCE],
  [["seizure activity ceased, versed 20kg"], ASKED_ONCE],
  [["seizure broke, versed 20kg"], ASKED_ONCE],
  [["seizure is over, versed 70kg"], ASKED_ONCE],
  [["seizures ended, versed 70kg"], ASKED_ONCE],
  [["s/p seizure, versed 20kg"], ASKED_ONCE],
  [["post seizure, versed 20kg"], ASKED_ONCE],
  [["seizure earlier, now postictal, versed 20kg"], ASKED_ONCE],
  [["post-ictal, versed 70kg"], ASKED_ONCE],
  [["pt stopped seizing, versed 20kg"], ASKED_ONCE],
  [["patient stopped seizing, versed 70kg"], ASKED_ONCE],
  [["seizing, now postictal, versed 20kg"], ASKED_ONCE],
  [["seizing for 10 min, no longer seizing, versed 20kg"], ASKED_ONCE],
  [["seizure has stopped, agitated now, versed 70kg"], ADULT_AGITATION],
  // 4th read (N3): the stop word in another clause of the sentence, or a later sentence.
  [["seizing x5 min, stopped prior to arrival, versed 20kg"], ASKED_ONCE],
  [["seizing, now stopped, versed 20kg"], ASKED_ONCE],
  [["was seizing but stopped, versed 20kg"], ASKED_ONCE],
  [["seizure lasted 5 min and stopped, versed 20kg"], ASKED_ONCE],
  [["seizure, resolved pta, versed 20kg"], ASKED_ONCE],
  [["seizure x5 min, self resolved, versed 20kg"], ASKED_ONCE],
  [["Seizing 5 min. Stopped PTA. Versed 20kg"], ASKED_ONCE],
  [["seizing x5 min prior to arrival, versed 70kg"], ASKED_ONCE],
  // 4th read: stop words that were missing.
  [["seizure done, versed 20kg"], ASKED_ONCE],
  [["seizure finished, versed 20kg"], ASKED_ONCE],
  [["seizure subsided, versed 20kg"], ASKED_ONCE],
  [["seizure terminated, versed 70kg"], ASKED_ONCE],
  [["seizure aborted, versed 20kg"], ASKED_ONCE],
  [["seizure gone, versed 20kg"], ASKED_ONCE],
  // 4th read: a seizure named after "postictal" in its sentence is the same one, not a new one.
  [["postictal after seizure, versed 20kg"], ASKED_ONCE],
  [["post-ictal from a seizure, agitated, versed 70kg"], ADULT_AGITATION],
  // 4th read: stopped breathing is asked too, saying airway first (below).
  [["seizure stopped breathing, versed 20kg"], ASKED_ONCE],
  [["seizing, then stopped breathing, versed 70kg"], ASKED_ONCE],
];

/** 4th read (M4): a seizure that stopped and started again is active: the seizure dose. */
const RESTARTED: readonly Row[] = [
  [["seizure stopped then started again, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped and restarted, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped, restarted in rig, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped but recurred, versed 70kg"], ADULT_SEIZURE],
  [["seizure resolved then recurred, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped, now having another one, versed 20kg"], CHILD_SEIZURE],
  [["not seizing on arrival but started again, versed 20kg"], CHILD_SEIZURE],
  [["postictal then seized again in rig, versed 20kg"], CHILD_SEIZURE],
  // A restart of something else is none; nor is "versed again".
  [["no seizure, agitation started again, versed 70kg"], ADULT_AGITATION],
  [["seizure stopped, versed again? 20kg"], ASKED_ONCE],
  [["seizure stopped, hasn't restarted, versed 20kg"], ASKED_ONCE],
];

/**
 * 4th read (M5): a condition named only as history ("hx of", "history of", "h/o", "known", "pmh") is not the
 * indication: another named decides, else the medic is asked; one said as now still is.
 */
const HISTORY: readonly Row[] = [
  [["hx of seizures, agitated, versed 70kg"], ADULT_AGITATION],
  [["history of seizures, agitated, versed 70kg"], ADULT_AGITATION],
  [["h/o seizures, agitated, versed 70kg"], ADULT_AGITATION],
  [["known seizures, agitated, versed 70kg"], ADULT_AGITATION],
  [["pmh: seizures, agitated, versed 70kg"], ADULT_AGITATION],
  [["seizure hx, agitated, versed 70kg"], ADULT_AGITATION],
  [["hx of seizures, versed 70kg"], ASKED_ONCE],
  [["hx of chf, nitro adult"], [DENIED_DEFAULT]],
  [["no hx seizures, actively seizing now, versed 70kg"], ADULT_SEIZURE],
  [["hx of seizures, seizing now, versed 20kg"], CHILD_SEIZURE],
  [["hx of seizures, 20kg, what do I give?"], []],
];

/** One clause denies, another names a different indication: the one named decides. */
const ANOTHER_NAMED: readonly Row[] = [
  [["no seizure, agitated, midazolam 70kg"], ["agitation: 5 mg IV x1", "agitation: 5 mg IN/IM x1"]],
  [["no anaphylaxis, wheezing, epi IM 20kg"], ["bronchospasm: 0.2 mg IM x1"]],
  [["not opioid overdose, post rosc, naloxone 20kg"], [`post-rosc: ${BASE}`]],
  [["no rosc, opioid overdose, naloxone 20kg"], ["opioid-overdose: 2 mg IV/IM/IN xcontinuous"]],
  // Denied and said in the same message: said (a first seizure in a patient with no history of them).
  [["no hx of seizures, seizing now, midazolam 20kg"], CHILD_SEIZURE],
];

/**
 * Across messages (newest first, the two the chat reads): an indication a newer message denies is not read from
 * an older one; another indication the older one names still decides; a newer one that names it decides.
 */
const ACROSS_MESSAGES: readonly Row[] = [
  [["seizing, midazolam 20kg", "no more seizure now, midazolam?"], ASKED_ONCE],
  [["seizing, midazolam 70kg", "pt denies seizure, midazolam?"], ASKED_ONCE],
  [["hyperkalemia, calcium chloride adult", "hyperkalemia negative, calcium?"], [ASKED]],
  [["agitated, midazolam 70kg", "no seizure, midazolam?"], [
    "agitation: 5 mg IV x1",
    "agitation: 5 mg IN/IM x1",
  ]],
  [["no seizure, midazolam 20kg", "seizing now, midazolam?"], CHILD_SEIZURE],
  [["seizing, midazolam 20kg", "midazolam again?"], CHILD_SEIZURE],
  // A newer message saying the seizure ended (H2).
  [["seizing, versed 20kg", "seizure stopped, now agitated, versed?"], CHILD_AGITATION],
  [["seizing 20kg versed", "post ictal now, versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "s/p seizure, versed again?"], ASKED_ONCE],
  [["seizure stopped, versed 20kg", "seizing again, versed?"], CHILD_SEIZURE],
  [["opioid overdose, naloxone 20kg", "not opioid overdose, naloxone?"], [DENIED_DEFAULT]],
  // 4th read (N3): a follow-up naming no seizure ends the older message's with a bare stop.
  [["seizing 20kg versed", "it stopped, versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "stopped now, versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "she stopped, now sleepy, versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "stopped breathing, versed again?"], ASKED_ONCE],
  // ... but not a stop of something else, nor a history.
  [["seizing 20kg versed", "stopped her meds, versed again?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "hx of seizures, versed again?"], CHILD_SEIZURE],
  [["agitated, versed 70kg", "it stopped, versed again?"], ADULT_AGITATION],
  // 4th read (M4): a follow-up saying it started again.
  [["seizure stopped, versed 20kg", "restarted in rig, versed?"], CHILD_SEIZURE],
  [["seizure stopped, versed 20kg", "now having another one, versed?"], CHILD_SEIZURE],
];

/** Near misses: a real word between, "n't", a hedge, a bare "no" after the name. These still dose. */
const STILL_SAID: readonly Row[] = [
  [["has not stopped seizing, midazolam 70kg"], ADULT_SEIZURE],
  [["pt hasn't stopped seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["not responding to the first dose for seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["no response to versed, still seizing, midazolam 70kg"], ADULT_SEIZURE],
  [["no change in seizure activity, midazolam 20kg"], CHILD_SEIZURE],
  [["seizure no iv access, midazolam 20kg"], CHILD_SEIZURE],
  [["seizure not stopping after 2 doses, midazolam 20kg"], CHILD_SEIZURE],
  [["no iv, seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["no iv and seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["possible seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["maybe seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["seizure?, midazolam 20kg"], CHILD_SEIZURE],
  [["r/o hyperkalemia, calcium chloride, adult"], ["hyperkalemia: 1 g IV/IO x2"]],
  [["r/o hyperkalemia, calcium chloride 20kg"], [`hyperkalemia: ${BASE}`]],
  [["hyperkalemia, no iv, calcium chloride io, adult"], ["hyperkalemia: 1 g IO x2"]],
  [["rosc, naloxone 20kg"], [`post-rosc: ${BASE}`]],
  [["hyperkalemia, albuterol adult"], ["hyperkalemia: 5 mg NEB xcontinuous"]],
  [["chf, nitro adult"], ["pulmonary-edema: FACT_REQUIRED"]],
  [["head injury, normal saline adult"], ["head-injury: FACT_REQUIRED"]],
  [["nerve agent exposure, mild, atropine 20kg"], ["nerve-agent-mild: 0.4 mg IV/IM xcontinuous"]],
  [["nerve agent, severe, duodote 20kg"], ["severe-exposure: 1 autoinjector IM xcontinuous"]],
  // A word after "no", a bullet, an end negated or followed by a seizure said again, "over" a time (H1, H2).
  [["seizure? no iv, versed 20kg"], CHILD_SEIZURE],
  [["seizure (no iv), versed 20kg"], CHILD_SEIZURE],
  [["- seizure\n- 20kg\n- versed?"], CHILD_SEIZURE],
  [["seizure has not stopped, versed 20kg"], CHILD_SEIZURE],
  [["seizure hasn't stopped, versed 20kg"], CHILD_SEIZURE],
  [["pt never stopped seizing, versed 70kg"], ADULT_SEIZURE],
  [["seizing over 5 min, versed 20kg"], CHILD_SEIZURE],
  [["seizing over and over, versed 20kg"], CHILD_SEIZURE],
  [["seizure ended up lasting 10 min, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped, now seizing again, versed 20kg"], CHILD_SEIZURE],
  [["postictal, seizing again, versed 20kg"], CHILD_SEIZURE],
  [["s/p seizure, now seizing again, versed 20kg"], CHILD_SEIZURE],
  // "none stop" is dictated "non-stop" (M4).
  [["seizing none stop, versed 20kg"], CHILD_SEIZURE],
  [["seizures none-stop, versed 70kg"], ADULT_SEIZURE],
  [["not seizing on arrival, started seizing again in rig, versed 20kg"], CHILD_SEIZURE],
  // "cp" said is not read (it may be cerebral palsy): the engine's dose with no indication, as before.
  [["cp, nitro adult"], ["-: 0.4 mg SL x3"]],
  [["naloxone 20kg"], ["-: 2 mg IV/IM/IN xcontinuous"]],
  [["no chest pain, chf, nitro adult"], ["pulmonary-edema: FACT_REQUIRED"]],
  // 4th read: negated or present-tense stops, a stop of something else, a new seizure after the end.
  [["hasn't stopped seizing, versed 20kg"], CHILD_SEIZURE],
  [["won't stop seizing, versed 20kg"], CHILD_SEIZURE],
  [["seizures stop and start, versed 20kg"], CHILD_SEIZURE],
  [["stopped her meds, seizing, versed 20kg"], CHILD_SEIZURE],
  [["seizing, stopped her meds, versed 20kg"], CHILD_SEIZURE],
  [["seizing, vomiting stopped, versed 20kg"], CHILD_SEIZURE],
  [["seizing since pta, versed 20kg"], CHILD_SEIZURE],
  [["seizing, 12 lead done, versed 70kg"], ADULT_SEIZURE],
  [["seizing, done with 1st dose, versed 20kg"], CHILD_SEIZURE],
  [["seizing, quit keppra last week, versed 20kg"], CHILD_SEIZURE],
  [["seizure not stopped by 1st dose, versed 20kg"], CHILD_SEIZURE],
  [["postictal, now seizing, versed 20kg"], CHILD_SEIZURE],
  [["Postictal. Seizing in rig, versed 20kg"], CHILD_SEIZURE],
];

/**
 * "seized" is not read as a seizure (M4): past tense, it cannot say the seizure is active (TP 1231 step 7), so
 * these are asked rather than dosed ("seized again" is a restart: RESTARTED).
 */
const UNREAD: readonly Row[] = [
  [["no active seizure on arrival, then seized in rig, versed 20kg"], ASKED_ONCE],
  [["seized in rig, versed 20kg"], ASKED_ONCE],
];

/** crush-hyperkalemia keeps its own stricter rule (chat_crush_hyperkalemia.test.ts): denied or doubted, hyperkalaemia. */
const CRUSH_OWN_RULE: readonly Row[] = [
  [["no crush hyperkalemia, dialysis kid, calcium chloride 20kg"], [`hyperkalemia: ${BASE}`]],
  [["not crush injury with hyperkalemia, renal failure, bicarb 20kg"], [`hyperkalemia: ${BASE}`]],
  [["crush hyperkalemia ruled out, dialysis, bicarb, adult"], ["hyperkalemia: 50 mEq IV/IO x1"]],
  // Hyperkalaemia denied beside a crush leaves before extrication the one choice (TP 1242-P step 15).
  // With TP 1242-P note 1's risk said (twentieth read, H1: unsaid, the crush injury is asked).
  [["crush injury both legs 2 hrs, no hyperkalemia, before extrication, calcium chloride, 20 kg"], [
    "crush-syndrome-risk: 400 mg IV/IO x1",
  ]],
  [["crush injury, no hyperkalemia, before extrication, calcium chloride, 20 kg"], [
    "crush-injury: AMBIGUOUS_INDICATION",
  ]],
];

/**
 * No medication named: a presentation named only in a denial brings none of its medications
 * (chat_presentations.ts); one the medic did name still does.
 */
const PRESENTED: readonly Row[] = [
  [["no seizure, 20kg, what do I give?"], []],
  [["no fever or seizure, 20kg, what do I give?"], []],
  [["no chest pain, adult, what do I give?"], []],
  [["pt denies chest pain, sob, adult what meds?"], []],
  [["no crush hyperkalemia, 20kg, what do I give?"], []],
  [["seizure stopped, 20kg, what do I give?"], []],
  // A questioned crush-hyperkalemia is hyperkalaemia alone (crush's own rule): a child gets no dose.
  [["possible crush hyperkalemia, 20kg, what do I give?"], [
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
  ]],
  [["crush hyperkalemia?, 20kg, what do I give?"], [
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
  ]],
  [["possible crush hyperkalemia, adult, what do I give?"], [
    "hyperkalemia: 1 g IV/IO x2",
    "hyperkalemia: 50 mEq IV/IO x1",
    "hyperkalemia: 5 mg NEB xcontinuous",
  ]],
  [["crush hyperkalemia, 20kg, what do I give?"], [
    "crush-hyperkalemia: 400 mg IV/IO x2",
    "crush-hyperkalemia: 20 mEq IV/IO x2",
    "crush-hyperkalemia: 5 mg NEB xcontinuous",
  ]],
  [["seizing, 20kg, what do I give?"], CHILD_SEIZURE],
  [["chest pain, adult, what do I give?"], ["chest-pain: 325 mg PO x1", "chest-pain: 0.4 mg SL x3"]],
  [["pt not seizing, agitated, 70kg, what meds?"], [
    "agitation: 5 mg IV x1",
    "agitation: 5 mg IN/IM x1",
    "agitation: 10 mg PO x1",
  ]],
];

/** 5th read, M3: an active seizure with an end word that ends nothing (the rig stopped, it started again). */
const ACTIVE_5TH: readonly Row[] = [
  [["seizing prior to arrival and now, versed 20kg"], CHILD_SEIZURE],
  [["seizing, stopped and started x3, versed 20kg"], CHILD_SEIZURE],
  [["seizing, stopped for a sec then back, versed 20kg"], CHILD_SEIZURE],
  [["seizing, stopped at scene to load, versed 20kg"], CHILD_SEIZURE],
  [["seizing, stopped at the light, versed 20kg"], CHILD_SEIZURE],
  // The other way: ended, or started something else.
  [["seizure prior to arrival, versed 20kg"], ASKED_ONCE],
  [["seizure stopped at scene, versed 20kg"], ASKED_ONCE],
  [["seizing, stopped then started on o2, versed 20kg"], ASKED_ONCE],
  [["seizing, stopped then back to baseline, versed 20kg"], ASKED_ONCE],
];

/** 5th read, M3: shorthand seizure names, read as the seizure's; denied or ended as its other names are. */
const SHORTHAND_5TH: readonly Row[] = [
  [["sz, versed 20kg"], CHILD_SEIZURE],
  [["sz now, versed 20kg"], CHILD_SEIZURE],
  [["active sz, versed 20kg"], CHILD_SEIZURE],
  [["in status, versed 20kg"], CHILD_SEIZURE],
  [["status epilepticus, versed 20kg"], CHILD_SEIZURE],
  [["tonic clonic activity, versed 20kg"], CHILD_SEIZURE],
  [["tonic clonic, versed 70kg"], ADULT_SEIZURE],
  [["no sz, agitated, versed 20kg"], CHILD_AGITATION],
  [["denies sz, versed 20kg"], ASKED_ONCE],
  [["hx of sz, agitated, versed 20kg"], CHILD_AGITATION],
  [["no tonic clonic activity, agitated, versed 20kg"], CHILD_AGITATION],
  [["sz stopped, versed 20kg"], ASKED_ONCE],
  [["seizing, sz stopped, versed 20kg"], ASKED_ONCE],
  [["tonic clonic activity stopped, versed 20kg"], ASKED_ONCE],
  [["in status, stopped pta, versed 20kg"], ASKED_ONCE],
];

/** 5th read, M6: the medic sees no real seizure. */
const NOT_A_SEIZURE_5TH: readonly Row[] = [
  [["doesnt look like shes seizing, versed 20kg"], ASKED_ONCE],
  [["pt faking seizure, versed 20kg"], ASKED_ONCE],
  [["pseudoseizure, versed 20kg"], ASKED_ONCE],
  [["pseudo seizure, versed 20kg"], ASKED_ONCE],
  [["doesn't seem like a seizure, agitated, versed 20kg"], CHILD_AGITATION],
  [["pt faking seizure, agitated, versed 20kg"], CHILD_AGITATION],
  // The other way: said, or the denial is of something else.
  [["looks like shes seizing, versed 20kg"], CHILD_SEIZURE],
  [["seizing, not faking, versed 20kg"], CHILD_SEIZURE],
  [["dont think hes faking, seizing, versed 20kg"], CHILD_SEIZURE],
];

const TABLES: Readonly<Record<string, readonly Row[]>> = {
  "5th read: active despite an end word": ACTIVE_5TH,
  "5th read: shorthand names": SHORTHAND_5TH,
  "5th read: not a real seizure": NOT_A_SEIZURE_5TH,
  "a cue before the name": DENIED_BEFORE,
  "a finding after the name": DENIED_AFTER,
  "a seizure that has ended": ENDED,
  "a seizure that started again": RESTARTED,
  "a condition named only as history": HISTORY,
  "words not read as a seizure": UNREAD,
  "another indication named": ANOTHER_NAMED,
  "across messages": ACROSS_MESSAGES,
  "near misses": STILL_SAID,
  "crush's own rule": CRUSH_OWN_RULE,
  "presentations": PRESENTED,
};

for (const [name, rows] of Object.entries(TABLES)) {
  Deno.test(`chat: an indication named only in a denial is not read: ${name}`, () => {
    for (const [messages, expected] of rows) {
      assert.deepEqual(answers(messages), expected, messages.join(" / "));
    }
  });
}

/** The refusals' texts, each as the medic's phone shows it (refusalText). */
const shown = (messages: readonly string[]) =>
  dosingForConversation(turns(messages)).outcomes.map((o) => refusalText(o.refusal, o.request.medication));

Deno.test("chat: a dose with no indication withheld for a denied one asks in a line, quoting what was written", () => {
  const question = "no chest pain, nitro adult";
  const dosing = dosingForConversation(turns([question]));
  assert.deepEqual(dosing.outcomes.map((o) => o.refusal?.details), [{
    field: "indication",
    denied: ["chest-pain"],
    indications: ["pulmonary-edema"],
    said: { how: "denied", quote: "no chest pain" },
  }]);
  const system = buildConversePrompt({ messages: turns([question]), dosing }).request.system![1].text;
  // The protocol is the one the formulary's pulmonary-oedema row cites (TP 1214); chest pain's is the default row.
  assert.match(
    system,
    /<refusal medication="nitro">\nYou wrote 'no chest pain'\. What is the nitro for — pulmonary edema \(TP 1214\)\? No dose until you say\.\n/,
  );
  assert.doesNotMatch(system, /<dose /);
  assert.deepEqual(shown(["no chf, nitro adult"]), [
    "You wrote 'no chf'. What is the nitro for — chest pain? No dose until you say.",
  ]);
  // A history is no denial: the condition it names stays a choice.
  assert.deepEqual(shown(["hx of chf, nitro adult"]), [
    "You wrote 'hx of chf': a history, not read as the reason now. What is the nitro for — chest pain or " +
    "pulmonary edema (TP 1214)? No dose until you say.",
  ]);
  assert.deepEqual(shown(["not opioid overdose, naloxone 20kg"]), [
    "You wrote 'not opioid overdose'. What is the naloxone for — post rosc? No dose until you say.",
  ]);
});

Deno.test("chat: a seizure read as ended, or as stopped breathing, is asked once, short, saying so and the protocol step (5th read, Low)", () => {
  // The medical director's wording; one question for midazolam, not one per route (IV/IO and IN/IM).
  assert.deepEqual(shown(["seizing x5 min, stopped prior to arrival, versed 20kg"]), [
    "You wrote 'seizing x5 min, stopped prior to arrival': read as a seizure that has ended (TP 1231-P step 5). " +
    "If it is seizing now, say so. No dose until you say.",
  ]);
  assert.deepEqual(shown(["seizure stopped, versed 70kg"]), [
    "You wrote 'seizure stopped': read as a seizure that has ended (TP 1231 step 6). If it is seizing now, say so. " +
    "No dose until you say.",
  ]);
  for (const text of shown(["seizing 20kg versed", "she stopped, now sleepy, versed again?"])) {
    assert.match(text, /^You wrote 'she stopped': read as a seizure that has ended \(TP 1231-P step 5\)/);
  }
  for (const text of shown(["postictal after seizure, versed 20kg"])) {
    assert.match(text, /^You wrote 'postictal after seizure': read as a seizure that has ended/);
  }
  assert.deepEqual(shown(["seizure stopped breathing, versed 20kg"]), [
    "You wrote 'seizure stopped breathing': airway first, open it and ventilate with a bag-mask if it is not " +
    "breathing (TP 1231-P step 1, MCG 1302). If it is seizing now, say so. No dose until you say.",
  ]);
  // A denial or a history: the other indications are the choice.
  assert.deepEqual(shown(["no seizure, versed 20kg"]), [
    "You wrote 'no seizure': not read as the indication. Which is the versed for: agitation, behavioral crisis, " +
    "agitation severe, sedation or seizure? No dose until you say.",
  ]);
  assert.deepEqual(shown(["hx of seizures, versed 70kg"]), [
    "You wrote 'hx of seizures': a history, not read as the reason now. Which is the versed for: seizure, " +
    "agitation, agitation severe, behavioral crisis or sedation? No dose until you say.",
  ]);
  for (
    const messages of [["seizing x5 min, stopped prior to arrival, versed 20kg"], [
      "hx of seizures, versed 70kg",
    ]]
  ) {
    for (const text of shown(messages)) assert.ok(text.length <= 200, `${text.length}: ${text}`);
  }
  // Asked for another reason (no indication named at all), the engine's question is as it was, once: its words
  // are the same for IV/IO and IN/IM (Stop 47). Where the routes' questions differ (a child's epinephrine), each.
  const plain = shown(["versed 20kg"]);
  assert.equal(plain.length, 1);
  for (const text of plain) assert.match(text, /^Which indication is the versed for: .*Midazolam: /);
  const epi = dosingForConversation(turns(["epi 20kg"])).outcomes.filter((o) => o.refusal);
  assert.equal(new Set(epi.map((o) => o.refusal!.message)).size, 2);
});

/** 5th read, Low: words of a time, an end by itself, another vital's repeat or another patient are no doses given. */
Deno.test("chat: 'prior to arrival', 'self resolved', 'x5 min', 'repeat bp', 'next pt' speak of no doses given (5th read, Low)", () => {
  const noted = (message: string) =>
    ((reading) =>
      reading.notes.some((n) => /Doses already given were not read|is read as one dose given/.test(n)) ||
      reading.outcomes.some((o) => o.refusal?.code === "DOSES_GIVEN_UNCLEAR"))(
        dosingForConversation(turns([message])),
      );
  for (
    const message of [
      "seizing x5 min, stopped prior to arrival, versed 20kg",
      "seizure x5 min, self resolved, versed 20kg",
      "seizing since prior to arrival, versed 20kg",
      "chest pain, bp 150/90 repeat bp pending, nitro adult",
      "next pt, cp, 55yo, nitro",
      // Their kin: a duration in days or hours, a repeat pending or read, the patient's own events counted or
      // repeated in a clause naming no drug, a history, a place, a state found.
      "sob x2 days, albuterol 20kg",
      "chest pain x3h, prior mi, nitro adult",
      "chest pain, bp 150/90, repeat pending, nitro adult",
      "chest pain, bp 150/90 repeat 140/80, nitro adult",
      "seizing again, versed 20kg",
      "started seizing again in rig, versed 20kg",
      "another seizure, versed 20kg",
      "seizure x2 today, versed 20kg",
      "seized twice, now seizing, versed 20kg",
      "vomited x3, seizing, versed 20kg",
      "already seizing when we arrived, versed 20kg",
      "self extricated, chest pain, nitro adult",
      "found next to pt's bed seizing, versed 20kg",
    ]
  ) assert.equal(noted(message), false, message);
  // The other way: doses said still are.
  for (
    const message of [
      "versed given prior to arrival, seizing, versed 20kg",
      "seizing, self administered versed, versed 20kg",
      "chest pain bp 150/90, repeat nitro? adult",
      "anaphylaxis, epi x2 min ago, epi 20kg",
      // An event's count beside a drug may be its doses; the patient's own device still is.
      "versed for seizure x2, seizing, versed 20kg",
      "seized twice, versed given, versed 20kg",
      "anaphylaxis, has own epipen, used it, epi 20kg",
      "2 doses given, seizing, versed 20kg",
      "chest pain, gave 3 mg, nitro adult",
      "anaphylaxis, next epi? 20kg",
      "anaphylaxis, used own epipen, epi 20kg",
      "chest pain, another nitro? adult",
    ]
  ) assert.equal(noted(message), true, message);
  // A bare count with the drug asked again after it is doses given, counted exactly (nineteenth read; TP 1219-P).
  const counted = dosingForConversation(turns(["epi x2, anaphylaxis, epi 20kg"])).notes;
  assert.ok(
    counted.some((n) => n.startsWith("Doses already given were counted from the message (2)")),
    counted.join("\n"),
  );
});
