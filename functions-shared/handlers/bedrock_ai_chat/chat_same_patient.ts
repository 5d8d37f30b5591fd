/**
 * Which of the user's messages are about the newest one's patient, and what a turn to another patient would drop,
 * with no I/O. A false turn ("pt 2 tabs given", "father had mi") dropped a low pressure or an enhancer and the
 * newest message alone was dosed nitroglycerin (medical director's fourth read, N1): where the dropped messages
 * held a dose back and this patient's messages do not say it again, the chat asks "same patient?" instead
 * (dosing_context.ts, SAME_PATIENT_UNCLEAR). A clear turn that places the new patient in the same message
 * ("another 20kg kid, calcium?") is read alone, as before.
 */
import { turnsToAnotherPatient, turnsToOtherPatient } from "./chat_patient_turns.ts";
import { findDosesGiven, mentionsDosesGiven } from "./chat_doses_given.ts";
import { readIndication } from "./chat_indications.ts";
import { findPatientFacts, systolicPressuresSaid } from "./chat_patient_mentions.ts";
import { pressureUnread } from "./chat_pressure_words.ts";
import { enhancerNamedIn } from "./chat_enhancers.ts";
import { unavailableRoutes } from "./chat_routes.ts";
import type { ChatTurn } from "./dosing_types.ts";

/** The medic's answer to the question: the turn before it is undone ("same pt", not "not the same pt"). */
const SAME_PATIENT =
  /(?<!\b(?:not|never|isn'?t|wasn'?t)\s+(?:the\s+)?)\bsame\s+(?:pt|patient|person|guy|lady|man|woman|kid|child|one)\b/i;

export const saysSamePatient = (text: string) => SAME_PATIENT.test(text);
/**
 * A plain yes to the chat's "same patient?" ("yes", "yes same", "yep same one"), alone or before a question that
 * turns to no one else (fifth read, Medium 2).
 */
const PLAIN_YES =
  /^\s*(?:(?:yes|yeah|yep|yup|correct|affirmative)(?:[\s,.!-]+(?:same(?:\s+(?:one|pt|patient))?|it\s+is|it'?s\s+(?:the\s+)?same))?|same|same\s+one)\s*(?:$|[\n,.;:!]+)/i;
const answersYes = (text: string) => {
  const yes = PLAIN_YES.exec(text);
  return yes !== null && !turnsToAnotherPatient(text.slice(yes[0].length));
};
/** Whether an assistant reply asked if this is the same patient (as SAME_PATIENT_UNCLEAR tells it to). */
export const asksSamePatient = (reply: string) => /\bsame\s+(?:pt|patient|person)\b[^?]*\?/i.test(reply);

/** For each user message, oldest first: whether the assistant reply just before it asked "same patient?". */
export function askedSameBefore(turns: readonly ChatTurn[]): boolean[] {
  return turns.flatMap((turn, i) =>
    turn.role === "user" ? [turns[i - 1]?.role === "assistant" && asksSamePatient(turns[i - 1].content)] : []
  );
}

const PLACING = ["weightKg", "color", "ageYears"] as const;

/**
 * A turn to a new patient placed (weight, colour, age or "adult") in the same message, and placed differently
 * from the earlier patient: "new one, 60yo" after a 60-year-old is the same patient as likely as not, so the net
 * applies (fifth read, High 1). With nothing of the same kind said before, the placement settles it as before.
 */
function clearNewPatient(text: string, droppedNewestFirst: readonly string[]): boolean {
  if (!turnsToOtherPatient(text)) return false;
  const now = findPatientFacts(text);
  const said = PLACING.filter((key) => now[key] !== undefined);
  if (said.length === 0) return false;
  const before = droppedNewestFirst.map(findPatientFacts);
  return said.some((key) => {
    const earlier = before.find((facts) => facts[key] !== undefined)?.[key];
    return earlier === undefined || earlier !== now[key];
  });
}

export interface PatientsMessages {
  /** This patient's messages, newest first (up to and with the one that turned to them). */
  readonly kept: string[];
  /** The messages before the turn, newest first: none of them is read. */
  readonly dropped: string[];
  /** Whether the turn was a clear one to a new patient placed in its message. */
  readonly clear: boolean;
}

/**
 * Splits the user's messages (newest first) at the newest turn to another patient. A message saying "same
 * patient", or a plain "yes" where `askedSameBefore[i]` (the reply before message i asked "same patient?"), undoes
 * the newest turn older than it, unless that turn was a clear one to a new patient.
 */
export function splitAtTurn(
  userTextsNewestFirst: readonly string[],
  askedSameBefore: readonly boolean[] = [],
): PatientsMessages {
  let same = false;
  for (const [i, text] of userTextsNewestFirst.entries()) {
    if (saysSamePatient(text) || (askedSameBefore[i] && answersYes(text))) {
      same = true;
      continue;
    }
    if (!turnsToAnotherPatient(text)) continue;
    const clear = clearNewPatient(text, userTextsNewestFirst.slice(i + 1));
    if (same && !clear) {
      same = false;
      continue;
    }
    return {
      kept: userTextsNewestFirst.slice(0, i + 1),
      dropped: userTextsNewestFirst.slice(i + 1),
      clear,
    };
  }
  return { kept: [...userTextsNewestFirst], dropped: [], clear: false };
}

type Hold = "pressure" | "enhancer" | "doses" | "denial" | "route";

/** What in `text` holds a dose back, by kind, as said (first one of each kind). */
function holdsIn(text: string, medicationIds: readonly string[]): Map<Hold, string> {
  const holds = new Map<Hold, string>();
  const pressures = systolicPressuresSaid(text);
  const words = pressureUnread([text]);
  if (pressures.length > 0) holds.set("pressure", `systolic ${Math.min(...pressures)}`);
  else if (words !== undefined) holds.set("pressure", words);
  const enhancer = enhancerNamedIn([text]);
  if (enhancer) holds.set("enhancer", enhancer);
  if (mentionsDosesGiven(text)) holds.set("doses", "doses already given");
  const denied = [...new Set(medicationIds.flatMap((id) => readIndication(id, [text]).denied))];
  if (denied.length > 0) holds.set("denial", `${denied.join(", ")} denied or ended`);
  const lacked = unavailableRoutes(text);
  if (lacked.length > 0) holds.set("route", `no ${lacked.join(" or ")}`);
  return holds;
}

/**
 * What the dropped messages said that holds a dose back and this patient's messages do not say again, as said
 * (oldest kind first), or undefined: nothing was dropped, the turn was clear, or nothing held back is lost.
 */
export function holdsDropped(
  split: PatientsMessages,
  medicationIds: readonly string[],
): string[] | undefined {
  if (split.dropped.length === 0 || split.clear) return undefined;
  // Doses are said again only with a count: "another nitro" speaks of doses but loses "x2 given" (fifth read, M7).
  const restated = new Set(
    split.kept.flatMap((t) =>
      [...holdsIn(t, medicationIds).keys()].filter((kind) =>
        kind !== "doses" || medicationIds.some((id) => findDosesGiven(t, id) !== undefined)
      )
    ),
  );
  const lost = new Map<Hold, string>();
  for (const text of split.dropped) {
    for (const [kind, said] of holdsIn(text, medicationIds)) {
      if (!restated.has(kind) && !lost.has(kind)) lost.set(kind, said);
    }
  }
  return lost.size > 0 ? [...lost.values()] : undefined;
}
