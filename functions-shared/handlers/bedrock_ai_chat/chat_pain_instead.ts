/**
 * What a PAIN_SCORE_BELOW refusal points to instead (chat_pain_scores.ts), with no I/O. MCG 1345 guideline 6's table
 * gives non-drug measures from 1 and ketorolac from 4; but where the messages name a reason ketorolac may not be given,
 * pointing to it is a dose the chat itself refuses one question later. The medical director's thirteenth read (M1):
 * "cp 60yo bp 140/90 pain 5/10 after nitro x3 morphine?" was told "From 4: ketorolac". In cardiac chest pain no
 * ketorolac (TP 1211 note 5; MCG 1345 guideline 6): the pain is treated with nitroglycerin (TP 1211 step 6), then
 * MCG 1345 with base (step 8).
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { contraindicationNamed } from "./chat_contraindications.ts";

/** A reason ketorolac may not be given, as the messages wrote it. */
export interface KetorolacBarred {
  /** As written ("cp", "eliquis"). */
  readonly said: string;
  /** Cardiac chest pain: TP 1211's treatment is named instead. */
  readonly chestPain: boolean;
}

/**
 * A ketorolac contraindication said for this patient (newest first), read as chat_contraindications.ts reads it
 * (denials, ends, "non-cardiac"), or undefined. Cardiac chest pain is the first it checks, so it wins where said.
 */
export function ketorolacBarredIn(userTextsNewestFirst: readonly string[]): KetorolacBarred | undefined {
  const named = contraindicationNamed(userTextsNewestFirst, "ketorolac");
  return named && { said: named.said, chestPain: named.id === "chest-pain" };
}

const NON_DRUG = "ice, splinting, positioning and distraction";

/** What the table gives at `score` below the asked analgesic's threshold, never a drug the messages bar. */
export function insteadAtScore(
  score: number,
  { ageYears }: DoseRequest,
  barred: KetorolacBarred | undefined,
): string {
  if (barred?.chestPain) {
    // TP 1211 step 6 at any score; step 8 sends pain after nitroglycerin to MCG 1345 (opioids from 7, base for
    // more). Ketorolac is not named at all, not even as barred (TP 1211 note 5): the medic reads one line.
    return `In cardiac chest pain ('${barred.said}'), TP 1211: nitroglycerin 0.4 mg SL per step 6 while under 3 ` +
      "doses in all and SBP 100 or more, with positioning for comfort and distraction; base contact for more (step 8).";
  }
  if (score < 4) return `Below 4: ${NON_DRUG}, no analgesic drug.`;
  if (ageYears !== undefined && (ageYears < 4 || ageYears > 65)) {
    return `Ketorolac, from 4, is not for age under 4 or over 65: ${NON_DRUG}; base for more.`;
  }
  if (barred) {
    return `Ketorolac, from 4, is held where you wrote '${barred.said}' (MCG 1345 guideline 7): ${NON_DRUG}; ` +
      "base for more.";
  }
  return `From 4: ketorolac if no contraindication (not for cardiac chest pain, TP 1211), with ${NON_DRUG}.`;
}
