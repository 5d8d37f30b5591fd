/**
 * A number said given beside a question for the dose after it ("gave 2 nitro, 3rd?"), with no I/O. "<N> <drug>
 * given" alone is never a count (findDosesGiven: "6 adenosine given" is an amount as often as a count), so the chat
 * asked how many doses in all (medical director's twelfth read, M6). Where the medic asks for the (N+1)th, the two
 * agree: N doses were given, and TP 1211 step 6 allows the 3rd nitro. Any other ordinal ("gave 6 adenosine, 2nd?")
 * settles nothing, and the chat still asks.
 */
import { clausesWithMarks, DRUG_NAME, findMedications } from "./chat_names.ts";

const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
};
const valueOf = (said: string) => WORDS[said.toLowerCase()] ?? parseInt(said, 10);

/** "gave 2 nitro", "2 nitro given", "given 2 nitro": a whole number with no unit, right before the drug. */
const GIVEN_N = new RegExp(
  `^(?:(?!\\b(?:can|could|should|may|max\\w*|limit|how)\\b).)*?` +
    `(?:\\b(?:gave|given|administered|pushed)\\s+(?<a>\\d{1,2}|one|two|three|four)\\s+(?<drugA>${DRUG_NAME})` +
    `|(?<![\\w.])(?<b>\\d{1,2}|one|two|three|four)\\s+(?<drugB>${DRUG_NAME})\\s+(?:given|administered|pushed))` +
    "(?![\\w-])(?!\\s*(?:mg|mcg|g|ml)\\b)[^?]*$",
  "i",
);
/** "3rd?", "a 3rd?", "third nitro?", "3rd dose?": the place of the dose asked for, in a question. */
const ORDINAL_ASKED = new RegExp(
  "(?<![\\w.])(?<n>\\d{1,2}(?=st|nd|rd|th)|second|third|fourth|fifth)(?:st|nd|rd|th)?" +
    `(?:\\s+(?:doses?|ones?|${DRUG_NAME}))?\\s*\\?\\s*$`,
  "i",
);

/** The count of `medicationId` given, where a number said given and the place of the dose asked agree; else undefined. */
export function countBeforeOrdinal(text: string, medicationId: string): number | undefined {
  const clauses = clausesWithMarks(text).map((c) => c.trim());
  const asked = clauses.map((c) => ORDINAL_ASKED.exec(c)?.groups?.n).filter((n) => n !== undefined);
  const given = clauses.flatMap((c) => {
    const g = GIVEN_N.exec(c)?.groups;
    if (!g) return [];
    const drug = findMedications(g.drugA ?? g.drugB)[0]?.id;
    return drug === medicationId ? [valueOf(g.a ?? g.b)] : [];
  });
  if (asked.length !== 1 || given.length !== 1) return undefined;
  return valueOf(asked[0]!) === given[0] + 1 ? given[0] : undefined;
}

/**
 * True when a clause of `text` asks for a dose by its place ("4th?"): a number said given that does not agree with it
 * (countBeforeOrdinal) settles nothing, and is never read as the count (fourteenth read, M2).
 */
export const asksOrdinal = (text: string): boolean =>
  clausesWithMarks(text).some((c) => ORDINAL_ASKED.test(c.trim()));

const PLACE = "(?<n>\\d{1,2}(?=st|nd|rd|th)|second|third|fourth|fifth)(?:st|nd|rd|th)?";
/**
 * The place of this drug's dose asked with its name and nothing else said of doses given: "second adenosine?", "2nd
 * dose of adenosine?", "amio 2nd dose?", "2nd amio dose?".
 */
const PLACE_OF_DRUG = new RegExp(
  `(?<![\\w.])(?:${PLACE}(?:\\s+doses?)?(?:\\s+of)?\\s+(?<drug>${DRUG_NAME})(?:\\s+doses?)?|` +
    `(?<drugB>${DRUG_NAME})\\s+${PLACE.replace("<n>", "<nB>")}(?:\\s+doses?)?)\\s*\\?`,
  "i",
);

/**
 * The drugs whose repeat is another dose than the first (adenosine 12 mg after 6, 0.2 mg/kg after 0.1: TP 1213,
 * TP 1213-P; amiodarone 150 mg after 300: MCG 1317.5), where the first dose answered for "second …?" is wrong. Other
 * ordinals stay unread and noted (the third review, M2: "we are on our 4th epi" may count the one going in).
 */
const REPEAT_DIFFERS: ReadonlySet<string> = new Set(["adenosine", "amiodarone"]);

/** None given yet, in the message ("none given yet", "no adenosine yet", "not given yet"). */
const NONE_YET =
  /\b(?:none|nothing|no\s+(?:\w+\s+)?(?:given|yet)|not\s+(?:\w+\s+)?(?:given|yet)|(?:\w+\s+)?not\s+yet)\b/i;
/**
 * A repeat of this drug asked: "repeat adenosine?", "another adenosine?", "adenosine again?", "amio repeat?", "redose
 * adenosine?" (never "one more adenosine?", which may ask of the box: Stop 61's read W).
 */
const REPEAT_OF_DRUG = new RegExp(
  `(?<![\\w.])(?:(?:repeat|another|next|re-?dose)(?:\\s+doses?)?(?:\\s+of)?\\s+` +
    `(?<drug>${DRUG_NAME})|(?<drugB>${DRUG_NAME})\\s+(?:again|repeat(?:\\s+dose)?|next\\s+dose|re-?dose))\\s*\\?`,
  "i",
);
/** A place asked by number sign after the drug: "adenosine #2?" (never "#2 adenosine?", "pt #2": a patient or a bed). */
const NUMBER_SIGN_OF_DRUG = new RegExp(
  `(?<![\\w.])(?<drugB>${DRUG_NAME})\\s*#\\s*(?<nB>\\d{1,2})\\s*\\?`,
  "i",
);

/**
 * The count given where the newest message asks for this drug's dose by its place and no count, total or dose given
 * was read anywhere (the caller's last resort), for REPEAT_DIFFERS: "second adenosine?" ("repeat adenosine?",
 * "adenosine again?": one given) is the repeat, 0.2 mg/kg
 * for a child and 12 mg for an adult (TP 1213-P step 9, TP 1213), never the first dose again (Stop 60's read: 2.6
 * mg and 6 mg), and "amio 2nd dose?" 150 mg, never 300.
 */
export function placeAskedCount(text: string, medicationId: string): number | undefined {
  // "repeat adenosine? none given yet": the count said decides, and says none
  if (!REPEAT_DIFFERS.has(medicationId) || NONE_YET.test(text)) return undefined;
  for (const clause of clausesWithMarks(text)) {
    // "repeat adenosine?", "adenosine again?", "another amio?": at least one given, the fewest it can mean
    const again = REPEAT_OF_DRUG.exec(clause.trim())?.groups;
    if (again && findMedications(again.drug ?? again.drugB)[0]?.id === medicationId) return 1;
    const g = (PLACE_OF_DRUG.exec(clause.trim()) ?? NUMBER_SIGN_OF_DRUG.exec(clause.trim()))?.groups;
    if (!g) continue;
    if (findMedications(g.drug ?? g.drugB)[0]?.id !== medicationId) continue;
    const place = valueOf(g.n ?? g.nB);
    return place >= 2 ? place - 1 : undefined;
  }
  return undefined;
}
