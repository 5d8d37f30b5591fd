/**
 * How medics name a head injury, with no I/O: one list for every reader (saline's head-injury row, the opioids'
 * and ketorolac's head-injury holds, TXA's isolated-TBI hold, and a wound said to be to the head). TP 1244's
 * ISOLATED HEAD INJURY steps 20-25 and note 6 treat a possible traumatic brain injury alike, and MCG 1345 / MCG
 * 1317.22 hold ketorolac for any head trauma, so the readers no longer keep copies that drift apart.
 */
import { re } from "./chat_state_words.ts";

/**
 * A brain injury or its likely sign by name: "head injury", "tbi", "concussion", "skull fx", "gsw to the head".
 * What MCG 1317.41's "isolated traumatic brain injury" is said as: not a scalp wound or a bump alone.
 */
export const BRAIN_INJURY_NAMES =
  "head\\s+(?:injury|injuries|inj|trauma)|tbi|traumatic\\s+brain\\s+injury|concussion|" +
  "skull\\s+(?:fx|fracture)|(?:gsw|gunshot\\s+wound|shot)\\s+(?:to|in)\\s+(?:the\\s+)?head";

/**
 * A possible traumatic brain injury said (TP 1244 note 6): saline's head-injury row (step 21's 1 L). A head lac or
 * a bump beside a femur fracture stays the multi-system patient's 250 mL (step 15; chat_injury_md18.test.ts).
 */
export const BRAIN_INJURY = re(BRAIN_INJURY_NAMES);

/** Any head injury, as medics write it: the brain injury's names, and a blow or wound to the head. */
const HEAD_INJURY_NAMES = `${BRAIN_INJURY_NAMES}|head\\s+(?:strike|wound|lac\\w*)|` +
  "(?:hit|struck|bumped|banged)\\s+(?:(?:his|her|their|the)\\s+)?head";

/** A head injury said anywhere in a text (TP 1244 steps 20-25; MCG 1345 guideline 7's "head trauma"). */
export const HEAD_INJURY = re(HEAD_INJURY_NAMES);

/** Right after a penetrating word: the wound is to the head, skull or face (TP 1244 step 21's head injury). */
export const TO_THE_HEAD =
  /^\s+(?:wounds?\s+)?(?:(?:to|in|into|of|through)\s+)?(?:the\s+)?(?:head|skull|face)(?![\w-])/i;
