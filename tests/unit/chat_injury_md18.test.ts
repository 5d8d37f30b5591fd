/**
 * Saline in trauma and a crush said in context (medical director's eighteenth read, H2, H4). A head injury,
 * hypothermia, dehydration or a small burn named beside other injuries had been given 1 L of saline, where TP 1244
 * step 15 gives the multi-system patient 250 mL then base and keeps 1 L for an ISOLATED head (step 21) or extremity
 * (step 27) injury; now asked. "Isolated extremity" is step 27's 1 L.
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
