/**
 * What a medic's message names, with no I/O: medications (by the formulary's names and aliases) and the
 * indication a medication is asked for; the patient facts that decide a dose are chat_patient_mentions.ts's, doses
 * already given chat_doses_given.ts's. Nothing here computes a dose or converts a unit.
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { deniedAt, type NotSaidReading, readDenials, saidInDoubt, seizuresNamed } from "./chat_denials.ts";
import { wordPattern } from "./chat_names.ts";
import {
  SIGNS_WITH_ALTERED_MIND,
  stateEnds,
  type StateNow,
  stateNowSaid,
  widerState,
} from "./chat_state_now.ts";
import { glucoseNotLow } from "./chat_glucose_now.ts";
import { perfusionNarrowed } from "./chat_tachycardia_words.ts";
import { indicationAfterRosc } from "./chat_rosc.ts";

export { blankMatch, findMedications, wordPattern } from "./chat_names.ts";
export { findPatientFacts, type PatientFacts, systolicPressuresSaid } from "./chat_patient_mentions.ts";

/** How medics say it in a sentence, beyond the formulary's own aliases (by indication id). */
export const SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  // "sz" and "in status" are read only beside the seizure words chat_seizure_ends.ts knows (its SMALL words), so
  // "sz stopped" still ends the seizure and "denies sz" still denies it.
  seizure: [
    "seizing",
    "convulsing",
    "convulsions",
    "seizure activity",
    "sz",
    "szs",
    "in status",
    "tonic clonic",
    "tonic clonic activity",
  ],
  agitation: ["agitated"],
  anaphylaxis: ["anaphylactic"],
  // Said, never inferred from a heart rate alone: a slow heart is also an organophosphate sign (TP 1240-P).
  bradycardia: ["bradycardic", "brady", "slow heart rate", "slow heart", "heart block"],
  hypoglycemia: ["hypoglycemic", "hypoglycaemic"],
  "cardiac-arrest": [
    "pulseless",
    "in arrest",
    "coding",
    "v fib",
    "vfib",
    "pulseless v tach",
    "pulseless vtach",
    // a re-arrest after ROSC (TP 1210 step 22): the arrest again, in the message that says it (chat_rosc.ts)
    "re arrest",
    "re arrested",
    "lost pulses",
    "lost pulse",
    "lost a pulse",
  ],
  "wide-complex-tachycardia": ["v tach", "vtach", "ventricular tachycardia", "wide complex"],
  svt: ["supraventricular", "psvt", "narrow complex tach"],
  "chest-pain": ["chest pressure", "chest tightness", "chest discomfort"],
};

/**
 * Shorthand read only where it is denied ("denies cp, sob, nitro?"): said, "cp" may be cerebral palsy, so it never
 * names chest pain; denied, it still withholds the dose given with no indication (chat_denied_defaults.ts).
 */
const DENIED_SHORTHAND: Readonly<Record<string, readonly string[]>> = { "chest-pain": ["cp", "c/p"] };

/**
 * A 12-lead's finding among an indication's names: "12 lead no stemi" denies the STEMI, not the chest pain, and TP
 * 1211 step 6 gives nitroglycerin for chest pain after the 12-lead whatever it shows (note 1: an MI with or without
 * ST elevation; medical director's tenth read, M3, where it was asked which indication).
 */
const FINDINGS: Readonly<Record<string, RegExp>> = { "chest-pain": /^stemi$/i };

/** Every way an indication is said: its id in words, the formulary's aliases, the spoken forms. */
export function indicationPhrases(ind: { id: string; aliases?: readonly string[] }): string[] {
  return [...new Set([ind.id.replace(/-/g, " "), ...(ind.aliases ?? []), ...(SPOKEN_FORMS[ind.id] ?? [])])];
}

interface IndicationPatterns {
  readonly id: string;
  readonly patterns: RegExp[];
  /**
   * Phrases that name a formulation as well as an indication ("push dose" is in "push dose epi"): they decide
   * the indication only when no condition is named, so "push dose epi for bradycardia" is bradycardia's
   * (a base order, TP 1212 step 11), not the push-dose row's.
   */
  readonly formulationPatterns: RegExp[];
  /** The indications a child is asked to choose between when this one is named (e.g. crush injury). */
  readonly refinedBy?: readonly string[];
  /** Those of them that settle an adult's mention too (IndicationDef.childAsks.adultRefines). */
  readonly adultRefinedBy?: readonly string[];
}

