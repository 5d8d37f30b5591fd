/**
 * Saline's trauma row read from a mechanism word gives way to a cause named beside it, with no I/O (medical
 * director's seventeenth read, H3). TP 1244 step 15's 250 mL is for poor perfusion with hypotension in multi-system
 * trauma; a head injury is step 21's 1 L (notes 6 and 11: with a possible TBI permissive hypotension is
 * contraindicated, SBP kept at 90 or more, so the 1 L row is chosen even with a mechanism said, not asked), and a
 * medical cause is its own protocol's (note 4: falls and single-vehicle crashes may be medical; step 12): sepsis
 * (TP 1204 step 6), burns (TP 1220 step 10), anaphylaxis (TP 1219 step 6), dehydration or a GI bleed (TP 1205 /
 * TP 1207), all 1 L.
 */
import { wordPattern } from "./chat_names.ts";

/** An indication's id and the patterns that name it (chat_indication_patterns.ts's, kept apart: no import circle). */
interface Named {
  readonly id: string;
  readonly patterns: readonly RegExp[];
}

/** The first said in `text` of `indications`. */
function firstNamed(indications: readonly Named[], text: string): string | undefined {
  const said = indications.flatMap((i) =>
    i.patterns.map((p) => ({ id: i.id, at: p.exec(text)?.index ?? Infinity }))
  );
  const first = said.reduce((a, b) => (b.at < a.at ? b : a), { id: "", at: Infinity });
  return first.at < Infinity ? first.id : undefined;
}

/** A penetrating or blunt injury to the head said in other words (TP 1244 step 21's head injury). */
export const HEAD_INJURY_WORDS = [
  "head trauma",
  "gsw to head",
  "gsw to the head",
  "gunshot wound to head",
  "gunshot wound to the head",
  "shot in the head",
];

/** Saline's indications that name the cause outright, and so outrank a bare mechanism word. */
const CAUSES_NAMED = [
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
 * Medical causes of poor perfusion read as the fluid-bolus row's 1 L (TP 1205 step 5, TP 1207): the fluid-bolus
 * row's own "shock", "hypotension" or "fluid bolus" names no cause and do not outrank the injury.
 */
const MEDICAL_CAUSES = [
  "dehydrated",
  "dehydration",
  "hypovolemia",
  "heat stroke",
  "heatstroke",
  "heat exhaustion",
  "hyperthermia",
  "hypothermia",
  "hypothermic",
  "gi bleed",
  "gi bleeding",
].map(wordPattern);

/** The hypotension said to be the injury's: TP 1244 step 15's own words keep the 250 mL row. */
const FROM_THE_INJURY =
  /(?<![\w-])(?:multi[\s-]*system(?:\s+trauma)?|polytrauma|hemorrhagic\s+shock|haemorrhagic\s+shock)(?![\w-])/i;

/**
 * The indication that outranks saline's trauma row in `text`, if any: a cause named (the first said), else a
 * medical cause (fluid-bolus). None when the medic says the hypotension is the injury's.
 */
export function causeOutranking(indications: readonly Named[], text: string): string | undefined {
  if (FROM_THE_INJURY.test(text)) return undefined;
  const named = firstNamed(indications.filter((i) => CAUSES_NAMED.includes(i.id)), text);
  if (named) return named;
  return MEDICAL_CAUSES.some((p) => p.test(text)) ? "fluid-bolus" : undefined;
}
