/**
 * Whether a patient about to be released is at risk of crush syndrome, with no I/O. TP 1242 note 1 puts the patient
 * at risk only with all three of: a crush injury by compression, a large muscle group (the thigh or pelvic girdle,
 * or the arm with the pectoral girdle) and an entrapment of at least 1 hour. Step 14's calcium chloride, sodium
 * bicarbonate and albuterol before extrication are for that patient; step 12 releases any other crush and monitors,
 * with no drugs. So the release words ("about to extricate", "before release") choose crush-syndrome-risk, and
 * normal saline's crush row, only where all three are said and the crush is not denied; otherwise they are not read
 * and the chat asks, or another indication decides (medical director's twentieth read, H1: "40yo mvc, about to
 * extricate, no crush injury, calcium chloride", a finger, a foot or 10 minutes pinned had been dosed, and "mvc
 * entrapped 15 min, about to extricate, bp 80/50, normal saline" had been given the crush litre, not TP 1244 step
 * 15's 250 mL).
 */
import { deniedAt } from "./chat_denials.ts";
import { everyMatch } from "./chat_every_match.ts";
import { clauseEnd, clauseStart } from "./chat_seizure_ends.ts";

/**
 * A crush by compression, said in words. Not "entrapped" or "trapped in" alone: a patient may be trapped in a car
 * without any limb compressed. "pinned" and "trapped" count with what they are pinned under or between.
 */
const CRUSH = new RegExp(
  "(?<![\\w-])(?:crush(?:ed|ing)?|crush\\s+injur(?:y|ies)|compressed|compression|" +
    "(?:pinned|trapped)\\s+(?:under(?:neath)?|beneath|between|by))(?![\\w-])",
  "i",
);

/** TP 1242 note 1's large muscle groups: the lower extremity with the thigh or pelvis, the arm with the shoulder. */
const LARGE_MUSCLE_GROUP = new RegExp(
  "(?<![\\w-])(?:legs?|thighs?|femurs?|pelvis|pelvic|hips?|buttocks?|lower\\s+(?:extremit(?:y|ies)|body|half)|" +
    "arms?|upper\\s+(?:extremit(?:y|ies)|arms?)|shoulders?|pectoral)(?![\\w-])",
  "i",
);

/** A length of time in hours or minutes ("2 hrs", "90 min", "1.5 hours", "an hour", "several hours"). */
const DURATION = new RegExp(
  "(?<![\\w./])(\\d+(?:\\.\\d+)?|an|one|two|three|several|many)?\\s*\\+?\\s*" +
    "(h|hrs?|hours?|mins?|minutes?)(?![\\w-])", // never a bare "m": "65M" is an age and sex
  "i",
);
const WORD_NUMBERS: Readonly<Record<string, number>> = {
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  several: 2,
  many: 2,
};

/**
 * Words before a duration that make it no length of entrapment: a time still to come or an upper bound
 * ("release in 5 min", "eta 20 min", "less than an hour", "< 1 hr").
 */
const NOT_ENTRAPMENT_BEFORE = /(?:<|(?<![\w-])(?:in|within|eta|under|less\s+than|next|every|q))\s*$/i;
/** Words after it that make it a time since ("released 2 hrs ago"): conservative, asked. */
const NOT_ENTRAPMENT_AFTER = /^\s*(?:ago|prior|before|earlier)(?![\w-])/i;
/** A heart rate, not a duration: "bp 80/50 hr 130" (the "50" is the diastolic, "hr" the rate's name). */
const HEART_RATE_AFTER = /^\s*[:=]?\s*\d+(?![\w.\/])/;

/**
 * In a duration's clause, words that time something else: the scene, the transport, the pain ("on scene 1 hr",
 * "transport time 1 hr", "pain for 1 hr", "1 hour drive to hospital" had counted as the entrapment's hour beside a
 * crush of 5 to 30 minutes: medical director's twenty-first read, HB). Counted still where the clause also says the
 * entrapment ("pinned under car 2 hrs, pain for 1 hr" reads its own clause).
 */
const OTHER_TIMED =
  /(?<![\w-])(?:scene|transport\w*|drive|driving|ride|eta|en\s*route|flight|hospital|pain|hurt\w*|symptoms?|onset|wait\w*|response|shift|drank|drinking|drunk|ate|seiz\w*|seen)(?![\w-])/i;
