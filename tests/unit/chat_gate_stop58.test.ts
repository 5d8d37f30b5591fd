/**
 * Rows from the findings Stop 57's reads left open (md52 P4, md54 P8): VF by its full name and pulseless VT said as
 * the rhythm with its pulse denied ("vtach no pulse", "vt, without a pulse") are TP 1210's arrest — epinephrine's
 * cardiac-arrest dose, a defibrillation's energy, and the sequence note that counts the shocks before it — where they
 * had asked the indication and offered both energies. A pulse denied of a limb, an oximeter or as a question asks as
 * before. Each test fails on the code before its change.
 */
import assert from "node:assert/strict";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  type Dosed,
  notesOf,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = "cardiac-arrest: 1 mg IV/IO";
const ASKED = ["-: AMBIGUOUS_INDICATION", "-: AMBIGUOUS_INDICATION"];

const VF_AND_PULSELESS_VT_IN_OTHER_WORDS: readonly Row[] = [
  [["45yo 80kg ventricular fibrillation, epi?"], [EPI]],
  [["45yo 80kg ventricular fibrillation, zapped x1, epi?"], [EPI]],
  [["45yo 80kg vtach no pulse, epi?"], [EPI]],
  [["45yo 80kg vtach, no pulse, epi?"], [EPI]],
  [["45yo 80kg vt without a pulse, epi?"], [EPI]],
  // TP 1210 defibrillates pulseless VT: one energy, no longer a cardioversion's beside it
  [["45yo 80kg vtach no pulse, shocked x1, epi?"], [EPI, "-: 200 J PADS after 1"]],
  [["4yo 16kg vt without a pulse, energy?"], ["-: 32 J PADS"]],
  [["4yo 16kg vtach no pulse, shocked x1, epi?"], ["cardiac-arrest: 0.16 mg IV/IO", "-: 64 J PADS after 1"]],
  [["45yo 80kg vtach with no palpable pulse, shocked x2, amio?"], [
    "-: 300 mg IV/IO",
    "-: 200 J PADS after 2",
  ]],
  // a pulse asked about, an oximeter's, a limb's, a history: asked as before; a pulse present is cardioverted
  [["45yo 80kg vtach no pulse?, epi?"], ASKED],
  [["45yo 80kg vtach, no pulse ox reading, epi?"], ASKED],
  [["45yo 80kg vtach no pulse in left foot, epi?"], ASKED],
  [["45yo 80kg vt no pulse left arm, epi?"], ASKED],
  [["45yo 80kg vt, no pulses distally, epi?"], ASKED],
  [["45yo 80kg hx of ventricular fibrillation, epi?"], ASKED],
  [["45yo 80kg vtach with a pulse, energy?"], ["-: 120 J PADS"]],
];

Deno.test("VF by its full name and VT with its pulse denied are TP 1210's arrest (MCG 1309 doses)", () =>
  check(VF_AND_PULSELESS_VT_IN_OTHER_WORDS));

Deno.test("the shocks before epinephrine and amiodarone are counted in pulseless VT said in other words", () => {
  const cases: readonly [string, string][] = [
    ["45yo 80kg ventricular fibrillation, zapped x1, epi?", "TP 1210 step 9 begins epinephrine"],
    ["45yo 80kg vtach no pulse, shocked x1, epi?", "TP 1210 step 9 begins epinephrine"],
    ["4yo 16kg vtach no pulse, shocked x1, epi?", "TP 1210-P step 15 begins epinephrine"],
    ["45yo 80kg vtach with no palpable pulse, shocked x2, amio?", "TP 1210 step 11 gives amiodarone"],
  ];
  for (const [message, rule] of cases) {
    assert.ok(notesOf([message]).some((n) => n.includes(rule) && /shocks? read/.test(n)), message);
  }
});

/**
 * A presentation list ("what do i give") for an arrest now is TP 1210's, whatever state with a pulse is named beside
 * it; an arrest only feared or over lists none of the arrest's drugs (md52 P5: "pulseless, in shock" had been offered
 * push-dose epinephrine and a 1 L bolus; "respiratory arrest" and "near arrest" amiodarone 300 mg).
 */
