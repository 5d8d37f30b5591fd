/**
 * The medical director's fourteenth read (2026-12-06), H6: with two pain sites in one region ("hip pain
 * 9/10 knee 2/10", "flank pain 9/10, abd 2/10") or a score on movement and one at rest, the last score by position
 * held the opioid; and a score marked "now"/"currently" lost to a "was 9/10" said after it. MCG 1345 guideline 6
 * treats by the current score, guideline 5 reassesses the same pain: the score now of each pain, and the highest
 * of the pains (chat_pain_scores.ts, chat_pain_sites.ts). Rows both ways.
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const fentanyl = (
  indication: string,
) => [`${indication}: 50 mcg IV/IO/IM @40 yo`, `${indication}: 50 mcg IN @40 yo`];
const KETOROLAC = ["-: 15 mg IV/IO @40 yo", "-: 30 mg IM @40 yo"];

/** H6: another site of the same limb or belly, or the score on movement, is not hidden by a lower score after it. */
const HIGHER_SITE_OR_NOW: readonly Row[] = [
  [["40yo hip pain 9/10 knee 2/10 fentanyl"], fentanyl("pain")],
  [["40yo ankle fx 8/10 knee 3/10 fentanyl"], fentanyl("-")],
  [["40yo ankle fx 8/10, knee pain 3/10 fentanyl"], fentanyl("pain")],
  [["40yo kidney stone flank pain 9/10, abd 2/10, toradol"], KETOROLAC],
  [["40yo femur fx 9/10 on movement 2/10 at rest fentanyl?"], fentanyl("-")],
  // "now"/"currently" marks the score now wherever it sits; "was" is an older reading
  [["40yo femur fx pain now 3/10 was 9/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain currently 3/10, was 9/10, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 3/10 now, 9/10 earlier, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 9/10, was 3/10, fentanyl?"], fentanyl("pain")],
];

/** H6's near misses: the same pain reassessed, the reverse order, scores below for every site. */
const UNCHANGED_SCORES: readonly Row[] = [
  [["40yo femur fx 2/10 at rest 9/10 on movement fentanyl?"], fentanyl("-")],
  [["40yo femur fx 9/10 earlier now 3/10 fentanyl?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 9/10 at rest, now 3/10 at rest, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo hip pain 9/10, hip now 3/10, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo knee pain 9/10", "knee now 3/10 more fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx 9/10", "leg pain 3/10, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]], // a later message: reassessed
  [["40yo hip pain 2/10 knee 3/10 fentanyl"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo kidney stone flank pain 2/10, toradol"], ["-: PAIN_SCORE_BELOW"]],
];

Deno.test("chat: each pain's score now, and the highest of the pains, decides the analgesic (MD14 H6, MCG 1345)", () => {
  check(HIGHER_SITE_OR_NOW);
  check(UNCHANGED_SCORES);
});