/** True when `phrase` is said inside one of the drug's formulation names ("push dose" in "push dose epi"). */
function namesFormulation(drug: (typeof FORMULARY)[number], phrase: string): boolean {
  const pattern = wordPattern(phrase);
  return Object.keys(drug.variantAliases ?? {}).some((name) => pattern.test(name));
}

const INDICATIONS: ReadonlyMap<string, readonly IndicationPatterns[]> = new Map(
  FORMULARY.map((drug) => [
    drug.id,
    drug.indications.map((ind) => {
      const phrases = indicationPhrases(ind).filter((n) => n.replace(/[^a-z0-9]/gi, "").length >= 2);
      return {
        id: ind.id,
        patterns: [
          ...phrases.filter((n) => !namesFormulation(drug, n)).map(wordPattern),
          // "twitching, unresponsive": an active seizure by its signs (TP 1231-P special consideration 2)
          ...(ind.id === "seizure" ? [SIGNS_WITH_ALTERED_MIND] : []),
        ],
        formulationPatterns: phrases.filter((n) => namesFormulation(drug, n)).map(wordPattern),
        ...(ind.childAsks
          ? { refinedBy: ind.childAsks.indications, adultRefinedBy: ind.childAsks.adultRefines ?? [] }
          : {}),
      };
    }),
  ]),
);

/**
 * An indication a child is asked to refine ("crush injury": hyperkalaemia or before extrication, TP 1242-P)
 * is refined by the one of its choices said anywhere in the same message ("crush injury, calcium before extrication"),
 * so the medic is not asked what they already said. Two choices said settle nothing. Unless the patient is
 * known to be a child, only the choices that mean the same for an adult refine it (adultRefinedBy).
 */
function refined(
  indications: readonly IndicationPatterns[],
  text: string,
  found: string,
  child: boolean,
): string {
  const named = indications.find((i) => i.id === found);
  const refinedBy = child ? named?.refinedBy : named?.adultRefinedBy;
  if (!refinedBy) return found;
  const said = indications.filter((i) => refinedBy.includes(i.id) && i.patterns.some((p) => p.test(text)));
  if (child && hyperkalemiaLeftOpen(indications, refinedBy, said, text)) return found;
  return said.length === 1 ? said[0].id : found;
}

/**
 * A child's crush injury is refined to crush-hyperkalemia by its own words only ("crush injury with
 * hyperkalemia"): hyperkalaemia said otherwise ("crush injury leg, hyperkalemia?") is no choice, since a crush
 * read from free text doses a child wrongly (medical director's review), but it leaves that choice open, so
 * "crush injury, hyperkalemia, before extrication" is asked about, as before, not settled as before extrication.
 */
function hyperkalemiaLeftOpen(
  indications: readonly IndicationPatterns[],
  refinedBy: readonly string[],
  said: readonly IndicationPatterns[],
  text: string,
): boolean {
  if (!refinedBy.includes("crush-hyperkalemia") || said.some((i) => i.id === "crush-hyperkalemia")) {
    return false;
  }
  return indications.some((i) => i.id === "hyperkalemia" && i.patterns.some((p) => p.test(text)));
}

export { findDosesGiven, mentionsDosesGiven } from "./chat_doses_given.ts";

/**
 * Severity words grade an exposure wherever they stand in the sentence ("nerve agent exposure, mild
 * symptoms"): TP 1240-P step 15 doses a child's nerve-agent exposure by its severity. By medication: the
 * indication they grade, and the indication each severity names for it.
 */
const GRADED: Readonly<Record<string, { of: string; grades: Readonly<Record<string, string>> }>> = {
  atropine: { of: "nerve-agent", grades: { mild: "nerve-agent-mild" } },
  duodote: {
    of: "nerve-agent",
    grades: { mild: "mild-exposure", moderate: "moderate-exposure", severe: "severe-exposure" },
  },
};
const SEVERITY = /(?<![\w-])(mild|moderate|severe)(?![\w-])/gi;

