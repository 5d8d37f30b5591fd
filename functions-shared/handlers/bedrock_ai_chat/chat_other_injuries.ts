/**
 * Whether a medic names an injury beyond the one a cause is read from, with no I/O (medical director's eighteenth
 * read, H2). TP 1244 gives 1 L of saline before base only to the ISOLATED head injury (steps 20-21) and the ISOLATED
 * extremity injury (steps 26-27); the multi-system patient with poor perfusion gets 250 mL, then base (step 15;
 * note 6: more fluid raises internal bleeding). So "tbi and pelvic fx" or "head injury, stab wound abdomen" is not
 * read as the head injury's 1 L, and "isolated extremity" is.
 */
import { TO_THE_HEAD } from "./chat_head_injury_words.ts";

/** A trunk or long-bone injury, a rigid abdomen or several injuries said outright. */
const OTHER_INJURY = new RegExp(
  [
    String
      .raw`(?:pelvi[cs]|femur|femoral|hip|rib|ribs|spine|spinal|long[\s-]*bones?)\s+(?:fx|fxs|fractures?|fractured|unstable|injury|injuries)`,
    String.raw`(?:open|unstable|broken|fractured)\s+(?:femur|pelvis|hip|ribs?)`,
    // A fracture of any part but the head's (a skull fracture is the head injury itself).
    String
      .raw`(?<!(?:skull|facial|nasal|orbital|jaw|mandible|mandibular|basilar|head)\s+)(?:fx|fxs|fractures?)`,
    String.raw`(?:abd|abdomen|belly)\s+(?:rigid|distended|tender)`,
    String.raw`(?:rigid|distended|tender)\s+(?:abd|abdomen|belly)`,
    String.raw`(?:chest|abdominal|abd|torso|truncal|thoracic)\s+(?:trauma|injury|injuries|wounds?)`,
    String.raw`multiple\s+(?:injuries|trauma|fractures|fx)`,
    String.raw`flail\s+chest`,
    // a limb's injury or its loss (TXA's isolated-TBI list had them: "only a head injury, leg injury")
    String.raw`(?:leg|arm|limb)s?\s+(?:injury|injuries|trauma)`,
    String.raw`amputat(?:ion|ed)`,
    String.raw`evisceration`,
    String.raw`eviscerated`,
  ].map((s) => String.raw`(?<![\w-])(?:${s})(?![\w-])`).join("|"),
  "i",
);

/** A penetrating wound: an injury of its own unless it is said to be to the head (TP 1244 step 21's). */
const PENETRATING =
  /(?<![\w-])(?:gsws?|gunshot(?:\s+wounds?)?|shot|stab(?:bed|bing|\s+wounds?)?|penetrating(?:\s+(?:trauma|injury))?|impaled)(?![\w-])/gi;

/** True when `text` names an injury besides a head injury: a trunk or long-bone one, or a wound not to the head. */
export function otherInjuryNamed(text: string): boolean {
  if (OTHER_INJURY.test(text)) return true;
  return [...text.matchAll(PENETRATING)].some((m) => !TO_THE_HEAD.test(text.slice(m.index + m[0].length)));
}

/** The injury said to be isolated (TP 1244's ISOLATED HEAD / EXTREMITY INJURY), never "not isolated". */
const ISOLATED = /(?<!(?:not|isn'?t|never)\s+)(?<![\w-])isolated(?![\w-])/i;

/** True when `text` says the injury is isolated. */
export function saidIsolated(text: string): boolean {
  return ISOLATED.test(text);
}
