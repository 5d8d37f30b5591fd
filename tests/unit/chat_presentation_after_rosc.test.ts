/**
 * A treatment asked for by presentation ("what doses?", "meds?", "push dose?") after the arrest is over in the same
 * message or a newer one (chat_presentations.ts): the arrest's medications are not listed. Stop 60's reads: "vf arrest,
 * rosc, bp 70/40, what doses?" had listed amiodarone 300 mg and epinephrine 1 mg IV/IO for a patient with a pulse
 * (MCG 1317.5 gives amiodarone to the pulseless only; TP 1210 step 18 treats a low pressure after ROSC with saline,
 * then push-dose epinephrine). A newer message that says the heart stopped again keeps them. Each row that lists no
 * arrest dose fails on the code before.
 */
import { chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const NALOXONE_AFTER_ROSC = "post-rosc: 2 mg IV/IM/IN";
const ROWS: readonly Row[] = [
  [["60yo 80kg vf arrest, rosc, bp 70/40, what doses?"], [NALOXONE_AFTER_ROSC, "post-rosc: 1000 mL IV/IO"]],
  [["60yo 80kg vf arrest, rosc, bp 70/40, push dose?"], [
    "push-dose: 10 mcg IV/IO",
    NALOXONE_AFTER_ROSC,
    "post-rosc: 1000 mL IV/IO",
  ]],
  [["60yo 80kg vf arrest, now awake, bp 100/60, what meds?"], []],
  [["60yo 80kg vf arrest, what doses?", "rosc, bp 70/40"], []],
  // ROSC asked, doubted, awaited or taken back is no end (read T)
  [["60yo 80kg vf arrest, rosc?, what meds?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["60yo 80kg vf arrest, scratch the rosc, what meds?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["60yo 80kg vf arrest, close to rosc, what meds?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["60yo 80kg vf arrest, hoping to get rosc, what doses?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["60yo 80kg vf arrest, goal rosc, what doses?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["60yo 80kg vf arrest, what meds?", "wait for rosc"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  // the arrest still on, or on again, keeps them
  [["60yo 80kg vf arrest, what doses?"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  [["60yo 80kg vf arrest, what doses?", "still in vf"], [
    "cardiac-arrest: 300 mg IV/IO",
    "cardiac-arrest: 1 mg IV/IO",
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  [["9mo 9kg v fib arrest, then rosc, what doses?", "rosc briefly then lost"], [
    "cardiac-arrest: 45 mg IV/IO",
    "cardiac-arrest: 0.09 mg IV/IO",
    "post-rosc: NOT_FOR_THIS_PATIENT",
  ]],
];

Deno.test("a presentation after the arrest is over lists none of the arrest's medications (TP 1210 step 18)", () =>
  checkRows(ROWS, (messages) => chatAnswers(messages, doseAfterCount)));
