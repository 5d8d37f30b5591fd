/**
 * Whether a medic names an injury beyond the one a cause is read from, with no I/O (medical director's eighteenth
 * read, H2). TP 1244 gives 1 L of saline before base only to the ISOLATED head injury (steps 20-21) and the ISOLATED
 * extremity injury (steps 26-27); the multi-system patient with poor perfusion gets 250 mL, then base (step 15;
 * note 6: more fluid raises internal bleeding). So "tbi and pelvic fx" or "head injury, stab wound abdomen" is not
 * read as the head injury's 1 L, and "isolated extremity" is.
 */
import { TO_THE_HEAD } from "./chat_head_injury_words.ts";
import { deniedOrDoubted, saidPlainly } from "./chat_said_plainly.ts";
import { everyMatch } from "./chat_every_match.ts";

/** Each word list as one whole-word, case-insensitive pattern. */
const anyOf = (sources: readonly string[]) =>
  new RegExp(sources.map((s) => String.raw`(?<![\w-])(?:${s})(?![\w-])`).join("|"), "i");

/**
 * A trunk or long-bone injury, a rigid abdomen or several injuries said outright; and (twentieth read, H4: beside a
 * concussion these had been given the head injury's 1 L) the signs of a truncal bleed TP 1244 step 15 is for:
 * abdominal pain, distension or tenderness, a seatbelt sign, internal bleeding.
 */
const TRUNK_OR_LONG_BONE_WORDS = [
  String
    .raw`(?:pelvi[cs]|femur|femoral|hip|rib|ribs|spine|spinal|long[\s-]*bones?)\s+(?:fx|fxs|fractures?|fractured|unstable|injury|injuries)`,
  String.raw`(?:open|unstable|broken|fractured)\s+(?:femur|pelvis|hip|ribs?)`,
  String.raw`(?:abd|abdomen|belly)\s+(?:rigid|distended|tender)`,
  String.raw`(?:rigid|distended|tender)\s+(?:abd|abdomen|belly)`,
  String
    .raw`(?:abd|abdominal|belly|stomach)\s+(?:pain|distension|distention|tenderness|rigidity|bruising|guarding)`,
  String.raw`seat[\s-]*belt\s+(?:sign|marks?|bruis\w*|abrasions?)`,
  String.raw`internal(?:ly)?\s+(?:bleed\w*|hemorrhag\w*|haemorrhag\w*|injur\w*)`,
  String.raw`(?:chest|abdominal|abd|torso|truncal|thoracic)\s+(?:trauma|injury|injuries|wounds?)`,
  String.raw`multiple\s+(?:injuries|trauma|fractures|fx)`,
  String.raw`flail\s+chest`,
  String.raw`amputat(?:ion|ed)`,
  String.raw`evisceration`,
  String.raw`eviscerated`,
];

/** A limb's injury beside a head injury: any fracture but the head's, a limb's injury, a bleeding limb wound. */
const LIMB_WORDS = [
  // A fracture of any part but the head's (a skull fracture is the head injury itself).
  String
    .raw`(?<!(?:skull|facial|nasal|orbital|jaw|mandible|mandibular|basilar|head)\s+)(?:fx|fxs|fractures?)`,
  // a limb's injury (TXA's isolated-TBI list had them: "only a head injury, leg injury")
  String.raw`(?:leg|arm|limb)s?\s+(?:injury|injuries|trauma)`,
  // a bleeding limb wound (twentieth read, H4: TP 1244 step 15's extremity bleed)
  String
    .raw`bleeding\s+(?:from\s+)?(?:(?:a|an|the|his|her|their)\s+)?(?:(?:left|right|lt|rt|l|r)\s+)?(?:leg|arm|limb|thigh|extremity|groin)s?(?:\s+(?:wounds?|lac\w*))?`,
  String.raw`(?:leg|arm|limb|thigh|extremity|groin)\s+(?:wounds?|lac\w*)\s+(?:is\s+)?bleeding`,
];

const TRUNK_OR_LONG_BONE = anyOf(TRUNK_OR_LONG_BONE_WORDS);
const OTHER_INJURY = anyOf([...TRUNK_OR_LONG_BONE_WORDS, ...LIMB_WORDS]);

/** A penetrating wound: an injury of its own unless it is said to be to the head (TP 1244 step 21's). */
const PENETRATING =
  /(?<![\w-])(?:gsws?|gunshot(?:\s+wounds?)?|shot|stab(?:bed|bing|\s+wounds?)?|penetrating(?:\s+(?:trauma|injury))?|impaled)(?![\w-])/gi;

/** Right after a wound said to be to the head: another part it went to too ("gsw to the head and chest"). */
const AND_ANOTHER_PART =
  /^\s*(?:,|and|&|\/|\+)\s*(?:the\s+)?(?:chest|abd|abdomen|belly|torso|trunk|back|flank|neck|pelvis|groin|legs?|arms?|thigh)(?![\w-])/i;

/** True when the penetrating wound ending at `end` is not to the head alone. */
function woundBeyondTheHead(text: string, end: number): boolean {
  const head = TO_THE_HEAD.exec(text.slice(end));
  return !head || AND_ANOTHER_PART.test(text.slice(end + head[0].length));
}

/**
 * True when `text` names an injury besides a head injury: a trunk or long-bone one, or a wound not to the head
 * alone. Never a denied one ("no abdominal pain", "denies chest trauma"): nothing else is then named.
 */
export function otherInjuryNamed(text: string): boolean {
  if (saidPlainly(text, OTHER_INJURY)) return true;
  return everyMatch(PENETRATING, text).some((m) => {
    const end = m.index + m[0].length;
    return !deniedOrDoubted(text, m.index, end) && woundBeyondTheHead(text, end);
  });
}

/**
 * True when `text` names a trunk or long-bone injury, not denied: what makes a major mechanism multi-system trauma
 * for ketorolac's hold (chat_ketorolac_multisystem.ts); an ankle fracture after a collision does not.
 */
export function trunkOrLongBoneInjuryNamed(text: string): boolean {
  return saidPlainly(text, TRUNK_OR_LONG_BONE);
}

/** The injury said to be isolated (TP 1244's ISOLATED HEAD / EXTREMITY INJURY), never "not isolated". */
const ISOLATED = /(?<!(?:not|isn'?t|never)\s+)(?<![\w-])isolated(?![\w-])/i;

/** True when `text` says the injury is isolated. */
export function saidIsolated(text: string): boolean {
  return ISOLATED.test(text);
}
