/**
 * A patient's age in years from one message, with no I/O: years ("45 yo", "6 1/2 yo", "age 14", "teenager 14"),
 * or a young age in months, weeks, days or hours as completed months. A number is an age only where the words
 * say so: never a length of history ("10 year history of seizures"), of pregnancy ("pregnant 8 months") or of
 * an illness ("fever for 3 days"), never the half after a '/' ("1/2 yo").
 */
import {
  adultShorthandAges,
  heightNotAge,
  shorthandAges,
  unreadShorthandAges,
} from "./chat_age_shorthand.ts";
import { everyMatch } from "./chat_every_match.ts";

/** A half after a whole number of years: "6 1/2", "6½", "1 and a half" (a capturing group). */
const HALF = "(\\s+1\\/2|\\s*½|\\s+and\\s+a\\s+half)?";

/** Units of a young age other than years, and how many months one is (MCG 1309 counts whole months). */
const AGE_UNITS: readonly [RegExp, number][] = [
  [/^(?:months?|mos?|m\/o)$/i, 1],
  [/^(?:weeks?|wks?|w)$/i, 7 / 30.4375],
  [/^(?:days?|d\/o|d)$/i, 1 / 30.4375],
  [/^(?:hours?|hrs?|h)$/i, 1 / 730.5],
];
const AGE_UNIT = "months?|mos?|m\\/o|weeks?|wks?|w|days?|d\\/o|d|hours?|hrs?|h";
/**
 * After "age", a number followed by any of these is not years. A lone "m" is one of them but is not read as
 * months either: "age 45 M" is as often a 45-year-old man. ("h/o", "w/o" are "history of", "without".)
 */
const NOT_YEARS = `(?:${AGE_UNIT}|m)(?![\\w/])|(?:kg|kgs|kilos?|lbs?|pounds?|mg|mcg|ml)\\b|%`;

/** A length of history, never an age: "10 year history of seizures", "6 month hx", "10 yr h/o". */
const NOT_HISTORY_LENGTH = "(?!\\s*-?\\s*(?:of\\s+)?(?:history|hx|h\\/o)(?![\\w]))";
/** Words that make a count of months a young age ("infant 7 months", "7 mo baby"). */
const YOUNG_WORDS = "infant|baby|newborn|neonate|toddler";
const MONTHS_UNIT = "months?|mos?";

/** A whole count of a young age's unit (group 1), never after a letter, digit, '.' or '/' ("q5 mo old"). */
const N = "(?<![\\w./])(\\d{1,3})\\s*-?\\s*";
/** The ways a young age is said, in order of trust: its number in group 1, its unit in group 2. */
const YOUNG_AGE_FORMS: readonly RegExp[] = [
  // "age 3 weeks", "age: 6 wks", "aged 10 days"
  new RegExp(`\\baged?\\s*(?:is|of|:|,)?\\s*(\\d{1,3})\\s*-?\\s*(${AGE_UNIT})(?![\\w/])`, "i"),
  // "2 week old", "7-month-old", "7 months of age"
  new RegExp(`${N}(weeks?|wks?|days?|hours?|hrs?|${MONTHS_UNIT})\\s*-?\\s*(?:old\\b|of\\s+age\\b)`, "i"),
  // "10 d/o", "7 m/o"
  new RegExp(`${N}(d\\/o|m\\/o)(?![\\w/])`, "i"),
  // "7 mo infant", "infant 7 months"
  new RegExp(`${N}(${MONTHS_UNIT})(?![\\w/])${NOT_HISTORY_LENGTH}\\s*,?\\s*(?:${YOUNG_WORDS})\\b`, "i"),
  new RegExp(
    `\\b(?:${YOUNG_WORDS})\\b[\\s,:]*(?:is\\s+|of\\s+)?${N}(${MONTHS_UNIT})(?![\\w/])${NOT_HISTORY_LENGTH}`,
    "i",
  ),
];

