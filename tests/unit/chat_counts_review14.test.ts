/**
 * Medical director's fourteenth read, H3 and M2: doses given before the drug's name.
 * H3: "gave 3 nitro still cp nitro?" was one clause with the question, so the history was no history and a 4th nitro,
 * 200 mcg fentanyl, a 2nd IM epinephrine or midazolam past 10 mg were offered; with commas the same words were asked.
 * M2: a count of 1 to 3 before the name with a giving word ("3 nitro given", "2 epi given" in arrest) is a count where
 * it cannot be an amount in the drug's usual unit, and "fentanyl 150 given" / "gave 150 fentanyl" is MCG 1345's
 * 150 mcg maximum before base. Rows both ways: the fix, and the near misses that must still ask or dose.
 */
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterCount,
  limitReached,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const FENTANYL_LIMIT = ["-: LIMIT_REACHED", "-: LIMIT_REACHED"];
const MIDAZOLAM_LIMIT = ["seizure: LIMIT_REACHED", "seizure: LIMIT_REACHED"];

/** H3: the history before "still …" is read as it is with commas (TP 1211 step 6; MCG 1345; TP 1219; TP 1231). */
const STILL_AFTER_GIVEN: readonly Row[] = [
  [["cp 60yo bp 140/90 gave 3 nitro still cp nitro?"], limitReached()],
  [["cp 60yo bp 140/90 3 nitro given still 8/10 nitro?"], limitReached()],
  [["40yo femur fx 9/10 gave 150 fentanyl still 9/10 fentanyl?"], FENTANYL_LIMIT],
  [["40yo femur fx 9/10 150 fentanyl given still 9/10 fentanyl?"], FENTANYL_LIMIT],
  [["40yo femur fx 9/10 gave 150mcg fentanyl still 9/10 fentanyl?"], FENTANYL_LIMIT],
  [["40yo femur fx 9/10 gave 3 fentanyl still 9/10 fentanyl?"], FENTANYL_LIMIT],
  // TP 1219 step 4: IM epinephrine repeats only on base order
  [["70kg anaphylaxis gave 0.5 epi still wheezing epi?"], limitReached("anaphylaxis")],
  // TP 1231 step 7: 10 mg in all before base, every route
  [["45yo 80kg seizing gave 10 versed still seizing versed?"], MIDAZOLAM_LIMIT],
  [["45yo 80kg seizing gave 10mg versed im still seizing versed?"], limitReached("seizure")],
  // An amount that is neither a count nor the maximum is asked, never dosed as a first
  [["40yo femur fx 9/10 gave 100 fentanyl still 9/10 fentanyl?"], countAsked()],
  [["45yo 80kg seizing gave 2 versed still seizing versed?"], countAsked("seizure")],
  // Near misses: the comma forms and a count after the name read as before; under the maximum, the next dose
  [["40yo femur fx 9/10 gave 150 fentanyl, still 9/10, fentanyl?"], FENTANYL_LIMIT],
  [["40yo femur fx 9/10 gave 50 fentanyl x3 still 9/10 fentanyl?"], FENTANYL_LIMIT],
  [["cp 60yo bp 130/80 after 3 nitro, more nitro?"], limitReached()],
  [["cp 60yo bp 140/90 gave 2 nitro still cp nitro?"], ["-: 0.4 mg SL after 2"]],
  [["cp 60yo bp 140/90 nitro given still cp nitro?"], ["-: 0.4 mg SL after 1"]],
  [["cp 60yo bp 140/90 still cp nitro?"], ["-: 0.4 mg SL"]],
];

