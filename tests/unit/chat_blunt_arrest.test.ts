/**
 * Medical director's nineteenth read, P1 (chat_blunt_mechanisms.ts, chat_trauma_contraindications.ts): a blunt
 * traumatic arrest said by what crushed, pinned, ran over or struck the patient, or a fall from a scaffold, was given
 * TP 1210's epinephrine and amiodarone. TP 1243 is for blunt as well as penetrating trauma (step 7) and gives no drug
 * but normal saline; MCG 1317.17 / MCG 1317.5 give them in non-traumatic arrest only. Near misses stay dosed: crushing
 * chest pain, pinpoint pupils, a fall from standing, hanging and drowning (TP 1243 note 4: asphyxial, medical), a
 * mechanism days before, and the medic's own "likely medical". The same blunt words count for TXA's injury clock
 * (MCG 1317.41: not past 3 hours) and saline's trauma row (TP 1244 step 15); the crush words stay TP 1242's.
 */
import assert from "node:assert/strict";
import {
  ARREST_HELD as HELD_EPI,
  chatAnswers,
  checkRows,
  doseForWho,
  HELD_ONCE as HELD,
  notesOf,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));
const HELD_AMIO = ["-: CONTRAINDICATION_NAMED"];
const EPI = ["cardiac-arrest: 1 mg IV/IO @40 yo"];
const AMIO = ["-: 300 mg IV/IO @40 yo"];
const TXA = ["-: 1 g IV/IO @40 yo"];

const BLUNT_ARRESTS = [
  "40yo crushed by forklift, pulseless",
  "40yo worker crushed by forklift, pulseless",
  "40yo pinned under car, pulseless",
  "40yo struck by falling beam, pulseless",
  "40yo run over by truck, pulseless, asystole",
  "40yo crushed under machinery, cpr in progress",
  "40yo fell from scaffold 20ft, pulseless, was on medical leave", // "medical leave" is no medical arrest
  "40yo got run over, pulseless",
  "40yo pinned between two cars, pulseless",
  "40yo trapped beneath a collapsed wall, cpr",
  "40yo hit by a falling tree, pulseless",
];

const HELD_ROWS: readonly Row[] = BLUNT_ARRESTS.flatMap((said): Row[] => [
  [[`${said}, epi`], HELD_EPI],
  [[`${said}, amiodarone`], HELD_AMIO],
]);

const NEAR_MISSES = [
  "40yo crushing chest pain then pulseless", // crushing chest pain is medical
  "40yo pinpoint pupils, pulseless",
  "40yo pupils pinned, pulseless",
  "40yo cardiac arrest after fall from standing",
  "40yo found down, pulseless",
  "40yo hanging, pulseless", // TP 1243 note 4: asphyxial, a medical arrest
  "40yo drowning, pulseless",
  "40yo run over by car last week, now pulseless", // days before: not this arrest's
  "40yo collapsed, wife ran over and started cpr", // "ran over" is not run over
  "40yo crushed his pills, pulseless",
];

const DOSED_ROWS: readonly Row[] = NEAR_MISSES.flatMap((said): Row[] => [
  [[`${said}, epi`], EPI],
  [[`${said}, amiodarone`], AMIO],
]);

Deno.test("a blunt traumatic arrest holds the arrest epinephrine and amiodarone (TP 1243; MCG 1317.17, 1317.5)", () => {
  check(HELD_ROWS);
});

Deno.test("crushing chest pain, pinpoint pupils, a fall from standing, hanging or an old mechanism stay dosed", () => {
  check(DOSED_ROWS);
});

Deno.test("'likely medical' beside a blunt mechanism is dosed per TP 1210 with its note", () => {
  const said = ["40yo likely medical, crushed by forklift, pulseless, epi"];
  check([[said, EPI]]);
  assert.match(notesOf(said).join(" "), /likely medical.*TP 1210/);
  // the note is said only where the injury was read: a plain medical arrest has none
  assert.doesNotMatch(notesOf(["40yo likely medical, pulseless, epi"]).join(" "), /likely medical/);
});

// MCG 1317.41: TXA not past 3 hours from the injury; the blunt words start that clock as the others do
const TXA_ROWS: readonly Row[] = [
  [["40yo crushed by forklift 4 hrs ago, sbp 80 hr 130, txa"], HELD],
  [["40yo run over by truck about 4 hours ago, sbp 80, txa"], HELD],
  [["40yo run over by truck at 0200, now 0600, sbp 80 hr 130, txa"], HELD],
  [["40yo struck by falling beam at 0100, now 0500, sbp 80 hr 130, txa"], HELD],
  [["40yo run over by truck at 0500, now 0600, sbp 80 hr 130, txa"], TXA],
  [["40yo run over by truck 1 hr ago, sbp 80 hr 130, txa"], TXA],
  [["40yo crushed by forklift, sbp 80 hr 130, txa"], TXA],
];

Deno.test("TXA counts its 3 hours from a blunt mechanism too (MCG 1317.41)", () => {
  check(TXA_ROWS);
});

// TP 1244 step 15: 250 mL then base for a trauma patient's poor perfusion; a crush is TP 1242's, so it stays asked
const SALINE_ROWS: readonly Row[] = [
  [["40yo run over by truck, sbp 70, normal saline"], ["trauma-hypotension: 250 mL IV/IO @40 yo"]],
  [["40yo fell from scaffold 20ft, sbp 70, normal saline"], ["trauma-hypotension: 250 mL IV/IO @40 yo"]],
  [["40yo crushed by forklift, sbp 70, normal saline"], ["-: AMBIGUOUS_INDICATION"]],
  [["40yo collapsed, wife ran over, sbp 70, normal saline"], ["-: AMBIGUOUS_INDICATION"]],
];

Deno.test("saline reads a blunt mechanism as trauma (TP 1244 step 15), never a crush (TP 1242)", () => {
  check(SALINE_ROWS);
});
