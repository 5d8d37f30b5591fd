/**
 * Medical director's twelfth read, H2 and M6: doses already given that the chat did not count. "s/p nitro x3",
 * "status post", "post", "after" with a question in the same clause, a bare "nitro x3" beside another drug, and a
 * series said given had each been dosed as a first dose, past the maximum; counts and totals plainly written had been
 * asked again. Rows both ways: the fix, and the near misses that must not change.
 */
import assert from "node:assert/strict";
import { says } from "../support/adult_protocols.ts";
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterCount,
  limitReached,
  type Row,
} from "../support/chat_answers.ts";
import { withCountBreak } from "../../functions-shared/handlers/bedrock_ai_chat/chat_count_breaks.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const FENTANYL_LIMIT = (indication = "-") => [
  `${indication}: LIMIT_REACHED`,
  `${indication}: LIMIT_REACHED`,
];

/** H2: the count said with s/p, status post, post or after, a question in the same clause (no comma). */
const HISTORY_THEN_QUESTION: readonly Row[] = [
  // TP 1211 step 6: nitroglycerin three times in all
  [["cp 60yo 140/90 s/p nitro x3 can i give a 4th"], limitReached()],
  [["cp 60yo 140/90 status post nitro x3 more nitro?"], limitReached()],
  // MCG 1345: fentanyl 150 mcg, morphine 12 mg before base
  [["40yo femur fx s/p fent x3 bp 120/80 pain 9/10 more fent?"], FENTANYL_LIMIT("pain")],
  [["40yo femur fx 9/10 s/p morphine x3 more morphine?"], limitReached()],
  [["40yo femur fx post fent x3 more fent?"], FENTANYL_LIMIT()],
  [["40yo femur fx after fent x3 more fent?"], FENTANYL_LIMIT()],
  // TP 1210 step 9: 3 mg of epinephrine, then base
  [["60yo pea s/p epi x3 more epi?"], limitReached("cardiac-arrest")],
  // TP 1203 step 7: D10 125 mL, repeated once for 250 mL in all
  [["55yo bgl 38 s/p d10 x2 bgl 45 more d10?"], limitReached()],
  // TP 1219 step 4: repeats on base order only, three in all
  [["35yo anaphylaxis s/p epi x3 more epi im?"], limitReached("anaphylaxis")],
  // Near misses: a count short of the maximum gives the next dose; words of the count stay with it
  [["cp 60yo 140/90 s/p nitro x2 can i give a 3rd"], ["-: 0.4 mg SL after 2"]],
  [["40yo femur fx s/p fent x1 bp 120/80 pain 9/10 more fent?"], [
    "pain: 50 mcg IV/IO/IM after 1",
    "pain: 50 mcg IN after 1",
  ]],
  [["cp 60yo 140/90 nitro x2 given by fire and 1 by us, nitro?"], countAsked()],
  [["cp 60yo 140/90 nitro x2 more given, nitro?"], countAsked()],
  [["adult arrest, can I give 1mg epi x3"], ["cardiac-arrest: 1 mg IV/IO"]],
];

/** H2: a drug named only with its count, beside another asked, is not offered. */
const COUNTED_BESIDE_ANOTHER: readonly Row[] = [
  [["70yo cp 8/10 nitro x3 bp 130/80 morphine?"], ["-: 4 mg IV/IO/IM"]],
  [["70yo cp 8/10 nitro x3, bp 130/80, morphine?"], ["-: 4 mg IV/IO/IM"]],
  // both asked: nitro's count with no giving word is asked, never a first dose
  [["70yo cp 8/10 nitro x3 bp 130/80 nitro and morphine?"], [
    "chest-pain: DOSES_GIVEN_UNCLEAR",
    "-: 4 mg IV/IO/IM",
  ]],
];

