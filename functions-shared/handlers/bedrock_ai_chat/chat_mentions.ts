/**
 * What a medic's message names, with no I/O: medications (by the formulary's names and aliases), the
 * patient facts that decide a dose (weight in kg, tape colour, age; for adults the systolic pressure,
 * heart rate and doses already given), and the indication a medication is asked for. Nothing here computes a dose or converts a unit.
 */
import { FORMULARY, listMedications } from "../../domain/dosing/mod.ts";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A whole-word, case-insensitive pattern; hyphens and spaces in a name match either. */
export function wordPattern(name: string): RegExp {
  const body = escapeRegExp(name.trim()).replace(/(?:\\-|\s)+/g, "[\\s-]*");
  return new RegExp(`(?<![\\w-])${body}(?![\\w-])`, "i");
}

/** `text` with `match` replaced by spaces: what a longer phrase covered is not found again inside it. */
export function blankMatch(text: string, match: RegExpExecArray | RegExpMatchArray): string {
  const at = match.index ?? 0;
  return text.slice(0, at) + " ".repeat(match[0].length) + text.slice(at + match[0].length);
}

interface NameEntry {
  readonly pattern: RegExp;
  readonly name: string;
  readonly medicationId: string;
}

/** Aliases too common in conversation to mean the drug ("blood glucose 40" is not oral glucose). */
const TOO_GENERIC = new Set(["glucose"]);

/** Every id, name and alias of the formulary, longest first (so "push dose epinephrine" beats "epi"). */
const NAMES: readonly NameEntry[] = (() => {
  const entries: NameEntry[] = [];
  for (const med of listMedications()) {
    for (const name of new Set([med.id, med.name, ...med.aliases])) {
      if (name.replace(/[^a-z0-9]/gi, "").length < 3 || TOO_GENERIC.has(name.toLowerCase())) continue;
      entries.push({ pattern: wordPattern(name), name, medicationId: med.id });
    }
  }
  return entries.sort((a, b) => b.name.length - a.name.length);
})();

/** How medics say it in a sentence, beyond the formulary's own aliases (by indication id). */
export const SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  seizure: ["seizing", "convulsing", "convulsions", "seizure activity"],
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
  ],
  "wide-complex-tachycardia": ["v tach", "vtach", "ventricular tachycardia", "wide complex"],
  svt: ["supraventricular"],
  "chest-pain": ["chest pressure", "chest tightness", "chest discomfort"],
};

/** Every way an indication is said: its id in words, the formulary's aliases, the spoken forms. */
export function indicationPhrases(ind: { id: string; aliases?: readonly string[] }): string[] {
  return [...new Set([ind.id.replace(/-/g, " "), ...(ind.aliases ?? []), ...(SPOKEN_FORMS[ind.id] ?? [])])];
}

interface IndicationPatterns {
  readonly id: string;
  readonly patterns: RegExp[];
  /** The indications a child is asked to choose between when this one is named (e.g. crush injury). */
  readonly refinedBy?: readonly string[];
  /** Those of them that settle an adult's mention too (IndicationDef.childAsks.adultRefines). */
  readonly adultRefinedBy?: readonly string[];
}

