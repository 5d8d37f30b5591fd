/**
 * Doses of one medication already given, across this patient's messages, and the note the answer leads with,
 * with no I/O. A count is read (findDosesGiven, chat_mentions.ts) from the newest message that says one for the
 * drug asked about; the client's patient.dosesGiven wins over all (dosing_context.ts). Counts only grow, so an
 * older message's count is never less safe than none: "chest pain 60yo, nitro x2 given" then "he needs another
 * nitro, 60yo?" dosed 0.4 mg as a first dose (medical director's fifth read, Medium 7), where TP 1211 allows three
 * in all. A count is never added to another ("x2 given" then "x3 given total" is 3), and one carried is said to be
 * from an earlier message and may be out of date: doses given since are not in it, and the maximum (TP 1210, TP
 * 1211, TP 1231) may have been reached. A count said while the drug was given for another indication ("anaphylaxis,
 * epi x2 given" then "now coding, epi?") is not this course's: it is not carried, and the answer asks.
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { findDosesGiven, mentionsDosesGiven, readIndication } from "./chat_mentions.ts";
import { mentionsDoseSeries } from "./chat_series.ts";

export interface DoseCount {
  readonly dosesGiven: number;
  /** Read from an earlier message of this patient's, not the newest. */
  readonly earlier: boolean;
}

/**
 * The count of `medicationId`'s doses given: the newest message's, else the newest an earlier message says while
 * the indication read there is `indication` (the one dosed now), or undefined.
 */
export function doseCount(
  userTextsNewestFirst: readonly string[],
  medicationId: string,
  indication: string | undefined,
  child: boolean,
): DoseCount | undefined {
  for (const [at, text] of userTextsNewestFirst.entries()) {
    const dosesGiven = findDosesGiven(text, medicationId);
    if (dosesGiven === undefined) continue;
    if (at === 0) return { dosesGiven, earlier: false };
    const then = readIndication(medicationId, userTextsNewestFirst.slice(at), child).indication;
    return then === indication ? { dosesGiven, earlier: true } : undefined;
  }
  return undefined;
}

const ASK =
  "Ask how many doses were given (say 'N doses given', or send patient.dosesGiven) before giving another.";

/**
 * The note on doses given the answer leads with, or undefined. `fromWords`: the count, if any, was read from the
 * messages (not sent as patient.dosesGiven); `carried`: it came from an earlier message.
 */
export function dosesGivenNote(
  userTextsNewestFirst: readonly string[],
  requests: readonly DoseRequest[],
  fromWords: boolean,
  carried: boolean,
): string | undefined {
  if (carried && requests.length > 0) {
    return `The count of doses already given (${
      requests[0].dosesGiven
    }) is from an earlier message, not this ` +
      "one: doses given since are not in it, and if the maximum has been reached no further dose is allowed. " +
      "Ask how many doses were given in all (say 'N doses given', or send patient.dosesGiven) before giving another.";
  }
  return newestNote(userTextsNewestFirst[0] ?? "", requests, fromWords) ??
    earlierNote(userTextsNewestFirst.slice(1), requests);
}

/**
 * A message that speaks of doses already given ("epi given", "gave 3 mg", "next epi?", "used own epipen") but
 * where a dose asked about has no count read is dosed as if none had been: the answer must say so, or it would
 * offer a dose the maximum may not allow (TP 1210: 3 mg of epinephrine in arrest, more only on base order;
 * TP 1211: nitroglycerin three times in all). For adults and children alike, and however many drugs are asked.
 * A count read from the words is said too: words miss doses (another crew's, the patient's own), and a count
 * too low offers a dose past the maximum. A count the client sent (patient.dosesGiven) is not questioned.
 */
function newestNote(
  newest: string,
  requests: readonly DoseRequest[],
  fromWords: boolean,
): string | undefined {
  // A series of amounts with no count ("adenosine 6 then 12 then 12") speaks of doses given too.
  if (!mentionsDosesGiven(newest) && !mentionsDoseSeries(newest)) return undefined;
  if (requests.some((r) => r.dosesGiven === undefined)) {
    return "Doses already given were not read from the message: a dose below with no count given is for a " +
      `patient who has had none of it, and its next dose may not be allowed. ${ASK}`;
  }
  if (!fromWords || requests.length === 0) return undefined;
  return `Doses already given were counted from the message (${
    requests[0].dosesGiven
  }): if any others were ` +
    "given (by another crew, or by the patient), the count is higher and the next dose may not be allowed; " +
    "send patient.dosesGiven with every dose given.";
}

/**
 * Doses given said in an earlier message of this patient's with no count carried (none read for this drug, several
 * drugs asked, or another indication's: doseCount) leave a dose with no count for a patient who has had none: the
 * answer asks (medical director's fourth read, N1).
 */
function earlierNote(earlier: readonly string[], requests: readonly DoseRequest[]): string | undefined {
  if (!requests.some((r) => r.dosesGiven === undefined) || !earlier.some(mentionsDosesGiven)) {
    return undefined;
  }
  return "An earlier message spoke of doses already given, but no count of them was read for the dose below: it " +
    `is for a patient who has had none of it, and its next dose may not be allowed. ${ASK}`;
}
