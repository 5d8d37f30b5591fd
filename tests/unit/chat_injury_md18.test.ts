/**
 * Saline in trauma and a crush said in context (medical director's eighteenth read, H2, H4). A head injury,
 * hypothermia, dehydration or a small burn named beside other injuries had been given 1 L of saline, where TP 1244
 * step 15 gives the multi-system patient 250 mL then base and keeps 1 L for an ISOLATED head (step 21) or extremity
 * (step 27) injury; now asked. "Isolated extremity" is step 27's 1 L. An adult entrapped, pinned or with a crushed
 * part had been given calcium and bicarbonate "for crush-injury"; TP 1242 gives them only for ECG signs of
 * hyperkalaemia (step 10) or before extrication at crush-syndrome risk (step 14), none otherwise (step 12): asked.
 * Rows both ways.
 */
import { chatAnswers, checkRows, type Dosed, type Row } from "../support/chat_answers.ts";

const doseRoute = ({ result }: Dosed) => `${result.dose.value} ${result.dose.unit}`;
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseRoute));
const ASKED = "-: AMBIGUOUS_INDICATION";

/** H2: a cause beside another injury is asked; an isolated injury, or a cause with no other injury, as it was. */
const SALINE_ROWS: readonly Row[] = [
  // A head injury with other injuries (TP 1244 steps 15, 20-21: 1 L only for the ISOLATED head injury).
  [["30yo mvc, tbi and pelvic fx, sbp 80 normal saline"], [ASKED]],
  [["30yo mvc, head injury, femur fx, abd rigid, sbp 80, normal saline"], [ASKED]],
  [["30yo mvc, head trauma and chest trauma, sbp 80, normal saline"], [ASKED]],
  [["30yo mvc, possible tbi, multiple injuries, sbp 80, normal saline"], [ASKED]],
  [["30yo assault, head injury, stab wound abdomen, sbp 80, normal saline"], [ASKED]],
  // Cold, heat or fluid loss beside a mechanism or an injury (TP 1244 step 15 vs TP 1205 / TP 1223).
  [["30yo gsw abd, sbp 70, hypothermic, normal saline"], [ASKED]],
  [["40yo mvc, pelvic fx, sbp 80, hypothermic temp 34, ns"], [ASKED]],
  [["35yo gsw, then found in hypothermic, sbp 80, normal saline"], [ASKED]],
  [["30yo gsw abd sbp 70, dehydrated, normal saline"], [ASKED]],
  [["30yo mvc, sbp 80, dehydrated from heat, normal saline"], [ASKED]],
  // A small burn beside a long-bone fracture or a penetrating wound (TP 1220 step 10 vs TP 1244 step 15).
  [["mvc with fire, 30yo, 5% burns hands, femur fx, sbp 80, normal saline"], [ASKED]],
  [["30yo gsw abd, sbp 70, burns from muzzle flash, normal saline"], [ASKED]],
  // Isolated extremity injury with poor perfusion: TP 1244 step 27's 1 L.
  [["30yo gsw leg, isolated extremity, sbp 80, normal saline"], ["extremity-injury: 1000 mL"]],
  // Near misses kept: a head injury alone or said isolated (step 21), a wound to the head itself, a medical cause
  // with no other injury, the hypotension said to be the injury's, a mechanism alone.
  [["35yo mvc head injury sbp 84, normal saline"], ["head-injury: 1000 mL"]],
  [["30yo mvc, isolated head injury, pelvic fx ruled out, sbp 80, normal saline"], ["head-injury: 1000 mL"]],
  [["40yo gsw to head gcs 6 sbp 80, normal saline"], ["head-injury: 1000 mL"]],
  [["mvc 40yo gi bleed bp 80/40 normal saline"], ["fluid-bolus: 1000 mL"]],
  [["mvc with vehicle fire, 30yo burns 30% tbsa, normal saline"], ["burns: 1000 mL"]],
  [["70yo mvc last week now sepsis fever bp 80/40 normal saline"], ["sepsis: 1000 mL"]],
  [["30yo mvc, multi-system trauma with head injury, sbp 80 normal saline"], ["trauma-hypotension: 250 mL"]],
  [["30yo mvc, head lac, open femur fx, abd rigid, sbp 70 normal saline"], ["trauma-hypotension: 250 mL"]],
  [["30yo gsw chest, sbp 70, vomiting, normal saline"], ["trauma-hypotension: 250 mL"]],
  [["80yo ground level fall, vomiting diarrhea 3 days, dehydrated bp 82/50, normal saline"], [
    "fluid-bolus: 1000 mL",
  ]],
];

