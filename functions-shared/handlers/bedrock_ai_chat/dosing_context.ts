/**
 * From a conversation to dosing-engine answers, with no I/O: which medications the medic asks about,
 * and the patient facts that decide a dose (weight in kg, tape colour, age, route, indication). The
 * numbers a chat answer may give come only from calculateDose (domain/dosing); this module
 * never computes a dose and never converts units (a weight in pounds is reported, not converted).
 *
 *   dosingForConversation(messages, patient?) → { outcomes: [{ request, result? , refusal? }], notes }
 *
 * The engine is called only when a medication and something that places the patient (weight, colour,
 * age, "adult") are both in play; otherwise the prompt tells the model what is missing.
 */
import {
  calculateDose,
  type DoseRequest,
  type DoseResult,
  DosingError,
  type DosingErrorCode,
  FORMULARY,
  listMedications,
} from "../../domain/dosing/mod.ts";

export interface ChatTurn {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/** What the client says about the patient (request body); it wins over the text. */
export interface PatientHints {
  readonly ageYears?: number;
  readonly weightKg?: number;
  readonly color?: string;
}

export interface DosingRefusal {
  readonly code: DosingErrorCode;
  readonly field: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export interface DosingOutcome {
  readonly request: DoseRequest;
  readonly result?: DoseResult;
  readonly refusal?: DosingRefusal;
}

export interface DosingContext {
  readonly outcomes: readonly DosingOutcome[];
  /** Facts the model should know about the dosing step (e.g. a weight given in pounds). */
  readonly notes: readonly string[];
}

export interface ExtractedDosing {
  readonly requests: readonly DoseRequest[];
  /** Medication ids mentioned, whether or not a request could be made. */
  readonly medications: readonly string[];
  readonly notes: readonly string[];
}

const MAX_MEDICATIONS = 3;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A whole-word, case-insensitive pattern; hyphens and spaces in a name match either. */
function wordPattern(name: string): RegExp {
  const body = escapeRegExp(name.trim()).replace(/(?:\\-|\s)+/g, "[\\s-]*");
  return new RegExp(`(?<![\\w-])${body}(?![\\w-])`, "i");
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
const SPOKEN_FORMS: Readonly<Record<string, readonly string[]>> = {
  seizure: ["seizing", "convulsing", "convulsions", "seizure activity"],
  agitation: ["agitated"],
  anaphylaxis: ["anaphylactic"],
  hypoglycemia: ["hypoglycemic", "hypoglycaemic"],
  "cardiac-arrest": ["pulseless", "in arrest", "coding"],
};

const INDICATIONS: ReadonlyMap<string, readonly { id: string; patterns: RegExp[] }[]> = new Map(
  FORMULARY.map((drug) => [
    drug.id,
    drug.indications.map((ind) => ({
      id: ind.id,
      patterns: [ind.id.replace(/-/g, " "), ...(ind.aliases ?? []), ...(SPOKEN_FORMS[ind.id] ?? [])]
        .filter((n) => n.replace(/[^a-z0-9]/gi, "").length >= 2)
        .map(wordPattern),
    })),
  ]),
);

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
    rest = rest.slice(0, match.index) + " ".repeat(match[0].length) +
      rest.slice(match.index + match[0].length);
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
  else if (months) facts.ageYears = Math.round((Number(months[1]) / 12) * 100) / 100;
  if (facts.color === undefined && facts.weightKg === undefined && facts.ageYears === undefined) {
    if (/\badult\b/i.test(text)) facts.color = "adult";
  }
  return facts;
}

/** Route codes are matched in capitals only ("IN", "IM" are also words); full names in any case. */
const ROUTE_PATTERNS: readonly [RegExp, string][] = [
  [/\b(IV|IO|IM|IN|MDI|PO|SL|ODT)\b/g, ""],
  [/\bintravenous(?:ly)?\b/gi, "IV"],
  [/\bintraosseous(?:ly)?\b/gi, "IO"],
  [/\bintramuscular(?:ly)?\b/gi, "IM"],
  [/\bintranasal(?:ly)?\b|\bnasal(?:ly)?\b/gi, "IN"],
  [/\bneb(?:uli[sz]ed|uli[sz]er)?\b/gi, "NEB"],
  [/\binhaler\b/gi, "MDI"],
  [/\bsublingual(?:ly)?\b/gi, "SL"],
  [/\b(?:by mouth|orally)\b/gi, "PO"],
];

/**
 * A route the medic says they do not have: "no IV", "without IV access", "couldn't get an IV", "failed IO",
 * "IV not established", "IV access failed", "no IV or IO" (a comma ends the list: "no IV, IO" means IO).
 * Such a mention never chooses the route — the
 * words "no IV" once chose IV over the "intranasal" asked for (issue 19).
 */
const NEGATED_BEFORE =
  /(?:\b(?:no|not|without|w\/o|failed|lost|blown)|\b(?:unable to|can'?t|cannot|could(?:n'?t| not)|did(?:n'?t| not)|won'?t) (?:get|obtain|establish|place|start|find)(?: an?| the)?|\b(?:no|without) (?:IV|IO|line)s? *(?:\/|or|nor) *)\s*$/i;
const NEGATED_AFTER =
  /^\s*(?:access|line|site)?\s*(?:is |was )?(?:not (?:established|possible|available|obtained|an option)|unavailable|failed|unsuccessful|impossible|infiltrated|lost|blown|x ?\d+ failed|attempts? failed)/i;

function negated(text: string, at: number, end: number): boolean {
  return NEGATED_BEFORE.test(text.slice(Math.max(0, at - 40), at)) ||
    NEGATED_AFTER.test(text.slice(end, end + 40));
}

/** The routes the medic says they do not have ("no IV", "IO failed"), in order of mention. */
export function unavailableRoutes(text: string): string[] {
  const found: { at: number; code: string }[] = [];
  for (const [pattern, code] of ROUTE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (negated(text, m.index, m.index + m[0].length)) {
        found.push({ at: m.index, code: code || (m[1] === "ODT" ? "PO" : m[1]) });
      }
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.code))];
}

