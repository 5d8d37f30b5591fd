/**
 * A dose count said for a labelled patient among several ("2 pts cp: pt 1 nitro x3 given, pt 2 nitro x1 given")
 * and asked about by the same label in a newer message ("nitro pt 2 55yo?"), with no I/O. That newer message turns
 * to "pt 2", so the message before it is not read (chat_same_patient.ts), and pt 2 was dosed as a first dose with no
 * word of the one given (medical director's sixth read, Medium 4). The count said in that patient's own part of the
 * message is theirs: it is carried as an earlier message's count (chat_dose_counts.ts says so in its note). Where
 * that part speaks of doses with no count read, the chat asks (DOSES_GIVEN_UNCLEAR).
 */
import { findDosesGiven, mentionsDosesGiven } from "./chat_doses_given.ts";
import { moreDosesSaid } from "./chat_more_doses.ts";
import { findMedications } from "./chat_names.ts";
import type { DoseCount } from "./chat_dose_counts.ts";

const NUMBERS: Readonly<Record<string, string>> = { one: "1", two: "2", three: "3", four: "4" };
/**
 * "pt 2", "pt #2", "patient two", "pt b": never after a giving word ("gave pt 2 nitro" is a count) nor before a unit
 * ("pt 2 yo", "pt 2 doses", "pt 2 more").
 */
const LABEL = new RegExp(
  "(?<!\\b(?:gave|give|given|giving|administered|got)\\s+)\\b(?:pt|patient|victim|kid|child)\\s*(?:#\\s*)?" +
    "(?<label>[1-4]|one|two|three|four|a|b|c)\\b(?![/.]\\w)" +
    "(?!\\s*(?:years?|yrs?|yo|y\\/o|months?|mos?|mo|kg|kgs|lbs?|mg|mcg|ml|doses?|times|x|min|mins|more|" +
    "tabs?|sprays?|given|gave|already|total)\\b)",
  "gi",
);

const labelOf = (said: string) => NUMBERS[said.toLowerCase()] ?? said.toLowerCase();

/** The label of the patient a message asks about, when it names exactly one. */
function labelAsked(text: string): string | undefined {
  const labels = new Set([...text.matchAll(LABEL)].map((m) => labelOf(m.groups!.label)));
  return labels.size === 1 ? [...labels][0] : undefined;
}

/** Each labelled part of a message: from a label to the next one. */
function parts(text: string): { label: string; said: string }[] {
  const found = [...text.matchAll(LABEL)];
  return found.map((m, i) => ({
    label: labelOf(m.groups!.label),
    said: text.slice(m.index, found[i + 1]?.index ?? text.length).replace(/[\s,;:.]+$/, "").trim(),
  }));
}

/**
 * The count of `medicationId` said for the patient the newest message labels, in the newest of `droppedNewestFirst`
 * (messages a turn left unread) that has a part for that label, or undefined.
 */
export function labelledCount(
  newest: string,
  droppedNewestFirst: readonly string[],
  medicationId: string,
): DoseCount | undefined {
  const label = labelAsked(newest);
  if (label === undefined) return undefined;
  for (const text of droppedNewestFirst) {
    const mine = parts(text).filter((p) => p.label === label);
    if (mine.length === 0) continue;
    const counts = mine.map((p) => findDosesGiven(p.said, medicationId)).filter((n) => n !== undefined);
    if (counts.length === 1) return { dosesGiven: counts[0], earlier: true };
    const spoken = mine.find((p) =>
      findDosesGiven(p.said, medicationId) === undefined &&
      findMedications(p.said).every((m) => m.id === medicationId) && // another drug's doses are not this one's
      (moreDosesSaid(p.said, medicationId) !== undefined || mentionsDosesGiven(p.said))
    );
    return spoken || counts.length > 1 ? { earlier: false, unclear: mine.map((p) => p.said) } : undefined;
  }
  return undefined;
}
