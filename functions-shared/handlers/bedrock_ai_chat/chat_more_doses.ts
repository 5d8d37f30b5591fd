/**
 * Words that say more doses of a drug were given than a count said ("1 more nitro given", "gave another", "3rd
 * nitro given", "x2 more given", "versed given again"), with no I/O. After "nitro x2 given", each of these was dosed
 * as dose 3 by the count carried (medical director's sixth read, H2): the patient had had 3 or 4, and TP 1211 allows
 * three in all. No number is added here (the chat never counts for the medic): the words only say the count is
 * short, and the chat asks how many in all (DOSES_GIVEN_UNCLEAR, chat_own_refusals.ts).
 */
import { clausesWithMarks, DRUG_NAME, findMedications, withoutMarks } from "./chat_names.ts";

const DOSE = `(?:doses?|${DRUG_NAME}|one|ones)(?![\\w-])`;
/**
 * What may follow "another" for it to be a dose: the clause's end, a dose or drug, an amount, a route, a time or a
 * giving word ("gave another", "another 0.4 SL", "another at 1405", "another given"); never "another bout of pain",
 * "another bp", "another seizure".
 */
const ANOTHER_DOSE =
  `(?=\\s*(?:$|[,.;:!?\\n]|${DOSE}|\\d(?!\\d?[\\s-]*leads?\\b)|(?:of|given|pushed|going|at|just|now|too|also|sl|im|in|iv|io|` +
  "sprays?|tabs?|tablets?|puffs?|shots?|by|from|then|and|we|he|she)\\b|" +
  // "gave her another round" (of the drug; never "another round of cpr")
  "rounds?\\b(?!\\s+of\\s+(?:cpr|compressions|chest|shocks?|vitals|questions)\\b)))";
const TIME = "min|mins|minutes?|secs?|seconds?|hrs?|hours?|mg|mcg|ml|times?\\s+(?:a|per)";
const MORE = new RegExp(
  [
    // "1 more", "2 more nitro", "one more given" (never "1 more minute")
    `(?<![\\w.])(?:\\d{1,2}|one|two|three|four)\\s+more\\b(?!\\s+(?:${TIME})\\b)`,
    // "x2 more", "x 1 more"
    `(?<![\\w.])[x×]\\s*\\d{1,2}\\s+more\\b`,
    // "more nitro", "more doses"
    `\\bmore\\s+(?:of\\s+(?:the\\s+)?)?${DOSE}`,
    // "another", "another nitro" (never "another bp", "another seizure")
    `\\banother\\b${ANOTHER_DOSE}`,
    // "3rd nitro", "second dose", "2nd one", "3rd going in now"
    `\\b(?:\\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth)\\s+(?:${DOSE}|going\\s+in\\b|given\\b|pushed\\b)`,
    `\\b(?:additional|extra|repeat)\\s+${DOSE}`,
    "\\b(?:repeated|redosed|re-dosed)\\b",
    // "given again", "gave it again" (never "seizing again", "twitching again", "started again", "wheezing again": a
    // seizure's sign or a start before "again" is the patient's event, not a dose; eleventh read, M2)
    "(?<!\\b(?:seiz\\w*|sz|convuls\\w*|twitch\\w*|jerk\\w*|shak\\w*|postur\\w*|vomit\\w*|fell|started|starts|" +
    "starting|restarted|began|begins|wheez\\w*|hurt\\w*|pain|it\\s+is|is|back))" +
    "\\s+again\\b",
  ].join("|"),
  "i",
);
/** True when a clause has words of more doses ("1 more", "another", "again"), given or asked. */
export const saysMore = (clause: string) => MORE.test(clause);

/** A giving word: the clause is a history, not a request ("another nitro?", "can I give 1 more?"). */
const GIVEN = new RegExp(
  "\\b(?:gave|(?<!\\b(?:is|are|be|being|to\\s+be)\\s+)given|administered|pushed|got|received|had|took|used|already|" +
    "so\\s+far|going\\s+in|on\\s+board|repeated|redosed|re-dosed)\\b",
  "i",
);

/**
 * Giving words that are a history only in a statement ("did another spray", "giving another now"), never in a
 * question or a request ("did you give another?", "giving another?": seventh read, H2).
 */
const GIVING = /\b(?:did|giving|doing)\b/i;

/** A clause that asks for a dose ("need 1 more", "can I give another"): a request unless it says one was given. */
const ASKS = /\b(?:need|needs|want|wants|give|can|could|should|may|due|ok|okay|allowed|safe)\b/i;

/**
 * The clause of `text` (as written, trimmed) that says more doses of `medicationId` were given, or undefined. A
 * clause that names only other drugs is theirs ("gave another aspirin"); one that names none ("1 more given") is
 * read as the drug asked about, the conservative reading (the chat then asks). The giving word may be in an
 * earlier clause of the message ("nitro x2 given, then 1 more"), never for a question or a request ("another?",
 * "need 1 more").
 */
export function moreDosesSaid(text: string, medicationId: string): string | undefined {
  const history = GIVEN.test(text);
  for (const clause of clausesWithMarks(text)) {
    const ids = findMedications(clause).map((m) => m.id);
    if ((ids.length > 0 && !ids.includes(medicationId)) || !MORE.test(clause)) continue;
    const statement = !clause.trim().endsWith("?") && !ASKS.test(clause);
    const given = GIVEN.test(clause) || ((history || GIVING.test(clause)) && statement);
    if (given) return withoutMarks(clause);
  }
  return undefined;
}
