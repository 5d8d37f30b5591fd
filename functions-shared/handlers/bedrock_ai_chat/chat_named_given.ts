/**
 * A medication named as given with no count, with no I/O. "D10 given, repeat?" dosed the child's dextrose as a first
 * dose, though TP 1203-P allows a repeat only on base order, and "versed given, still seizing" offered a first dose
 * where TP 1231-P counts two before base (medical director's eighth read, H4). Named as given, a drug has had at
 * least one dose: the chat reads one (namedAsGiven) and says that it did, never more (the chat does not count for
 * the medic). A drug named only as given beside one asked about ("asa given, nitro x3 given, nitro?", "zofran x1
 * given, nitro?") is not asked about (namedOnlyAsGiven): offering it again dropped the count of the one asked (H2).
 */
import { findMedications } from "./chat_names.ts";
import { mentionsDoseSeries } from "./chat_series.ts";

/** A giving word: the clause is a history ("given", "gave", "pushed", "pta"); never "is given", "to be given". */
const GIVING = new RegExp(
  "\\b(?:gave|(?<!\\b(?:is|are|be|being|to\\s+be|when|if|once)\\s+)given|administered|pushed|received|" +
    "already|pta|prior\\s+to\\s+(?:our\\s+)?arrival|on\\s+board|s\\/p|status\\s+post)(?![\\w/])",
  "i",
);
/** The patient's own doses ("took his own nitro", "used own epipen", "epipen by mom"): given too, not asked. */
const OWN_DOSES =
  /\b(?:took|used|self[\s-]*administered|by\s+(?:mom|mother|dad|father|family|parents?|pt|patient))\b/i;
/** A clause that asks or plans is no history ("should I have given versed", "can it be given", "max given?"). */
const ASKS = new RegExp(
  "\\b(?:can|could|should|may|shall|would|will|max(?:imum)?|limit|how\\s+(?:much|many)|ok\\s+to|okay\\s+to|" +
    "safe\\s+to|need\\s+to|want\\s+to|going\\s+to|gonna|plan\\w*|about\\s+to|ready)\\b",
  "i",
);
/** None given ("no versed given", "versed not given", "haven't given", "nothing given yet", "before giving"). */
const NONE_GIVEN = new RegExp(
  "\\bno\\s+(?:\\w+\\s+){0,2}?(?:given|gave|pushed|administered)\\b|\\bnot\\s+(?:yet\\s+)?(?:been\\s+)?" +
    "(?:given|pushed|administered)\\b|\\b(?:never|nothing|none|unable|refused|declined|withheld|without)\\b|" +
    "\\bw\\/o\\b|\\bbefore\\s+giving\\b|\\b(?:did|does|has|have|had|was|were)(?:n['’]?t|\\s+not)\\b|" +
    "\\b(?:didnt|hasnt|havent|wasnt)\\b",
  "i",
);

/**
 * Words of a count, of more than one dose, or of an amount in a history ("epi x2 given by us and 1 by fire", "gave 1
 * of 3", "versed given twice", "3rd epi given", "already gave 2 mg of epi": two arrest doses): one dose would undercount
 * what was said, so the message stays unread (the chat asks). A bare whole number with no unit is a count here; a
 * time ("5 min ago") or an age is not.
 */
const COUNT_OR_AMOUNT = new RegExp(
  "(?<![\\w.])[x×#]\\s*\\d|\\b(?:once|twice|thrice|another|more|again|additional|extra|repeat\\w*|redosed|both|" +
    "all|two|three|four|five|several|multiple|few|second|third|fourth|fifth)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b|" +
    "(?<![\\w.])\\d{1,2}(?![\\w.])(?!\\s*(?:mg|mcg|g|ml|units?|min\\w*|sec\\w*|hrs?|hours?|kg|lbs?|yo|y\\/o|" +
    "years?|mo|months?|%)(?![\\w]))|(?<![\\w.])\\d*\\.\\d|\\d\\s*(?:mg|mcg|g|ml|units?|meq)\\b",
  "i",
);

/** The clauses of a message, each with the mark that ended it ("versed given?" keeps its "?"). */
const clausesOf = (text: string) => text.split(/(?<=[,;!?\n]|\.(?!\d))/).map((c) => c.trim()).filter(Boolean);

/** True when a clause says doses were given (a history), not a question, a plan, or none given. */
function saysGiven(clause: string): boolean {
  if (clause.endsWith("?") || ASKS.test(clause) || NONE_GIVEN.test(clause)) return false;
  return GIVING.test(clause) || OWN_DOSES.test(clause);
}

/**
 * The clause (as written, without its mark) that names `medicationId` as given, or undefined. The caller reads it
 * only where no count of the drug was read: then at least one dose was given.
 */
export function namedAsGiven(text: string, medicationId: string): string | undefined {
  const history = clausesOf(text).filter(saysGiven);
  if (mentionsDoseSeries(text) || history.some((c) => COUNT_OR_AMOUNT.test(c))) return undefined;
  const clause = history.find((c) =>
    !OWN_DOSES.test(c) && findMedications(c).some((m) => m.id === medicationId)
  );
  return clause?.replace(/[,;!?\n.]+$/, "").trim();
}

/**
 * The medications `text` names only in clauses that say they were given, when another it names is asked about in a
 * clause of its own ("asa given, nitro?": aspirin). When every drug named is named as given ("versed given, still
 * seizing") none is dropped: the medic may be asking about the next dose.
 */
export function namedOnlyAsGiven(text: string): ReadonlySet<string> {
  const given = new Set<string>();
  const asked = new Set<string>();
  for (const clause of clausesOf(text)) {
    for (const { id } of findMedications(clause)) (saysGiven(clause) ? given : asked).add(id);
  }
  const only = new Set([...given].filter((id) => !asked.has(id)));
  return asked.size > 0 ? only : new Set();
}
