/**
 * Rows from Stop 53's read of the left-open list and its two gate reads (each positive checked to fail on the code
 * before): a pedestrian run over, or the patient backed over by a vehicle (Ref. 506 N: auto versus pedestrian run
 * over), is a major blunt mechanism: "ped run over, pulseless, epi" had been given TP 1210's epinephrine (TP 1243;
 * MCG 1317.17). The gate reads' near misses stay medical arrests: "pt backed over the curb" (the patient driving),
 * "ped ran over from across the street", "ped run over from the sidewalk and collapsed" (running).
 */
import { ARREST_HELD, chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = ["cardiac-arrest: 1 mg IV/IO"];

const PEDESTRIAN_ARRESTS: readonly Row[] = [
  [["40yo ped run over, pulseless, epi"], ARREST_HELD],
  [["40yo pedestrian run over and dragged, pulseless, epi"], ARREST_HELD],
  [["40yo pt backed over by car in driveway, pulseless, epi"], ARREST_HELD],
  [["40yo backed over by a truck, cpr in progress, epi"], ARREST_HELD],
];

/** The gate reads' near misses (first read H4, second read M4): the patient driving or running is no mechanism. */
const NOT_RUN_OVER: readonly Row[] = [
  [["60yo pt backed over the curb then slumped over the wheel, pulseless, epi"], EPI],
  [["60yo pedestrian backed over the curb and fell, pulseless, epi"], EPI],
  [["60yo ped ran over from across the street and collapsed, pulseless, epi"], EPI],
  [["60yo ped run over from sidewalk and collapsed, pulseless, epi"], EPI],
  [["60yo pt says ped run over to his car then collapsed, pulseless, epi"], EPI],
  [["60yo ped ran over to help and collapsed, pulseless, epi"], EPI],
];

/**
 * Saline's trauma row reads the run-over words as plain phrases (TP 1244 step 15's 250 mL): giving it the arrest's
 * guard, whose "and" makes a patient running, took the 250 mL from these (the third gate read, H1; reverted).
 */
const SALINE_ROWS: readonly Row[] = [
  [["40yo 80kg pt ran over and dragged by car, sbp 80, fluid bolus"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["40yo 80kg got ran over and pinned, sbp 80, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["40yo 80kg ped run over and dragged, sbp 80, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["40yo 80kg backed over by truck, sbp 80, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
];

Deno.test("a pedestrian run over or a patient backed over by a vehicle is a traumatic arrest (TP 1243; Ref. 506)", () =>
  check(PEDESTRIAN_ARRESTS));
Deno.test("a pedestrian or patient driving or running is no mechanism: the arrest stays TP 1210's", () =>
  check(NOT_RUN_OVER));
Deno.test("saline's trauma row: the run-over words as plain phrases (TP 1244 step 15)", () =>
  check(SALINE_ROWS));
