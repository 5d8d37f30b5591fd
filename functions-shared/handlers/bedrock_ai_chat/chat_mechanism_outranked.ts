/**
 * Saline's trauma row read from a mechanism word gives way to a cause named beside it, with no I/O (medical
 * director's seventeenth read, H3), but only where no other injury is named or the injury is said isolated
 * (eighteenth read, H2). TP 1244 step 15's 250 mL then base is for poor perfusion with hypotension in multi-system
 * trauma; an ISOLATED head injury is step 21's 1 L (notes 6 and 11: permissive hypotension is contraindicated with a
 * possible TBI), an ISOLATED extremity injury step 27's 1 L, and a medical cause is its own protocol's (note 4: falls
 * and single-vehicle crashes may be medical; step 12): sepsis (TP 1204 step 6), burns (TP 1220 step 10),
 * anaphylaxis (TP 1219 step 6), a GI bleed (TP 1207), all 1 L. Both an injury and another cause named: asked.
 */
import type { Named } from "./chat_denials.ts";
import { firstSaid } from "./chat_first_said.ts";
import { wordPattern } from "./chat_names.ts";
import { otherInjuryNamed, saidIsolated } from "./chat_other_injuries.ts";
import { saidPlainly } from "./chat_said_plainly.ts";
import { LOWER_GI_BLEED, UPPER_GI_BLEED } from "./chat_state_words.ts";

/**
 * Dehydration, heat illness and cold, each a cause of poor perfusion whose protocol gives the 1 L fluid-bolus row
 * (TP 1205 step 5, TP 1222 step 9, TP 1223 step 8): fluid-bolus's spoken forms (chat_indication_patterns.ts), and
 * here causes that do not show a hypotension to be an injury's.
 */
export const FLUID_LOSS_AND_TEMPERATURE = [
  "dehydrated",
  "heat stroke",
  "heatstroke",
  "heat exhaustion",
  "hyperthermia",
  "hypothermia",
  "hypothermic",
];

/** Saline's indications that name the cause outright, and so outrank a bare mechanism word. */
export const CAUSES_NAMED = [
  "head-injury",
  "extremity-injury",
  "sepsis",
  "burns",
  "anaphylaxis",
  "hyperglycemia",
  "obstetric-hemorrhage",
  "crush",
];

/**
 * A medical cause of poor perfusion read as the fluid-bolus row's 1 L (TP 1207): it outranks a mechanism as a
 * named cause does: a GI bleed, by chat_state_words.ts's names and said plainly ("denies gi bleed" is none). The
 * fluid-bolus row's own "shock", "hypotension" or "fluid bolus" name no cause.
 */
const MEDICAL_CAUSES = [UPPER_GI_BLEED, LOWER_GI_BLEED];

/**
 * Causes an injured patient may have from the injury or the scene (cold, heat, fluid loss: TP 1205, TP 1222,
 * TP 1223): beside a mechanism they do not show the hypotension is not the injury's, so saline is asked (medical
 * director's eighteenth read, H2: "gsw abd, sbp 70, hypothermic" had been given 1 L).
 */
const CONTRIBUTING_CAUSES = [...FLUID_LOSS_AND_TEMPERATURE, "dehydration", "hypovolemia"].map(wordPattern);

/** The hypotension said to be the injury's: TP 1244 step 15's own words keep the 250 mL row. */
const FROM_THE_INJURY =
  /(?<![\w-])(?:multi[\s-]*system(?:\s+trauma)?|polytrauma|hemorrhagic\s+shock|haemorrhagic\s+shock)(?![\w-])/i;

/** What `causeOutranking` answers when both an injury and another cause could explain the hypotension. */
export const ASK_WHICH = "ask-which";

/**
 * The indication that outranks saline's trauma row in `text`, if any (TP 1244 step 15's 250 mL then base is the
 * multi-system patient's; steps 21 and 27's 1 L are for an ISOLATED head or extremity injury; note 4 / step 12 a
 * medical cause's own protocol): a cause named (the first said), else a medical cause (fluid-bolus), when no other
 * injury is named or the medic says the injury is isolated. With another injury named too, or only a cause the
 * injury may have brought (cold, heat, fluid loss), ASK_WHICH (eighteenth read, H2). None when the medic says the
 * hypotension is the injury's.
 */
export function causeOutranking(indications: readonly Named[], text: string): string | undefined {
  if (FROM_THE_INJURY.test(text)) return undefined;
  const named = firstSaid(indications.filter((i) => CAUSES_NAMED.includes(i.id)), text, (i) => i.patterns) ??
    (MEDICAL_CAUSES.some((p) => saidPlainly(text, p)) ? "fluid-bolus" : undefined);
  if (!named) return CONTRIBUTING_CAUSES.some((p) => p.test(text)) ? ASK_WHICH : undefined;
  if (saidIsolated(text)) return named;
  return otherInjuryNamed(text) ? ASK_WHICH : named;
}