/** M2: counts before the name with a giving word, and the fentanyl maximum said as a number (MCG 1345). */
const COUNTS_BEFORE_NAME: readonly Row[] = [
  [["cp 60yo bp 130/80 3 nitro given, nitro?"], limitReached()],
  [["cp 60yo bp 130/80 given 3 nitro, nitro?"], limitReached()],
  [["cp 60yo bp 130/80 gave 1 nitro, nitro?"], ["-: 0.4 mg SL after 1"]],
  // TP 1210 step 9: 1 mg each, so "2 epi" is two doses either way
  [["60yo vf arrest 2 epi given, epi?"], ["cardiac-arrest: 1 mg IV/IO after 2"]],
  // TP 1219 step 4: two IM doses are past the one allowed before base
  [["70kg anaphylaxis gave 2 epi, still wheezing, epi?"], limitReached("anaphylaxis")],
  [["40yo femur fx 9/10 fentanyl 150 given, more?"], FENTANYL_LIMIT],
  [["40yo femur fx 9/10 gave 150 fentanyl, more fentanyl?"], FENTANYL_LIMIT],
  // Near misses: a number that may be an amount ("1 epi" may be 1 mg, two IM doses; "2 versed" may be 2 mg), or
  // an amount short of the maximum, is still asked; a number after a reading is the reading's
  [["70kg anaphylaxis gave 1 epi, still wheezing, epi?"], countAsked("anaphylaxis")],
  [["45yo 80kg seizing 2 versed given, still seizing, versed?"], countAsked("seizure")],
  [["40yo femur fx 9/10 gave 50 fentanyl, more fentanyl?"], countAsked()],
  [["40yo femur fx 9/10 fentanyl 25 given, more?"], countAsked()],
  [["cp 58yo EMT gave 5 chewable baby asa, asa?"], countAsked()],
  [["cp 60yo bp 130/80 nitro given, nitro?"], ["-: 0.4 mg SL after 1"]],
  // A child's bare number may be a volume (TP 1210-P: 0.1 mL/kg), and a place asked that disagrees settles nothing
  [["5yo 18kg arrest gave 2 epi, epi?"], countAsked("cardiac-arrest")],
  [["cp 60yo bp 140/90 gave 2 nitro, 4th?"], countAsked()],
];

Deno.test("fourteenth read H3: a dose given before 'still …' is counted as with commas", () =>
  check(STILL_AFTER_GIVEN));
Deno.test("fourteenth read M2: counts before the drug's name, and fentanyl 150 given", () =>
  check(COUNTS_BEFORE_NAME));

/** Fifteenth read (the fourteenth's H3 left): the amount after the name ("fentanyl 150 given still …"), and the drug asked again right after its history ("asa given asa?"). */
const AMOUNT_AFTER_NAME: readonly Row[] = [
  [["40yo 80kg femur fx 9/10 fentanyl 150 given still 9/10 fentanyl?"], FENTANYL_LIMIT], // MCG 1345: 150 mcg
  [["70kg anaphylaxis epi 0.5 given still wheezing epi?"], limitReached("anaphylaxis")], // TP 1219 step 4
  [["60yo vf arrest amio 300 given still vf amio?"], ["-: 150 mg IV/IO after 1"]], // TP 1210 step 11
  [["55yo svt 190 adenosine 6 given still svt adenosine?"], ["svt: 12 mg IV/IO after 1"]], // TP 1213 step 10
  [["40yo 80kg femur fx 9/10 fentanyl 50 given still 9/10 fentanyl?"], [
    "-: 50 mcg IV/IO/IM after 1",
    "-: 50 mcg IN after 1",
  ]],
  [["cp 60yo bp 150/90 asa given asa?"], limitReached()], // TP 1211: one aspirin
  // the interval a count was given at, and s/p before the drug, end the history too (a 4th nitro had been offered)
  [["cp 60yo bp 150/90 nitro x3 q5min nitro?"], countAsked()],
  // nitro asked again after its count reads it (nineteenth read): three is TP 1211 step 6's limit
  [["cp 60yo bp 150/90 nitro x3 5 min apart nitro?"], limitReached()],
  [["cp 60yo bp 150/90 s/p nitro nitro?"], ["-: 0.4 mg SL after 1"]],
  [["70kg anaphylaxis s/p epi still wheezing epi?"], limitReached("anaphylaxis")],
  [["cp 60yo bp 150/90 s/p fall nitro?"], ["-: 0.4 mg SL"]], // an event after s/p is no dose
  // near misses: another drug given, the question after a comma
  [["cp 60yo bp 150/90 nitro given asa?"], ["-: 325 mg PO"]],
  [["cp 60yo bp 150/90, asa given, asa?"], limitReached()],
];

Deno.test("fifteenth read: a dose given with its amount after the name, or the drug asked right after, is counted", () =>
  check(AMOUNT_AFTER_NAME));
