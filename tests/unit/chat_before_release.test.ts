/**
 * Medical director's nineteenth read, M4 (chat_injury_words.ts BEFORE_RELEASE): an entrapped patient "about to
 * extricate" or "before release" was asked which indication for calcium chloride, sodium bicarbonate, albuterol and
 * normal saline. TP 1242 step 14 gives the three drugs 5 minutes before extrication to a patient at risk of crush
 * syndrome, note 7 says before the release of the compressive force, and step 7 gives saline 1 L before the release.
 * A release said already done ("extricated 1 hr ago", "after release") is step 10's ECG signs' case: still asked.
 */
import { ASKED_ONCE as ASKED, chatAnswers, checkRows, doseOnly, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseOnly));
const CALCIUM = ["crush-syndrome-risk: 1 g"];
const BICARB = ["crush-syndrome-risk: 50 mEq"];
const ALBUTEROL = ["crush-syndrome-risk: 5 mg"];
const SALINE = ["crush: 1000 mL"];

const SLAB = "40yo trapped under slab 90 min, both legs";

const BEFORE_RELEASE_ROWS: readonly Row[] = [
  [["40yo pinned under car 2 hrs legs crushed about to extricate, calcium"], CALCIUM],
  [[`${SLAB}, before release, sodium bicarbonate`], BICARB],
  [[`${SLAB}, before release, albuterol`], ALBUTEROL],
  [[`${SLAB}, before release, normal saline`], SALINE],
  [[`${SLAB}, prior to release, calcium chloride`], CALCIUM],
  [[`${SLAB}, about to release, bicarb`], BICARB],
  [[`${SLAB}, about to be extricated, calcium`], CALCIUM],
  [[`${SLAB}, pre-extrication, calcium`], CALCIUM],
  [[`${SLAB}, before extrication, normal saline`], SALINE],
  // as before: the words the chat already read
  [[`${SLAB}, before extrication, calcium`], CALCIUM],
  [[`${SLAB}, prior to extrication, bicarb`], BICARB],
];

const NEAR_MISSES: readonly Row[] = [
  [[`${SLAB}, extricated 1 hr ago, calcium`], ASKED],
  [[`${SLAB}, after release, calcium`], ASKED],
  [[`${SLAB}, after release, bicarb`], ASKED],
  [[`${SLAB}, after release, normal saline`], ASKED],
  [[`${SLAB}, calcium`], ASKED], // neither an extrication nor ECG signs said (TP 1242 step 12)
];

Deno.test("about to extricate, before or prior to release: TP 1242 step 14's drugs and step 7's saline", () => {
  check(BEFORE_RELEASE_ROWS);
});

Deno.test("a release already done, or none said, stays asked (TP 1242 steps 10, 12)", () => {
  check(NEAR_MISSES);
});
