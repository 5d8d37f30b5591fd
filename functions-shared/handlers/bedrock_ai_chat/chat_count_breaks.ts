/**
 * Where a count of doses ends its phrase in a message typed with no comma, with no I/O. Medics write "s/p nitro x3 more
 * nitro?", "s/p fent x3 bp 120/80 pain 9/10 more fent?", "70yo cp 8/10 nitro x3 bp 130/80 morphine?": one clause to
 * every reader, so the question after the count made the history a question ("more nitro?" is no history), "can i"
 * made it a plan, and "4th" made it more doses than counted. Each was then dosed as a first dose, past the maximum
 * (medical director's twelfth read, H2: TP 1211 step 6, three nitro in all; MCG 1345, 150 mcg fentanyl before base).
 * A drug's "xN" ends its phrase: where a vital, another drug or a question follows it, a clause break is put there,
 * so each reader sees the history and the question apart. Words that belong to the count ("given", "by fire", "at
 * 1405", "and x1", "more given") never start a new clause. A number given before the drug's name ends its phrase the
 * same way ("gave 3 nitro still cp nitro?", "150 fentanyl given still 9/10 fentanyl?"): read as one clause with the
 * question, the history was no history and a 4th nitro or 200 mcg fentanyl was offered, where the comma form asks
 * (fourteenth read, H3: TP 1211 step 6; MCG 1345 guideline 8; TP 1219 step 4; TP 1231 step 7).
 */
import { DRUG_NAME, VITAL_NAME } from "./chat_names.ts";
import type { ChatTurn } from "./dosing_types.ts";

/** What may stand between a drug and its "xN": an amount, a route, an interval ("epi 1 mg IV x3", "epi .5 im x3"). */
const FILLER =
  "(?:\\s+(?:\\d{0,4}\\.?\\d{1,3}\\s*(?:mg|mcg|g|ml|units?)?|mg|mcg|ml|im|in|iv|io|ivp|po|sl|et|given|gave))";
/** A drug, what stands with it, its count and the words that still belong to the count ("x3 given already"). */
const COUNTED = new RegExp(
  `(?<![\\w-])(?:${DRUG_NAME})(?![\\w-])${FILLER}{0,3}\\s*(?<![\\w.])[x×]\\s*\\d{1,2}(?![\\w.])` +
    "(?!\\s*(?:min|mins|minutes?|hrs?|hours?|secs?|seconds?|days?|d|h|wks?|weeks?)\\b)" +
    // the interval the doses were given at belongs to the count ("nitro x3 q5min nitro?": fifteenth read)
    "(?:\\s+(?:given|already|so\\s+far|total|in\\s+all|pta|q\\s*\\d{1,2}\\s*(?:min\\w*|m)?|every\\s+\\d{1,2}\\s*min\\w*|" +
    "\\d{1,2}\\s*min\\w*\\s+apart))*(?![\\w/])",
  "gi",
);
/** A drug given, with its giving word and any amount or count before its name ("gave 3 nitro", "gave 10mg versed
 * im", "150 fentanyl given", "given 0.5 epi", "nitro given"). */
