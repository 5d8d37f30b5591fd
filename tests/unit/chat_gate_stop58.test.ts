/**
 * Rows from the findings Stop 57's reads left open (md52 P4, md54 P8): VF by its full name and pulseless VT said as
 * the rhythm with its pulse denied ("vtach no pulse", "vt, without a pulse") are TP 1210's arrest — epinephrine's
 * cardiac-arrest dose, a defibrillation's energy, and the sequence note that counts the shocks before it — where they
 * had asked the indication and offered both energies. A pulse denied of a limb, an oximeter or as a question asks as
 * before. Each test fails on the code before its change.
 */
import assert from "node:assert/strict";
import { chatAnswers, checkRows, doseAfterCount, notesOf, type Row } from "../support/chat_answers.ts";

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
  [["45yo 80kg hx of ventricular fibrillation, epi?"], ["-: AMBIGUOUS_INDICATION"]],
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
