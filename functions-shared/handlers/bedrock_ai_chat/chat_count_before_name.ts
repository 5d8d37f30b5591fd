/**
 * A whole number right before a drug's name in a clause of doses given ("gave 3 nitro", "3 nitro given", "given 150
 * fentanyl"), with no I/O. It may be a count of doses or an amount in the drug's usual unit; which one, the engine's
 * first dose decides (chat_total_given.ts, beforeNameAsCount). Read as neither, "3 nitro given, nitro?" and "2 epi
 * given" in arrest were asked though the count was plain (fourteenth read, M2: TP 1211 step 6; TP 1210 step 9).
 * The giving word stands beside it; never a number with its unit ("150mcg fentanyl": an amount, read as one), a
 * decimal ("0.5 epi"), or a reading or rate before the name ("bgl 42 d10 250ml given", "svt 190 adenosine 6
 * given"). Group `n` the number.
 */
import { DRUG_NAME, findMedications, VITAL_NAME } from "./chat_names.ts";

/**
 * A complaint named by its site ("chest pain", "abd pain") with 1 to 3 after it: a count, no pain score. Read as a
 * score, "60yo chest pain 2 nitro given, nitro?" was one nitro given and a fourth tablet was offered, where the comma
 * form counts two (seventeenth read, L3: TP 1211 step 6, three nitro before base). A larger number ("chest pain 8
 * nitro given") stays a score.
 */
const SITE_PAIN_COUNT =
  "(?<=\\b(?:chest|abd|abdominal|belly|stomach|back|flank|head|neck|epigastric)\\s+pain\\s*[:=]?\\s*)(?=[1-3]\\s)";
/** A vital sign's label right before the number ("rr 6 narcan given": the rate, not six doses). */
const VITAL_BEFORE = `(?:${SITE_PAIN_COUNT}|(?<!\\b${VITAL_NAME}\\s*[:=]?\\s*))`;
const NUMBER = `${VITAL_BEFORE}(?<![\\w.\\/:])(?<n>\\d{1,4})\\s+(?:of\\s+)?(?<drug>${DRUG_NAME})(?![\\w-])`;
/** The number with its giving word beside it: "gave 3 nitro", "given 3 nitro", "3 nitro given", "2 epi IV given". */
const NUMBER_BEFORE_NAME = [
  new RegExp(`(?<=\\b(?:gave|given|administered|pushed)\\s+)${NUMBER}`, "gi"),
  new RegExp(`${NUMBER}(?=(?:\\s+(?:im|in|iv|io|ivp|po|sl))?\\s+(?:given|administered|pushed)\\b)`, "gi"),
];

/** The number right before `medicationId`'s name in a clause (NUMBER_BEFORE_NAME), or undefined. */
export function numberBeforeName(clause: string, medicationId: string): RegExpMatchArray | undefined {
  return NUMBER_BEFORE_NAME.flatMap((number) => [...clause.matchAll(number)]).find((m) =>
    findMedications(m.groups!.drug)[0]?.id === medicationId
  );
}

/** The clause without that number ("gave 3 nitro" → "gave nitro"): what is left may still count. */
export function withoutNumberBeforeName(clause: string, medicationId: string): string {
  const m = numberBeforeName(clause, medicationId);
  return m
    ? `${clause.slice(0, m.index!)}${clause.slice(m.index! + m[0].length - m.groups!.drug.length)}`
    : clause;
}