/** The entrapment said in the clause: a crush, pinned, trapped, entrapped, stuck. */
const ENTRAPMENT = /(?<![\w-])(?:crush\w*|pinned|trapped|entrap\w*|stuck|compress\w*)(?![\w-])/i;

/** The clause around text[at, end) (chat_seizure_ends.ts's clause: commas, stops, semicolons, colons, lines). */
const clauseAround = (text: string, at: number, end: number) =>
  text.slice(clauseStart(text, at), clauseEnd(text, end));

/** The hours one duration match stands for, or undefined when it is no length of entrapment. */
function hoursOf(text: string, m: RegExpExecArray): number | undefined {
  const [, amount, unit] = m;
  // "hours" alone counts as more than one; "h" or "m" alone is no duration ("m" is also metres or male).
  if (amount === undefined && !/^hours$/i.test(unit)) return undefined;
  if (NOT_ENTRAPMENT_BEFORE.test(text.slice(0, m.index))) return undefined;
  const clause = clauseAround(text, m.index, m.index + m[0].length);
  if (OTHER_TIMED.test(clause) && !ENTRAPMENT.test(clause)) return undefined;
  const after = text.slice(m.index + m[0].length);
  if (NOT_ENTRAPMENT_AFTER.test(after) || /^hr?$/i.test(unit) && HEART_RATE_AFTER.test(after)) {
    return undefined;
  }
  const n = amount === undefined ? 2 : WORD_NUMBERS[amount.toLowerCase()] ?? Number(amount);
  return /^h/i.test(unit) ? n : n / 60;
}

/** True when `text` says an entrapment of at least 1 hour (TP 1242 note 1, condition 3). */
function entrappedAnHourOrMore(text: string): boolean {
  return everyMatch(DURATION, text).some((m) => (hoursOf(text, m) ?? 0) >= 1);
}

/** Every match of `pattern` in `texts`, each as whether it is denied there. */
const denials = (texts: readonly string[], pattern: RegExp) =>
  texts.flatMap((text) =>
    everyMatch(pattern, text).map((m) => deniedAt(text, m.index, m.index + m[0].length))
  );

/**
 * True when this patient's messages (`texts`) say all three of TP 1242 note 1's conditions: a crush said plainly
 * and never denied ("no crush injury" holds it whatever else is said), a large muscle group not denied, and an
 * entrapment of at least 1 hour.
 */
export function atRiskOfCrushSyndrome(texts: readonly string[]): boolean {
  const crush = denials(texts, CRUSH);
  const muscle = denials(texts, LARGE_MUSCLE_GROUP);
  return crush.includes(false) && !crush.includes(true) && muscle.includes(false) &&
    !onlySmallPartsCrushed(texts) && texts.some(entrappedAnHourOrMore);
}

/**
 * A hand, a foot, a finger or a toe: no large muscle group (TP 1242 note 1). Never a measure or a thing: "3 feet of
 * rubble", "a 10 foot wall", "foot of the driveway", "hand truck".
 */
const SMALL_PART =
  /(?<![\w-])(?:fingers?|thumbs?|hands?(?!\s+truck)|wrists?|toes?|(?<!\d\s{0,2})(?:feet|foot)(?!\s+(?:of|wall|tall|high|deep|long|drop|fall)\b)|ankles?)(?![\w-])/i;

/**
 * True when every crush said names only a small part in its own clause ("finger crushed under press 2 hrs, iv left
 * arm": the arm is the IV's, not the crush's; the twenty-first read's review): a large muscle group said elsewhere
 * does not make it one. One crush of a large part, or one naming no part ("trapped under slab 90 min, both legs"),
 * is enough ("crushed hand, legs pinned under car 2 hrs").
 */
function onlySmallPartsCrushed(texts: readonly string[]): boolean {
  const clauses = texts.flatMap((text) =>
    everyMatch(CRUSH, text).map((m) => clauseAround(text, m.index, m.index + m[0].length))
  );
  return clauses.length > 0 &&
    clauses.every((clause) => SMALL_PART.test(clause) && !LARGE_MUSCLE_GROUP.test(clause));
}
