/**
 * A repeat asked by its place ("second adenosine?", "amio 2nd dose?") is the repeat's dose, where the repeat differs
 * from the first: adenosine 0.2 mg/kg after 0.1 for a child (TP 1213-P step 9, MCG 1309) and 12 mg after 6 for an
 * adult (TP 1213), amiodarone 150 mg after 300 (MCG 1317.5). The first dose had been answered (2.6 mg, 6 mg, 300 mg).
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const ROWS: readonly Row[] = [
  [["8yo 26kg svt 250", "second adenosine?"], ["svt: 5.2 mg IV/IO @26 kg"]],
  [["8yo 26kg svt 250", "adenosine 0.1 mg/kg no change", "2nd dose of adenosine?"], [
    "svt: 5.2 mg IV/IO @26 kg",
  ]],
  [["60yo 80kg svt 200", "adenosine 6mg no change", "second adenosine?"], ["svt: 12 mg IV/IO @80 kg"]],
  [["60yo 80kg vf arrest, shocked x3", "amio 2nd dose?"], ["-: 150 mg IV/IO @80 kg"]],
  // a repeat asked in other words: at least one given, the fewest it can mean (the third read, P3)
  [["8yo 26kg svt 250", "repeat adenosine?"], ["svt: 5.2 mg IV/IO @26 kg"]],
  [["60yo 80kg svt 200", "adenosine again?"], ["svt: 12 mg IV/IO @80 kg"]],
  [["60yo 80kg vf, shocked x5", "repeat amio?"], ["-: 150 mg IV/IO @80 kg"]],
  // a shock count beside it (the request is two drugs'); none given said outright is none (the fourth read, W1)
  [["55yo 80kg vf arrest shocked x3, repeat amio?"], ["-: 150 mg IV/IO @80 kg", "-: 200 J PADS @80 kg"]],
  [["55yo 80kg svt 190, repeat adenosine? none given yet"], ["svt: 6 mg IV/IO @80 kg"]],
  [["55yo 80kg vf arrest, no amio yet, repeat amio?"], ["-: 300 mg IV/IO @80 kg"]],
  // Stop 61: a number sign after the drug, "redose" (a failure word is no dose: read V, W1)
  [["60yo 80kg svt 200", "adenosine #2?"], ["svt: 12 mg IV/IO @80 kg"]],
  [["60yo 80kg svt 200", "redose adenosine?"], ["svt: 12 mg IV/IO @80 kg"]],
  // "one more adenosine?" may ask of the box (read W): the first dose, with the note on doses given
  [["60yo 80kg svt 200", "one more adenosine?"], ["svt: 6 mg IV/IO @80 kg"]],
  // read W: another visit's dose, said in any words, is none of this call's
  [["60yo 80kg svt 210 bp 120/80", "they did adenosine at kaiser in march", "adenosine #2?"], [
    "svt: 6 mg IV/IO @80 kg",
  ]],
  [["60yo 80kg vf arrest, shocked x3, amio #2?"], ["-: 150 mg IV/IO @80 kg", "-: 200 J PADS @80 kg"]],
  [["60yo 80kg svt 200, give adenosine after vagal maneuvers?"], ["svt: 6 mg IV/IO @80 kg"]],
  // read U: a number sign before the drug is a patient or a bed, "after"/"despite" a plan or a home medicine
  [["60yo 80kg svt 200, pt #2 adenosine?"], ["svt: 6 mg IV/IO @80 kg"]],
  [["60yo 80kg svt 200, transport after adenosine, adenosine?"], ["svt: 6 mg IV/IO @80 kg"]],
  [["60yo 80kg svt 200, failed adenosine at last er visit, adenosine?"], ["svt: 6 mg IV/IO @80 kg"]],
  // another course's dose is none of this call's (read V, W1), and a failure told after the dose is that dose again
  [["60yo 80kg svt 210 bp 120/80", "adenosine given yesterday at urgent care", "adenosine #2?"], [
    "svt: 6 mg IV/IO @80 kg",
  ]],
  [["20kg 6yo svt 250 pink", "had adenosine at his last er visit per dad", "adenosine #2?"], [
    "svt: 2 mg IV/IO @20 kg",
  ]],
  [["60yo 80kg svt 210 bp 120/80", "iv for adenosine failed, got a 20g in the ac now. adenosine dose?"], [
    "svt: 6 mg IV/IO @80 kg",
  ]],
  [["60yo 80kg svt 200", "adenosine 6 given", "adenosine didnt work, repeat?"], ["svt: 12 mg IV/IO @80 kg"]],
  // the first asked by its place, and other drugs' ordinals, stay as they were (unread, noted)
  [["60yo 80kg vf arrest", "1st amio dose?"], ["-: 300 mg IV/IO @80 kg"]],
  [["8yo 26kg svt 250", "adenosine?"], ["svt: 2.6 mg IV/IO @26 kg"]],
];

Deno.test("a repeat asked by its place is the repeat's dose where it differs (TP 1213, TP 1213-P, MCG 1317.5)", () => {
  checkRows(ROWS, (messages) => chatAnswers(messages, doseForWho));
});
