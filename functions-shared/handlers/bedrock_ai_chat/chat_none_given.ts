/**
 * Words that a drug was not given, with no I/O: "no versed given yet", "narcan not given", "morphine drawn up but not
 * given", "havent given any fentanyl", "nothing given yet". They hold a giving word ("given") yet speak of no dose, so
 * the answer had said "Doses already given were not read … ask how many doses were given" for a drug the medic had
 * just said was never given, or beside another drug asked ("no fentanyl given yet, morphine?"): a needless question
 * (medical director's fourteenth read, M4). The note's reader (chat_dose_counts.ts) reads the text without them; a
 * dose given said beside them ("no versed given yet, fire gave versed x1") is still read.
 */
import { blankAll, DRUG_NAME } from "./chat_names.ts";

const DRUG = `(?<![\\w-])(?:${DRUG_NAME})(?![\\w-])`;
/** Drugs joined as a list ("no zofran or reglan given"), each with an amount or a route said with it. */
const DRUGS = `${DRUG}(?:\\s+\\d+(?:\\.\\d+)?\\s*(?:mg|mcg|g|ml)?)?(?:\\s+(?:iv|im|in|io|po|sl|odt))?` +
  `(?:\\s*(?:,|and|&|\\/|or|nor)\\s*${DRUG})*`;
/** Words between "no" and the drug ("no prior versed", "no iv zofran", "no doses of narcan"). */
const FILLERS = "(?:(?:any|prior|previous|the|iv|im|in|io|po|sl|odt|doses?\\s+of)\\s+){0,3}";
const GIVE = "(?:given|gave|give|pushed|administered)";
const YET = "(?:\\s+(?:yet|so\\s+far|at\\s+all|pta|prior\\s+to\\s+(?:our\\s+)?arrival))?";

const NONE_GIVEN = new RegExp(
  [
    // "no versed given yet", "no narcan was given", "no meds given", "nothing given yet"
    `\\b(?:no\\s+${FILLERS}(?:${DRUGS}|meds?|medications?|drugs?)|nothing|none)` +
    `(?:\\s+(?:was|were|has\\s+been|have\\s+been))?\\s+${GIVE}${YET}`,
    // "versed not given yet", "narcan 2mg not yet given", "morphine drawn up but not given"
    `${DRUGS}(?:\\s+(?:was|were|has|have|is))?(?:\\s+drawn\\s+up(?:\\s+but)?)?\\s+not\\s+(?:yet\\s+)?(?:been\\s+)?` +
    `${GIVE}${YET}`,
    // "havent given any versed", "did not give fentanyl", "hasnt been given narcan"
    `\\b(?:(?:has|have|had|did|was|were)(?:n['’]?t|\\s+not)|hasnt|havent|hadnt|didnt|wasnt)\\s+(?:yet\\s+)?` +
    `(?:been\\s+)?${GIVE}\\s+${FILLERS}${DRUGS}${YET}`,
  ].join("|"),
  "gi",
);

/** `text` with each saying that a drug was not given blanked: what is left is what was said of doses given. */
export function withoutNoneGiven(text: string): string {
  return blankAll(text, NONE_GIVEN);
}