/** The graded indication one severity word names; two different severities settle nothing. */
function graded(medicationId: string, text: string, found: string): string {
  const graded = GRADED[medicationId];
  if (!graded || (found !== graded.of && !Object.values(graded.grades).includes(found))) return found;
  const said = new Set(
    [...text.matchAll(SEVERITY)].filter((m) => !deniedAt(text, m.index, m.index + m[0].length)) // "not mild"
      .map((m) => m[1].toLowerCase()),
  );
  if (said.size !== 1) return said.size === 0 ? found : graded.of;
  // A severity with no indication of its own for this medication (moderate, for a child's atropine) leaves
  // the exposure ungraded, for the engine to ask.
  return graded.grades[[...said][0]] ?? graded.of;
}

/**
 * Indications that narrow a broader one wherever they are said in the message: "combative, large high-risk
 * agitation" names step 11's single 10 mg dose after "combative" (step 10's word). Step 11's 5 mg course is
 * chosen by its conditions instead (step11Held).
 */
const NARROWED_BY: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  midazolam: { agitation: ["agitation-high-risk"] },
};

/** The narrower indication said anywhere in `text` (the first said, if several), or `found`. */
function narrowed(
  medicationId: string,
  indications: readonly IndicationPatterns[],
  text: string,
  found: string,
): string {
  const narrower = NARROWED_BY[medicationId]?.[found];
  if (!narrower) return found;
  return firstSaid(indications.filter((i) => narrower.includes(i.id)), text, (i) => i.patterns) ?? found;
}

/** Step 11 asked for by name: the indication's id, or the protocol's step ("TP 1209 step 11", "step 11"). */
const STEP_11_NAMED = /\bagitation-severe\b|\bstep\s*11\b/i;

/**
 * TP 1209 / TP 1209-P step 11 (treatment before base, a repeat) is for severe agitation with ALOC AND an
 * immediate risk. Whether a message says both, and denies neither, was read wrong in every form a review tried
 * ("ALOC neg", "immediate risk: no", "hx of ALOC, now alert", "altered? negative"), and a wrong step 11 lets a
 * repeat go before base contact. So the chat never infers it: midazolam's agitation is step 10's, whose answer
 * says first what step 11 allows and how to ask for it, and step 11 is chosen only when asked for by name.
 */
function step11Held(medicationId: string, text: string, found: string): string {
  if (medicationId !== "midazolam" || (found !== "agitation-severe" && found !== "agitation")) return found;
  return STEP_11_NAMED.test(text) ? "agitation-severe" : "agitation";
}

/** An allergic cause said: an allergy, a known allergen or sting, hives. */
const ALLERGIC =
  /\b(?:allerg\w*|anaphyla\w*|hives|urticaria|peanuts?|tree\s+nuts?|nut\s+allergy|shellfish|bee\s+stings?|stung|wasps?|hornets?)\b/gi;

/** True when a message of `texts` says an allergic cause, not denied ("no allergies", "allergies: none"). */
const allergicCauseSaid = (texts: readonly string[]) =>
  texts.some((text) =>
    [...text.matchAll(ALLERGIC)].some((m) => !deniedAt(text, m.index, m.index + m[0].length))
  );

/**
 * Stridor or wheezing in an allergic reaction is anaphylaxis for epinephrine: TP 1219 / 1219-P note 1 make IM
 * epinephrine the drug of choice for an allergic reaction with respiratory compromise, and note 2 treats wheezing
 * from one with IM epinephrine (medical director's eighth read, H5: "peanut allergy, hives, stridor" got the
 * nebulised dose of TP 1234-P's stridor). The cause may be said in an older message of this patient's ("bee sting,
 * hives" then "still wheezing, epi?" was cited as TP 1237: tenth read, L5); `texts`: the message read and the older
 * ones. Another indication, or no allergic word (or one denied: "no allergies"), is left as read.
 */
function allergicAirway(medicationId: string, texts: readonly string[], found: string): string {
  if (medicationId !== "epinephrine" || (found !== "stridor" && found !== "bronchospasm")) return found;
  return allergicCauseSaid(texts) ? "anaphylaxis" : found;
}

/**
 * crush-hyperkalemia read from its name in a clause that denies or doubts something ("no crush hyperkalemia,
 * dialysis kid", "crush hyperkalemia?") is hyperkalaemia alone: a child then gets no dose (contact base) and an
 * adult TP 1212's base order, never TP 1242's standing one (medical director's second read).
 */
