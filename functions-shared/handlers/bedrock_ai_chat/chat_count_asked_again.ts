/**
 * A bare count ("nitro x1": the drug and "xN", no giving word) read as doses given when the same message asks for
 * that drug again after it, with no I/O. "60yo chest pain nitro x1, bp 140/90, nitro" asked how many nitro had been
 * given, though naming the drug again after its count says those doses were given and the next is asked (medical
 * director's nineteenth read, among its others; TP 1211 step 6: three doses in all, so one given leaves two). A count with
 * words of an order or a plan ("nitro x1 ordered", "give nitro x1") is not read: it may not have been given yet, and
 * the chat asks how many in all, as before.
 */
import { findMedications } from "./chat_names.ts";
import { THINGS_COUNTED_NOT_DOSES } from "./chat_charting_counts.ts";

/** Words that make a count an order or a plan, not doses given. */
const PLANNED =
  /\b(?:order(?:ed|s)?|plan(?:ned|s)?|prn|will|going\s+to|to\s+give|give|giving|want(?:s|ed)?|q\s*\d+(?:\s*min\w*)?)\b/i;

/** "next epi" after the count: the count may be the plan whose next step is asked ("3x epi, next epi"). */
const NEXT = /\bnext\b/i;
/** A count of other things than doses ("epi x2 IV lines", "x3 attempts"): chat_charting_counts.ts. */
const OTHER_THINGS = new RegExp(`[x×]\\s*\\d{1,2}\\s+${THINGS_COUNTED_NOT_DOSES}\\b`, "i");

/**
 * True when the bare count of `medicationId` in `clause` is followed by that drug named again in `after` (the rest
 * of the message), and neither says an order, a plan or a next step, nor the count one of other things.
 */
export function countedThenAskedAgain(
  clause: string,
  after: string,
  medicationId: string | undefined,
): boolean {
  if (medicationId === undefined || PLANNED.test(clause) || OTHER_THINGS.test(clause) || NEXT.test(after)) {
    return false;
  }
  return findMedications(after).some((m) => m.id === medicationId);
}