const INDICATIONS: ReadonlyMap<string, readonly IndicationPatterns[]> = new Map(
  FORMULARY.map((drug) => [
    drug.id,
    drug.indications.map((ind) => ({
      id: ind.id,
      patterns: indicationPhrases(ind)
        .filter((n) => n.replace(/[^a-z0-9]/gi, "").length >= 2)
        .map(wordPattern),
      ...(ind.childAsks
        ? { refinedBy: ind.childAsks.indications, adultRefinedBy: ind.childAsks.adultRefines ?? [] }
        : {}),
    })),
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
  return said.length === 1 ? said[0].id : found;
}

/** Medications named in `text`, in order of first mention: the formulary name matched, its id, where. */
export function findMedications(text: string): { id: string; mention: string; at: number }[] {
  const found: { id: string; mention: string; at: number }[] = [];
  let rest = text;
  for (const entry of NAMES) {
    const match = entry.pattern.exec(rest);
    if (!match) continue;
    if (!found.some((f) => f.id === entry.medicationId)) {
      found.push({ id: entry.medicationId, mention: entry.name, at: match.index });
    }
    // Blank the match so a shorter alias inside it ("epi" in "push dose epi") is not found again.
    rest = blankMatch(rest, match);
  }
  return found.sort((a, b) => a.at - b.at);
}

const COLOR_WORDS = "grey|gray|pink|red|purple|yellow|white|blue|orange|green";
const TAPE_WORDS = "tape|zone|broselow|length[- ]based|colou?r";

export interface PatientFacts {
  weightKg?: number;
  color?: string;
  ageYears?: number;
  poundsGiven?: number;
  systolicBp?: number;
  heartRate?: number;
  dosesGiven?: number;
}

const COUNT_WORDS: Readonly<Record<string, number>> = { one: 1, once: 1, two: 2, twice: 2, three: 3 };

/** Systolic pressure, heart rate and doses already given, as medics write them ("BP 150/90", "HR 45"). */
function findVitals(text: string, facts: PatientFacts) {
  const named = /\b(?:s?bp|blood pressure|systolic(?: pressure| bp)?)\s*(?:is|of|at|:|=)?\s*(\d{2,3})\b/i
    .exec(text);
  // A bare "150/90" is a pressure; "10/10" (a pain score) is not.
  const pair = /(?<![\d.])(\d{2,3})\s*\/\s*(\d{2,3})\b/.exec(text);
  if (named) facts.systolicBp = Number(named[1]);
  else if (pair && Number(pair[1]) > Number(pair[2]) && Number(pair[2]) >= 20) {
    facts.systolicBp = Number(pair[1]);
  }
  const hr = /\b(?:hr|heart rate|pulse)\s*(?:is|of|at|:|=)?\s*(\d{1,3})\b/i.exec(text) ??
    /(?<![\d.])(\d{1,3})\s*(?:bpm|beats per minute)\b/i.exec(text);
  if (hr) facts.heartRate = Number(hr[1]);
  const doses = /\b(\d|one|two|three)\s+doses?\s+(?:given|already|so far)\b/i.exec(text) ??
    /\b(?:already|after)\s+(?:(?:gave|given|giving)\s+)?(?:it\s+)?(?:(\d|one|two|three)\s+doses?|(once|twice))\b/i
      .exec(text);
  const count = doses && (doses[1] ?? doses[2] ?? doses[3]);
  if (count) facts.dosesGiven = COUNT_WORDS[count.toLowerCase()] ?? Number(count);
}

/** Weight (kg), tape colour, age, from one message; undefined where the text says nothing. */
export function findPatientFacts(text: string): PatientFacts {
  const facts: PatientFacts = {};
  const kg = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:kg|kgs|kilos?|kilograms?)\b/i.exec(text);
  if (kg) facts.weightKg = Number(kg[1]);
  const lb = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:lbs?|pounds?)\b/i.exec(text);
  if (lb && !kg) facts.poundsGiven = Number(lb[1]);

  const colorAfter = new RegExp(`\\b(${COLOR_WORDS})\\b(?=[^.?!\\n]{0,20}\\b(?:${TAPE_WORDS})\\b)`, "i").exec(
    text,
  );
  const colorBefore = new RegExp(`\\b(?:${TAPE_WORDS})\\b[^.?!\\n]{0,12}?\\b(${COLOR_WORDS})\\b`, "i").exec(
    text,
  );
  const color = colorAfter?.[1] ?? colorBefore?.[1];
  if (color) facts.color = color.toLowerCase() === "gray" ? "grey" : color.toLowerCase();
  if (/\blonger than (?:the )?(?:broselow |length[- ]based )?tape\b/i.test(text)) {
    facts.color = "longer-than-tape";
  }

  const years = /(?<![\d.])(\d{1,3}(?:\.\d)?)\s*(?:-\s*)?(?:years?|yrs?|y\/o|yo)\b/i.exec(text);
  const months = /(?<![\d.])(\d{1,2})\s*(?:-\s*)?(?:months?|mos?|m\/o)\b/i.exec(text);
  if (years) facts.ageYears = Number(years[1]);
  // Unrounded: MCG 1309's age bands start at whole months (7 months is red), and 0.58 years is not 7 months.
  else if (months) facts.ageYears = Number(months[1]) / 12;
  if (facts.color === undefined && facts.weightKg === undefined && facts.ageYears === undefined) {
    if (/\badult\b/i.test(text)) facts.color = "adult";
  }
  findVitals(text, facts);
  return facts;
}

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
  const said = new Set([...text.matchAll(SEVERITY)].map((m) => m[1].toLowerCase()));
  if (said.size !== 1) return said.size === 0 ? found : graded.of;
  // A severity with no indication of its own for this medication (moderate, for a child's atropine) leaves
  // the exposure ungraded, for the engine to ask.
  return graded.grades[[...said][0]] ?? graded.of;
}

/** `child`: the patient is known to be a child (tape weight or colour); decides which refinements apply. */
export function findIndication(
  medicationId: string,
  texts: readonly string[],
  child = false,
): string | undefined {
  const indications = INDICATIONS.get(medicationId) ?? [];
  if (indications.length < 2) return undefined; // nothing to choose
  for (const text of texts) {
    let best: { at: number; id: string } | undefined;
    for (const ind of indications) {
      for (const pattern of ind.patterns) {
        const m = pattern.exec(text);
        if (m && (!best || m.index < best.at)) best = { at: m.index, id: ind.id };
      }
    }
    if (best) return graded(medicationId, text, refined(indications, text, best.id, child));
  }
  return undefined;
}
