/**
 * Medical director's thirteenth read, M3: questions the chat asked where the count or the maximum is plainly written.
 * A number right after the drug's name in a clause of doses given ("fentanyl 50 given") that is one dose of it is that
 * dose; a series said given whose amounts add up to the maximum is the limit; "nitro x2" in a list after a giving word
 * is nitro's count; "4 chewable baby asa" is one aspirin dose (naloxone's all-route total: dosing_naloxone_routes.test.ts).
 * Rows both ways: the fix, and the near misses that must still ask.
 */
import { says } from "../support/adult_protocols.ts";
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
const FENTANYL_AFTER_ONE = ["-: 50 mcg IV/IO/IM after 1", "-: 50 mcg IN after 1"];

/** A number after the name, one dose of it in its usual unit (MCG 1345 fentanyl 50 mcg; TP 1213 step 10 adenosine). */
const NUMBER_AFTER_NAME: readonly Row[] = [
  [["40yo femur fx 9/10 fentanyl 50 given, still 9/10, more?"], FENTANYL_AFTER_ONE],
  [["40yo femur fx 9/10 gave fentanyl 50, more fentanyl?"], FENTANYL_AFTER_ONE],
  // TP 1213 step 10: 6 or 12 mg first; after no conversion 12 mg
  [["55yo svt 190 adenosine 6 given no change, next?"], ["svt: 12 mg IV/IO after 1"]],
  [["55yo svt 190 adenosine 12 given no change, next?"], ["svt: 12 mg IV/IO after 1"]],
  [["55yo svt 190 adenosine 12mg given no change, next?"], ["svt: 12 mg IV/IO after 1"]],
  // TP 1210 step 11: 300 mg, then 150 mg
  [["60yo vf arrest amio 300 given, more amio?"], ["-: 150 mg IV/IO after 1"]],
  // TP 1231: a single 10 mg IM/IN is the dose before base
  [["adult 80kg seizing, versed 10 given IM, still seizing, versed?"], limitReached("seizure")],
  // Near misses: a number that is no one dose of it, or one before the name, is still asked
  // MCG 1345: 150 mcg is the most before base, so "fentanyl 150 given" is the limit (fourteenth read, M2)
  [["40yo femur fx 9/10 fentanyl 150 given, more?"], ["-: LIMIT_REACHED", "-: LIMIT_REACHED"]],
  [["40yo femur fx 9/10 fentanyl 25 given, more?"], countAsked()],
  [["55yo svt 190 adenosine 8 given no change, next?"], countAsked("svt")],
  [["60yo cp bp 150/90, nitro 2 given, still cp, nitro?"], countAsked()],
  // TP 1231 step 7: 10 mg in all before base; 20 given is past it as mg or as doses (fourteenth read, M2)
  [["adult 80kg seizing, versed 20 given IM, still seizing, versed?"], limitReached("seizure")],
  [["5yo 20kg seizing versed 10 given, versed?"], countAsked("seizure")],
  [["40yo femur fx 9/10 gave 50 fentanyl, more fentanyl?"], countAsked()],
];

/**
 * A number of three or four digits elsewhere in the clause of doses given is no more a single dose than one of two
 * digits: it is asked. "gave 150 fentanyl" had been read as one dose and a second 50 mcg offered at MCG 1345's 150 mcg.
 */
