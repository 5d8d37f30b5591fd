/**
 * A series of doses said with no count word ("adenosine 6 then 12 then 12", "gave adenosine 6mg and 12mg",
 * "epi 1mg, 1mg, 1mg given", "6 and 12 of adenosine", "amio 300/150", "epi at 1400 and 1405"), with no I/O. Such a message speaks of doses given, but
 * how many is the medic's to say: a series may leave one out, repeat one, or be the plan rather than the
 * history, and a misread count withholds a drug. So a series is never read as a count (and keeps any count
 * beside it from being read: "adenosine 6 x1 then 12 x1"), but it is said: the answer asks for the count.
 * Its numbers are amounts, never a weight or an age; a pair after a drug's name that could be a pressure
 * ("ntg 88/50") is read as the pressure too (chat_patient_mentions.ts), "amio 300/150" is not.
 */
import { DRUG_NAME } from "./chat_names.ts";
import { withoutRhythmRates } from "./chat_tachycardia_words.ts";

const DRUG = `(?<![\\w-])${DRUG_NAME}(?![\\w-])`;
/** Units that make a number something other than an amount of drug. */
const NOT_AN_AMOUNT =
  "(?:kg|kgs|kilos?|lbs?|pounds?|y\\/o|yo|yrs?|years?|mos?|months?|wks?|weeks?|days?|d\\/o|m\\/o|" +
  "min|mins|minutes?|secs?|seconds?|hrs?|hours?|bpm|doses?|times|rounds?|cycles?|max|maximum|total|limit|%)";
/**
 * An amount of drug: a number with or without its unit, a route, a count ("6", "12mg", "1 mg IV x1"). `slash`:
 * a '/' and another number may follow it ("amio 300/150"), which only right after a drug's name is a series
 * (elsewhere "140/90" is a pressure).
 */
const amount = (slash: boolean) =>
  `(?<![\\w.])\\d{1,4}(?:\\.\\d{1,3})?(?![\\d.])${slash ? "(?!\\/(?!\\s*\\d))" : "(?!\\/)"}` +
  `(?!\\s*${NOT_AN_AMOUNT}(?!\\w))` +
  // its unit, if it has one, is part of it (never skipped so that "10 mg max" is read as a bare "10")
  "(?:\\s*(?:mg|mcg|g|ml|units?|meq)(?![\\w/])(?!\\s*(?:max|maximum|total|limit)\\b)|(?!\\s*(?:mg|mcg|g|ml|units?|meq)\\b))" +
  "(?:\\s+(?:iv|io|im|in|ivp|sl|po)(?!\\w))?(?:\\s*[x×]\\s*\\d(?!\\w))?";
/** What joins the doses of a series ("," ", then" "and" "then" "+"); never "or" ("6 or 12 mg" is a choice). */
const JOIN = "(?:\\s*(?:,|;|\\+|&|->|→)\\s*(?:(?:and\\s+)?then\\s+|and\\s+)?|" +
  "\\s+(?:and\\s+then|and|then|followed\\s+by)\\s+)";
/** Two or more amounts, joined; right after a drug's name, also by '/' ("adenosine 6/12/12", "amio 300/150"). */
const AMOUNTS = `${amount(false)}(?:${JOIN}${amount(false)})+`;
const SLASHED = `${amount(true)}(?:\\s*\\/\\s*${amount(true)})+`;
/** Doses by their times ("epi at 1400 and 1405", "epi 1 mg at 1402, 1407"). */
const TIMES = "at\\s+\\d{3,4}(?!\\d)(?:" +
  "(?:\\s*,\\s*|\\s+and\\s+|\\s+then\\s+)(?:at\\s+)?\\d{3,4}(?!\\d))+";
/** Words that may stand between a drug and its first amount ("adenosine given 6 then 12", "epi iv 1 mg"). */
const BETWEEN = "(?:\\s+(?:iv|io|im|in|ivp|rapid|push|given|gave|was|were|at))*";

const SERIES = new RegExp(
  `${DRUG}${BETWEEN}\\s+(?:${AMOUNTS}|${SLASHED})|${AMOUNTS}\\s+(?:of\\s+(?:the\\s+)?)?${DRUG}|` +
    `${DRUG}(?:\\s+${amount(false)})?${BETWEEN}\\s+${TIMES}`,
  "i",
);

/** True when the message names doses of a drug as a series of amounts with no count word. */
export function mentionsDoseSeries(text: string): boolean {
  return SERIES.test(withoutRhythmRates(text)); // "svt 180, 6mg adenosine": a rate, then one amount
}

/**
 * The words around the first series of doses ("amio 300 and 150 given": from the start of the clause it begins in to
 * the end of the clause it ends in), or undefined when there is none.
 */
export function doseSeriesSaid(text: string): string | undefined {
  const found = SERIES.exec(text);
  if (!found) return undefined;
  const from = Math.max(...[",", ";", "!", "?", "\n"].map((m) => text.lastIndexOf(m, found.index))) + 1;
  const end = text.slice(found.index + found[0].length).search(/[;!?\n]|,(?!\s*\d)/);
  return text.slice(from, end < 0 ? text.length : found.index + found[0].length + end).trim();
}

/** An amount in a series, its unit if said (group 1 the value, 2 the unit). */
const SERIES_AMOUNT = /(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)(?![\d.])\s*(mg|mcg|g|ml|units?|meq)?(?![\w])/gi;

/**
 * The sum of the first series' amounts ("amio 300 and 150": 450), in the unit said if one was, or undefined where
 * their sum is no total: a count or a time in it ("6 x1 then 12 x1", "at 1400 and 1405"), or two units.
 */
export function seriesSum(text: string): { value: number; unit?: string } | undefined {
  const found = SERIES.exec(withoutRhythmRates(text));
  if (!found || /[x×]\s*\d|\bat\s+\d/i.test(found[0])) return undefined;
  const amounts = [...found[0].matchAll(SERIES_AMOUNT)];
  const units = new Set(amounts.flatMap((m) => m[2] ? [m[2].toLowerCase()] : []));
  if (amounts.length < 2 || units.size > 1) return undefined;
  const value = amounts.reduce((sum, m) => sum + Number(m[1]), 0);
  return { value: Math.round(value * 1000) / 1000, ...(units.size ? { unit: [...units][0] } : {}) };
}

/** "then" and an amount anywhere ("nitro 0.4 x2 given, then 0.4"): another dose after any counted ones. */
const THEN_AMOUNT = new RegExp(`\\bthen\\s+${amount(false)}`, "i");

/** True when a message says a further amount was given after others ("..., then 0.4"): no count is whole. */
export function saysThenAnAmount(text: string): boolean {
  return THEN_AMOUNT.test(text);
}

const ENDS_WITH_DRUG = new RegExp(`${DRUG}[\\s:]*$`, "i");

/** True when what ends `before` is a drug's name: the numbers after it are its amounts ("amio 300/150"). */
export function followsDrugName(before: string): boolean {
  return ENDS_WITH_DRUG.test(before);
}