/** H2: a series said given is a history with no count: asked (TP 1210 step 11, TP 1213 step 10, TP 1213-P). */
const SERIES_GIVEN: readonly Row[] = [
  // TP 1210 step 11: 300 and 150 are its 450 mg maximum, the limit (thirteenth read, M3: chat_counts_review13.test.ts)
  [["60yo vf arrest amio 300 and 150 given, more amio?"], limitReached()],
  [["55yo svt 190 adenosine 6 and 12 given, still svt, more adenosine?"], countAsked("svt")],
  [["5yo 20kg svt hr 230 adenosine 2mg and 4mg given, still svt, adenosine?"], countAsked("svt")],
  // Near misses: a series with no giving word is said, not asked; a pressure after the drug holds nitro
  [["60 yo VF arrest, amio 300/150"], ["-: 300 mg IV/IO"]],
  [["adult cp, gave nitro 90/60 now"], ["-: NOT_FOR_THIS_PATIENT"]],
];

/** M6: the count or total plainly written is read; a total at the maximum is the engine's LIMIT_REACHED. */
const PLAINLY_WRITTEN: readonly Row[] = [
  // MCG 1345: a third 50 mcg reaches 150 mcg, still before base
  [["40yo femur fx 10/10 fentanyl x2, another dose?"], [
    "-: 50 mcg IV/IO/IM after 2",
    "-: 50 mcg IN after 2",
  ]],
  // TP 1211 step 6: the 3rd nitro is allowed; a 4th is not
  [["cp 60yo 140/90 gave 2 nitro, 3rd?"], ["-: 0.4 mg SL after 2"]],
  [["cp 60yo 140/90 gave 3 nitro, 4th?"], limitReached()],
  [["40yo femur fx 10/10 fent 150mcg total given, more?"], FENTANYL_LIMIT()],
  [["55yo bgl 42 d10 250ml given, still 48, more?"], limitReached()],
  [["35yo anaphylaxis epi .5 im x3 given, more?"], limitReached("anaphylaxis")],
  // Near misses: a number and a place that disagree, or a total short of the maximum, are still asked
  [["cp 60yo 140/90 gave 2 nitro, 4th?"], countAsked()],
  [["55yo svt 180 gave 6 adenosine, 2nd?"], countAsked("svt")],
  [["40yo femur fx 10/10 fent 100mcg total given, more?"], countAsked()],
  [["60yo arrest already gave 2 mg of epi, epi?"], countAsked("cardiac-arrest")],
  // the drug asked again after its bare count reads it, as "more versed?" always did (nineteenth read: TP 1231,
  // 10 mg IM/IN once before base); one dose's amount is one dose
  [["70kg seizing, versed x1, still seizing, versed?"], ["seizure: FACT_REQUIRED", "seizure: LIMIT_REACHED"]],
  [["55yo bgl 42 d10 125ml given, still 48, more?"], ["-: 125 mL IV/IO after 1"]],
];

Deno.test("MD12 H2: a count said with s/p, status post, post or after is read though a question follows it", async () => {
  await says("TP 1211", "Repeat every 5 min prn x2, total of 3 doses");
  await says("TP 1210", "maximum total dose 3mg");
  await says("TP 1203", "repeat 125 mL for a total of 250mL");
  check(HISTORY_THEN_QUESTION);
});

Deno.test("MD12 H2: a drug named with its count beside another asked is not offered again", () => {
  check(COUNTED_BESIDE_ANOTHER);
});

Deno.test("MD12 H2: a series said given is asked, never dosed as a first dose", async () => {
  await says("TP 1210", "maximum total", "450mg");
  check(SERIES_GIVEN);
});

Deno.test("MD12 M6: a count or total plainly written is read; at the maximum the engine refuses", () => {
  check(PLAINLY_WRITTEN);
});

Deno.test("a drug's count ends its phrase only before a vital, another drug or a question", () => {
  const cases: [string, string][] = [
    ["s/p nitro x3 more nitro?", "s/p nitro x3, more nitro?"],
    ["s/p nitro x3 can i give a 4th", "s/p nitro x3, can i give a 4th"],
    ["nitro x3 bp 130/80 morphine?", "nitro x3, bp 130/80 morphine?"],
    ["epi x2 given by fire more epi?", "epi x2 given by fire more epi?"],
    ["nitro x2 more given", "nitro x2 more given"],
    ["epi x2 at 1400 and x1 at 1405", "epi x2 at 1400 and x1 at 1405"],
    ["nitro x3 given, nitro?", "nitro x3 given, nitro?"],
    ["cp x3 days nitro?", "cp x3 days nitro?"],
  ];
  for (const [said, read] of cases) assert.equal(withCountBreak(said), read, said);
});
