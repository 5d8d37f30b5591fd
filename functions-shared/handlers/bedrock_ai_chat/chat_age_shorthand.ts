/**
 * A young age in the shorthand of a report's first words ("8mo", "8 mos", "3wk", "8mo F", "pt 3wks, apneic"),
 * with no I/O. The same shorthand is as often how long something has lasted ("cough 3wk", "8 mos sober",
 * "seizures x 8mo", "q3mo") or a pregnancy ("8mo pregnant", "32wk preemie"), and an adult read as an infant is
 * dosed from the grey band. So it is read only where a report states the patient:
 *  - as the message's first words, or right after a patient word ("pt 8mo", "infant 3wk"); never at a later
 *    sentence's start ("sob. 3wk, worse today" is how long);
 *  - followed by "old", a sex ("8mo F", "8 mos boy") or a patient word, or with a sex glued to it ("8moF
 *    seizing", "3wkM"); a comma, a full stop or the message's end is not enough, even after a patient word
 *    ("pt 8mo, eclamptic", "pt 2wk, breastfeeding", "pt 3wk, cough" are an adult's pregnancy, delivery or
 *    illness: medical director's reviews);
 *  - months under 36, weeks under 20 (a gestational age is 20 weeks or more), and never in a message that
 *    speaks of a pregnancy, a gestation, a delivery or a premature birth.
 * Anything else that looks like one is left unread, and said (unreadAgeShorthand).
 */
import { tapeColorSaid } from "./chat_tape_colors.ts";
import { WOMAN } from "./chat_pregnancy_words.ts";

/**
 * A number and an abbreviated young-age unit, glued or spaced ("8mo", "8 mos", "3-wk"; group 1, group 2), a sex
 * glued after it M or F only ("8moF", "3wkM").
 */
const SHORTHAND = /(?<![\w./])(\d{1,2})\s*-?\s*(mos?|wks?)([mf])?(?![\w/])/gi;

/** What may stand right before it: the message's start, or a patient word. */
const STATES_PATIENT_BEFORE =
  /(?:^|\b(?:pt|patient|baby|infant|child|kid|boy|girl|male|female|newborn|neonate|toddler|[mf]))\s*$/i;
/**
 * What must follow it: "old", a sex, a patient word. An m or f before a "/" is no sex ("2wk f/u" is a follow-up,
 * "8mo m/c" a motorcycle: medical director's second review).
 */
const STATES_PATIENT_AFTER =
  /^\s*(?:-?\s*old\b|[mf](?![\w/])|(?:male|female|boy|girl|infant|baby|child|kid|pt|patient|toddler|newborn|neonate)\b)/i;
/**
 * A pregnancy, a gestation, a delivery or a premature birth said anywhere: the shorthand may be a gestational
 * age or the time since a delivery ("pt 8mo, eclamptic", "pt 2 wks, delivered at home", "pt 2wk, pp").
 */
const GESTATION = new RegExp(
  "\\b(?:pregnan\\w*|preg|gestation\\w*|ga|ega|g\\d+\\s*p\\d+|trimester|pre-?emie|premie|premature|prem|born\\s+at|" +
    "post[-\\s]?partum|pp|along|due\\s+date|edc|lmp|(?:pre-?)?eclamp(?:sia|tic)|gravid\\w*|ob|deliver(?:ed|y|ies)|" +
    "c-?\\s?section|labou?r)\\b",
  "i",
);

/** Right after the shorthand, a pregnancy: "8mo pregnant", "32wk preg", "8 mos along" are no one's age. */
const PREGNANCY_AFTER = /^\s*(?:pregnan\w*|preg|along|gestation\w*|ga|ega|iup)\b/i;

/** Right before or after it, how long: "sob x 3wk", "cough for 3wk", "since 8mo", "3wk ago" are no one's age. */
const LASTED_BEFORE = /\b(?:x|for|since|past|last|over|within|q)\s*$/i;
const LASTED_AFTER = /^\s*(?:ago|sober|clean)\b/i;

/** Months under this, weeks under that: beyond them the shorthand is not an infant's age as medics write it. */
const MAX_MONTHS = 36;
const MAX_WEEKS = 20;

interface Shorthand {
  readonly said: string;
  readonly at: number;
  readonly months?: number;
  /** Left unread but could be an infant's age: counted among the ages written (chat_ages.ts). */
  readonly unreadMonths?: number;
}

function shorthands(text: string): Shorthand[] {
  const gestation = GESTATION.test(text);
  return [...text.matchAll(SHORTHAND)].map((m) => {
    const n = Number(m[1]);
    const weeks = m[2].toLowerCase().startsWith("w");
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const read = !gestation && (weeks ? n < MAX_WEEKS : n < MAX_MONTHS) &&
      STATES_PATIENT_BEFORE.test(before) &&
      // a glued sex ("8moF") says it is the patient's, whatever follows
      (m[3] !== undefined || STATES_PATIENT_AFTER.test(after));
    // Completed months, as MCG 1309's age column reads them: a 3-week-old is 0 months.
    const months = Math.floor((weeks ? (n * 7) / 30.4375 : n) + 1e-9);
    const said = { said: m[0], at: m.index };
    if (read) return { ...said, months };
    // Unread, it still counts among the ages written when it could be an infant's (below the limits, and not
    // "8mo pregnant"): "8mo seizing, 22yoF states fever" must not dose the 22-year-old's midazolam.
    // Weeks in a woman's report are a gestation ("30yo f vomiting 10 wks": thirteenth read, H4), no second age.
    const couldBeAge = (weeks ? n < MAX_WEEKS && !WOMAN.test(text) : n < MAX_MONTHS) &&
      !PREGNANCY_AFTER.test(after) && !LASTED_BEFORE.test(before) && !LASTED_AFTER.test(after);
    return couldBeAge ? { ...said, unreadMonths: months } : said;
  });
}