export function findRoute(text: string): string | undefined {
  let best: { at: number; code: string } | undefined;
  for (const [pattern, code] of ROUTE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (best && m.index >= best.at) break;
      if (negated(text, m.index, m.index + m[0].length)) continue;
      best = { at: m.index, code: code || (m[1] === "ODT" ? "PO" : m[1]) };
      break;
    }
  }
  return best?.code;
}

function findIndication(medicationId: string, texts: readonly string[]): string | undefined {
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
    if (best) return best.id;
  }
  return undefined;
}

/**
 * The dose requests a conversation implies. Medications come from the last user message (or, for a
 * follow-up that names none, the one before it); patient facts from the newest user message that
 * states them, then from `patient`, which wins.
 */
export function extractDosingRequests(
  turns: readonly ChatTurn[],
  patient: PatientHints = {},
): ExtractedDosing {
  const userTexts = turns.filter((t) => t.role === "user").map((t) => t.content).reverse(); // newest first
  if (userTexts.length === 0) return { requests: [], medications: [], notes: [] };
  let medicationText = userTexts[0];
  let medications = findMedications(medicationText);
  if (medications.length === 0 && userTexts.length > 1) {
    medicationText = userTexts[1];
    medications = findMedications(medicationText);
  }
  medications = medications.slice(0, MAX_MEDICATIONS);

  const facts: PatientFacts = {};
  for (const text of [...userTexts].reverse()) { // oldest first, newer facts overwrite
    const found = findPatientFacts(text);
    for (const key of Object.keys(found) as (keyof PatientFacts)[]) {
      (facts as Record<string, number | string>)[key] = found[key] as number | string;
    }
  }
  if (patient.weightKg !== undefined) facts.weightKg = patient.weightKg;
  if (patient.color !== undefined) facts.color = patient.color;
  if (patient.ageYears !== undefined) facts.ageYears = patient.ageYears;
  // "adult" only stands in when nothing else places the patient.
  if (facts.color === "adult" && (facts.weightKg !== undefined || facts.ageYears !== undefined)) {
    delete facts.color;
  }

  const notes: string[] = [];
  if (facts.poundsGiven !== undefined && facts.weightKg === undefined) {
    notes.push(
      `A weight of ${facts.poundsGiven} lb was given. The dosing engine works in kilograms from the length-based ` +
        "tape; ask for the weight in kg or the tape colour rather than converting.",
    );
  }
  const placed = facts.weightKg !== undefined || facts.color !== undefined || facts.ageYears !== undefined;
  if (medications.length > 0 && !placed) {
    notes.push("No weight, tape colour or age was given, so the dosing engine was not asked for a dose.");
  }
  const unavailable = unavailableRoutes(userTexts[0] ?? "");
  if (unavailable.length > 0) {
    notes.push(
      `The medic said there is no ${
        unavailable.join(" or ")
      } access: give no dose by that route; the doses ` +
        "below use the route they asked for, or none when they named no other.",
    );
  }
  // A route belongs to the medication it follows ("epinephrine IM and midazolam IN"); with one
  // medication, a route anywhere in the newest message counts.
  const routeFor = (i: number) =>
    findRoute(medicationText.slice(medications[i].at, medications[i + 1]?.at)) ??
      (medications.length === 1 ? findRoute(userTexts[0]) ?? findRoute(medicationText) : undefined);
  const requests: DoseRequest[] = placed
    ? medications.map((med, i) => {
      const route = routeFor(i);
      const indication = findIndication(med.id, userTexts.slice(0, 2));
      return {
        medication: med.mention,
        ...(route ? { route } : {}),
        ...(facts.weightKg !== undefined ? { weightKg: facts.weightKg } : {}),
        ...(facts.color !== undefined ? { color: facts.color } : {}),
        ...(facts.ageYears !== undefined ? { ageYears: facts.ageYears } : {}),
        ...(indication ? { indication } : {}),
      };
    })
    : [];
  return { requests, medications: medications.map((m) => m.id), notes };
}

/** Each request through calculateDose; a clinical refusal is kept as data for the prompt. */
export function runDosing(requests: readonly DoseRequest[]): DosingOutcome[] {
  return requests.map((request) => {
    try {
      return { request, result: calculateDose(request) };
    } catch (error) {
      if (error instanceof DosingError) {
        return {
          request,
          refusal: { code: error.code, field: error.field, message: error.message, details: error.details() },
        };
      }
      throw error;
    }
  });
}

export function dosingForConversation(turns: readonly ChatTurn[], patient: PatientHints = {}): DosingContext {
  const extracted = extractDosingRequests(turns, patient);
  return { outcomes: runDosing(extracted.requests), notes: extracted.notes };
}