const LARGER_NUMBERS: readonly Row[] = [
  // MCG 1345's 150 mcg before base: the limit, no longer asked (fourteenth read, M2)
  [["40yo femur fx 9/10 gave 150 fentanyl, more fentanyl?"], ["-: LIMIT_REACHED", "-: LIMIT_REACHED"]],
  // "given 150" is the amount after its giving word, as "fentanyl 150 given" is (sixteenth read, M5)
  [["40yo femur fx 9/10 fentanyl given 150, more?"], ["-: LIMIT_REACHED", "-: LIMIT_REACHED"]],
  [["60yo vf arrest gave 300 amio, more amio?"], countAsked()],
  // Near misses: a rate after the rhythm's name, a vital, a time are no numbers of the dose
  [["55yo svt 190, adenosine given no change, adenosine?"], ["svt: 12 mg IV/IO after 1"]],
  [["60yo cp bp 150/90, nitro given hr 110, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["60yo cp bp 150/90, nitro given at 1410, nitro?"], ["-: 0.4 mg SL after 1"]],
];

/** A series said given whose amounts add up to the maximum is the limit (TP 1210 steps 9 and 11). */
const SERIES_AT_MAXIMUM: readonly Row[] = [
  [["60yo vf arrest amio 300 and 150 given, more amio?"], limitReached()],
  [["60yo vf arrest amio 300mg and 150mg given, more amio?"], limitReached()],
  [["60yo vf arrest gave amio 300/150, more amio?"], limitReached()],
  [["60 yo arrest, epi 1mg, 1mg, 1mg given, epi?"], limitReached("cardiac-arrest")],
  // Near misses: below the maximum, or counts in the series, still asked; a series with no giving word is said only
  [["60yo vf arrest amio 300 and 100 given, more amio?"], countAsked()],
  [["60 yo arrest, epi 1mg, 1mg given, epi?"], countAsked("cardiac-arrest")],
  [["55yo svt 190 adenosine 6 and 12 given, still svt, more adenosine?"], countAsked("svt")],
  [["60 yo arrest, epi 1mg x1 and 1mg x1 given, epi?"], countAsked("cardiac-arrest")],
  [["60 yo VF arrest, amio 300/150"], ["-: 300 mg IV/IO"]],
];

/** A count in a list after a giving word, and baby aspirin said chewable. */
const LISTS_AND_TABLETS: readonly Row[] = [
  // TP 1211 step 6: three nitro in all
  [["cp 58yo gave asa x1, nitro x2, bp 140/90, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["cp 58yo gave asa x1, nitro x3, bp 140/90, nitro?"], limitReached()],
  [["cp 58yo gave asa, nitro x2, bp 140/90, nitro?"], ["-: 0.4 mg SL after 2"]],
  // No giving word, or a vital between, ends the list; nitro asked again after its count still reads it (nineteenth
  // read: TP 1211 step 6, three in all)
  [["cp 58yo asa x1, nitro x2, bp 140/90, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["cp 58yo gave asa x1, bp 140/90, nitro x2, nitro?"], ["-: 0.4 mg SL after 2"]],
  // Near misses the asked-again reading cannot reach (the question in a message of its own): without a giving word,
  // or with a vital between, the list ends and the bare count is asked; after "gave" it is read
  [["cp 58yo asa x1, nitro x2, bp 140/90", "nitro?"], countAsked()],
  [["cp 58yo gave asa x1, bp 140/90, nitro x2", "nitro?"], countAsked()],
  [["cp 58yo gave asa x1, nitro x2, bp 140/90", "nitro?"], ["-: 0.4 mg SL after 2"]],
  // TP 1211: up to four 81 mg are the one 325 mg aspirin
  [["cp 58yo EMT gave 4 chewable baby asa, asa?"], limitReached()],
  [["cp 58yo EMT gave 4 baby asa, asa?"], limitReached()],
  [["cp 58yo EMT gave 5 chewable baby asa, asa?"], countAsked()],
  [["cp 58yo EMT gave 4 chewable asa, asa?"], countAsked()],
];

Deno.test("MD13 M3: a number after the drug's name that is one dose of it is that dose; others are asked", async () => {
  await says("TP 1213", "Adenosine 6 or 12mg (2 or 4mL) rapid IV push", "Adenosine 12mg (4mL) rapid IV push");
  await says("TP 1231", "Midazolam 10mg (2mL) IM/IN");
  check(NUMBER_AFTER_NAME);
});

Deno.test("MD13 M3: a number of three or four digits in a clause of doses given is asked, never one dose", async () => {
  await says("MCG 1345", "150mcg");
  check(LARGER_NUMBERS);
});

Deno.test("MD13 M3: a series said given at the maximum is the limit; below it, asked", async () => {
  await says("TP 1210", "maximum total dose 3mg", "maximum total", "450mg");
  check(SERIES_AT_MAXIMUM);
});

Deno.test("MD13 M3: a count listed after a giving word is read; chewable baby aspirin is one dose", async () => {
  await says("TP 1211", "Repeat every 5 min prn x2, total of 3 doses");
  check(LISTS_AND_TABLETS);
});
