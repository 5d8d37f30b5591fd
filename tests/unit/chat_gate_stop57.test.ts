/**
 * Rows from the findings Stop 56's reads left open, each table a rule of chat_shock_counts.ts / chat_shock_kinds.ts
 * or chat_cardiac_arrest_said.ts:
 *   - a shock count's kind is the rhythm's where no shock word says it and the rhythm is plain ("svt, zapped x1" is a
 *     cardioversion; "svt, zapped x2, near arrest" either, as before);
 *   - ROSC asked, awaited or lost again, and a pulse denied, are no ROSC (chat_rosc.ts);
 *   - an arrest said before its penetrating wound, in one message, is a traumatic arrest
 *     (chat_trauma_contraindications.ts);
 *   - a tachycardia beside an arrest said past or in other words asks both energies, each labelled.
 * Each test fails on the code before its change.
 */
import assert from "node:assert/strict";
import {
  ARREST_HELD,
  chatAnswers,
  checkRows,
  doseAfterCount,
  notesOf,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = ["cardiac-arrest: 1 mg IV/IO"];

/**
 * "Zapped xN" in a tachycardia counts cardioversions, never defibrillations: a child's first defibrillation in the VF
 * that followed had been 4 J/kg (TP 1210-P step 14: 2 J/kg first), and the arrest's notes counted the cardioversions
 * toward TP 1210 steps 9 and 11.
 */
const COUNT_KIND_BY_RHYTHM: readonly Row[] = [
  [["4yo 16kg svt 240, zapped x1", "now pulseless vf, energy?"], ["-: 32 J PADS"]],
  [["30yo 80kg svt 180, zapped x2", "now svt again 190, energy?"], ["-: 200 J PADS after 2"]],
  [["30yo 80kg vf arrest, zapped x2", "rosc", "now svt 180 with pulse, cardiovert?"], ["-: 120 J PADS"]],
  [["4yo 16kg vf arrest, zapped x1", "still vf, energy?"], ["-: 64 J PADS after 1"]],
  // the rhythm not plain: either kind, as before (the gate read's H3, H4: a tachycardia beside an arrest word, an ICD)
  [["30yo 80kg svt 230, pmh vfib arrest with icd, zapped x2", "cardioversion energy?"], [
    "-: 200 J PADS after 2",
  ]],
  [["4yo 16kg svt 240, zapped x1, near arrest", "cardioversion energy?"], ["-: 32 J PADS after 1"]],
  [["4yo 16kg vtach no pulse cpr zapped x1", "defib energy?"], ["-: 64 J PADS after 1"]],
  [["30yo 80kg svt 200, near arrest, zapped x3", "cardioversion energy?"], ["-: LIMIT_REACHED"]],
  // only a narrow-complex tachycardia counts cardioversions, only VF named plainly before the shocks defibrillations
  // (the second read's A-H1, A-M1)
  [["4yo 16kg v tach on aed, zapped x1", "still v tach, pulseless, energy?"], ["-: 64 J PADS after 1"]],
  [["4yo 16kg vtach, epi given, zapped x1", "defib energy?"], ["-: 64 J PADS after 1"]],
  [["30yo 80kg aflutter 150, not vf, zapped x1", "cardioversion energy?"], ["-: 150 J PADS after 1"]],
  [["30yo 80kg vf arrest, rosc, then hr 200 unstable, zapped x1", "cardioversion energy?"], [
    "-: 150 J PADS after 1",
  ]],
  [["30yo 80kg a flutter 150, monitor read as vf by mistake, zapped x1", "cardioversion energy?"], [
    "-: 150 J PADS after 1",
  ]],
];

Deno.test("a shock count's kind is its rhythm's: 'svt, zapped x1' is no defibrillation (TP 1210-P step 14)", () => {
  check(COUNT_KIND_BY_RHYTHM);
  const amiodarone = notesOf(["30yo 80kg svt 180 zapped x2", "vf arrest, amio?"]);
  assert.ok(!amiodarone.some((n) => /TP 1210 step 11/.test(n)), amiodarone.join("\n"));
  const epi = notesOf(["30yo 80kg vf arrest, zapped x1, epi"]);
  assert.ok(epi.some((n) => /TP 1210 step 9 begins epinephrine.*1 shock read/.test(n)), epi.join("\n"));
});

/**
 * A traumatic arrest said with the arrest first, in its message: held (TP 1243 gives no drug; MCG 1317.17 and 1317.5
 * give epinephrine and amiodarone in non-traumatic arrest only). These had been given 1 mg IV/IO. A denied, old or
 * healed wound, another's, and an arrest said medical are read as before.
 */
const TRAUMATIC_ARREST_SAID_OTHERWISE: readonly Row[] = [
  [["30yo 80kg pulseless, gsw to chest, epi"], ARREST_HELD],
  [["30yo 80kg cpr in progress, multiple gsw, epi"], ARREST_HELD],
  [["30yo 80kg pulseless after being stabbed, epi"], ARREST_HELD],
  [["30yo 80kg pulseless, gsw to chest, epi?"], ARREST_HELD],
  [
    ["30yo 80kg stabbed in chest, cpr in progress, pt had no injuries other than the stab wound, epi"],
    ARREST_HELD,
  ],
  // never across messages, nor a shot that is an injection or a taser's (the second read's B-H1 to B-H11)
  [["30yo 80kg gsw to chest", "pulseless, epi"], EPI],
  [["30yo 80kg pulseless, old gsw scar", "still pulseless, cpr ongoing, epi?"], EPI],
  [["30yo 80kg went pulseless after getting a shot in clinic, epi"], EPI],
  [["30yo 80kg cpr in progress, shot in chest by taser, epi"], EPI],
  [["30yo 80kg pulseless, shot in chest with paintball, epi"], EPI],
  [["30yo 80kg cpr in progress, gsw to abd as a kid, epi"], EPI],
  [["30yo 80kg cardiac arrest, multiple stab wounds to the wrists, epi"], EPI],
  [["30yo 80kg pulseless, gsw to chest suspected but not seen, epi"], EPI],
  [["30yo 80kg pulseless, pt has gsw to chest, tamponade suspected, epi"], ARREST_HELD],
  // a release said in doubt releases nothing
  [["30yo 80kg gsw to chest, pulseless, maybe arrest not due to the gsw, epi"], ARREST_HELD],
  [["60yo 70kg pulseless, shot in the stomach with his trulicity, epi?"], EPI],
  [["60yo 70kg cardiac arrest, gsw to chest of her grandson, collapsed on scene, epi?"], EPI],
  // a label, or the wound as the exception, releases nothing (the fourth read, T-H1)
  [["30yo 80kg mvc, driver pulseless; passenger: pt has no injuries, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest, pulseless, pt has no injuries, other than the gsw, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest, pulseless, if arrest not from the gsw, can i give epi?"], ARREST_HELD],
  [["30yo 80kg mvc, driver pulseless, passenger ok, pt has no injuries, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest, pulseless; pt #2, pt has no injuries, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest, pulseless; 2 pts, pt has no injuries, epi"], ARREST_HELD],
  [["60yo 70kg pulseless, shot in the belly with novolog, epi"], EPI],
  [["30yo 80kg pulseless, shot in the chest with a rifle, epi"], ARREST_HELD],
  // "with" cancels only a shot's, never a stab's (the sixth read, P1)
  [["30yo 80kg pulseless, stabbed in the chest with a knife, epi"], ARREST_HELD],
  [["30yo 80kg pulseless, gsw to chest, shot with a rifle, epi"], ARREST_HELD],
  // another patient's "no injuries" releases nothing (the third read, D-H1)
  [["30yo 80kg mvc rollover, driver pulseless, passenger pt has no injuries, epi"], ARREST_HELD],
  [["30yo 80kg pulseless, hx gsw 2010, epi"], EPI],
  [["30yo 80kg pulseless, old gsw scar, epi"], EPI],
  [["30yo 80kg cpr in progress, no gsw found, epi"], EPI],
  [["30yo 80kg pulseless, got flu shot today, epi"], EPI],
  [["30yo 80kg anaphylaxis after being stabbed", "epi"], ["anaphylaxis: 0.5 mg IM"]],
  // a wound beside the arrest that is another's, doubted, slight or old; a feared or past arrest
  [["30yo 80kg cardiac arrest, stabbed in chest was the son, pt is mother who collapsed, epi"], EPI],
  [["30yo 80kg pulseless, gsw to chest per caller but none found, epi"], EPI],
  [["30yo 80kg cpr in progress, gsw x1 graze to arm, epi"], EPI],
  [["30yo 80kg pulseless, gsw to head in the past, epi"], EPI],
  [["30yo 80kg pmh: mi, cardiac arrest, gsw to abd. now vf arrest, epi"], EPI],
  [["30yo 80kg 15yo lacrosse player pulseless, shot to the chest with ball, epi"], EPI],
  // the medic's reply to the hold, in words of their own
  [["30yo 80kg cardiac arrest, gsw to chest, epi", "gsw to chest was his brother, pt had no trauma"], EPI],
];

Deno.test("an arrest said before its wound in one message is held (TP 1243); across messages as before", () =>
  check(TRAUMATIC_ARREST_SAID_OTHERWISE));

/**
 * ROSC asked or awaited, lost again, or a pulse denied in the medic's spelling: the arrest goes on, so TP 1210's 1 mg
 * IV/IO, never post-ROSC push-dose 10 mcg (TP 1210 step 18), which these had been given. ROSC said is read as before.
 */
const ROSC_NOT_HAD: readonly Row[] = [
  [["30yo 80kg pulseless, cpr, epi? rosc?"], EPI],
  [["30yo 80kg pulseless, cpr, epi before rosc?"], EPI],
  [["30yo 80kg pulseless, cpr, 2 min till rosc check, epi?"], EPI],
  [["30yo 80kg asystole, cpr, rosc not achieved, epi?"], EPI],
  [["30yo 80kg asystole, cpr, rosc then no pulse again, epi?"], EPI],
  [["30yo 80kg vf, cpr, rosc then coded again, epi?"], EPI],
  [["30yo 80kg asystole, cpr, rosc then flatlined, epi?"], EPI],
  [["30yo 80kg cpr ongoing, dont have a pulse, epi?"], EPI],
  [["4yo 16kg asystole, cpr, dont have a pulse, epi?"], ["cardiac-arrest: 0.16 mg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, bp 60/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, no pulse ox reading, bp 60/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, got a pulse back, bp 70, epi"], ["push-dose: 10 mcg IV/IO"]],
  // ROSC answered, a limb's or a downtime's "no pulse", a denied arrest after it: ROSC (the third read, C-H1, P2)
  [["30yo 80kg vf arrest, rosc? yes, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc check positive, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, downtime 15 min with no pulse, bp 70, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, radial no pulse, carotid strong, bp 70, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, no longer pulseless, bp 70, epi?"], ["push-dose: 10 mcg IV/IO"]],
  // lost, pending, not regained (the third read, P1)
  [["30yo 80kg asystole, cpr, lost rosc, epi?"], EPI],
  [["30yo 80kg asystole, cpr, rosc pending, epi?"], EPI],
  [["30yo 80kg asystole, rosc then heart stopped again, epi?"], EPI],
  [["30yo 80kg asystole, cpr, hasnt regained a pulse, epi?"], EPI],
  // answered in any words, a limb's pulses absent, a history told after it: ROSC (the fourth read, R-H1)
  [["65yo 80kg vf arrest, rosc? yeah, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc check: strong carotid, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc, bp 70/40, radial pulses absent, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc, bp 70/40, initially no pulse, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc, bp 70/40, c/o chest pain then coded per wife, epi?"], [
    "push-dose: 10 mcg IV/IO",
  ]],
  // "rosc?" answered yes in the next message is ROSC; unanswered, the arrest goes on (the fourth read)
  [["70yo 70kg pea arrest", "rosc?", "yes, bp 60/30, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg asystole, cpr", "rosc?", "epi?"], EPI],
  // a re-arrest while en route is the arrest; ROSC had "until" or "before" is ROSC; a limb's pulses gone, an
  // answer that says it is still there, the time after ROSC asked of, a pulse in the next message (the fifth read)
  [["30yo 80kg vf, rosc, rearrested while en route, epi?"], EPI],
  [["30yo 80kg asystole, cpr until rosc, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, bp 70/40, now radial pulses gone, carotid present, epi?"], [
    "push-dose: 10 mcg IV/IO",
  ]],
  [["30yo 80kg vf arrest, rosc? still there, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["30yo 80kg vf arrest, rosc, epi dose after rosc?"], ["push-dose: 10 mcg IV/IO"]],
  [["70yo 70kg pea arrest", "rosc?", "pulse present, bp 72/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg rosc after 10 min cpr, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc check: no change, pulse strong, bp 72/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg vf arrest, rosc, now bp 70/40, radial pulses gone again, epi?"], ["push-dose: 10 mcg IV/IO"]],
  // a pressure in the reply answers "rosc?"; a round of CPR or a shock told after the ROSC is the past (the sixth
  // read, H1, H2)
  [["55yo 90kg vf arrest", "rosc?", "hr 110, bp 72/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["55yo 90kg vf arrest", "rosc?", "bp 100/60, hr 110, epi?"], ["push-dose: NOT_FOR_THIS_PATIENT"]],
  [["65yo 80kg rosc after this round of cpr, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  // a pulse denied after "rosc?", ROSC never had or still to come: the arrest (the sixth read, P2, P3)
  [["30yo 80kg vf arrest, rosc? no palpable pulse, epi?"], EPI],
  [["30yo 80kg asystole, cpr, unable to get rosc, epi?"], EPI],
  [["30yo 80kg asystole, continue cpr until rosc, epi?"], EPI],
  // a history told after the ROSC is no re-arrest (the third read, C-M1)
  [["30yo 80kg rosc, bp 70/40, he coded at home per wife, epi?"], ["push-dose: 10 mcg IV/IO"]],
];

Deno.test("ROSC asked, awaited or lost again is no ROSC: 1 mg IV/IO, never push-dose (TP 1210 steps 12, 18)", () =>
  check(ROSC_NOT_HAD));

/**
 * A tachycardia beside an arrest said past, or in words other than the shockable rhythm's, asks both energies, each
 * labelled (TP 1210 defibrillates VF / pulseless VT; TP 1213 cardioverts a tachycardia with a pulse): "svt 200 hx of
 * cardiac arrest" had been given 200 J unsynchronized, "vtach no pulse" 120 J synchronized. Beside a feared arrest or
 * after ROSC, a tachycardia is cardioverted; VF or pulseless VT named now is defibrillated, as before.
 */
const TACHYCARDIA_BESIDE_AN_ARREST: readonly Row[] = [
  [["30yo 80kg svt 200 hx of cardiac arrest, energy?"], ["-: 200 J PADS", "-: 120 J PADS"]],
  [["30yo 80kg vtach no pulse, energy?"], ["-: 200 J PADS", "-: 120 J PADS"]],
  [["4yo 16kg vtach, cpr, shock?"], ["-: 32 J PADS", "-: 16 J PADS"]],
  [["4yo 16kg svt 240 near arrest, energy?"], ["-: 16 J PADS"]],
  [["30yo 80kg vf arrest, rosc, now svt 180, energy?"], ["-: 120 J PADS"]],
  [["30yo 80kg pulseless vtach, energy?"], ["-: 200 J PADS"]],
  [["30yo 80kg svt then vf, energy?"], ["-: 200 J PADS"]],
  [["4yo 16kg v tach, pulseless, energy?"], ["-: 32 J PADS"]],
  // a shock said given names no arrest: the SVT's count is a cardioversion's
  [["4yo 16kg svt 240 shocked x1", "now pulseless vf, energy?"], ["-: 32 J PADS"]],
  [["30yo 80kg svt 200, hx of cardiac arrest, shocked x2", "cardioversion energy?"], [
    "-: 200 J PADS after 2",
  ]],
  // VF said after the ROSC is the rhythm now; a past only in the arrest's own clause (the third read, B-H1, B-M1)
  [["30yo 80kg rosc, then svt 180, now ventricular fibrillation, energy?"], ["-: 200 J PADS"]],
  [["4yo 16kg rosc, svt 250, then ventricular fibrillation, shocked x1", "still vf, energy?"], [
    "-: 64 J PADS after 1",
  ]],
  [["30yo 80kg pulseless vt, hx of mi, energy?"], ["-: 200 J PADS"]],
  [["30yo 80kg pulseless vtach with prior mi, energy?"], ["-: 200 J PADS"]],
  [["30yo 80kg rosc after vf, now svt 180, energy?"], ["-: 120 J PADS"]],
  [["30yo 80kg rosc, svt 180, went from svt to vf, energy?"], ["-: 200 J PADS"]],
  [["65yo 80kg rosc, svt 200, after that vf, energy?"], ["-: 200 J PADS"]],
  [["65yo 80kg rosc, svt 180, after 2 min vf, energy?"], ["-: 200 J PADS"]],
  [["65yo 80kg rosc, svt 200, following that vfib, joules?"], ["-: 200 J PADS"]],
  [["65yo 80kg rosc after 2 min vf, bp 70/40, epi?"], ["push-dose: 10 mcg IV/IO"]],
  [["65yo 80kg icd pt in pulseless vtach, energy?"], ["-: 200 J PADS"]],
  // shocks before a ROSC that followed VF are VF's, never the SVT's cardioversions (the fifth read, C1)
  [["4yo 16kg vf arrest, shocked x2, rosc, now svt 250, energy?"], ["-: 16 J PADS"]],
  [["65yo 80kg vf arrest, zapped x1, rosc, now svt 200, energy?"], ["-: 120 J PADS"]],
];

Deno.test("a tachycardia beside an arrest not plainly now asks both energies (TP 1210, TP 1213)", () =>
  check(TACHYCARDIA_BESIDE_AN_ARREST));
