/**
 * Rows from the findings of Stop 57's reads and Stop 58's three gate reads (md58, md59, md60), each a rule of
 * chat_presentations.ts or chat_shock_kinds.ts:
 *   - a presentation list ("what do i give") beside an arrest only feared lists none of the arrest's drugs, unless a
 *     pulse, a rhythm or a resuscitation is spoken of too; beside a ROSC with a pressure after it, neither; a ROSC
 *     asked, aimed at or lost again keeps them;
 *   - a shock named only as done, with a rhythm said plainly after it, is asked by that rhythm; a VT or wide complex
 *     after defibrillations, a VF doubted or beside a patient awake, keep the kind named.
 * The first and third tests fail on the code before the change; the second holds what a first version broke (md58, H6).
 */
import assert from "node:assert/strict";
import { chatAnswers, checkRows, doseAfterCount, type Dosed, type Row } from "../support/chat_answers.ts";

const EPI = "cardiac-arrest: 1 mg IV/IO";
const AMIODARONE = "cardiac-arrest: 300 mg IV/IO";

/**
 * "respiratory arrest" and "near arrest, in shock" had been offered amiodarone 300 mg and epinephrine 1 mg, and a
 * patient with ROSC and a pressure amiodarone 300 mg (TP 1210 is for the pulseless; step 18 after ROSC: saline, then
 * push-dose).
 */
const FEARED_OR_OVER: readonly Row[] = [
  [["45yo 80kg near arrest, in shock, what do i give"], [
    "push-dose: 10 mcg IV/IO",
    "fluid-bolus: 1000 mL IV/IO",
  ]],
  [["45yo 80kg respiratory arrest, what do i give"], []],
  [["65yo 80kg vf arrest, cpr until rosc at 1412, bp 70/40, push dose?"], [
    "push-dose: 10 mcg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
    "post-rosc: 1000 mL IV/IO",
  ]],
  [["65yo 80kg resp arrest, hr 110, what do i give"], []],
  // a pulse, a rhythm or a resuscitation spoken of beside a respiratory arrest: the cardiac arrest's list, as before
  // (md60, H1; a child's heart rate below 60 may call for CPR, TP 1210-P)
  [["60yo 80kg resp arrest, doesnt have a pulse, what do i push"], [
    AMIODARONE,
    EPI,
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  [["65yo 80kg resp arrest, no palpable carotid, what do i give"], [
    AMIODARONE,
    EPI,
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  [["4yo 16kg resp arrest, hr 40, what do i give"], [
    "cardiac-arrest: 80 mg IV/IO",
    "cardiac-arrest: 0.16 mg IV/IO",
    "cardiac-arrest: 320 mL IV/IO",
  ]],
];

Deno.test("a presentation list lists no arrest drug beside an arrest only feared or firmly over (TP 1210)", () =>
  checkRows(FEARED_OR_OVER, (messages) => chatAnswers(messages, doseAfterCount)));

Deno.test("a ROSC asked, aimed at or lost again keeps the arrest's epinephrine in the list (md58, md60)", () => {
  for (
    const message of [
      "65yo 80kg pea arrest, rosc? what meds",
      "65yo 80kg cpr ongoing, any rosc? what do i give",
      "65yo 80kg pea arrest, rosc briefly, lost it, what do i give",
      "65yo 80kg pea arrest, rosc, then lost it, what do i give",
      "65yo 80kg vf arrest, rosc, back on compressions, what do i give",
      "65yo 80kg asystole, what do i give to get rosc",
    ]
  ) {
    assert.ok(chatAnswers([message], doseAfterCount).includes(EPI), message);
  }
});

/** The shock's kind beside its energy: the line says which the medic sets the defibrillator to. */
const kindAndEnergy = ({ request, result }: Dosed) =>
  `${request.medication} ${result.dose.value} ${result.dose.unit}` +
  (request.dosesGiven === undefined ? "" : ` after ${request.dosesGiven}`);

/**
 * VF after a cardioversion is defibrillated (TP 1210), a narrow-complex tachycardia after ROSC cardioverted (TP 1213
 * step 12): they had been synchronized and unsynchronized. Where the rhythm after the shock done is not plain, the kind
 * named, as before.
 */
const RHYTHM_AFTER_A_SHOCK_DONE: readonly Row[] = [
  [["65yo 80kg svt 200, cardioverted, went into vf, energy?"], ["-: defibrillation 200 J"]],
  [["4yo 16kg svt 250, cardioverted x1, now vf, energy?"], ["-: defibrillation 32 J"]],
  [["65yo 80kg vf arrest, defibrillated x2, rosc, now svt 180 with pulse, energy?"], [
    "-: cardioversion 120 J",
  ]],
  [["65yo 80kg rosc after 3 defibs, now svt 180, joules?"], ["-: cardioversion 120 J"]],
  [["65yo 80kg svt 200, cardioverted x1, still svt, energy?"], ["-: cardioversion 150 J after 1"]],
  [["65yo 80kg vf, defibbed x2, still vf, energy?"], ["-: defibrillation 200 J after 2"]],
  [["65yo 80kg cardioverted x1, energy?"], ["-: cardioversion 150 J after 1"]],
  // not plain (md59, H6, H7): VF doubted or beside a patient awake, a VT after defibrillations
  [["65yo 80kg svt 200, cardioverted x1, vf?"], ["-: cardioversion 150 J after 1"]],
  [["65yo 80kg svt 200, cardioverted x1, now ?vf, energy?"], ["-: cardioversion 150 J after 1"]],
  [["65yo 80kg svt 200, cardioverted x1, monitor shows vf but pt talking, energy?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg vf, defibrillated x2, now vtach 180, energy?"], ["-: defibrillation 200 J after 2"]],
  // VF feared, past, resolved, doubted or on a monitor beside a patient perfusing or awake (md60, H4-H6)
  [["65yo 80kg svt 220, cardioverted x1, still svt, worried he goes into vf, joules?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg svt 200, cardioverted x1, still svt, pt has hx of vfib, energy?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg svt 220, cardioverted x1, vf resolved, now sinus, energy?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg wide complex 180, cardioverted x1, still wct, r/o pvt, energy?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg svt 220, cardioverted x1, vf on monitor but pt has a pulse, energy?"], [
    "-: cardioversion 150 J after 1",
  ]],
  [["65yo 80kg svt 220, cardioverted x1, now vf, pt combative, energy?"], ["-: cardioversion 150 J after 1"]],
];

Deno.test("a rhythm said plainly after a shock done decides the next shock's kind (TP 1210, TP 1213)", () =>
  checkRows(RHYTHM_AFTER_A_SHOCK_DONE, (messages) => chatAnswers(messages, kindAndEnergy)));
