/**
 * A drug named as given in two messages of one course, or with a second amount said given beside it, is asked how
 * many in all (chat_dose_counts.ts, chat_named_given.ts). Stop 60's reads: "adenosine given, still svt" twice, then
 * "adenosine again?" had been answered 12 mg, and "adenosine 6mg given, 12mg given, again?" 12 mg, a third dose where
 * TP 1213 and MCG 1317.1 allow 6 mg then 12 mg before base contact; "adenosine 6 given, 12 given" had been read as
 * none, giving the first 6 mg again. Where the larger amount said is already the maximum, the limit is the answer.
 * Each asked row fails on the code before.
 */
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterCount,
  limitReached,
  type Row,
} from "../support/chat_answers.ts";

const ROWS: readonly Row[] = [
  [
    ["60yo 80kg svt 190", "adenosine given, still svt", "adenosine given, still svt", "adenosine again?"],
    countAsked("svt"),
  ],
  [
    ["60yo 80kg svt", "adenosine 6mg given", "still svt, adenosine 12 given", "still svt, adenosine?"],
    countAsked("svt"),
  ],
  [["60yo 80kg svt, adenosine 6 given, 12 given, again?"], countAsked("svt")],
  [["60yo 80kg svt, adenosine 6mg given, 12mg given, again?"], countAsked("svt")],
  [["60yo 80kg svt 200", "gave adenosine 6, then gave 12", "adenosine?"], countAsked("svt")],
  // read X: the second amount in a message of its own
  [["60yo 80kg svt 200", "adenosine 6mg given", "12 given", "adenosine?"], countAsked("svt")],
  [["60yo 80kg vf arrest shocked x3", "amio 300 given", "150 given", "amio?"], countAsked()],
  // another thing's amount given is no second dose (read U): the count read is one, TP 1219's limit before base
  [[
    "60yo 80kg anaphylaxis hives wheeze bp 84/50",
    "epi 0.5 im given, 125 solumedrol given, still wheezing",
    "epi?",
  ], [
    "anaphylaxis: LIMIT_REACHED",
  ]],
  [["60yo 80kg seizing, versed given", "still seizing, versed given", "versed?"], countAsked("seizure")],
  // the larger amount is the maximum (TP 1210 step 11: 450 mg of amiodarone in all)
  [["65yo 80kg vf arrest, shocked x3", "amio 300 given", "amio 450 given, another?"], limitReached()],
  // one naming, or a count said, reads as before
  [["60yo 80kg svt", "adenosine given, still svt", "adenosine?"], ["svt: 12 mg IV/IO after 1"]],
  [["60yo 80kg svt, adenosine x2 given, adenosine?"], limitReached("svt")],
];

Deno.test("a drug named as given twice, or a second amount given beside it, asks how many in all (TP 1213)", () =>
  checkRows(ROWS, (messages) => chatAnswers(messages, doseAfterCount)));
