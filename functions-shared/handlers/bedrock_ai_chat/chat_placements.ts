/**
 * Messages that place one patient as both an adult and a child, with no I/O: "20kg seizing versed" then
 * "longer than tape, versed?" was dosed for 20 kg (medical director's read: an older weight beat a newer
 * placement). Which is right is the medic's to say, so no dose is given (dosing_context.ts, PATIENT_FACTS_DISAGREE)
 * until the medic settles it: the newest message that places the patient wins when it corrects ("sorry, 70kg",
 * "actually adult", "no wait 20kg", "not 70kg") or comes after the chat's refusal (an assistant turn between), so
 * the refusal can be answered (fourth read, N4: once two messages disagreed, every later one was refused). A
 * correction replaces only the facts it states, a weight and a tape colour being one fact, and what it leaves must
 * still agree with it ("20kg 6yo" then "sorry, 70kg" is refused: a 6-year-old at 70 kg); the answer to the
 * refusal replaces them all (fifth read, Medium 4).
 *
 * Each message places the patient as the dosing engine reads one request (domain/dosing/patient.ts): "adult" or
 * "longer than the tape", else a tape colour, else a weight (on the tape's 3–36 kg a child, above it an adult),
 * else an age (under the tape's ages a child, from 15 an adult; 13 and 14 place neither). Within one message
 * the engine decides as before; only messages that disagree with each other are refused.
 */
import { ADULT_AGE_YEARS, colorOfAge, TAPE_WEIGHTS } from "../../domain/dosing/mod.ts";
import type { PatientFacts } from "./chat_patient_mentions.ts";
import { correctsPlacement } from "./chat_placement_words.ts";
import { isHeavyChild } from "./chat_tape_answers.ts";
import type { ChatTurn } from "./dosing_types.ts";

interface Placement {
  readonly as: "adult" | "child";
  /** The fact as said, for the refusal ("20 kg", "adult", "blue tape", "6 years"). */
  readonly said: string;
}

const MAX_TAPE_KG = Math.max(...TAPE_WEIGHTS);
const years = (y: number) => y < 2 ? `${Math.round(y * 12)} months` : `${y} years`;

function placementOf(facts: PatientFacts): Placement | undefined {
  const { color, weightKg, ageYears } = facts;
  if (color === "adult" || color === "longer-than-tape") {
    return { as: "adult", said: color === "adult" ? "adult" : "longer than the tape" };
  }
  if (color !== undefined) return { as: "child", said: `${color} tape` };
  if (weightKg !== undefined) {
    return { as: weightKg > MAX_TAPE_KG ? "adult" : "child", said: `${weightKg} kg` };
  }
  if (ageYears === undefined) return undefined;
  if (ageYears >= ADULT_AGE_YEARS) return { as: "adult", said: years(ageYears) };
  return colorOfAge(ageYears) ? { as: "child", said: years(ageYears) } : undefined;
}

export interface PlacingMessage {
  readonly facts: PatientFacts;
  readonly text: string;
  /** An assistant turn came between the user message before it and this one. */
  readonly afterReply: boolean;
}

/** For each user message, oldest first: whether an assistant turn came between it and the user message before. */
export function repliedBefore(turns: readonly ChatTurn[]): boolean[] {
  const replied: boolean[] = [];
  let reply = false;
  for (const turn of turns) {
    if (turn.role === "assistant") reply = true;
    else {
      replied.push(replied.length > 0 && reply);
      reply = false;
    }
  }
  return replied;
}

/** The facts of a message that place the patient (the weight in pounds included: it corrects one in kg). */
export type PlacingKey = "weightKg" | "color" | "ageYears" | "poundsGiven";
const ALL: readonly PlacingKey[] = ["weightKg", "color", "poundsGiven", "ageYears"];
/** A weight and a tape colour are one fact: the colour is a band of weights (MCG 1309). */
const SIZE: readonly PlacingKey[] = ["weightKg", "color", "poundsGiven"];
/** "adult" and "longer than the tape" place the patient whole: they replace every fact, and any fact replaces them. */
const isWhole = (color: string | undefined) => color === "adult" || color === "longer-than-tape";

