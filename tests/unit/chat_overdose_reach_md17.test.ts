/**
 * How far an overdose word reaches (medical director's seventeenth read, H2): a home blood-pressure drug is an
 * overdose only with the overdose word beside its name (chat_overdose_words.ts), and a hyperkalaemia the medic names
 * (TP 1212 step 7, MCG 1317.11: calcium chloride 1 g IV/IO, a standing order) is never outranked by an overdose read
 * only from a drug's name (TP 1241 step 15, on a base order): both plausible, it is asked. Rows both ways.
 */
import { chatAnswers, checkRows, type Dosed, type Row } from "../support/chat_answers.ts";

const doseRoute = ({ result }: Dosed) => `${result.dose.value} ${result.dose.unit} ${result.route}`;
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseRoute));

/** The overdose word elsewhere in the message ("ate dinner", "splash od" = right eye, "50 od" = once daily). */
const FAR_FROM_THE_DRUG: readonly Row[] = [
  [["70yo dialysis pt on metoprolol, ate dinner, now hr 38 peaked t waves hyperkalemia, calcium chloride"], [
    "hyperkalemia: 1 g IV/IO",
  ]],
  [["70yo on amlodipine, hyperkalemia wide qrs hr 35, missed dialysis, ate bananas, calcium chloride"], [
    "hyperkalemia: 1 g IV/IO",
  ]],
  [["70yo on metoprolol got into an argument, now hr 38 bp 70/40, hyperkalemia peaked t, calcium chloride"], [
    "hyperkalemia: 1 g IV/IO",
  ]],
  [["60yo on diltiazem, chemical splash od, hr 40, hyperkalemia, calcium"], ["hyperkalemia: 1 g IV/IO"]],
  [["70yo on metoprolol 50 od, hyperkalemia peaked t, calcium chloride"], ["hyperkalemia: 1 g IV/IO"]],
  // a list of home medicines taken once daily names no overdose; nothing else named, it is asked
  [["70yo on metoprolol 50 od amlodipine 10 od hr 40 calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
  [["70yo took his metoprolol, hr 40, calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
];

/** The overdose word beside the drug still reads TP 1241's indication (the sixteenth read's M1 forms and more). */
const BESIDE_THE_DRUG: readonly Row[] = [
  [["60yo overdosed on metoprolol hr 40 calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["70yo amlodipine overdose hr 38 calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["swallowed 30 metoprolol 70kg calcium"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["ate grandma's verapamil 70kg calcium"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["55yo took a bottle of amlodipine hr 40 bp 70/40 calcium chloride"], [
    "calcium-channel-blocker-overdose: 1 g IV",
  ]],
];

/** A named hyperkalaemia beside an overdose read only from a drug's name: both plausible, so asked. */
const BOTH_PLAUSIBLE: readonly Row[] = [
  [["55yo amlodipine od, hyperkalemia peaked t, calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
  [["70yo hyperkalemia peaked t, took a bottle of amlodipine, calcium chloride"], [
    "-: AMBIGUOUS_INDICATION",
  ]],
  // near misses: the overdose said by its own name keeps the first said; a denied hyperkalaemia leaves the overdose
  [["70yo ccb od, hyperkalemia, calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["70yo no hyperkalemia, amlodipine od, calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
];

Deno.test("md17 H2: an overdose word far from the drug's name is no overdose", () =>
  check(FAR_FROM_THE_DRUG));
Deno.test("md17 H2: an overdose word beside the drug's name is TP 1241's indication", () =>
  check(BESIDE_THE_DRUG));
Deno.test("md17 H2: a named hyperkalaemia is asked beside an overdose read only from a drug", () =>
  check(BOTH_PLAUSIBLE));
