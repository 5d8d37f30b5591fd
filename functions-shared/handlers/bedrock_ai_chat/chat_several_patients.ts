/**
 * Messages that speak of more than one patient ("2 kids seizing", "both pts", "twins", "her brother too", "versed
 * for the other"), with no I/O. A weight or age said before such a message may be the other patient's: the
 * medical director's fifth read (Medium 6) found "seizing 20kg" then "2 kids seizing, versed for the other" dosed
 * the other child by the first one's 20 kg. So a dose is placed only by what that message or a newer one says; a
 * message that places two patients ("2 kids seizing, 20kg and 15kg") places no one, and the chat asks which patient
 * (WHICH_PATIENT, chat_own_refusals.ts). One patient's own words stay one patient: "pt's other arm", "the other
 * iv", "other side", "other nostril", "other than that", "both arms".
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { findPatientFacts } from "./chat_patient_mentions.ts";
import { weightsKgSaid } from "./chat_placement_words.ts";
import { agesSaid } from "./chat_ages.ts";

const PATIENTS =
  "kids|children|pts|patients|bab(?:y|ies)|infants|toddlers|victims|boys|girls|siblings|sibs|" +
  "brothers|sisters|people|persons|(?:little|small|young)\\s+ones";
/**
 * A count of patients ("2 kids", "two small children", "both pts"), never a parent's ("has 2 kids", "mom of 2
 * kids") nor points ("gcs down 2 pts").
 */
const COUNTED = "(?<!\\b(?:has|have|had|of|raising|by|down|up|dropped|drop|increased|decreased)\\s+)" +
  `\\b(?:[2-9]|two|three|four|both|multiple|several)\\s+(?:[a-z]+\\s+)?(?:${PATIENTS})\\b`;
/** "twins", "triplets", "both of them": not "one of twins", "had twins". */
const MANY = "(?<!\\b(?:of|had|has|have)\\s+)\\b(?:twins|triplets)\\b|\\bboth\\s+of\\s+them\\b";
/** "the other kid", "the other pt": a patient noun after, never "the other iv", "other side", "other than". */
const OTHER_NAMED =
  "\\bthe\\s+other\\s+(?:kid|child|pt|patient|baby|infant|toddler|girl|boy|twin|sibling|sib|" +
  "brother|sister|victim)s?\\b";
/**
 * "versed for the other", "and the other one?": the other as the one dosed, at the end of its clause. "the other
 * one" alone is as often a dose ("other one didnt help": fifth read, High 1).
 */
const OTHER_DOSED = "\\b(?:for|treat|treating|dose|dosing|about|and)\\s+the\\s+others?(?:\\s+one)?" +
  "(?=\\s*(?:$|[,.;:!?\\n]|\\d|(?:too|also|now|please|pls)\\b))";
/** "her brother too", "twin also seizing": a sibling or child as a patient too, not "sister also has asthma". */
const ALSO = "\\b(?:brother|sister|sibling|sib|twin|son|daughter|bro|sis)\\s+(?:is\\s+|was\\s+)?" +
  "(?:too|also|as\\s+well)\\b(?!\\s+(?:has|have|had)\\b)";

const SEVERAL = new RegExp([COUNTED, MANY, OTHER_NAMED, OTHER_DOSED, ALSO].join("|"), "i");

/** The words that speak of more than one patient, as written, or undefined. */
export function severalPatientsSaid(text: string): string | undefined {
  return SEVERAL.exec(text)?.[0];
}

/** Whether a message places two patients: two different weights, or two different ages. */
function placesTwo(text: string): string[] | undefined {
  const weights = [...new Set(weightsKgSaid(text))];
  if (weights.length > 1) return weights.map((kg) => `${kg} kg`);
  const ages = [...new Map(agesSaid(text).map((a) => [a.years, a.said.trim()])).values()];
  return ages.length > 1 ? ages : undefined;
}

const PLACING = ["weightKg", "color", "ageYears"] as const;
type Placing = (typeof PLACING)[number];
const SAID: Record<Placing, (v: number | string) => string> = {
  weightKg: (kg) => `${kg} kg`,
  color: (c) => `${c}`,
  ageYears: (y) => `${y} years`,
};

/** How the newest messages about several patients read: what placed the dose, or why no one was placed. */
export interface SeveralPatients {
  /** The words that spoke of several patients. */
  readonly said: string;
  /** The two placements one message made ("20 kg", "15 kg"): no single dose. */
  readonly placedTwo?: readonly string[];
  /** The facts said only before those words (the keys to leave out of the request). */
  readonly before: readonly Placing[];
}

/**
 * For this patient's messages (newest first): the newest one that speaks of several patients, and what of the
 * placement was said only before it (not this patient's, maybe), or undefined when none speaks of several. `sent`:
 * the client placed the patient (patient.weightKg, color, ageYears), which says whose dose it is.
 */
export function severalPatients(
  keptNewestFirst: readonly string[],
  sent: boolean,
): SeveralPatients | undefined {
  if (sent) return undefined;
  const at = keptNewestFirst.findIndex((t) => severalPatientsSaid(t) !== undefined);
  if (at < 0) return undefined;
  const said = severalPatientsSaid(keptNewestFirst[at])!;
  const since = keptNewestFirst.slice(0, at + 1);
  // The newest message that places anyone decides: "2 kids, 20kg and 15kg" then "the 15kg one" is placed.
  const placing = since.find((t) =>
    PLACING.some((key) => findPatientFacts(t)[key] !== undefined) || placesTwo(t)
  );
  const placedTwo = placing === undefined ? undefined : placesTwo(placing);
  const facts = since.map(findPatientFacts);
  const before = PLACING.filter((key) => !facts.some((f) => f[key] !== undefined));
  return { said, before, ...(placedTwo ? { placedTwo } : {}) };
}

/**
 * The request with the placement said only before the several patients left out, and what was left out (as said),
 * or `unplaced` when nothing said since places this patient (the chat asks: WHICH_PATIENT).
 */
export function placedSince(
  request: DoseRequest,
  several: SeveralPatients,
): { request: DoseRequest; left: string[]; unplaced: boolean } {
  const kept: Record<string, unknown> = { ...request };
  const left: string[] = [];
  for (const key of several.before) {
    if (request[key] === undefined) continue;
    left.push(SAID[key](request[key]!));
    delete kept[key];
  }
  const unplaced = several.placedTwo !== undefined || !PLACING.some((key) => kept[key] !== undefined);
  return { request: kept as unknown as DoseRequest, left, unplaced };
}

/** The WHICH_PATIENT question: short, what to send. */
export function whichPatientMessage(several: SeveralPatients, left: readonly string[]): string {
  const why = several.placedTwo
    ? ` and ${several.placedTwo.join(" and ")}: no one dose fits both`
    : left.length > 0
    ? `; the ${left.join(" and ")} said before may be the other patient's`
    : "";
  return `Which patient is this dose for? You wrote '${several.said}'${why}. No dose until you send this ` +
    "patient's weight (or tape colour) alone.";
}
