/**
 * Whether a message turns to another patient, or back to an earlier one, with no I/O. Read conservatively: a
 * false turn only drops the earlier messages (the medic is asked again), a missed one doses this patient with
 * another's weight, indication or pressure (medical director's reads of the chat: "another 20kg kid", "next
 * one:", "pt b", "mom also has cp", "back to first pt").
 */

/** Words that make the patient noun after them another one ("another 20kg kid", "2nd victim", "new call"). */
const ANOTHER = "another|other|next|new|different|diff|2nd|second|3rd|third";
const PATIENT_NOUN =
  "pts?|patients?|kids?|child|children|bab(?:y|ies)|infants?|toddlers?|persons?|people|calls?|cases?|" +
  "victims?|guy|lady|man|woman|male|female|girl|boy|teen|adults?(?!\\s+(?:dose|doses|dosing|pads?))";
/**
 * Up to two words may stand between ("another 20 kg kid"), never one that makes the phrase about something else
 * ("another dose for the kid", "other meds pt takes", "new onset seizure pt", "second time this pt").
 */
const NOT_BETWEEN =
  "of|for|to|with|on|in|at|from|by|the|this|that|his|her|their|its|my|our|your|and|or|but|" +
  "then|born|dose|doses|round|rounds|push|pushes|amps?|bolus|boluses|shots?|try|tries|attempts?|mg|mcg|ml|onset|" +
  "times?|set|line|iv|io|meds?|medications?|complaints?|symptoms?|hx|history|vitals?|side|arm|leg|hand|time";
const BETWEEN = `(?:(?!(?:${NOT_BETWEEN})\\b)[\\w'-]+\\s+){0,2}`;
/** "no other patients", "any other kids": about there being none, not a turn. */
const NONE_BEFORE = "(?<!\\b(?:no|any|without|nor|not)\\s+)";

/** After a patient's number or letter: a unit makes it an age, a weight or a count ("pt 2 yo", "pt 2 doses"). */
const UNIT_AFTER =
  "years?|yrs?|yo|y\\/o|y|months?|mos?|mo|m|m\\/o|wks?|weeks?|w|days?|d|hours?|hrs?|h|kg|kgs|" +
  "kilos?|lbs?|pounds?|mg|mcg|ml|doses?|times|x|min|mins|minutes|old|of|and|or";
const LABELLED = "pt|patient|victim|kid|child";
/** "pt 2", "pt #2", "patient two", "pt b" (never "pt b/p", "pt c/o"). */
const LATER_LABEL =
  `\\b(?:${LABELLED})\\s*(?:#\\s*)?(?:[2-9]|two|three|b|c)\\b(?![/.]\\w)(?!\\s*(?:${UNIT_AFTER})\\b)`;
/** "pt 1", "pt #1", "patient one": the first patient again. */
const FIRST_LABEL = `\\b(?:${LABELLED})\\s*(?:#\\s*)?(?:1|one)\\b(?![/.]\\w)(?!\\s*(?:${UNIT_AFTER})\\b)`;

/** Back to an earlier patient: "back to first pt", "original pt", "previous patient", "the first one". */
const EARLIER = "first|1st|original|initial|previous|prior|earlier|last";
const RETURN =
  `\\b(?:${EARLIER})\\s+${BETWEEN}(?:${PATIENT_NOUN})\\b|\\bthe\\s+(?:first|1st|original)\\s+one\\b|` +
  `\\bback\\s+to\\s+(?:the\\s+)?(?:${EARLIER}|other)\\b`;

/**
 * A relative as the subject of a complaint of their own ("mom also has cp", "dad is seizing", "wife c/o sob",
 * "sister too"): at the start of a clause, with or without "the/his/pt's", then at most "also/too/now/is/was"
 * and a word that states a complaint, or "also"/"too" alone. A relative who reports, or whose age it is
 * ("per mom", "mom states", "19yo mom", "wife found him down"), is no turn.
 */
const RELATIVE = "mom|mum|mommy|mother|dad|daddy|father|wife|husband|spouse|partner|boyfriend|girlfriend|" +
  "brother|sister|bro|sis|twin|son|daughter|grandma|grandmother|grandpa|grandfather|granny|aunt|uncle|cousin|" +
  "roommate|friend|neighbou?r";
const LINKING = "(?:(?:also|too|now|is|was|has\\s+been)\\s+){0,2}";
const COMPLAINT =
  "has|have|having|had|c\\/o|complains?|complaining|feels?|feeling|got|gets|getting|seizing|" +
  "seized|unresponsive|unconscious|collapsed|passed\\s+out|fainted|fell|vomiting|bleeding|sob|cp|needs?|" +
  "coding|down|hypotensive|agitated|altered|overdosed|od";
const CLAUSE_START = "(?:^|[.,;:!?\\n(]\\s*|\\b(?:and|but|then|now|plus|also|ok|okay)\\s+)";
const OWNER = "(?:(?:the|his|her|their|my|pt'?s|patient'?s)\\s+)?";
const RELATIVE_COMPLAINS =
  `${CLAUSE_START}${OWNER}(?:${RELATIVE})\\s+(?:${LINKING}(?:${COMPLAINT})\\b|(?:also|too)\\b)`;

const TURN = new RegExp(
  [
    `${NONE_BEFORE}\\b(?:${ANOTHER})\\s+${BETWEEN}(?:${PATIENT_NOUN})\\b`,
    "\\b(?:next|new|other)\\s+one\\b",
    LATER_LABEL,
    FIRST_LABEL,
    RETURN,
    RELATIVE_COMPLAINS,
  ].join("|"),
  "i",
);

/** Whether `text` turns to another patient or back to an earlier one: what earlier messages said is not read. */
export function turnsToAnotherPatient(text: string): boolean {
  return TURN.test(text);
}