function crushDoubted(indications: readonly IndicationPatterns[], text: string, found: string): string {
  if (found !== "crush-hyperkalemia") return found;
  const patterns = indications.find((i) => i.id === found)?.patterns ?? [];
  return saidInDoubt(text, patterns) ? "hyperkalemia" : found;
}

/** Indications with a doubt rule of their own (crushDoubted): the general denial reading leaves their names alone. */
const OWN_DOUBT_RULE: ReadonlySet<string> = new Set(["crush-hyperkalemia"]);

/** What the messages say of a medication's indication: the one read, or those named only to be denied. */
export interface IndicationReading {
  readonly indication?: string;
  /** With no indication read: those the messages read deny, say have ended or name only as history (chat_denials.ts). */
  readonly denied: readonly string[];
  /** How each of `denied` was said, the newest message's first: what the question back quotes. */
  readonly readings?: ReadonlyMap<string, NotSaidReading>;
}

/**
 * `texts`: newest first. `child`: the patient is known to be a child (tape weight or colour); decides which
 * refinements apply. A name said only in a denial ("no seizure", "hyperkalemia: neg"), a seizure said to have
 * ended ("seizure stopped", "postictal"), or a condition named only as history ("hx of seizures") is not read
 * (chat_denials.ts), so another indication said decides or the engine asks; an indication a newer message denies
 * or ends is not read from an older one either ("seizing" then "no more seizure now, versed?", "post ictal now,
 * versed again?" or, naming none, "it stopped, versed again?" is asked), while another the older one says still
 * is, and so is a seizure a newer message says started again ("restarted in rig, versed?"). History in a newer
 * message leaves an older one's indication as it was. A condition said to have resolved is read as a denial is
 * ("cp resolved" then "nitro 60yo?" is asked), until a newer message says it is back ("cp back").
 * dosing_context.ts gives every message of this patient's (since a turn to another), however old. A newer message
 * that describes the state now naming none ("now awake and crying", "symptoms resolved") stops an older one's
 * indication being read, and a glucose of 60 or above said newest is no hypoglycemia (chat_state_now.ts).
 */
export function readIndication(
  medicationId: string,
  texts: readonly string[],
  child = false,
): IndicationReading {
  const all = INDICATIONS.get(medicationId) ?? [];
  const onlyHypoglycemia = all.length < 2 && FORMULARY.find((d) => d.id === medicationId)?.indications
    .every((i) => i.id === HYPOGLYCEMIA);
  const read = onlyHypoglycemia ? { denied: [] } : readIndicationNamed(medicationId, all, texts, child);
  if (!onlyHypoglycemia && read.indication !== HYPOGLYCEMIA) return read;
  const glucose = glucoseNotLow(texts);
  if (!glucose) return read;
  const { value: _, ...reading } = glucose;
  return { denied: [HYPOGLYCEMIA], readings: new Map([[HYPOGLYCEMIA, { how: "glucose", ...reading }]]) };
}

const HYPOGLYCEMIA = "hypoglycemia";
const CARDIAC_ARREST = "cardiac-arrest";