const AMOUNT_FIRST = "(?:\\d{0,4}\\.?\\d{1,4}\\s*(?:mg|mcg|g|ml|units?)?\\s+(?:of\\s+)?)?";
/** An amount after the name ("fentanyl 150 given", "epi 0.5 mg given": fifteenth read, the fourteenth's H3 left). */
const AMOUNT_AFTER = "(?:\\s+\\d{0,4}\\.?\\d{1,4}\\s*(?:mg|mcg|g|ml|units?)?)?";
const ROUTE = `${AMOUNT_AFTER}(?:\\s+(?:im|in|iv|io|ivp|po|sl|et))?`;
const GIVEN_FIRST = new RegExp(
  `(?:(?<![\\w-])(?:gave|given|administered|pushed)|(?<![\\w/])s\\/p|\\bstatus\\s+post)\\s+${AMOUNT_FIRST}(?:${DRUG_NAME})(?![\\w-])${ROUTE}` +
    `(?:\\s+(?:already|so\\s+far|pta))*|(?<![\\w.\\/])${AMOUNT_FIRST}(?:${DRUG_NAME})(?![\\w-])${ROUTE}` +
    "\\s+(?:given|administered|pushed)(?![\\w-])(?:\\s+(?:already|so\\s+far|pta))*",
  "gi",
);
/** A vital sign or score, a pressure or pain reading, or another drug: a new item of the report. */
const NEW_ITEM = new RegExp(
  `^(?:${VITAL_NAME}\\b|` +
    `\\d{1,3}\\s*\\/\\s*\\d{1,3}\\b|(?:${DRUG_NAME})(?![\\w-]))`,
  "i",
);
/** A drug's name first in what follows. */
const DRUG_FIRST = new RegExp(`^(?:${DRUG_NAME})(?![\\w-])`, "i");
/** An ask that starts a question after the count ("can i give a 4th", "should i", "ok to repeat"). */
const ASK = /^(?:can|could|should|may|ok|okay|safe|need|want|give)\b/i;
/** Words of a question that end with "?" ("more nitro?", "another?", "4th?", "next?", "still svt, more?"). */
const QUESTION =
  /^(?:more|another|additional|repeat|next|any|what|how|still|now|(?:\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth)\b)/i;

/**
 * A question for the drug again that ends a clause ("… still itchy more benadryl?", "… another nitro?"): the space
 * before it. Read with the history before it, "benadryl 50 given 20 min ago still itchy more benadryl?" was more doses
 * given and asked how many (sixteenth read, M5); the comma form read one dose (TP 1219: one diphenhydramine).
 */
const ASKS_AGAIN = new RegExp(
  `(?<=\\S)\\s+(?=(?:more|another|repeat|additional)\\s+(?:${DRUG_NAME})(?![\\w-])\\s*\\?)`,
  "gi",
);
/**
 * A clause with a giving word beside a drug's name ("benadryl 50 given"). A count's clause is left as it was: "epi x2
 * given by fire more epi?" may be more given by fire, and is asked.
 */
const GIVEN_IN_CLAUSE = new RegExp(GIVEN_FIRST.source, "i");
const COUNTED_IN_CLAUSE = new RegExp(COUNTED.source, "i");
const saysGiven = (clause: string) => GIVEN_IN_CLAUSE.test(clause) && !COUNTED_IN_CLAUSE.test(clause);

/** `text` with a clause break after each count of a drug that a new item or a question follows in its clause. */
export function withCountBreak(text: string): string {
  const ended = text.replace(
    COUNTED,
    (counted, at: number, whole: string) => withBreak(counted, at, whole, true),
  )
    .replace(GIVEN_FIRST, (given, at: number, whole: string) => withBreak(given, at, whole, false));
  // The question for the drug again at the end of a history's clause is a clause of its own.
  return ended.split(/(?<=[,;!?\n])/).map((clause) =>
    saysGiven(clause) ? clause.replace(ASKS_AGAIN, ", ") : clause
  )
    .join("");
}

/**
 * The phrase, with a clause break after it where a question follows in its clause, or (`newItems`, after an "xN")
 * a new item. A drug given with no "xN" breaks only before a question: what follows its name may be its amounts
 * ("gave amio 300/150") or the indication's words ("nitro given pain now 5/10").
 */
function withBreak(counted: string, at: number, whole: string, newItems: boolean): string {
  const after = whole.slice(at + counted.length);
  const rest = after.split(/[,;!?\n]|\.(?!\d)/)[0].trim();
  const clauseAsks = /^[^,;!\n]*\?/.test(after);
  // "asa given asa?": the drug asked again right after its history is a question of its own.
  const asksDrug = clauseAsks && DRUG_FIRST.test(rest);
  const breaks = rest !== "" && /^\s/.test(after) &&
    ((newItems && NEW_ITEM.test(rest)) || ASK.test(rest) || (clauseAsks && QUESTION.test(rest)) || asksDrug);
  return breaks ? `${counted},` : counted;
}

/** The user's turns with their counts' phrases ended (withCountBreak); the assistant's as they were. */
export function withCountBreaks(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn) => {
    if (turn.role !== "user") return turn;
    const content = withCountBreak(turn.content);
    return content === turn.content ? turn : { ...turn, content };
  });
}