const ARREST_PRESENTATIONS: readonly Row[] = [
  [["45yo 80kg pulseless, in shock, what do i give"], [
    "cardiac-arrest: 300 mg IV/IO",
    EPI,
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  [["4yo 16kg pulseless, in shock, what do i give"], [
    "cardiac-arrest: 80 mg IV/IO",
    "cardiac-arrest: 0.16 mg IV/IO",
    "cardiac-arrest: 320 mL IV/IO",
  ]],
  [["45yo 80kg rosc then pulseless again, in shock, what meds"], [
    "cardiac-arrest: 300 mg IV/IO",
    EPI,
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  // the heart said stopped beside a respiratory arrest: the cardiac arrest's list, as before
  [["60yo 80kg resp arrest, doesnt have a pulse, what do i push"], [
    "cardiac-arrest: 300 mg IV/IO",
    EPI,
    "cardiac-arrest: 1000 mL IV/IO",
  ]],
  // feared or over: no amiodarone, no arrest dose
  [["45yo 80kg near arrest, in shock, what do i give"], [
    "push-dose: 10 mcg IV/IO",
    "fluid-bolus: 1000 mL IV/IO",
  ]],
  [["45yo 80kg respiratory arrest, what do i give"], []],
  [["45yo 80kg was pulseless, now rosc, in shock, what meds"], [
    "push-dose: 10 mcg IV/IO",
    "fluid-bolus: 1000 mL IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
  ]],
  [["65yo 80kg vf arrest, cpr until rosc at 1412, bp 70/40, push dose?"], [
    "push-dose: 10 mcg IV/IO",
    "post-rosc: 2 mg IV/IM/IN",
    "post-rosc: 1000 mL IV/IO",
  ]],
];

Deno.test("an arrest now outranks a state with a pulse in a presentation list; one feared or over lists none", () =>
  check(ARREST_PRESENTATIONS));

/** The shock's kind beside its energy: the line says which the medic sets the defibrillator to. */
const kindAndEnergy = ({ request, result }: Dosed) =>
  `${request.medication} ${result.dose.value} ${result.dose.unit}` +
  (request.dosesGiven === undefined ? "" : ` after ${request.dosesGiven}`);

/**
 * A shock named only as done, with a rhythm said after it, is asked by that rhythm (md57's read): VF after a
 * cardioversion is defibrillated (TP 1210), a tachycardia with a pulse after ROSC cardioverted (TP 1213 step 12);
 * they had been synchronized and unsynchronized. With no plain rhythm after it, the kind named, as before.
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
  // VF in doubt decides nothing new
  [["65yo 80kg svt 200, cardioverted x1, vf?"], ["-: cardioversion 150 J after 1"]],
];

Deno.test("a rhythm said after a shock done decides the next shock's kind (TP 1210, TP 1213)", () =>
  checkRows(RHYTHM_AFTER_A_SHOCK_DONE, (messages) => chatAnswers(messages, kindAndEnergy)));

/**
 * The gate read of these rules (md58) found the arrest's epinephrine given where the patient has a pulse: a limb's or
 * an oximeter's pulse denied, a pressure or an awake patient beside "vtach no pulse" or "ventricular fibrillation",
 * another person's or a coming arrest beside "what do i give", a pulse back in a later message. Each asks, lists the
 * presentation's drugs as before, or gives TP 1210 step 18's push-dose.
 */
const WITH_A_PULSE: readonly Row[] = [
  [["45yo 80kg vtach no pulse radial, carotid weak, epi?"], ASKED],
  [["45yo 80kg vt, no pulse waveform on pleth, bp 100/60, epi?"], ASKED],
  [["45yo 80kg vtach no pulse, bp 90/60, epi?"], ASKED],
  [["4yo 16kg vt no pulse, alert and crying, epi?"], ASKED],
  [["45yo 80kg r/o vtach no pulse, pt alert, epi?"], ASKED],
  [["60yo 80kg monitor shows ventricular fibrillation but pt is awake and talking, epi?"], ASKED],
  [["60yo 80kg ventricular fibrillation 2 yrs ago, now anaphylaxis, epi?"], ASKED],
  [["60yo 80kg aflutter 150, monitor read as ventricular fibrillation by mistake, epi?"], ASKED],
  // a pulse back in a later message: post-ROSC push-dose, as "rosc" would say (TP 1210 step 18)
  [["45yo 80kg vtach no pulse", "converted, bp 80/50", "epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["45yo 80kg pulseless", "now sinus, pulse present, sbp 80", "epi?"], ["push-dose: 10 mcg IV/IO"]],
  // never after a respiratory arrest's pulse: asked, as before
  [["30yo 80kg respiratory arrest, epi", "pulse present"], ASKED],
];

Deno.test("a patient with a pulse beside an arrest's words is asked, or given push-dose after ROSC", () =>
  check(WITH_A_PULSE));

Deno.test("a presentation list gives the arrest's epinephrine only for an arrest plainly now", () => {
  const lists: readonly string[] = [
    "65yo 80kg pt in custody under arrest, in shock, what do i give",
    "65yo 80kg pulseless left leg, hypotension, what do i give",
    "65yo 80kg witnessed someone in cardiac arrest, now pt anxious, hypotension, what do i give",
    "65yo 80kg about to go pulseless, in shock, what do i give",
    "65yo 80kg cpr, now pulse present, in shock, push dose?",
    "45yo 80kg was pulseless, now rosc, in shock, what meds",
  ];
  for (const message of lists) {
    const answers = chatAnswers([message], doseAfterCount);
    assert.ok(!answers.includes(EPI), `${message}: ${answers}`);
    assert.ok(answers.some((a) => a.startsWith("push-dose")), `${message}: ${answers}`);
  }
  // a cause beside an arrest keeps its own row (TP 1210: calcium and bicarbonate for hyperkalaemia)
  assert.deepEqual(chatAnswers(["65yo 80kg pulseless, hyperkalemia, what do i give"], doseAfterCount), [
    "cardiac-arrest: 300 mg IV/IO",
    "hyperkalemia: 1 g IV/IO",
    "hyperkalemia: 50 mEq IV/IO",
  ]);
  // a ROSC only asked is no ROSC: the arrest's epinephrine stays (H6)
  assert.ok(chatAnswers(["65yo 80kg pea arrest, rosc? what meds"], doseAfterCount).includes(EPI));
});
