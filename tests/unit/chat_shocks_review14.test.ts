/**
 * The medical director's fourteenth read, H1 (a regression of the thirteenth read's shock counts), as the medic types
 * it: a vital sign's number written just before "cardioversion" or "shock" ("bp 70/40 cardioversion?", "spo2 90",
 * "gcs 13", "etco2 12") was read as that many shocks given. Cardioversion for an unstable tachycardia was refused as
 * past TP 1213's three shocks, and a child's first defibrillation was answered at 4 J/kg (TP 1210-P step 14: 2 J/kg
 * first). A number is a count of shocks only in a count form ("x2", "twice", "2 shocks", "1 shock given", "s/p 2
 * shocks"); a count past the series (TP 1213 step 12: 120 J, 150 J, 200 J) is asked, never refused as a limit.
 */
import { chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (m) => chatAnswers(m, doseAfterCount));

/** TP 1213 step 12: the first synchronized shock is 120 J; TP 1213-P: 1 J/kg; TP 1210-P step 14: 2 J/kg. */
const VITALS_ARE_NO_COUNT: readonly Row[] = [
  [["60yo vt pulse 180 bp 70/40 cardioversion joules?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 80/50 cardioversion?"], ["-: 120 J PADS"]],
  [["55yo svt 190 sbp 80 cardioversion?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 80 cardioversion?"], ["-: 120 J PADS"]],
  [["60yo vt 180 pulse present spo2 90 cardioversion?"], ["-: 120 J PADS"]],
  [["60yo unstable vt 180 gcs 13 sync cardioversion?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 70/40 synchronized cardioversion"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 70/40 shock?"], ["-: 120 J PADS"]],
  [["55yo svt 190 adenosine 6 and 12 given, bp 70/40 cardioversion?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 80/2 cardioversion?"], ["-: 120 J PADS"]],
  [["60yo vt pulse, gcs 14 cardioversion?"], ["-: 120 J PADS"]],
  [["10yo 32kg svt 250 bp 70/40 cardioversion"], ["-: 32 J PADS"]],
  [["20kg pulseless vt etco2 12 shock joules?"], ["-: 40 J PADS"]],
  [["20kg vf arrest gcs 3 shocks joules?"], ["-: 40 J PADS"]],
  [["20kg vf spo2 80 defib?"], ["-: 40 J PADS"]],
  [["60yo vf arrest bp 0/0 defib joules"], ["-: 200 J PADS"]], // "0/0 defib" had been read as "no defib" given
];

/** Near misses that must not change: written counts, and the forms that were already dosed as the first shock. */
const COUNTS_STILL_READ: readonly Row[] = [
  [["60yo vt pulse 180 bp 70/40, cardioversion joules?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 70/40 cardiovert"], ["-: 120 J PADS"]],
  [["55yo svt 190 cardioversion?"], ["-: 120 J PADS"]],
  [["55yo svt 190 bp 70/40 cardioverted x2 next?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 190 bp 70/40 cardioverted once, next?"], ["-: 150 J PADS after 1"]],
  [["55yo svt 190 bp 70/40, 2 shocks given, next?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 190 bp 70/40 s/p 1 cardioversion, next?"], ["-: 150 J PADS after 1"]],
  [["55yo svt 190 bp 70/40 x2 shocks, next?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 190 bp 70/40 cardioverted x3 next?"], ["-: LIMIT_REACHED"]],
  [["20kg vf 2 shocks joules?"], ["-: 80 J PADS after 2"]],
  [["20kg vf, 1 shock, joules?"], ["-: 80 J PADS after 1"]],
  [["20kg vf after 1 shock joules?"], ["-: 80 J PADS after 1"]],
  [["20kg vf etco2 12, shocked x2, joules?"], ["-: 80 J PADS after 2"]],
  [["60yo vf arrest age 60 3 shocks next joules?"], ["-: 200 J PADS after 3"]],
  [["60yo vf arrest, defib x1, gcs 3, joules?"], ["-: 200 J PADS after 1"]],
];

/** A count past cardioversion's three (TP 1213 step 12), or past ten shocks, is asked: never a limit. */
const PAST_THE_SERIES_ASKED: readonly Row[] = [
  [["55yo svt 180 cardioverted x4 next?"], ["-: DOSES_GIVEN_UNCLEAR"]],
  [["55yo svt 180, 5 cardioversions given, next?"], ["-: DOSES_GIVEN_UNCLEAR"]],
  [["60yo vf arrest shocked x12, joules?"], ["-: DOSES_GIVEN_UNCLEAR"]],
];

Deno.test("H1: a vital sign's number before 'cardioversion' or 'shock' is no count of shocks (TP 1213, 1210-P)", () =>
  check(VITALS_ARE_NO_COUNT));
Deno.test("H1: shocks written in a count form are still read, beside a vital sign's number", () =>
  check(COUNTS_STILL_READ));
Deno.test("H1: a count past the shock series is asked, never refused as past the limit (TP 1213 step 12)", () =>
  check(PAST_THE_SERIES_ASKED));
