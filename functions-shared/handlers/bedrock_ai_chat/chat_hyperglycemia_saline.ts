/**
 * Saline for hyperglycaemia, with no I/O: which step the words call for and when none does. TP 1203-P step 7 gives a
 * child 10 mL/kg IV only for a glucose above 250 mg/dL, and step 8 gives 20 mL/kg (IV/IO) for poor perfusion (MCG
 * 1355); TP 1203 gives an adult 1 L for a glucose above 400 or poor perfusion, 200 to 400 only on a base order. The
 * chat had given step 7's dose to a child with poor perfusion and to one with a glucose of 180 (medical director's
 * eighteenth read, M1); a glucose above 200 with no indication named had been no hyperglycaemia, and an adult's 300
 * got the standing litre (nineteenth read, M1's near miss).
 */
import { glucoseNotLow } from "./chat_glucose_now.ts";
import { hypotensiveAdult, poorPerfusionShown } from "./chat_perfusion_signs.ts";
import { salineBaseOrderSaid } from "./chat_saline_base_order.ts";

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
  return medicationId === "normal-saline" && child && found === "hyperglycemia" &&
      poorPerfusionShown(text, true)
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

/** Hyperglycaemia named (the hold is for its saline only, and for a request with no indication: holdsFor). */
const HYPERGLYCEMIA_NAMED = /(?<![\w-])(?:dka|hyperglyc\w*|high\s+(?:blood\s+)?(?:sugar|glucose))(?![\w-])/i;

/** Above this a glucose is hyperglycaemia (TP 1203 step 8, TP 1203-P step 7: the provider impression). */
const HYPERGLYCEMIA_ABOVE_MG_DL = 200;
/**
 * The glucose at or below which no saline for hyperglycaemia is a standing order: a child's 250 (TP 1203-P step 7),
 * an adult's 400 (TP 1203 step 8: 200 to 400 is a base order; above 400, or "HIGH", the standing litre).
 */
const NO_STANDING_SALINE_AT_OR_BELOW_MG_DL = { child: 250, adult: 400 };

/**
 * Saline asked for with no indication named, beside a glucose above 200 mg/dL: hyperglycaemia, the only reason the
 * words give (TP 1203 step 8, TP 1203-P step 7). A child's with poor perfusion said is step 8's bolus (fluid-bolus).
 * "20kg kid glucose 300, normal saline" had been given the 20 mL/kg bolus, twice step 7's 10 mL/kg (medical
 * director's nineteenth read, M1's near miss). `texts`: this patient's messages, newest first.
 */
export function hyperglycemiaFromGlucose(
  medicationId: string,
  texts: readonly string[],
  child: boolean,
): string | undefined {
  if (medicationId !== "normal-saline") return undefined;
  const glucose = glucoseNotLow(texts);
  if (!glucose || !(glucose.value > HYPERGLYCEMIA_ABOVE_MG_DL)) return undefined;
  return child && texts.some((text) => poorPerfusionShown(text, true)) ? "fluid-bolus" : "hyperglycemia";
}

/**
 * Held: saline for hyperglycaemia where the newest glucose written (this patient's messages, newest first) is at or
 * below the standing order's (250 mg/dL for a child, 400 for an adult) and no poor perfusion is shown, in words or by
 * `systolicBp` (the request's, as the chat read it or the client sent it; an adult's below 90). It holds only
 * where hyperglycaemia is named or read from a glucose above 200: a glucose of 200 or less written beside saline
 * names no reason for it, and the request is answered as if no glucose were written (a child's 20 mL/kg bolus, an
 * adult's question which indication), never held with hyperglycaemia's words ("kid fever bgl 110, ns").
 */
export function hyperglycemiaGlucoseHold(
  userTexts: readonly string[],
  child: boolean,
  systolicBp?: number,
): GlucoseHold | undefined {
  const glucose = glucoseNotLow(userTexts);
  if (!glucose) return undefined;
  const hyperglycemia = userTexts.some((t) => HYPERGLYCEMIA_NAMED.test(t)) ||
    glucose.value > HYPERGLYCEMIA_ABOVE_MG_DL;
  if (!hyperglycemia) return undefined;
  const standingAbove = child
    ? NO_STANDING_SALINE_AT_OR_BELOW_MG_DL.child
    : NO_STANDING_SALINE_AT_OR_BELOW_MG_DL.adult;
  if (!(glucose.value <= standingAbove)) return undefined;
  // TP 1203 step 8's litre stands for poor perfusion at any glucose: an adult's systolic below 90 or any of MCG
  // 1355's signs ("bp 80/50", "weak thready pulse", "pale, clammy" had been held: twentieth read, H2).
  if (hypotensiveAdult(systolicBp, child) || userTexts.some((text) => poorPerfusionShown(text, child))) {
    return undefined;
  }
  // An adult's 200 to 400 is the litre on a base order (TP 1203 step 8): said as ordered, nothing waits on the base.
  if (!child && userTexts.some(salineBaseOrderSaid)) return undefined;
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