export interface PlacementReading {
  /** For each message (oldest first), the facts a later correction replaced: they are not the patient's. */
  readonly replacedFacts: readonly ReadonlySet<PlacingKey>[];
  /** The placements as said, oldest first, when they disagree and nothing settled it: no dose is given. */
  readonly disagree?: string[];
  /**
   * The newest correction accepted: what replaced what, as said ("70 kg replaces 20 kg"), and the facts said
   * before that it left standing ("6 years"), which the answer says too.
   */
  readonly replaced?: { readonly said: string; readonly kept?: string };
}

const told = (p: Placement) => `${p.said} (${p.as === "adult" ? "an adult" : "a child"})`;

/** The placing facts as said, in the engine's order ("adult", "blue tape", "20 kg", "6 years"). */
function saidOf(facts: PatientFacts): string[] {
  const { color, weightKg, ageYears } = facts;
  return [
    ...(color === undefined ? [] : [isWhole(color) ? placementOf({ color })!.said : `${color} tape`]),
    ...(weightKg === undefined ? [] : [`${weightKg} kg`]),
    ...(ageYears === undefined ? [] : [years(ageYears)]),
  ];
}

const pick = (facts: PatientFacts, keys: readonly PlacingKey[]): PatientFacts =>
  Object.fromEntries(keys.filter((k) => facts[k] !== undefined).map((k) => [k, facts[k]]));

/** Newer facts over older ones, as the dose reads them. */
const merged = (facts: readonly PatientFacts[]): PatientFacts => Object.assign({}, ...facts);

/**
 * The kinds a correction states, each as the facts it replaces: "adult" all of them, a weight or a colour both
 * (and pounds), an age the age. Fifth read, Medium 4: "20kg 6yo" then "sorry, 7yo" dropped the 20 kg too.
 */
function kindsCorrected(facts: PatientFacts, tapeAnswer = false): (readonly PlacingKey[])[] {
  // "longer than the tape" answering the tape question answers for the size only: the age the question was asked
  // for stands (TP 1231-P doses a child's seizure by age beyond the tape; medical director's eighth read, H6 rest).
  if (isWhole(facts.color)) return [tapeAnswer ? SIZE : ALL];
  return [
    ...(facts.weightKg !== undefined || facts.color !== undefined ? [SIZE] : []),
    ...(facts.ageYears !== undefined ? [["ageYears"] as const] : []),
  ];
}

/**
 * A tape colour, "adult" or "longer than tape" after a weight above the tape with an age under 15: the answer to
 * the engine's question (MCG 1309 doses such a child by the tape's length), which replaces the weight as a
 * correction does (sixth read, H1: "orange tape" after "70kg 6yo" was refused as a disagreement). From 12 to 14 the
 * engine doses the weight as an adult's but says a child who fits on the tape is dosed by its colour, so the colour
 * replaces the weight there too (seventh read, High 1: "orange tape" after "70kg 13yo" was refused).
 */
export function answersTape(before: PatientFacts, facts: PatientFacts): boolean {
  return isHeavyChild(before) && facts.color !== undefined && facts.weightKg === undefined;
}

/**
 * Another tape colour after one said: the tape read again, which replaces the colour as a correction does, and is
 * said, so the answer never quotes the older colour's replacing beside the newer's dose (seventh read, High 1:
 * "orange tape" then "green tape" was dosed green with the note "orange tape replaces 70 kg").
 */
const recolours = (before: PatientFacts, facts: PatientFacts) =>
  before.color !== undefined && !isWhole(before.color) && facts.color !== undefined &&
  !isWhole(facts.color) &&
  facts.color !== before.color && facts.weightKg === undefined;

/**
 * Whether the newest message (last of `factsOldestFirst`, read by withTapeAnswers) places the patient by the tape:
 * a colour or "longer than tape", or "adult" answering the tape question. It names no medication, so the chat
 * re-runs the one last asked (seventh read, High 1: "ok" then "longer than tape" gave no outcome at all).
 */
export function placesByTape(factsOldestFirst: readonly PatientFacts[]): boolean {
  const newest = factsOldestFirst.at(-1);
  if (newest?.color === undefined || newest.weightKg !== undefined) return false;
  return newest.color !== "adult" || answersTape(merged(factsOldestFirst.slice(0, -1)), newest);
}