/**
 * Ages in months, weeks, days or hours, as completed months: "7 months old", "age 3 weeks", "2 week old",
 * "age 10 days", "age 8 hrs", "7 m/o", "infant 7 months". Every unit counts only after "age", before "old"
 * (or "of age"), or next to an infant word: "fever for 3 days", "pregnant 8 months" and "6 month hx of
 * seizures" are no age. Never read as years: a 3-week-old is not 3 years old.
 */
function youngAges(text: string): SaidAge[] {
  return YOUNG_AGE_FORMS.flatMap((form) =>
    everyMatch(form, text).map((m) => {
      const perUnit = AGE_UNITS.find(([unit]) => unit.test(m[2]))![1];
      return { said: m[0], at: m.index, years: Math.floor(Number(m[1]) * perUnit + 1e-9) / 12 };
    })
  );
}

interface SaidAge {
  readonly said: string;
  readonly at: number;
  /** A young age unrounded: completed months / 12. */
  readonly years: number;
}

/**
 * Someone other than the patient ("mom", "dad", "babysitter", "caller", "daughter"...): an age right before or
 * after one is theirs ("per mom 22yoF", "22yo mom", "35yoM dad", "16 yo babysitter"). A parent's age read as
 * the patient's doses an infant as an adult (medical director's reviews).
 */
const SOMEONE_ELSE = "mom|mum|mommy|mother|dad|daddy|father|parents?|caregivers?|care\\s+giver|guardian|" +
  "babysitter|sitter|nanny|wife|husband|spouse|partner|boyfriend|girlfriend|grandma|grandmother|grandpa|" +
  "grandfather|grandparents?|granny|aunt|uncle|sister|brother|bro|sis|sibling|sib|cousin|son|daughter|friend|" +
  "neighbou?r|roommate|caller|rp|bystander|witness";
const SOMEONE_ELSE_BEFORE = new RegExp(
  `\\b(?:${SOMEONE_ELSE})(?:['’]s)?\\s*(?:is|,|:|=|\\(|aged?)?\\s*(?:is\\s+)?$`,
  "i",
);
/** Right after the age, a sex word between allowed ("22yo mom", "22 yo F mother"); never across a comma. */
const SOMEONE_ELSE_AFTER = new RegExp(
  `^\\s*-?\\s*(?:(?:[mf]|male|female|old|year\\s+old|teen(?:age)?)\\s+)?(?:${SOMEONE_ELSE})\\b`,
  "i",
);
/** A patient word right after an age makes it the patient's, whatever stands before ("mom, 8mo baby"). */
const PATIENT_AFTER =
  /^\s*-?\s*(?:old\s+)?(?:pt|patient|bab(?:y|ies)|infant|newborn|neonate|child|kid|toddler)\b/i;
const someoneElses = (text: string, age: SaidAge) =>
  !PATIENT_AFTER.test(text.slice(age.at + age.said.length, age.at + age.said.length + 40)) &&
    !/\b(?:baby|infant|newborn|neonate|toddler)\b/i.test(age.said) &&
    SOMEONE_ELSE_BEFORE.test(
      text.slice(Math.max(0, age.at + age.said.search(/\d/) - 40), age.at + age.said.search(/\d/)),
    ) ||
  SOMEONE_ELSE_AFTER.test(text.slice(age.at + age.said.length, age.at + age.said.length + 40));

/**
 * Words that make the number after them a past age, not the patient's: "since age 5", "since 8 yo", "since she
 * was 6 yrs old", "at age 12", "when 4 yo" (up to three words between).
 */
