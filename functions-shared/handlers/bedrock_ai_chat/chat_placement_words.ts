/**
 * The words that place the patient, with no I/O: the weight said (kg, or pounds, reported and never converted),
 * "adult", and whether a message corrects an earlier placement. Medical director's fourth read (N4, N5): "sorry not
 * 70kg, 20kg" gave a 20 kg child the 70 kg dose; "dad weighs 80kg", "is it the adult dose?" and "peds not adult"
 * were read as the patient's placement.
 */
import { findMedications } from "./chat_names.ts";

/** People near the patient whose weight is said as theirs ("dad weighs 80kg", "mom is 60kg", "80kg dad"). */
const SOMEONE_ELSE = "mom|mum|mommy|mother|dad|daddy|father|parents?|wife|husband|spouse|partner|boyfriend|" +
  "girlfriend|grandma|grandmother|grandpa|grandfather|granny|aunt|uncle|caregiver|guardian|babysitter|nanny|" +
  "caller|bystander|driver|passenger";
/** "per mom, 20kg" is the patient's weight as mom gives it. */
const THEIRS_BEFORE = new RegExp(
  `(?<!\\bper\\s+)\\b(?:${SOMEONE_ELSE})(?:['’]s\\s+(?:weight|wt)(?:\\s+is)?|\\s+(?:weighs|weight|wt|is|was))` +
    "(?:\\s+(?:about|around|approx\\.?|like|maybe))?\\s*[:=~]?\\s*$",
  "i",
);
const THEIRS_AFTER = new RegExp(`^\\s*(?:[mf]\\s+)?(?:${SOMEONE_ELSE})\\b`, "i");
/** "not 70kg", "isn't 70kg": the weight denied; the other one said is the patient's. */
const DENIED_BEFORE = /\b(?:not|isn['’]?t|never)\s+(?:an?\s+|like\s+|really\s+)?$/i;

const KG = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:kg|kgs|kilos?|kilograms?)\b/gi;
const LB = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:lbs?|pounds?)\b/gi;

/** The weights `pattern` finds that are neither denied nor someone else's, in order. */
function patientsWeights(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].filter((m) => {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
    return !DENIED_BEFORE.test(before) && !THEIRS_BEFORE.test(before) && !THEIRS_AFTER.test(after);
  }).map((m) => Number(m[1]));
}
const patientsWeight = (text: string, pattern: RegExp) => patientsWeights(text, pattern)[0];

/** Every weight in kg said as the patient's: two different ones may be two patients (chat_several_patients.ts). */
export const weightsKgSaid = (text: string) => patientsWeights(text, KG);

/** The patient's weight in kg, or in pounds when no kg was said (reported, never converted). */
export function weightSaid(text: string): { weightKg?: number; poundsGiven?: number } {
  const weightKg = patientsWeight(text, KG);
  if (weightKg !== undefined) return { weightKg };
  const poundsGiven = patientsWeight(text, LB);
  return poundsGiven !== undefined ? { poundsGiven } : {};
}

