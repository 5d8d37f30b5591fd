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