const PAST_AGE_BEFORE =
  /\b(?:since|when|until|till|from|at|as\s+an?|dx|diagnosed|looks(?:\s+like)?|size\s+of)\s+(?:[\w']+\s+){0,3}$/i;
const pastAge = (text: string, at: number) => PAST_AGE_BEFORE.test(text.slice(Math.max(0, at - 40), at));

/** The matches of `form` in `text` that are not a past age. */
function presentAges(form: RegExp, text: string): RegExpExecArray[] {
  return everyMatch(form, text).filter((m) => !pastAge(text, m.index));
}

/** "not 70yo", "isn't 8 yo": an age denied is not written as one ("sorry not 8yo, 4yo": fourth read, N5). */
const DENIED_BEFORE = /\b(?:not|isn['’]?t|never)\s+(?:an?\s+)?$/i;
const deniedAge = (text: string, at: number) => DENIED_BEFORE.test(text.slice(Math.max(0, at - 20), at));

/** "6 1/2 yo", "1 and a half years old" (group 2: the half); never "1/2 yo". Made once: read for every message. */
const YEARS_OLD = new RegExp(
  `(?<![\\d./])(\\d{1,3}(?:\\.\\d)?)${HALF}\\s*(?:-\\s*)?(?:(?:years?|yrs?)\\s*-?\\s*(?:old|of\\s+age)\\b|` +
    // a sex glued after it is M or F only ("63yoM", "45yom", "63 y/oF")
    "(?:y\\/o|y\\.o\\.?|yo)[mf]?(?![\\w/]))",
  "gi",
);
/** "teenager 14", "adolescent, 13", "age 14": the number after the word, unless any unit follows it. */
const AGE_WORD_THEN_NUMBER = new RegExp(
  `\\b(?:teen(?:ager)?|adolescent|aged?)\\s*(?:is|of|:|,)?\\s*(\\d{1,2})${HALF}(?![\\d./]|\\s*(?:${NOT_YEARS})|\\s+(?:1\\/2|and\\s+a\\s+half))`,
  "gi",
);

/** The ages `text` says, each with whether it is someone else's (right before or after their word). */
function allAgesSaid(text: string): (SaidAge & { others: boolean })[] {
  const years = [
    ...presentAges(YEARS_OLD, text),
    ...presentAges(AGE_WORD_THEN_NUMBER, text),
  ].map((m) => ({ said: m[0], at: m.index, years: Number(m[1]) + (m[2] ? 0.5 : 0) }))
    .concat(adultShorthandAges(text)); // "60M cp", "pt 62F"
  // A report's shorthand ("8mo", "3wk F") only where it states the patient (chat_age_shorthand.ts).
  const young = [...youngAges(text), ...shorthandAges(text).map((s) => ({ ...s, years: s.months / 12 }))];
  return [...years, ...young].filter((a) => !deniedAge(text, a.at))
    .map((a) => ({ ...a, others: someoneElses(text, a) }));
}

/** Every age `text` says that may be the patient's: never one right before or after another's word. */
export function agesSaid(text: string): SaidAge[] {
  return allAgesSaid(text).filter((a) => !a.others);
}

/** A baby or a child spoken of: an adult's age beside one may be the parent's ("22yoF, baby seizing"). */
const CHILD_WORD =
  /\b(?:bab(?:y|ies)|infants?|newborns?|neonates?|child|children|kids?|toddlers?|peds|p(?:a)?ediatric|pre-?emie|premie|little\s+(?:girl|boy|one)|sons?|daughters?|girls?|boys?)\b/i;
/**
 * A son or daughter doing what a bystander does for a patient of the other sex ("daughter has his med list", "son
 * says her chest hurts", "daughter gave him asa") is a grown relative, not a child patient: an adult's age stays
 * the patient's (fifth read, Low: "daughter has his med list, nitro 60yo?" read no age). Never when the child is
 * the subject of a complaint ("daughter seizing, he says"): the clause must open with one of these verbs.
 */
const FOR_PATIENT =
  "(?:has|had|have|brought|gave|found|called|says|said|states|stated|reports|reported|knows|" +
  "is\\s+with|is\\s+holding)\\b[^,;.!?\\n]{0,40}";
const RELATIVE_FOR_PATIENT = new RegExp(
  `\\bdaughters?\\s+${FOR_PATIENT}\\b(?:his|him|he)\\b|\\bsons?\\s+${FOR_PATIENT}\\b(?:her|hers|she)\\b`,
  "gi",
);
/**
 * "baby asa", "baby aspirin": 81 mg aspirin, no baby (twelfth read, M1: "58yom cp took 4 baby asa at home, asa?"
 * had left the adult's age unread as a possible parent's, and TP 1211 step 5 gives the 325 mg all the same).
 */
const BABY_ASPIRIN = /\bbab(?:y|ies)\s+(?:asa|aspirins?|asprin|asp)\b/gi;
/**
 * "Baby" that names no child patient (thirteenth read, M4: each left an adult's age unread as a possible parent's, and
 * no dose given): an event or thing ("baby shower", "baby monitor"), a relative who did what a bystander does ("his
 * baby granddaughter called 911"), or a baby said to be well ("baby is fine, 8 months postpartum": the patient is
 * the mother).
 */
const BABY_NOT_PATIENT = new RegExp(
  "\\bbab(?:y|ies)\\s+(?:shower|monitor|gate|food|formula|powder|oil|wipes?|bottles?|carrier|stroller|clothes|" +
    "car\\s*seat|seat|daddy|mama|momma)\\b|" +
    "\\b(?:his|her|their|pt['’]?s|patient['’]?s)\\s+bab(?:y|ies)\\s+(?:grand\\w+|niece|nephew|cousin|sister|brother)s?\\s+" +
    "(?:called|found|brought|says|said|states|stated|reports|reported|is\\s+with|saw|witnessed)\\b|" +
    "\\bbab(?:y|ies)\\s+(?:is|are|was|were)\\s+(?:fine|ok(?:ay)?|well|healthy|stable|unharmed|uninjured|" +
    "not\\s+(?:hurt|injured|involved))\\b",
  "gi",
);
const speaksOfChild = (text: string) =>
  CHILD_WORD.test(
    text.replace(RELATIVE_FOR_PATIENT, " ").replace(BABY_ASPIRIN, " ").replace(BABY_NOT_PATIENT, " "),
  );

/** From this age up a patient's age beside a child word may be a parent's (a parent as young as 15). */
const PARENT_AGE_FROM = 15;

/** Why the ages `text` says were not read as the patient's: the ages as said and the reason, or undefined. */
export interface AgesUnread {
  readonly said: readonly string[];
  readonly why: "different" | "beside-child" | "someone-else";
}

/**
 * Ages said that are not read as the patient's, and why, in a message or a whole conversation (its user
 * messages, oldest first): two or more different ages, counting every age written (one beside another's word,
 * a young-age shorthand left unread: "8mo seizing, 22yoF states fever" or "8mo seizing" then "22yoF on scene"
 * doses the infant as an adult), since which is the patient's is the medic's to say; an adult's age where any
 * message speaks of a baby or a child ("22yoF, baby seizing"); or only ages right beside another's word ("baby
 * seizing, 19yo mom"). Undefined when none was left (medical director's original ruling, third review).
 */
export function agesUnreadIn(texts: readonly string[]): AgesUnread | undefined {
  const perText = texts.map(allAgesSaid); // read once: every message's ages, each text's readers run once
  const all = perText.flat();
  const ages = all.filter((a) => !a.others);
  // In the order written: each message's ages, its unread shorthand and any other age written, by place.
  const written = texts.flatMap((t, i) =>
    [
      ...perText[i],
      ...unreadShorthandAges(t).map((s) => ({ ...s, years: s.months / 12 })),
      ...ageLikeWritten(t),
    ].filter((a) => !deniedAge(t, a.at)).sort((a, b) => a.at - b.at)
  );
  const said = (list: SaidAge[]) => [...new Set(list.map((a) => a.said.trim()))];
  // "different": by value, so one age written twice, or read and also matched as age-like, is one.
  if (new Set(written.map((a) => a.years)).size > 1) return { said: said(written), why: "different" };
  if (ages.some((a) => a.years >= PARENT_AGE_FROM) && texts.some(speaksOfChild)) {
    return { said: said(ages), why: "beside-child" };
  }
  if (ages.length === 0 && all.length > 0) return { said: said(all), why: "someone-else" };
  return undefined;
}

/**
 * A number and any unit of age, spelt out or glued ("8 months", "18 mths", "18m", "2 yr", "2y", "3 weeks", "10
 * days", "3d old"), where a report states the patient (the message's first words, right after a patient word,
 * or before "old"), not after how long ("x", "for", "since", …) nor before "ago" or a pregnancy: no reader takes
 * these as the patient's age, but each is counted among the ages written, so that an adult's age beside one is
 * not read either ("pt 8 months, seizing, 22yoF states fever" dosed the infant as the 22-year-old: medical
 * director's fourth review). Young ones in completed months, as the readers give them.
 */
const AGE_LIKE =
  /(?<![\w./])(\d{1,3})\s*-?\s*(months?|mths?|mos?|m|weeks?|wks?|w|days?|d|years?|yrs?|yr|y)(?![\w/])/gi;
const LASTED_BEFORE = /\b(?:x|for|since|past|last|over|within|q|every|hx|h\/o)\s*$/i;
const PATIENT_BEFORE =
  /(?:^|\b(?:pt|patient|bab(?:y|ies)|infant|child|kid|boy|girl|male|female|newborn|neonate|toddler|son|daughter))\s*[:,-]?\s*$/i;
const OLD_AFTER = /^\s*-?\s*old\b/i;
const NOT_AN_AGE_AFTER =
  /^\s*(?:ago|sober|clean|hx|history|prior|pregnan\w*|preg|along|gestation\w*|ga|postpartum|pp)\b/i;

function ageLikeWritten(text: string): SaidAge[] {
  const adult = adultShorthandAges(text); // "60M" is read as 60 years: not 60 months too
  return [...text.matchAll(AGE_LIKE)].flatMap((m) => {
    if (adult.some((a) => a.at === m.index)) return [];
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
    if (LASTED_BEFORE.test(before) || NOT_AN_AGE_AFTER.test(after)) return [];
    if (!PATIENT_BEFORE.test(text.slice(0, m.index).slice(-12)) && !OLD_AFTER.test(after)) return [];
    const n = Number(m[1]);
    const unit = m[2].toLowerCase();
    if (unit === "m" && heightNotAge(n, after)) return [];
    const days = unit.startsWith("d") ? n : unit.startsWith("w") ? n * 7 : undefined;
    const months = days !== undefined
      ? Math.floor(days / 30.4375 + 1e-9)
      : unit.startsWith("m")
      ? n
      : undefined;
    return [{ said: m[0], at: m.index, years: months !== undefined ? months / 12 : n }];
  });
}

/** Every age `text` writes, as written: read or not, another's or the patient's. */
export function agesWritten(text: string): string[] {
  return [...allAgesSaid(text), ...unreadShorthandAges(text)].map((a) => a.said.trim());
}

/** agesUnreadIn for one message. */
export const agesUnread = (text: string): AgesUnread | undefined => agesUnreadIn([text]);

/**
 * The age said in `text`, in years (a young age unrounded: months / 12), or undefined. Years only as an age is
 * said ("45 yo", "45 y/o", "45 years old", "age 45", "teenager 14"): a bare "10 yrs" is as often how long
 * something has lasted ("seizures for 10 yrs", "sober 2 years", "on dialysis 3 yrs", medical director's fifth
 * review), and a child dosed by a wrong age gets the wrong band, so it is not read. Ages agesUnread leaves are
 * not read: which is the patient's is the medic's to say.
 */
export function findAgeYears(text: string): number | undefined {
  if (agesUnread(text)) return undefined;
  const years = new Set(agesSaid(text).map((a) => a.years));
  // Unrounded: MCG 1309's age bands start at whole months (7 months is red), and 0.58 years is not 7 months.
  return years.size === 1 ? [...years][0] : undefined;
}
