/**
 * Whether a message turns to another patient, or back to an earlier one, with no I/O. A missed turn doses this
 * patient with another's weight, indication or pressure; a false one drops this patient's earlier messages, so
 * where one of those held a dose back (a pressure, an enhancer, doses given, a denial, a lacked route) the chat
 * asks "same patient?" instead of dosing (chat_same_patient.ts). Medical director's reads of the chat: "another
 * 20kg kid", "next one: agitated", "pt b", "mom also has cp", "back to first pt" are turns; "pt one more nitro",
 * "pt 2 tabs given", "father had mi", "mom has his meds", "the first one helped", "per initial pt report", "next
 * one? nitro", "other than", "the new guy on my crew" are not.
 */
import { findMedications } from "./chat_names.ts";

/** Words that make the patient noun after them another one ("another 20kg kid", "2nd victim", "new call"). */
const ANOTHER = "another|other|next|new|different|diff|2nd|second|3rd|third";
/** Nouns that name a patient or a call ("another kid", "new call"). */
const PATIENT_ONLY_NOUN =
  "pts?|patients?|kids?|child|children|bab(?:y|ies)|infants?|toddlers?|calls?|cases?|" +
  "victims?|girl|boy|teen|adults?(?!\\s+(?:dose|doses|dosing|pads?))";
/**
 * Nouns for anyone: a turn only with a complaint after ("another man down"), never "pt says the other guy hit
 * him", "hes a different man now", "the new guy on my crew", "new male medic" (fifth read, High 1).
 */
const PERSON_NOUN = "guy|lady|man|woman|male|female|persons?|people";
const PATIENT_NOUN = `${PATIENT_ONLY_NOUN}|${PERSON_NOUN}`;
/**
 * Up to two words may stand between ("another 20 kg kid"), never one that makes the phrase about something else
 * ("another dose for the kid", "other meds pt takes", "new onset seizure pt", "second time this pt").
 */
const NOT_BETWEEN =
  "than|of|for|to|with|on|in|at|from|by|the|this|that|his|her|their|its|my|our|your|and|or|but|" +
  "then|born|dose|doses|round|rounds|push|pushes|amps?|bolus|boluses|shots?|try|tries|attempts?|mg|mcg|ml|onset|" +
  "times?|set|line|iv|io|meds?|medications?|complaints?|symptoms?|hx|history|vitals?|side|arm|leg|hand|time";
const BETWEEN = `(?:(?!(?:${NOT_BETWEEN})\\b)[\\w'-]+\\s+){0,2}`;
/** "no other patients", "any other kids": about there being none, not a turn. */
const NONE_BEFORE = "(?<!\\b(?:no|any|without|nor|not)\\s+)";
/** After a patient noun, a word that makes it about a report or a moment ("initial pt report", "first pt contact"). */
const NOT_ABOUT_AFTER =
  "(?!\\s+(?:reports?|assessments?|exams?|evals?|evaluations?|contact|presentation|impressions?|vitals?|care|" +
  "complaints?|hx|history)\\b)";

/** After a patient's number or letter: a unit makes it an age, a weight or a count ("pt 2 yo", "pt 2 doses"). */
const UNIT_AFTER =
  "years?|yrs?|yo|y\\/o|y|months?|mos?|mo|m|m\\/o|wks?|weeks?|w|days?|d|hours?|hrs?|h|kg|kgs|" +
  "kilos?|lbs?|pounds?|mg|mcg|ml|doses?|times|x|min|mins|minutes|old|of|and|or|" +
  // a count of doses ("pt one more nitro", "pt 2 tabs given", "gave pt 2 ntg": medical director's fourth read)
  "more|less|sprays?|tabs?|tablets?|puffs?|pills?|nitros?|ntgs?|sl|given|gave|already|total|so\\s+far|" +
  "rounds?|pushes?|shots?|amps?";
const LABELLED = "pt|patient|victim|kid|child";
/** Doses given before the label make its number a count ("gave pt 2 nitro"). */
const GIVEN_BEFORE = "(?<!\\b(?:gave|give|given|giving|administered|got)\\s+)";
/** "pt 2", "pt #2", "patient two", "pt b" (never "pt b/p", "pt c/o"). */
const LATER_LABEL =
  `${GIVEN_BEFORE}\\b(?:${LABELLED})\\s*(?:#\\s*)?(?:[2-9]|two|three|b|c)\\b(?![/.]\\w)(?!\\s*(?:${UNIT_AFTER})\\b)`;
/** "pt 1", "pt #1", "patient one": the first patient again. */
const FIRST_LABEL =
  `${GIVEN_BEFORE}\\b(?:${LABELLED})\\s*(?:#\\s*)?(?:1|one)\\b(?![/.]\\w)(?!\\s*(?:${UNIT_AFTER})\\b)`;

/** Back to an earlier patient: "back to first pt", "original pt", "previous patient", "the first one". */
const EARLIER = "first|1st|original|initial|previous|prior|earlier|last";
/** After "the first one": what a dose did, so the one is a dose ("the first one helped"). */
const DOSE_DID =
  "helped|help|helps|worked|works|work|did|didn'?t|does|doesn'?t|wasn'?t|went|given|gave|relieved|improved|" +
  "made|failed|wore|kicked|lasted|hit|took|brought|dropped|lowered|fixed|eased|stopped";
const RETURN = `\\b(?:${EARLIER})\\s+${BETWEEN}(?:${PATIENT_NOUN})\\b${NOT_ABOUT_AFTER}|` +
  `\\bthe\\s+(?:first|1st|original)\\s+one\\b(?!\\s+(?:${DOSE_DID})\\b)|` +
  `\\bback\\s+to\\s+(?:the\\s+)?(?:${EARLIER}|other)\\b`;