/** The young ages a report states in shorthand, each in completed months, where it is said. */
export function shorthandAges(text: string): { said: string; at: number; months: number }[] {
  return shorthands(text).flatMap((s) => s.months === undefined ? [] : [{ ...s, months: s.months }]);
}

/**
 * The shorthand left unread that could still be an infant's age, in completed months ("8mo" in "8mo seizing"):
 * an age written, though not read, that other ages said must not outrank.
 */
export function unreadShorthandAges(text: string): { said: string; at: number; months: number }[] {
  return shorthands(text).flatMap((s) =>
    s.unreadMonths === undefined ? [] : [{ ...s, months: s.unreadMonths }]
  );
}

/** The first age-like shorthand left unread ("8mo" in "8mo seizing"), to be said to the medic, or undefined. */
export function unreadAgeShorthand(text: string): string | undefined {
  const all = shorthands(text);
  return all.some((s) => s.months !== undefined) ? undefined : all[0]?.said.trim();
}

/**
 * An adult's age and sex in a report's shorthand ("60M cp", "62F CP", "55 M", "pt 60M"), in years (twelfth read, L1:
 * the commonest adult shorthand was not read, and the medic was told no age was given). Read only as the report's
 * first words or right after "pt"/"patient", and only where it cannot be a young age in months: F is never months;
 * M only from 36 (MCG 1309 reads a young age in months below 36, and "18m" or "24M" may be a toddler's). A space
 * before the letter only with a capital ("55 M"): "55 m" may be metres or minutes.
 */
const ADULT_SHORTHAND = /^(\s*(?:(?:pt|patient)\s*:?\s*)?)(\d{2})(?:([mf])|\s([MF]))(?![\w/])/i;
/** A height or a time after a number and "m" ("60M fall from roof", "45 m drop", "20m ago"): no age. */
const HEIGHT_OR_TIME_AFTER = "ago|away|fall|fell|drop|tall|high|down";
/** What follows an age; never a length of time or a distance ("60m ago", "45 M fall"), nor months ("40M old"). */
const NOT_ADULT_AFTER = new RegExp(
  `^\\s*(?:${HEIGHT_OR_TIME_AFTER}|sober|clean|hx|history|pregnan\\w*|old|o|mos?|months?)\\b`,
  "i",
);
/**
 * "60M fall …", "80F fell …": the commonest trauma opener is an age and a sex (fourteenth read, M3: read as a
 * 60-metre fall, it left no age and no dose). Only with the letter glued to the number: "45 M fall", "45 m fall" stay
 * a height. A height also where the report writes a separate "yo" age ("60M fall from roof, 35yo male", thirteenth
 * read, M4); a height written with its unit ("60 ft fall", "12 ft") is never this shorthand.
 */
const FALL_AFTER = /^\s*(?:fall|fell)\b/i;
const YEARS_AGE_WRITTEN =
  /(?<![\w.])\d{1,3}\s*-?\s*(?:y\/o|y\.o\.?|yo[mf]?(?![\w/])|(?:years?|yrs?)\s*-?\s*old\b)/i;
const fallNotHeight = (text: string, glued: boolean, after: string) =>
  glued && FALL_AFTER.test(after) && !YEARS_AGE_WRITTEN.test(text);
/**
 * "60M fall from roof": from 36 (no toddler's months as medics write them, MCG 1309) a number and "m" before a
 * fall or a height is that height, no age written; counted as one it made "60M fall from roof, 35yo male" two
 * different ages, and no dose was given (thirteenth read, M4).
 */
const HEIGHT_OR_TIME_NEXT = new RegExp(`^\\s*(?:${HEIGHT_OR_TIME_AFTER})\\b`, "i");
export const heightNotAge = (n: number, after: string) => n >= MAX_MONTHS && HEIGHT_OR_TIME_NEXT.test(after);
/**
 * A child's weight on the tape (MCG 1309 runs to 36 kg) or a tape colour said with it: "36M 14kg" and "pt 40M old
 * 16kg" are a toddler's months, and reading years gave adult doses (thirteenth read, H1).
 */
const TAPE_WEIGHT = /(?<![\w.])(\d{1,2}(?:\.\d)?)\s*(?:kg|kgs|kilos?)\b/gi;
const placedOnTape = (text: string) =>
  [...text.matchAll(TAPE_WEIGHT)].some((m) => Number(m[1]) < 36) || tapeColorSaid(text) !== undefined;
const ADULT_FROM = 15;
const MALE_FROM = MAX_MONTHS;

/** The adult age a report's shorthand states, in years, where it is said; none when it could be months. */
export function adultShorthandAges(text: string): { said: string; at: number; years: number }[] {
  const m = ADULT_SHORTHAND.exec(text);
  if (!m || placedOnTape(text)) return [];
  const after = text.slice(m[0].length);
  if (NOT_ADULT_AFTER.test(after) && !fallNotHeight(text, m[3] !== undefined, after)) return [];
  const years = Number(m[2]);
  const sex = (m[3] ?? m[4]).toLowerCase();
  if (years < (sex === "m" ? MALE_FROM : ADULT_FROM)) return [];
  return [{ said: m[0].slice(m[1].length), at: m[1].length, years }];
}
