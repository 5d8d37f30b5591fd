/**
 * What the answer says of ages written but not read as the patient's, with no I/O. A misread age doses a child
 * as an adult (medical director's reviews), so an age in doubt is left unread and the answer says it was
 * written and not read, never that no age was given.
 */
import { agesUnreadIn, agesWritten } from "./chat_ages.ts";

export interface AgeReading {
  readonly notes: readonly string[];
  /** Different ages in different messages: the age the facts hold is dropped. */
  readonly dropAge: boolean;
  /** An age was written and not read: "no age was given" would be untrue. */
  readonly unread: boolean;
}

const quoted = (said: readonly string[]) => said.map((a) => `"${a}"`).join(", ");
const SAY_IT = `Say the patient's age alone ("8 months old") or send patient.ageYears.`;

/**
 * The ages of a conversation's user messages (newest first) not read as the patient's (chat_ages.ts
 * agesUnreadIn): two different ages anywhere, counting every age written, read none; so does an adult's age
 * where any message speaks of a baby or a child. "8moF seizing" then "22yo on scene says 2nd seizure" would
 * re-dose the infant as 22 if the newer overwrote the older. `ageRead` is the age the facts hold; an age the
 * client sent (patient.ageYears) is never questioned.
 */
export function ageReading(
  userTextsNewestFirst: readonly string[],
  ageSent: boolean,
  ageRead: boolean,
): AgeReading {
  if (ageSent) return { notes: [], dropAge: false, unread: false };
  const unread = agesUnreadIn([...userTextsNewestFirst].reverse());
  if (!unread) return { notes: [], dropAge: false, unread: false };
  const inMessages = userTextsNewestFirst.filter((t) => agesWritten(t).length > 0).length > 1;
  const note = unread.why === "different"
    ? `Different ages were said${inMessages ? " in different messages" : ""} (${
      quoted(unread.said)
    }) and none was read as the patient's: one may be a parent's${
      inMessages ? " or a correction" : ""
    }. ${SAY_IT}`
    : unread.why === "beside-child"
    ? `The age said (${
      quoted(unread.said)
    }) was not read as the patient's: the conversation also speaks of a baby ` +
      `or a child, and it may be a parent's. ${SAY_IT}`
    : `The age said (${
      quoted(unread.said)
    }) stands beside another person (a parent, the caller, a bystander) ` +
      `and was not read as the patient's. ${SAY_IT}`;
  const dropAge = unread.why !== "someone-else";
  return { notes: [note], dropAge, unread: dropAge || !ageRead };
}
