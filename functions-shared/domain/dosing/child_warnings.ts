/**
 * What a child's answer says beside its dose from the indication's rule, read the same on the tape
 * (pediatric.ts) and beyond it (beyond_tape.ts): the base order or the condition said first, since it decides
 * whether the dose is given now, and the drug's notes unless the indication sets them aside.
 */
import type { PediatricDosing, PediatricIndicationRule } from "./formulary.ts";

/** Said before anything else: a base order before the first dose (TP 1241-P), or when base may be skipped. */
export function saidFirst(forIndication: PediatricIndicationRule | undefined): string[] {
  return [
    ...(forIndication?.baseOrder ? [`Only on a base hospital order (${forIndication.baseOrder}).`] : []),
    ...(forIndication?.beforeBaseOnlyIf ? [forIndication.beforeBaseOnlyIf] : []),
  ];
}

/** The drug's child notes, unless they are not for this indication (no anaphylaxis warning in dystonia, TP 1239-P). */
export function drugNotes(
  ped: PediatricDosing,
  forIndication: PediatricIndicationRule | undefined,
): readonly string[] {
  return forIndication?.withoutDrugNotes ? [] : ped.notes ?? [];
}