Deno.test("md18 H2: a cause named beside another injury is asked; isolated injuries and lone causes as before", () =>
  check(SALINE_ROWS));

/** H4: an adult's crush said only in context is asked; with ECG signs or an extrication, dosed as before. */
const CRUSH_ROWS: readonly Row[] = [
  [["40yo entrapped in vehicle 20 min, no crush, calcium chloride"], [ASKED]],
  [["40yo entrapped in vehicle, chest pain, calcium chloride"], [ASKED]],
  [["40yo hand crushed in machine, calcium chloride"], [ASKED]],
  [["40yo foot crushed by forklift, no entrapment, calcium chloride"], [ASKED]],
  [["40yo pinned under car 10 min, leg, calcium chloride"], [ASKED]],
  [["80kg crushed legs bicarb"], [ASKED]],
  [["40yo pinned, legs crushed, dialysis pt, calcium"], [ASKED]],
  // Nineteenth read, M4: a release is the extrication TP 1242 step 14 (note 7) doses before; after it, asked
  [["40yo trapped under rubble 3 hrs, both legs, about to release, bicarb"], ["crush-syndrome-risk: 50 mEq"]],
  [["40yo trapped under rubble 3 hrs, both legs, after release, bicarb"], [ASKED]],
  // Near misses kept: ECG signs (TP 1242 step 10), an extrication said (step 14), a crush injury named outright.
  [["40yo pinned under car 2 hrs, peaked t waves, calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  [["40yo entrapped 2 hrs, legs crushed, peaked t waves, bicarb"], ["crush-hyperkalemia: 50 mEq"]],
  // Twentieth read, H1: no large muscle group and no time said (TP 1242 note 1): asked; said, step 14
  [["pinned under car 80kg, before extrication calcium chloride"], [ASKED]],
  [["legs pinned under car 2 hrs 80kg, before extrication calcium chloride"], ["crush-syndrome-risk: 1 g"]],
  [["40yo legs crushed under beam 2 hrs, prior to extrication, bicarb"], ["crush-syndrome-risk: 50 mEq"]],
  [["adult, crush injury, calcium chloride"], ["crush-injury: 1 g"]],
  // Albuterol's crush-injury row asks already; it must never fall to the wheezing nebuliser.
  [["80kg crushed legs albuterol"], ["crush-injury: AMBIGUOUS_INDICATION"]],
];

Deno.test("md18 H4: a crush said only in context is asked for calcium and bicarbonate (TP 1242 steps 10, 12, 14)", () =>
  check(CRUSH_ROWS));

/** Nineteenth read, H4: TP 1242 step 10 names a widened QRS and absent P waves beside peaked T waves. */
const ECG_SIGNS: readonly Row[] = [
  [["40yo pinned under car 2 hrs, wide qrs, calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  [["40yo pinned under car 2 hrs, absent p waves, bicarb"], ["crush-hyperkalemia: 50 mEq"]],
  [["40yo trapped under rubble, sine wave on monitor, calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  [["40yo pinned under car, hyperkalemia on ecg, calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  // Near misses: the signs denied, or none said, are asked
  [["40yo pinned under car, no peaked t waves, calcium chloride"], [ASKED]],
  [["40yo pinned under car, calcium chloride"], [ASKED]],
];

Deno.test("md19 H4: each ECG sign TP 1242 step 10 names makes a crush in context its crush-hyperkalemia", () =>
  check(ECG_SIGNS));