/**
 * A relative or another person on scene as the subject of a complaint of their own ("mom also has cp", "dad is
 * seizing", "wife c/o sob", "sister too", "now the driver: agitated", "sibling seizing too"): at the start of a
 * clause, with or without "the/his/pt's", then at most "also/too/now/is/was" and a word that states a complaint,
 * or "also"/"too" alone. A relative who reports, or whose age it is ("per mom", "mom states", "19yo mom", "wife
 * found him down"), is no turn; nor is their history or what they hold ("father had mi", "mom has his meds",
 * "mom has seizures too": "had", "has his/her/the", "has … too").
 */
const RELATIVE = "mom|mum|mommy|mother|dad|daddy|father|wife|husband|spouse|partner|boyfriend|girlfriend|" +
  "brother|sister|bro|sis|twin|son|daughter|grandma|grandmother|grandpa|grandfather|granny|aunt|uncle|cousin|" +
  "siblings?|sibs?|roommate|friend|neighbou?r|driver|passenger|bystander";
const LINKING = "(?:(?:also|too|now|is|was|has\\s+been)\\s+){0,2}";
/** "has" of a complaint, not of belongings or a history, nor a family history with "too". */
const HAS =
  "(?:has|have)(?!\\s+(?:his|her|their|its|the|pt'?s|patient'?s|(?:an?\\s+)?(?:hx|history|h\\/o|pmh)|been)\\b)" +
  "(?![^.,;:!?\\n]*\\btoo\\b)";
const COMPLAINT = `${HAS}|` +
  "having|c\\/o|complains?|complaining|feels?|feeling|got|gets|getting|seizing|" +
  "seized|unresponsive|unconscious|collapsed|passed\\s+out|fainted|fell|vomiting|bleeding|sob|cp|needs?|" +
  "coding|down|hypotensive|agitated|altered|overdosed|od";
const CLAUSE_START = "(?:^|[.,;:!?\\n(]\\s*|\\b(?:and|but|then|now|plus|also|ok|okay)\\s+)";
const OWNER = "(?:(?:the|his|her|their|my|pt'?s|patient'?s)\\s+)?";
const RELATIVE_COMPLAINS = `${CLAUSE_START}${OWNER}(?:${RELATIVE})(?:\\s*[:-]\\s*|\\s+)` +
  `(?:${LINKING}(?:${COMPLAINT})\\b|(?:also|too)\\b(?!\\s+(?:has|have|had)\\b))`;

/** A complaint, a placement or a patient word right after ("another one, agitated", "the other one is an adult"). */
const COMPLAINT_AFTER = "(?=\\s*[,:;-]?\\s*(?:(?:is|also|now|too|here|over\\s+here|an?)\\s+)*" +
  "(?:agitated|combative|seizing|unresponsive|unconscious|collapsed|passed\\s+out|fainted|vomiting|bleeding|" +
  "c\\/o|complaining|coding|down|hypotensive|altered|overdosed|od|\\d{1,3}\\s*(?:kg|kgs|yo|y\\/o)|" +
  "(?:an?\\s+)?(?:adult|child|kid|baby|infant))\\b)";
/**
 * "next one", "another one", "2nd one" with a complaint after it is another patient ("another one, agitated"); alone
 * it is a dose ("ok next one, nitro 60yo", "other one didnt help": fifth read, High 1).
 */
const ONE_MORE = `\\b(?:next|new|other|another|2nd|second)\\s+one\\b${COMPLAINT_AFTER}`;

/**
 * "another 20kg kid", "new call", "2nd victim": the words between (group 1) never a medication ("another nitro pt
 * still hurting" is a dose).
 */
const ANOTHER_PATIENT = new RegExp(
  `${NONE_BEFORE}\\b(?:${ANOTHER})\\s+(${BETWEEN})(?:(?:${PATIENT_ONLY_NOUN})\\b|(?:${PERSON_NOUN})\\b${COMPLAINT_AFTER})` +
    NOT_ABOUT_AFTER,
  "gi",
);

const NEW_ONE = new RegExp(ONE_MORE, "i");
/**
 * After the words, in the same clause, this patient again ("2nd call today for this pt"), or the turn asked and
 * denied ("new pt? no, same complaint").
 */
const SAME_AFTER =
  /^(?:[^.,;:!?\n]*\b(?:this|same|the\s+same)\s+(?:pt|patient)\b|\s*\?\s*(?:no|nope|nah)\b)/i;

/** A turn to a new patient by name ("another 20kg kid", "new call", "next one: agitated"), not a label or a relative. */
export function turnsToNewPatient(text: string): boolean {
  return [...text.matchAll(ANOTHER_PATIENT)].some((m) =>
    findMedications(m[1]).length === 0 && !SAME_AFTER.test(text.slice(m.index + m[0].length))
  ) || NEW_ONE.test(text);
}

const TURN = new RegExp(
  [
    LATER_LABEL,
    FIRST_LABEL,
    RETURN,
    RELATIVE_COMPLAINS,
  ].join("|"),
  "i",
);

const AWAY = new RegExp([LATER_LABEL, RELATIVE_COMPLAINS].join("|"), "i");

/**
 * A turn away to a patient not seen before ("pt 2", "sibling seizing too", "another kid"), never back to an
 * earlier one: a placement said with it that differs from the earlier patient's settles it (fifth read, Medium 1).
 */
export function turnsToOtherPatient(text: string): boolean {
  return AWAY.test(text) || turnsToNewPatient(text);
}

/** Whether `text` turns to another patient or back to an earlier one: what earlier messages said is not read. */
export function turnsToAnotherPatient(text: string): boolean {
  return TURN.test(text) || turnsToNewPatient(text);
}