/** Reads the messages (oldest first, one entry each) in order, as the chat answered them. */
export function readPlacements(messagesOldestFirst: readonly PlacingMessage[]): PlacementReading {
  const standing: PatientFacts[] = messagesOldestFirst.map((m) => pick(m.facts, ALL));
  const replacedFacts = messagesOldestFirst.map(() => new Set<PlacingKey>());
  const drop = (at: number, keys: readonly PlacingKey[]) => {
    for (let older = 0; older < at; older++) {
      const gone = keys.filter((k) => standing[older][k] !== undefined);
      if (isWhole(standing[older].color)) gone.push("color"); // any placing fact replaces "adult"
      for (const key of gone) {
        delete standing[older][key];
        replacedFacts[older].add(key);
      }
    }
  };
  let refused = false;
  let replaced: PlacementReading["replaced"];
  /** Messages whose "longer than the tape" answered the tape question: the age it was asked for agrees with it. */
  const beyondTape = new Set<number>();
  for (const [at, message] of messagesOldestFirst.entries()) {
    const placement = placementOf(message.facts);
    // A correction stating an age that places neither (13 or 14) is still said (sixth read, Medium 2: "20kg" then
    // "actually 14 yo" was dosed by age, silently).
    const corrects = correctsPlacement(message.text) && saidOf(message.facts).length > 0;
    if (!placement && !corrects) continue;
    if (placement && refused && message.afterReply) {
      // The answer to the refusal, which asks for one fact "now": it places the patient on its own (fourth read, N4).
      const was = new Set(
        standing.slice(0, at).map((f) => placementOf(f)?.said).filter((s) => s !== undefined),
      );
      was.delete(placement.said);
      drop(at, ALL);
      replaced = was.size > 0 ? { said: `${placement.said} replaces ${[...was].join(" and ")}` } : undefined;
    } else if (
      corrects || answersTape(merged(standing.slice(0, at)), message.facts) ||
      recolours(merged(standing.slice(0, at)), message.facts)
    ) {
      // Only the kinds it states; what it leaves must still agree with it (checked below, with every message).
      const before = merged(standing.slice(0, at));
      const tapeAnswer = answersTape(before, message.facts);
      if (tapeAnswer && isWhole(message.facts.color)) beyondTape.add(at);
      const kinds = kindsCorrected(message.facts, tapeAnswer);
      const pairs = kinds.flatMap((keys, i) => {
        const now = saidOf(pick(message.facts, keys)).join(" and ");
        // "adult" said before is replaced once, by the first kind stated.
        const was = saidOf(pick(before, i === 0 && isWhole(before.color) ? [...keys, "color"] : keys))
          .join(" and ");
        return was === now ? [] : [was ? `${now} replaces ${was}` : `${now} added`];
      });
      kinds.forEach((keys) => drop(at, keys));
      const kept = saidOf(merged(standing.slice(0, at))).filter((f) => !saidOf(message.facts).includes(f));
      // Said in the answer, so a misread correction is seen (fifth read, High 3: "sorry, 70kg" was silent).
      replaced = pairs.length > 0
        ? { said: pairs.join(", "), ...(kept.length > 0 ? { kept: kept.join(" and ") } : {}) }
        : undefined;
    }
    // What still stands, the facts a correction left included ("20kg 6yo" then "sorry, 70kg": 6 years, 70 kg).
    refused = disagreeing(standing.slice(0, at + 1), beyondTape) !== undefined;
  }
  const disagree = refused ? disagreeing(standing, beyondTape) : undefined;
  return { replacedFacts, ...(replaced ? { replaced } : {}), ...(disagree ? { disagree } : {}) };
}

/** The standing placements as told ("6 years (a child)"), oldest first, when they place both a child and an adult. */
function disagreeing(
  standing: readonly PatientFacts[],
  beyondTape: ReadonlySet<number>,
): string[] | undefined {
  // An age said before "longer than the tape" answered the tape question is the child's beyond the tape.
  const answered = [...beyondTape].some((at) => at < standing.length && isWhole(standing[at].color));
  const ageOnly = (f: PatientFacts) => f.ageYears !== undefined && saidOf(f).length === 1;
  const placed = standing.map((f) => answered && ageOnly(f) ? undefined : placementOf(f))
    .filter((p) => p !== undefined);
  if (new Set(placed.map((p) => p.as)).size < 2) return undefined;
  return [...new Set(placed.map(told))];
}
