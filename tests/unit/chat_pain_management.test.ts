/**
 * MCG 1345 guideline 6's table, read from the medic's words (the dosing engine has no pain score): no analgesic below
 * its pain score (chat_pain_scores.ts, PAIN_SCORE_BELOW), and only one of fentanyl or morphine for a patient
 * (chat_one_opioid.ts, ONE_OPIOID). Medical director's twelfth read: H10, "40yo femur fx pain 1/10 fentanyl" was given
 * 50 mcg and "pain 2/10 toradol?" 15 mg; H7, morphine was offered after fentanyl given, and a child got both. Rows both
 * ways: what is not a pain score (a GCS, a pressure, nausea rated out of 10, a goal, a time), no score written, the
 * patient's own opioid, another day's. Thirteenth read: H2, the last "N/10" was taken as the score now when it was
 * another site's, another time's, a baseline or a denial ("femur fx pain 8/10, headache 2/10" held fentanyl); M1, the
 * hold pointed to ketorolac in cardiac chest pain (TP 1211 note 5).
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";
import { says } from "../support/adult_protocols.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

const fentanyl = (indication: string, who: string) => [
  `${indication}: 50 mcg IV/IO/IM @${who}`,
  `${indication}: 50 mcg IN @${who}`,
];
const morphine = (indication: string, who: string) => [`${indication}: 4 mg IV/IO/IM @${who}`];
const ketorolac = (indication: string, who: string) => [
  `${indication}: 15 mg IV/IO @${who}`,
  `${indication}: 30 mg IM @${who}`,
];

/** H10: a pain score written below the drug's threshold (opioids from 7, ketorolac from 4). */
const BELOW: readonly Row[] = [
  [["40yo femur fx pain 1/10 fentanyl"], ["pain: PAIN_SCORE_BELOW"]],
  [["chest pain 55yo bp 130/80 pain 3/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo ankle pain 6/10 morphine?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 2/10 toradol?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 6 fentanyl"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx, 5 out of 10, morphine?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx rates pain a 3, ketorolac?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 0/10 fentanyl?"], ["-: PAIN_SCORE_BELOW"]], // "0/10" also ends the pain as an indication
  // the newest score rules, in one message or across them
  [["40yo femur fx pain 9/10, fentanyl 50 given, now 3/10, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx 9/10", "fentanyl 50 given, now 5/10, more fentanyl?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 9 -> 4, morphine?"], ["pain: PAIN_SCORE_BELOW"]],
  // a child's FLACC or faces score is a 0–10 scale too (MCG 1345 guidelines 3–4, 6)
  [["3yo 14kg burn flacc 5 fentanyl?"], ["-: PAIN_SCORE_BELOW"]],
  [["8yo 24kg arm fx pain 3 toradol?"], ["-: PAIN_SCORE_BELOW"]],
];

/** At or above the threshold, a newer higher score, or no score at all: dosed as before. */
const AT_OR_ABOVE: readonly Row[] = [
  [["40yo femur fx pain 7/10 fentanyl"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 4/10 toradol?"], ketorolac("-", "40 yo")],
  [["40yo femur fx 8 out of 10, morphine?"], morphine("-", "40 yo")],
  [["40yo femur fx pain 3/10", "now 8/10, fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 12/10 fentanyl"], fentanyl("pain", "40 yo")], // over 10 is the top of the scale
  [["40yo femur fx pain 6-7/10 fentanyl"], fentanyl("pain", "40 yo")], // a range: its higher end
  [["8yo 24kg arm fx pain 5 toradol?"], ["-: 12 mg IV/IO @24 kg", "-: 12 mg IM @24 kg"]],
  [["40yo femur fx fentanyl"], fentanyl("-", "40 yo")], // no score written: unchanged
];

/**
 * H2: a score of another site, another time, the patient's usual, or a denial is not the score now (MCG 1345
 * guidelines 5-6): the complaint's own, or the highest of the sites', decides.
 */
const NOT_THE_SCORE_NOW: readonly Row[] = [
  [["40yo femur fx pain 8/10, headache 2/10, fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx leg pain 9/10 arm pain 3/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 9/10 on scene, 3/10 yesterday, fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx 9/10 pt says usual pain is 3/10 fentanyl"], fentanyl("pain", "40 yo")],
  [["40yo femur fx 9/10 her normal pain is 3/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 9/10 chronic back pain baseline 4/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo kidney stone 8/10 cp 0/10 toradol?"], ketorolac("-", "40 yo")],
  [["40yo kidney stone cp 0/10 toradol?"], ketorolac("-", "40 yo")], // chest pain denied; the stone's score unsaid
  [["40yo femur fx, headache 2/10, fentanyl?"], fentanyl("-", "40 yo")], // the femur's score unsaid
  [["40yo left leg 9/10 right leg 3/10 fentanyl?"], fentanyl("-", "40 yo")],
];

/**
 * Near misses, unchanged: the newest score of the same pain, a past word that dates no score ("fell at home", "since
 * yesterday"), the complaint's score after a denial, a newer score after a usual one, a newer site's higher score.
 */
const STILL_THE_SCORE_NOW: readonly Row[] = [
  [["40yo femur fx usual pain 3/10 now 9/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo leg pain 3/10", "headache 8/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx 9/10 earlier, now 5/10 morphine?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 3/10 yesterday, now 2/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo fell at home, femur fx 3/10 fentanyl?"], ["-: PAIN_SCORE_BELOW"]],
  [["40yo femur fx vitals normal pain 3/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain since yesterday 3/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo kidney stone cp 0/10 pain 5/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo femur fx pain 9/10, headache 2/10", "femur now 4/10, fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
  [["40yo back pain 3/10 fentanyl?"], ["pain: PAIN_SCORE_BELOW"]],
];

/** Not a pain score: a GCS, a pressure, another thing rated out of 10, a goal or threshold, a time, a date. */
const NOT_A_SCORE: readonly Row[] = [
  [["40yo femur fx gcs 8 fentanyl"], fentanyl("-", "40 yo")],
  [["40yo femur fx bp 140/100 fentanyl"], fentanyl("-", "40 yo")],
  [["40yo femur fx, nausea 3/10, fentanyl?"], fentanyl("-", "40 yo")],
  [["40yo femur fx sob 2/10 fentanyl?"], fentanyl("-", "40 yo")],
  [["40yo femur fx goal pain 3/10 fentanyl?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx fentanyl until pain < 4?"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain x 6 hrs fentanyl"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 2 days fentanyl"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain started at 6pm, fentanyl"], fentanyl("pain", "40 yo")],
  [["40yo femur fx pain 4mg morphine given, more morphine?"], ["pain: 4 mg IV/IO/IM @40 yo"]],
];

/** H7: the other opioid after one named as given (MCG 1345: only ONE of fentanyl or morphine). */
const OTHER_OPIOID: readonly Row[] = [
  [["40yo femur fx pain 10/10, fentanyl 50 given x1, morphine?"], ["pain: ONE_OPIOID"]],
  [["40yo femur fx 10/10 morphine 4mg given, now fentanyl?"], ["-: ONE_OPIOID"]],
  [["40yo femur fx 10/10 fire gave fent, morphine?"], ["-: ONE_OPIOID"]],
  [["40yo femur fx 10/10 s/p fent x3, morphine?"], ["-: ONE_OPIOID"]],
  [["40yo femur fx 10/10 fentanyl 50 then 50 given, morphine?"], ["-: ONE_OPIOID"]],
  [["40yo femur fx 10/10, fentanyl given", "still 9/10, morphine?"], ["-: ONE_OPIOID"]], // an earlier message's
  [["40yo femur fx 10/10 fentanyl 50 given and morphine 4 given, more morphine?"], ["-: ONE_OPIOID"]],
];

/** The same opioid again, the patient's own, another day's, none given: dosed as before. */
const SAME_OR_NONE: readonly Row[] = [
  [["40yo femur fx 10/10 morphine 4mg given, more morphine?"], morphine("-", "40 yo")],
  [["40yo femur fx 10/10 on fentanyl patch, morphine?"], morphine("-", "40 yo")],
  [["40yo femur fx 10/10 fentanyl given yesterday, morphine?"], morphine("-", "40 yo")],
  [["40yo 10/10 pt took his own morphine at home, fentanyl?"], fentanyl("-", "40 yo")],
  [["40yo femur fx 10/10 fentanyl or morphine?"], [...fentanyl("-", "40 yo"), ...morphine("-", "40 yo")]],
];

Deno.test("chat: a pain score below MCG 1345's threshold holds the analgesic; at or above it, or none, doses", async () => {
  await says("MCG 1345", "≥4 Ketorolac", "≥7 Fentanyl Morphine", "FLACC");
  check(BELOW);
  check(AT_OR_ABOVE);
  check(NOT_A_SCORE);
});

Deno.test("chat: another site's, another time's, a baseline's or a denied pain's score is not the score now", () => {
  check(NOT_THE_SCORE_NOW);
  check(STILL_THE_SCORE_NOW);
});

/**
 * Where the opioid given is named in the clause that asks ("fentanyl given x1 now morphine?", "had 2 doses of
 * fentanyl, morphine?") it may be offered too (whether it is asked is askedIn's, dosing_context.ts): morphine is held.
 */
const MORPHINE_HELD: readonly string[] = [
  "6yo 20kg femur fx fentanyl given x1 now morphine?", // both had been dosed for the child
  "40yo femur fx 10/10 had 2 doses of fentanyl, morphine?",
  "40yo femur fx 10/10 fentanyl given now morphine?",
];

Deno.test("chat: after fentanyl or morphine is named as given, the other is held (MCG 1345, only one)", async () => {
  await says("MCG 1345", "May only administer ONE of these medications");
  check(OTHER_OPIOID);
  check(SAME_OR_NONE);
  for (const text of MORPHINE_HELD) {
    const morphine = dosingForConversation(turns([text])).outcomes.filter((o) =>
      o.request.medication === "morphine"
    );
    assert.deepEqual(morphine.map((o) => o.refusal?.code), ["ONE_OPIOID"], text);
  }
});

Deno.test("chat: the holds name the threshold or the opioid given, and what the table gives instead", () => {
  const message = (text: string) => dosingForConversation(turns([text])).outcomes[0].refusal?.message;
  assert.equal(
    message("40yo ankle pain 6/10 morphine?"),
    "You wrote 'pain 6/10': MCG 1345 gives fentanyl or morphine from a pain score of 7. No morphine. From 4: " +
      "ketorolac if no contraindication (not for cardiac chest pain, TP 1211), with ice, splinting, positioning and " +
      "distraction.",
  );
  assert.equal(
    message("40yo femur fx pain 2/10 toradol?"),
    "You wrote 'pain 2/10': MCG 1345 gives ketorolac from a pain score of 4. No toradol. Below 4: ice, splinting, " +
      "positioning and distraction, no analgesic drug.",
  );
  // M1: in cardiac chest pain ketorolac is never named (TP 1211 note 5); TP 1211's nitroglycerin is (step 6)
  assert.equal(
    message("cp 60yo bp 140/90 pain 5/10 after nitro x3 morphine?"),
    "You wrote 'pain 5/10': MCG 1345 gives fentanyl or morphine from a pain score of 7. No morphine. In cardiac " +
      "chest pain ('cp'), TP 1211: nitroglycerin 0.4 mg SL per step 6 while under 3 doses in all and SBP 100 or " +
      "more, with positioning for comfort and distraction; base contact for more (step 8).",
  );
  for (
    const text of [
      "chest pain 55yo bp 130/80 pain 5/10 fentanyl?",
      "chest pain 55yo bp 130/80 pain 3/10 fentanyl?",
    ]
  ) {
    assert.doesNotMatch(message(text)!, /ketorolac|toradol/i, text);
    assert.match(message(text)!, /nitroglycerin 0\.4 mg SL per step 6/, text);
  }
  // near misses: chest pain said not cardiac, or denied, leaves ketorolac named; another bar names what was written
  for (
    const text of [
      "60yo non-cardiac chest pain 5/10 fentanyl?",
      "40yo ankle fx pain 5/10 denies cp, morphine?",
    ]
  ) {
    assert.match(message(text)!, /From 4: ketorolac if no contraindication/, text);
  }
  assert.match(
    message("40yo ankle fx pain 5/10 on eliquis morphine?")!,
    /Ketorolac, from 4, is held where you wrote 'eliquis' \(MCG 1345 guideline 7\)/,
  );
  // ketorolac is not pointed to where MCG 1345 guideline 7 bars it (under 4, over 65)
  assert.match(
    message("3yo 14kg burn flacc 5 fentanyl?")!,
    /Ketorolac, from 4, is not for age under 4 or over 65/,
  );
  assert.equal(
    message("40yo femur fx pain 10/10, fentanyl 50 given x1, morphine?"),
    "You wrote 'fentanyl 50 given x1': MCG 1345 allows only one of fentanyl or morphine. No morphine. For more pain " +
      "relief, fentanyl's remaining doses: say 'fentanyl xN given, more?'.",
  );
  const both = dosingForConversation(turns(["40yo femur fx 10/10 fentanyl or morphine?"])).notes;
  assert.ok(
    both.some((n) => n.startsWith("MCG 1345 allows only one of fentanyl or morphine")),
    both.join("\n"),
  );
});
