/**
 * A tape colour said bare, with no I/O, where it answers the tape question: after a weight above the tape with an
 * age under 15 the engine asks for the length-based tape (MCG 1309 guidelines 1 and 5: FACT_REQUIRED under 12, a
 * warning from 12 to 14), and the medic answers "orange", "green" or "hes orange" (seventh read, High 1: only
 * "orange tape" was read, and the question came back). A bare colour also corrects a child's placement when said
 * as one ("sorry, orange" after "20kg 6yo" was dosed for 20 kg with no word of it; sixth read, Low).
 *
 * Only a short message that is the colour and nothing else counts: "orange juice", "pink frothy sputum" and
 * "blue lips" never do, nor a question ("orange?"). With a person as its subject ("hes blue", "she's grey") a
 * colour is the skin's, so only orange and green are read then.
 */
import { ADULT_AGE_YEARS, MAX_TAPE_WEIGHT_KG } from "../../domain/dosing/mod.ts";
import type { PatientFacts } from "./chat_patient_mentions.ts";
import { correctsPlacement } from "./chat_placement_words.ts";

const COLORS = "grey|gray|pink|red|purple|yellow|white|blue|orange|green";
/** Words before the colour that leave it the whole message ("ok, orange", "sorry its green", "she's orange"). */
const FILLER =
  "sorry|ok|okay|oh|oops|actually|correction|my\\s+bad|i\\s+mean|no|wait|so|its|it['’]?s|it\\s+is";
const SUBJECT =
  "he['’]?s|she['’]?s|he\\s+is|she\\s+is|hes|shes|pt\\s+is|pts|patient\\s+is|kid\\s+is|child\\s+is|" +
  "they['’]?re|they\\s+are";
const BARE_COLOR = new RegExp(
  `^\\s*(?:(?:${FILLER})\\b[\\s,.:;!-]*)*(?:(${SUBJECT})\\s+)?(${COLORS})\\s*[.!]*\\s*$`,
  "i",
);
/** Not a skin's colour: read with a person as its subject. */
const NOT_SKIN = new Set(["orange", "green"]);

/** The tape colour a message says bare ("orange", "hes orange", "sorry, green"), else undefined. */
export function bareColorSaid(text: string): string | undefined {
  const m = BARE_COLOR.exec(text);
  if (!m) return undefined;
  const color = m[2].toLowerCase() === "gray" ? "grey" : m[2].toLowerCase();
  return m[1] && !NOT_SKIN.has(color) ? undefined : color;
}

/** A weight above the tape with an age under 15: the engine asks for the tape (or warns, from 12). */
export function isHeavyChild(facts: PatientFacts): boolean {
  return facts.weightKg !== undefined && facts.weightKg > MAX_TAPE_WEIGHT_KG &&
    facts.ageYears !== undefined && facts.ageYears < ADULT_AGE_YEARS;
}

/** A child by what was said: a tape colour, a weight on the tape, or an age under 15. */
const childPlaced = (facts: PatientFacts) =>
  (facts.color !== undefined && facts.color !== "adult" && facts.color !== "longer-than-tape") ||
  (facts.weightKg !== undefined && facts.weightKg <= MAX_TAPE_WEIGHT_KG) ||
  (facts.ageYears !== undefined && facts.ageYears < ADULT_AGE_YEARS);

/**
 * Each message's facts (oldest first), with a bare colour read as the tape's where it answers the tape question
 * (the facts said before make a heavy child) or corrects a child's placement. Facts said before are merged as
 * said: a correction's replacing is chat_placements.ts's, which reads the colour as any other.
 */
export function withTapeAnswers(
  factsOldestFirst: readonly PatientFacts[],
  textsOldestFirst: readonly string[],
): PatientFacts[] {
  const read: PatientFacts[] = [];
  for (const [at, facts] of factsOldestFirst.entries()) {
    const color = facts.color === undefined && facts.weightKg === undefined
      ? bareColorSaid(textsOldestFirst[at])
      : undefined;
    const before: PatientFacts = Object.assign({}, ...read);
    const answers = color !== undefined &&
      ((isHeavyChild(before) && before.color === undefined) ||
        (correctsPlacement(textsOldestFirst[at]) && childPlaced(before)));
    // "adult" answering the tape question is the engine's word for longer than the tape ('or "adult" if longer'):
    // read so, it keeps the child's age as "longer than tape" does (chat_placements.ts; eighth read, H6 rest).
    const longer = facts.color === "adult" && facts.weightKg === undefined && isHeavyChild(before) &&
      before.color === undefined;
    read.push(answers ? { ...facts, color } : longer ? { ...facts, color: "longer-than-tape" } : facts);
  }
  return read;
}
