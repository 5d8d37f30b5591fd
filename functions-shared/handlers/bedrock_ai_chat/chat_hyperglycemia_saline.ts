/**
 * Saline for hyperglycaemia, with no I/O: which step the words call for and when none does. TP 1203-P step 7 gives a
 * child 10 mL/kg IV only for a glucose above 250 mg/dL, and step 8 gives 20 mL/kg (IV/IO) for poor perfusion (MCG
 * 1355); TP 1203 gives an adult 1 L for a glucose above 400 or poor perfusion, 200 to 400 only on a base order. The
 * chat had given step 7's dose to a child with poor perfusion and to one with a glucose of 180 (medical director's
 * eighteenth read, M1).
 */
import { glucoseNotLow } from "./chat_glucose_now.ts";
import { saidPlainly } from "./chat_said_plainly.ts";

/** Poor perfusion in words (MCG 1355): said so, a slow capillary refill, hypotension, shock, mottling. */
const POOR_PERFUSION = new RegExp(
  "(?<![\\w-])(?:poor(?:ly)?\\s+perfus\\w*|(?:delayed|prolonged|slow|sluggish)\\s+cap\\w*(?:\\s+refill)?|" +
    "cap(?:illary)?\\s+refill\\s*(?:of\\s*|is\\s*|[:=>]\\s*)*(?:[3-9]|\\d{2})(?:\\s*(?:s|sec|secs|seconds))?|" +
    "cap(?:illary)?\\s+refill\\s+(?:delayed|prolonged|slow|sluggish)|hypotensi\\w+|shock|mottl\\w+)(?![\\w-])",
  "i",
);
/** Beside deniedAt's cues: a denial right before it, one word at most between ("not really hypotensive"). */
const DENIED_BEFORE = /\b(?:no|not|without|denies|w\/o|non)\s+(?:\w+\s+)?$/i;

/**
 * True when a message says poor perfusion, not denied: any of its words said plainly (chat_said_plainly.ts). Only the
 * first had been read, so "no shock earlier, now cap refill 4 sec" found no poor perfusion and gave a child step 7's
 * 10 mL/kg, or held it at a glucose of 250 or less, where TP 1203-P step 8 gives the 20 mL/kg bolus (MCG 1355).
 */
export function poorPerfusionSaid(text: string): boolean {
  return saidPlainly(text, POOR_PERFUSION, { before: DENIED_BEFORE });
}

/**
 * A child's hyperglycaemia with poor perfusion said is step 8's bolus, the fluid-bolus row's 20 mL/kg (TP 1203-P
 * step 8), not step 7's 10 mL/kg by vein.
 */
export function hyperglycemiaPerfusionRuled(
  medicationId: string,
  text: string,
  found: string,
  child: boolean,
): string {
  return medicationId === "normal-saline" && child && found === "hyperglycemia" && poorPerfusionSaid(text)
    ? "fluid-bolus"
    : found;
}

/** The hold in chat_contraindications.ts's shape (NamedContraindication; not imported: that module imports this). */
export interface GlucoseHold {
  readonly id: string;
  readonly said: string;
  readonly why: string;
  readonly instead: string;
  readonly indications: readonly string[];
}

/** Hyperglycaemia named (the hold is for its saline only; a request with no indication is the engine's to ask). */
const HYPERGLYCEMIA_NAMED = /(?<![\w-])(?:dka|hyperglyc\w*|high\s+(?:blood\s+)?(?:sugar|glucose))(?![\w-])/i;

/** The glucose at or below which no saline for hyperglycaemia is a standing order (TP 1203-P step 7; TP 1203). */
const NO_STANDING_SALINE_AT_OR_BELOW_MG_DL = 250;

/**
 * Held: saline for hyperglycaemia where the newest glucose written (this patient's messages, newest first) is 250
 * mg/dL or less and no poor perfusion is said. Neither step gives it then.
 */
export function hyperglycemiaGlucoseHold(userTexts: readonly string[]): GlucoseHold | undefined {
  if (!userTexts.some((t) => HYPERGLYCEMIA_NAMED.test(t))) return undefined;
  const glucose = glucoseNotLow(userTexts);
  if (!glucose || !(glucose.value <= NO_STANDING_SALINE_AT_OR_BELOW_MG_DL)) return undefined;
  if (userTexts.some(poorPerfusionSaid)) return undefined;
  return {
    id: "glucose-not-high",
    said: glucose.quote,
    why:
      "saline for hyperglycemia is for a glucose above 250 mg/dL in a child (TP 1203-P step 7), above 400 in " +
      "an adult (TP 1203; 200 to 400 on a base order), or for poor perfusion (MCG 1355)",
    instead: "say the signs of poor perfusion if there are any, or contact base",
    indications: ["hyperglycemia"],
  };
}