const CHILD_WORD = "peds|pediatric|paediatric|child|kid|infant|baby";
const NOT_ADULT_BEFORE = /\b(?:not|no|non|isn['’]?t|never)\s+(?:an?\s+|the\s+)?$/i;
/** "adult or peds", "peds vs adult", "adult dose or peds?": a choice asked, not a placement. */
const CHOICE_AFTER = new RegExp(
  `^\\s*(?:(?:dose|doses|dosing)\\s*)?(?:or|vs\\.?|versus|/)\\s*(?:the\\s+)?(?:${CHILD_WORD})`,
  "i",
);
const CHOICE_BEFORE = new RegExp(
  `\\b(?:${CHILD_WORD})(?:\\s+(?:dose|doses|dosing))?\\s*(?:or|vs\\.?|versus|/)\\s*$`,
  "i",
);
/** In a question: "is it the adult dose?", "is pt an adult?". */
const ASKED_BEFORE = /\b(?:the|is\s+(?:it|that|this|he|she|pt|the\s+pt)(?:\s+an?)?|an?)\s+$/i;

/** Whether `text` places the patient as an adult by the word: never denied, offered as a choice or asked. */
export function saysAdult(text: string): boolean {
  for (const m of text.matchAll(/\badults?\b/gi)) {
    const before = text.slice(0, m.index).split(/[,;.!?\n]/).at(-1) ?? "";
    const after = text.slice(m.index + m[0].length);
    const clauseAfter = /^[^,;.!?\n]*[,;.!?\n]?/.exec(after)![0];
    if (NOT_ADULT_BEFORE.test(before) || CHOICE_AFTER.test(after) || CHOICE_BEFORE.test(before)) continue;
    if (clauseAfter.endsWith("?") && ASKED_BEFORE.test(before)) continue;
    return true;
  }
  return false;
}

/**
 * "longer than tape" and the ways a medic says it (seventh read, High 1: "too long for tape", "off the tape" and
 * "doesnt fit on tape" were not read, and the engine asked for the tape again). Never "fits on the tape", a tape
 * read off ("read it off the tape"), or a question ("is he off the tape?").
 */
const TAPE = "(?:the\\s+)?(?:broselow\\s+|length[- ]based\\s+|peds\\s+)?tape\\b";
const LONGER_THAN_TAPE = new RegExp(
  `\\blonger\\s+than\\s+${TAPE}|\\btoo\\s+(?:long|tall|big)\\s+for\\s+${TAPE}|` +
    `(?<!\\b(?:read|reads|reading|taken|take|go|going|dose|dosing)\\s+(?:it\\s+|them\\s+)?)\\boff\\s+` +
    `(?:the\\s+end\\s+of\\s+)?${TAPE}|` +
    `\\b(?:doesn['’]?t|does\\s+not|dont|don['’]t|won['’]?t|wont|can['’]?t|cant|cannot|not)\\s+fit\\s+` +
    `(?:on\\s+|onto\\s+|on\\s+to\\s+|in\\s+)?${TAPE}`,
  "i",
);
const ASKS_OF_TAPE = /^(?:(?:so|and|but|ok|okay)\s+)*(?:is|are|does|do|what\s+if|if|would|should|can)\b/i;

/** Whether a clause of `text` states the patient is longer than the tape; never one that asks it. */
export function saysLongerThanTape(text: string): boolean {
  return (text.match(/[^,;.!?\n]+[,;.!?\n]?/g) ?? []).some((raw) => {
    const clause = raw.trim();
    return LONGER_THAN_TAPE.test(clause) && !(clause.endsWith("?") && ASKS_OF_TAPE.test(clause));
  });
}

/** A message that corrects what was said before ("sorry, 70kg", "no wait 20kg", "actually adult", "not 70kg"). */
const CORRECTION = new RegExp(
  "\\b(?:sorry|actually|correction|corrected|oops|my\\s+bad|i\\s+mean|i\\s+meant|no\\s+wait|wait\\s+no)\\b|" +
    "\\bnot\\s+(?:an?\\s+)?(?:\\d{1,3}(?:\\.\\d+)?\\s*(?:kg|kgs|kilos?|lbs?|yo|y\\/o|years?|yrs?)\\b|adult|child|" +
    "kid|peds|(?:grey|gray|pink|red|purple|yellow|white|blue|orange|green)\\b)",
  "i",
);

/**
 * A clause that places the patient ("70kg", "adult", "4yo", "blue tape"): only such a clause can be the question
 * that makes "sorry, adult dose?" an ask rather than a correction.
 */
const PLACING = new RegExp(
  "\\d\\s*(?:kg|kgs|kilos?|lbs?|pounds?|yo|y\\/o|years?|yrs?|months?|mos?)\\b|\\badults?\\b|\\btape\\b|" +
    "\\b(?:grey|gray|pink|red|purple|yellow|white|blue|orange|green)\\b",
  "i",
);
const QUESTION_START =
  /^(?:(?:sorry|actually|oops|ok|okay|so|and|but|wait)\s+)*(?:what|what'?s|whats|how|is|are|can|could|would|should|does|do|will)\b/i;
/** Anywhere in the message: a hypothesis or a comparison, not this patient's fact. */
const ASKING = /\b(?:what\s+if|how\s+about|for\s+comparison|compared?\s+to|cut-?\s?off)\b/i;
/** The fact is someone else's ("mom asks about her own 70kg dose"). */
const SOMEONE_ELSES = new RegExp(
  `\\b(?:his|her|their|my)\\s+own\\b|\\b(?:${SOMEONE_ELSE})\\s+(?:asks|asked|asking|wants|wonders|wondering)\\b`,
  "i",
);

/**
 * Whether the message asks about a placement rather than stating one: a placing clause that opens with a question
 * word, or that ends in "?" with no medication named ("sorry, adult dose?"; "sorry 70kg, versed?" still corrects).
 * Medical director's fifth read (High 3): "sorry, what's versed for adults?" re-placed a 20 kg child as an adult.
 */
function asksAboutPlacement(text: string): boolean {
  if (ASKING.test(text) || SOMEONE_ELSES.test(text)) return true;
  return (text.match(/[^,;:.!?\n]+[,;:.!?\n]?/g) ?? []).some((raw) => {
    const clause = raw.trim();
    if (!PLACING.test(clause)) return false;
    return QUESTION_START.test(clause) || (clause.endsWith("?") && findMedications(clause).length === 0);
  });
}

/** A statement that corrects an earlier placement; never a question about one, nor someone else's fact. */
export const correctsPlacement = (text: string) => CORRECTION.test(text) && !asksAboutPlacement(text);
