/**
 * Messages that place one patient as both an adult and a child, with no I/O: "20kg seizing versed" then
 * "longer than tape, versed?" was dosed for 20 kg (medical director's read: an older weight beat a newer
 * placement). Which is right is the medic's to say, so no dose is given (dosing_context.ts, PATIENT_FACTS_DISAGREE)
 * until the medic settles it: the newest message that places the patient wins when it corrects ("sorry, 70kg",
 * "actually adult", "no wait 20kg", "not 70kg") or comes after the chat's refusal (an assistant turn between), so
 * the refusal can be answered (fourth read, N4: once two messages disagreed, every later one was refused).
 *
 * Each message places the patient as the dosing engine reads one request (domain/dosing/patient.ts): "adult" or
 * "longer than the tape", else a tape colour, else a weight (on the tape's 3–36 kg a child, above it an adult),
 * else an age (under the tape's ages a child, from 15 an adult; 13 and 14 place neither). Within one message
 * the engine decides as before; only messages that disagree with each other are refused.
 */
import { ADULT_AGE_YEARS, colorOfAge, TAPE_WEIGHTS } from "../../domain/dosing/mod.ts";
import type { PatientFacts } from "./chat_mentions.ts";
import { correctsPlacement } from "./chat_placement_words.ts";

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

export interface PlacementReading {
  /** The index (oldest first) of the first message whose placement counts: older ones were corrected. */
  readonly from: number;
  /** The placements as said, oldest first, when they disagree and nothing settled it: no dose is given. */
  readonly disagree?: string[];
  /** A correction accepted: the placement it replaced and the one now read, as said ("20 kg", "70 kg"). */
  readonly replaced?: { readonly was: string; readonly now: string };
}

const told = (p: Placement) => `${p.said} (${p.as === "adult" ? "an adult" : "a child"})`;

/** Reads the messages (oldest first, one entry each) in order, as the chat answered them. */
export function readPlacements(messagesOldestFirst: readonly PlacingMessage[]): PlacementReading {
  let from = 0;
  let refused = false;
  let replaced: PlacementReading["replaced"];
  const placed: (Placement & { at: number })[] = [];
  for (const [at, message] of messagesOldestFirst.entries()) {
    const placement = placementOf(message.facts);
    if (!placement) continue;
    const disagrees = placed.some((p) => p.at >= from && p.as !== placement.as);
    const before = placed.findLast((p) => p.at >= from);
    placed.push({ ...placement, at });
    if (correctsPlacement(message.text) || (refused && message.afterReply)) {
      // Said in the answer, so a misread correction is seen (fifth read, High 3: "sorry, 70kg" was silent).
      replaced = before && before.said !== placement.said
        ? { was: before.said, now: placement.said }
        : undefined;
      from = at;
      refused = false;
    } else if (disagrees) refused = true;
  }
  const settled = replaced ? { from, replaced } : { from };
  if (!refused) return settled;
  return { ...settled, disagree: [...new Set(placed.filter((p) => p.at >= from).map(told))] };
}
