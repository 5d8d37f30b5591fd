/**
 * Drugs a clause names only as not to be dosed now, with no I/O: denied or not given ("no zofran given", "denies
 * zofran", "hasnt had zofran", "fentanyl not given"), refused ("pt refused fentanyl"), drawn up and held ("morphine
 * drawn up but not given"), given before ("got zofran 10 min ago", "got morphine for surgery 2 yrs ago"), or counted
 * as given with the count before the drug ("not relieved after 3 nitro", "unresponsive to 3 nitro"). Such a drug
 * beside one asked about had become a second dose request (medical director's thirteenth read, V1 and V2): ondansetron
 * dosed beside olanzapine, which MCG 1317.32 contraindicates together (QT prolongation); a 4th nitro offered after
 * three, where TP 1211 step 6 allows three in all; fentanyl and morphine both dosed, where MCG 1345 guideline 6
 * allows only one. Only the drug the word governs is read — the drug right after the cue, or right before "not
 * given", "drawn up", "ago" — never every drug of its clause ("no zofran given olanzapine?" asks for olanzapine).
 * The caller drops these only when another drug is asked (chat_named_given.ts): "no zofran given yet?" alone is
 * still a question about ondansetron.
 */
import { DRUG_NAME, findMedications } from "./chat_names.ts";

/** Where a drug stands in a masked clause: each drug's letters become this mark (same length, same places). */
const MARK = "§";
const DRUG = `${MARK}+`;
/** Drugs joined as a list ("no zofran or reglan"): the cue governs each. */
const LIST = `${DRUG}(?:\\s*(?:,|and|&|\\/|\\+|or|nor)\\s*${DRUG})*`;
/** Words between the cue and the drug ("no prior zofran", "hasnt had any iv zofran", "after 3 sl nitro"). */
const FILLER =
  "(?:any|prior|previous|the|his|her|their|pt['’]?s|own|iv|im|in|io|po|sl|odt|of|more|doses?\\s+of)";
const FILLERS = `(?:${FILLER}\\s+){0,3}`;
const COUNT = "(?:\\d{1,2}|one|two|three|four|five)";

/** A cue before the drug that it is denied, not given, refused or given before. */
const NOT_GIVEN_BEFORE = "(?:no|denies|denied|denying|refused|refuses|declined|declines|without|w\\/o|" +
  "never\\s+(?:had|got|received|took|given)|" +
  "(?:has|have|had|did|was|were|could)(?:n['’]?t|\\s+not)\\s+(?:yet\\s+)?(?:had|have|get|got(?:ten)?|" +
  "received?|taken?|take|been\\s+given|give|given)|(?:hasnt|havent|hadnt|didnt|wasnt|couldnt)\\s+(?:yet\\s+)?" +
  "(?:had|have|get|got(?:ten)?|received?|taken?|take|been\\s+given|give|given)|" +
  "got|had|received|took|already\\s+(?:had|got|received|took|given))";
/**
 * A cue before the drug that doses of it were given, a count between allowed: "after 3 nitro", "unresponsive to 3
 * nitro", "not relieved by nitro x3", "no relief from 2 nitro", "despite nitro", "failed nitro".
 */
const GIVEN_BEFORE = "(?:after|despite|failed|(?:un|non)[-\\s]?responsive\\s+to|refractory\\s+to|" +
  "(?:no|not|poor|minimal|little)\\s+(?:\\w+\\s+)?(?:relie(?:f|ved)|response|responding|responsive|" +
  "improve(?:d|ment)?|change|better)\\s+(?:to|with|from|after|by))";
const CUE_BEFORE =
  `(?<![\\w/])(?:${NOT_GIVEN_BEFORE}|${GIVEN_BEFORE}(?:\\s+${COUNT}(?:\\s*x)?)?)\\s+${FILLERS}${LIST}`;

/** An amount said with the drug ("morphine 4mg drawn up"). */
const AMOUNT = "(?:\\s+\\d+(?:\\.\\d+)?\\s*(?:mg|mcg|g|ml)?)?";
/** A cue after the drug: not given, drawn up, refused, a time before now. */
const CUE_AFTER = "(?:not\\s+(?:yet\\s+)?(?:been\\s+)?(?:given|pushed|administered|tolerated)|drawn\\s+up|" +
  "refused|declined|given|gave|pushed|administered|" +
  "(?:\\d{1,3}|an?|few)\\s*(?:min\\w*|m|hrs?|hours?|h|days?|d|wks?|weeks?|mos?|months?|yrs?|years?)\\s+ago|" +
  "earlier|yesterday|last\\s+(?:night|week|month|year)|pta)";
const CUE_AFTER_DRUG = `${LIST}${AMOUNT}\\s+${CUE_AFTER}`;

const NOT_ASKED = new RegExp(`(?:${CUE_BEFORE}|${CUE_AFTER_DRUG})(?![\\w])`, "gi");

/** Every drug named, each time, with where it stands (a name inside a longer one is not found again). */
const DRUG_MENTION = new RegExp(`(?<![\\w-])${DRUG_NAME}(?![\\w-])`, "gi");

/**
 * The drugs `clause` names only as denied, not given, refused, drawn up or given before (their ids), and the
 * clause with each such name blanked (same length): what is left may name a drug asked.
 */
export function namedNotAsked(clause: string): { ids: string[]; rest: string } {
  const mentions = [...clause.matchAll(DRUG_MENTION)].map((m) => ({
    at: m.index!,
    end: m.index! + m[0].length,
    id: findMedications(m[0])[0]?.id,
  })).filter((m) => m.id !== undefined);
  let masked = clause;
  for (const m of mentions) masked = masked.slice(0, m.at) + MARK.repeat(m.end - m.at) + masked.slice(m.end);
  const governed = new Set<number>();
  for (const match of masked.matchAll(NOT_ASKED)) {
    const [from, to] = [match.index!, match.index! + match[0].length];
    for (const m of mentions) if (m.at >= from && m.end <= to) governed.add(m.at);
  }
  let rest = clause;
  const ids: string[] = [];
  for (const m of mentions.filter((m) => governed.has(m.at))) {
    ids.push(m.id!);
    rest = rest.slice(0, m.at) + " ".repeat(m.end - m.at) + rest.slice(m.end);
  }
  return { ids, rest };
}

/**
 * A drug asked and answered "no" in the same message ("500 ml d10? no, ns", "epi - no."): the medic put the question
 * and answered it, so it is not asked, as chat_denials.ts reads "seizure? no" as denied. Only "no" or "nope" standing
 * alone after the drug (and its amount or route) with only ? : - ( ) between, then punctuation or the message's end;
 * "d10? no iv access" is no answer. D10 125 mL had been dosed beside the saline asked (medical director's nineteenth
 * read, among its others: TP 1203 step 7 gives dextrose only for a glucose below 60 mg/dL).
 */
const ANSWERED_NO = new RegExp(
  `(?<![\\w-])(?<drug>${DRUG_NAME})(?![\\w-])${AMOUNT}(?:\\s+(?:iv|io|im|in|po|sl))?` +
    "[^\\S\\n]*(?:[?:=()\\-–—][^\\S\\n]*)+(?:no|nope)(?![\\w-])(?=[^\\S\\n]*(?:[.,;!)\\n]|$))",
  "gi",
);

/** The drugs `text` asks about and answers "no" to (their ids): ANSWERED_NO. */
export function answeredNo(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(ANSWERED_NO)) {
    const id = findMedications(m.groups!.drug)[0]?.id;
    if (id) ids.add(id);
  }
  return ids;
}
