/**
 * MCG 1355's signs of poor perfusion beyond the words "poor perfusion" themselves, with no I/O. An adult is poorly
 * perfused by a systolic below 90, a weak or thready pulse, an altered mental status, or a change in tissue colour
 * (pallor, cyanosis) (guideline 1; any one, the medic's clinical judgement). Diaphoresis and clamminess are not
 * among MCG 1355's signs: said alone they show nothing ("pale, cool, clammy" is read by its pallor). A child is
 * poorly perfused only where an altered mental status is said with another sign (guideline 2): the mottling, slow capillary refill and hypotension a child's may
 * stand on are read by POOR_PERFUSION (poorPerfusionSaid), so here the altered mind beside
 * cyanosis or a flushed skin. Hyperglycaemia's saline had been held at an adult's glucose of 200 to 400 where the
 * medic wrote "bp 80/50" or "weak thready pulse, altered" (medical director's twentieth read, H2): TP 1203 step 8
 * gives the standing litre for poor perfusion at any glucose above 200.
 */
import { saidPlainly } from "./chat_said_plainly.ts";
import { ALTERED_STATE, re } from "./chat_state_words.ts";

/** MCG 1355 guideline 1c: an adult's systolic below this is poor perfusion. */
const ADULT_POOR_PERFUSION_BELOW_SBP = 90;

/** MCG 1355 guideline 1a: a weak or thready pulse ("weak thready pulse", "pulses weak", "thready radials"). */
const WEAK_PULSE = re(
  "(?:weak|thready|faint)(?:\\s*(?:,|and|&|\\/)?\\s*(?:weak|thready|faint))*\\s+(?:radial\\s+)?(?:pulses?|radials?)|" +
    "(?:radial\\s+)?pulses?\\s+(?:(?:is|are)\\s+)?(?:weak|thready|faint)|thready",
);
/**
 * MCG 1355 guideline 1b: an altered mental status (confusion, restlessness, lethargy, combativeness), beside
 * ALTERED_STATE's "altered" of the mind (chat_state_words.ts).
 */
const ALTERED_WORDS = re(
  "ams|aloc|lethargic|letharg\\w*|confused|confusion|disoriented|restless|combative|obtunded|" +
    "(?:un|non)[\\s-]?responsive(?!\\s+to\\s+(?!voice|verbal|pain|stimul|touch|sternal))",
);
/** MCG 1355 guideline 1d: tissue colour changed (pallor, cyanosis); mottling is POOR_PERFUSION's. */
const ADULT_SKIN = re(
  "pale(?!\\s+(?:stools?|urine|yellow))|pallor|ashen|cyanotic|cyanosis|blue\\s+lips",
);
/** MCG 1355 guideline 2a: a child's skin (mottling is POOR_PERFUSION's), said beside an altered mind. */
const CHILD_SKIN = re("cyanotic|cyanosis|blue\\s+lips|flushed|flushing");

/** Poor perfusion in words (MCG 1355): said so, a slow capillary refill, hypotension, shock, mottling. */
const POOR_PERFUSION = new RegExp(
  "(?<![\\w-])(?:poor(?:ly)?\\s+perfus\\w*|(?:delayed|prolonged|slow|sluggish)\\s+cap\\w*(?:\\s+refill)?|" +
    "cap(?:illary)?\\s+refill\\s*(?:of\\s*|is\\s*|[:=>]\\s*)*(?:[3-9]|\\d{2})(?:\\s*(?:s|sec|secs|seconds))?|" +
    "cap(?:illary)?\\s+refill\\s+(?:delayed|prolonged|slow|sluggish)|hypotensi\\w+|shock|mottl\\w+)(?![\\w-])",
  "i",
);
/**
 * Beside deniedAt's cues: a denial right before a sign, one word at most between ("not really hypotensive", "no weak
 * pulse").
 */
const DENIED_BEFORE = /\b(?:no|not|without|denies|w\/o|non)\s+(?:\w+\s+)?$/i;
const plainly = (text: string, pattern: RegExp) => saidPlainly(text, pattern, { before: DENIED_BEFORE });

/**
 * True when a message says poor perfusion, not denied: any of its words said plainly (chat_said_plainly.ts). Only the
 * first had been read, so "no shock earlier, now cap refill 4 sec" found no poor perfusion and gave a child step 7's
 * 10 mL/kg, or held it at a glucose of 250 or less, where TP 1203-P step 8 gives the 20 mL/kg bolus (MCG 1355).
 */
export function poorPerfusionSaid(text: string): boolean {
  return plainly(text, POOR_PERFUSION);
}

/** An altered mental status said of this patient, not denied (MCG 1355 guideline 1b, 2). */
function alteredSaid(text: string): boolean {
  return plainly(text, ALTERED_WORDS) || ALTERED_STATE.some((pattern) => plainly(text, pattern));
}

/**
 * True when `text` says MCG 1355's signs of poor perfusion for this patient (an adult's any one sign, a child's an
 * altered mind with cyanosis or flushing); the words "poor perfusion", a slow refill, mottling or hypotension are
 * poorPerfusionSaid's.
 */
export function perfusionSignsSaid(text: string, child: boolean): boolean {
  if (child) return alteredSaid(text) && plainly(text, CHILD_SKIN);
  return plainly(text, WEAK_PULSE) || alteredSaid(text) || plainly(text, ADULT_SKIN);
}

/**
 * An adult's systolic pressure below 90 (MCG 1355 guideline 1c), as the chat read it for the request
 * (chat_patient_mentions.ts findVitals, or the client's patient.systolicBp). A child's hypotension is by age (MCG
 * 1309), not this number.
 */
export function hypotensiveAdult(systolicBp: number | undefined, child: boolean): boolean {
  return !child && systolicBp !== undefined && systolicBp < ADULT_POOR_PERFUSION_BELOW_SBP;
}

/**
 * Poor perfusion in a message by its name or by MCG 1355's signs for this patient's age (below):
 * the one reading for the hold and for a child's step 8, so a sign that lifts the hold never leaves a child at step
 * 7's 10 mL/kg (TP 1203-P step 8; medical director's twentieth read, H2).
 */
export function poorPerfusionShown(text: string, child: boolean): boolean {
  return poorPerfusionSaid(text) || perfusionSignsSaid(text, child);
}