function readIndicationNamed(
  medicationId: string,
  all: readonly IndicationPatterns[],
  texts: readonly string[],
  child: boolean,
): IndicationReading {
  if (all.length < 2) return { denied: [] }; // nothing to choose
  const named = all.map((i) => ({
    id: i.id,
    patterns: [...i.patterns, ...i.formulationPatterns],
    deniedOnly: (DENIED_SHORTHAND[i.id] ?? []).map(wordPattern),
    ...(FINDINGS[i.id] ? { finding: FINDINGS[i.id] } : {}),
  }));
  const deniedNewer = new Set<string>();
  const readings = new Map<string, NotSaidReading>();
  let stateNow: StateNow | undefined; // a newer message's "now awake": older indications are not the state now
  // "awake", "gcs 15" say no seizure now, nothing of chest pain ("A&Ox4, bp 140/90").
  const changedBy = (id: string) =>
    stateNow && stateEnds(stateNow, id, seizuresNamed(id.replace(/-/g, " "), named).includes(id))
      ? stateNow.quote
      : undefined;
  for (const [n, said] of texts.entries()) {
    const { text, readings: here, earlier, returned } = readDenials(said, named, OWN_DOUBT_RULE);
    const indications = all.filter((i) => !deniedNewer.has(i.id));
    // A bare end or restart is said of the newest older message that names a seizure, not only the next one
    // ("seizing 20kg" / "versed given" / "it stopped, versed again?" is asked).
    const older = texts.slice(n + 1).map((t) => seizuresNamed(t, named)).find((ids) => ids.length > 0) ?? [];
    for (const [id, reading] of here) {
      if (!readings.has(id)) readings.set(id, reading);
      if (reading.how !== "history") deniedNewer.add(id);
    }
    // After ROSC the arrest is over: not read, and the post-ROSC care's indication is (chat_rosc.ts, TP 1210 step 18).
    const afterRosc = indicationAfterRosc(medicationId, said);
    const live = afterRosc ? indications.filter((i) => i.id !== CARDIAC_ARREST) : indications;
    // A condition named anywhere decides; a formulation's words only when no condition is named.
    const best = firstSaid(live, text, (i) => i.patterns) ??
      firstSaid(live, text, (i) => i.formulationPatterns) ?? afterRosc;
    const changed = best && changedBy(best);
    if (best && changed) {
      if (!readings.has(best)) {
        readings.set(best, { how: "changed", quote: changed, was: nameSaid(all, best, said, text) });
      }
      deniedNewer.add(best);
      continue;
    }
    if (best) {
      const found = perfusionNarrowed(
        medicationId,
        text,
        refined(indications, text, narrowed(medicationId, indications, text, best), child),
      );
      const indication = graded(
        medicationId,
        text,
        step11Held(
          medicationId,
          text,
          allergicAirway(medicationId, [text, ...texts.slice(n + 1)], crushDoubted(indications, text, found)),
        ),
      );
      return { indication, denied: [] };
    }
    // "cp back": the chest pain an older message said resolved is the indication again (chat_pain_ends.ts).
    const back = returned?.find((id) => indications.some((i) => i.id === id));
    // Naming no seizure, a message may still say the older message's seizure ended or started again.
    const restarted = earlier?.kind === "restart" ? older.find((id) => !deniedNewer.has(id)) : undefined;
    const again = back ?? restarted;
    const changedAgain = again && changedBy(again);
    if (again && changedAgain) {
      const was = back ? said.replace(/\s+/g, " ").trim().slice(0, 40) : earlier!.quote;
      if (!readings.has(again)) readings.set(again, { how: "changed", quote: changedAgain, was });
      deniedNewer.add(again);
      continue;
    }
    if (again) return { indication: again, denied: [] };
    if (earlier && earlier.kind !== "restart") {
      for (const id of older) {
        deniedNewer.add(id);
        if (!readings.has(id)) {
          readings.set(id, { how: earlier.kind === "end" ? "ended" : "breathing", quote: earlier.quote });
        }
      }
    }
    stateNow = widerState(stateNow, stateNowSaid(said));
  }
  const denied = [...readings.keys()];
  return denied.length ? { denied, readings } : { denied };
}

/** The words that name `id` in `said` (`blanked`: its readDenials text, the same length), for the question back. */
function nameSaid(all: readonly IndicationPatterns[], id: string, said: string, blanked: string): string {
  const ind = all.find((i) => i.id === id);
  for (const pattern of [...ind?.patterns ?? [], ...ind?.formulationPatterns ?? []]) {
    const m = pattern.exec(blanked);
    if (m) return said.slice(m.index, m.index + m[0].length).trim();
  }
  return id.replace(/-/g, " ");
}

/** The indication read (readIndication), or undefined. */
export function findIndication(
  medicationId: string,
  texts: readonly string[],
  child = false,
): string | undefined {
  return readIndication(medicationId, texts, child).indication;
}

/** The indication said first in `text` (the longer phrase where two start at the same place). */
function firstSaid(
  indications: readonly IndicationPatterns[],
  text: string,
  patternsOf: (i: IndicationPatterns) => readonly RegExp[],
): string | undefined {
  let best: { at: number; length: number; id: string } | undefined;
  for (const ind of indications) {
    for (const pattern of patternsOf(ind)) {
      const m = pattern.exec(text);
      if (m && (!best || m.index < best.at || m.index === best.at && m[0].length > best.length)) {
        best = { at: m.index, length: m[0].length, id: ind.id };
      }
    }
  }
  return best?.id;
}
