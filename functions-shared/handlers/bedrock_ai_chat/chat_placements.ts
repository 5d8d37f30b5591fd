/**
 * Messages that place one patient as both an adult and a child, with no I/O: "20kg seizing versed" then
 * "actually adult, versed?" was dosed for 20 kg (medical director's read: an older weight beat a newer "adult").
 * Which is right is the medic's to say, so no dose is given (dosing_context.ts, PATIENT_FACTS_DISAGREE).
 *
 * Each message places the patient as the dosing engine reads one request (domain/dosing/patient.ts): "adult" or
 * "longer than the tape", else a tape colour, else a weight (on the tape's 3–36 kg a child, above it an adult),
 * else an age (under the tape's ages a child, from 15 an adult; 13 and 14 place neither). Within one message
 * the engine decides as before; only messages that disagree with each other are refused.
 */
import { ADULT_AGE_YEARS, colorOfAge, TAPE_WEIGHTS } from "../../domain/dosing/mod.ts";
import type { PatientFacts } from "./chat_mentions.ts";

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

/**
 * The facts, oldest first, of messages that place the patient as an adult and as a child, or undefined when
 * they agree (or one message alone places the patient). `factsOldestFirst`: one entry per message.
 */
export function placementsDisagree(factsOldestFirst: readonly PatientFacts[]): string[] | undefined {
  const placed = factsOldestFirst.map(placementOf).filter((p) => p !== undefined);
  if (new Set(placed.map((p) => p.as)).size < 2) return undefined;
  return [...new Set(placed.map((p) => `${p.said} (${p.as === "adult" ? "an adult" : "a child"})`))];
}
