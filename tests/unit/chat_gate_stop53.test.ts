/**
 * Rows from Stop 53's read of the left-open list (each checked to fail on the code before it):
 *   - TXA for a head injury with nothing else injured: "skull fx, sbp 80, txa" had been given 1 g. MCG 1317.41 gives
 *     TXA for suspected internal truncal or uncontrolled external bleeding and contraindicates it in an isolated TBI,
 *     so the hold asks which (chat_txa_criteria.ts); another injury, a major mechanism or uncontrolled bleeding said
 *     anywhere in the conversation keeps the dose.
 *   - A pedestrian run over or backed over (Ref. 506 N) is a major blunt mechanism: "ped ran over, pulseless, epi" had
 *     been given TP 1210's epinephrine (TP 1243; MCG 1317.17).
 *   - A bleeding ulcer however written ("ulcer bleed", "bleeding from a gastric ulcer") holds aspirin (TP 1211 note 3;
 *     MCG 1317.7); a skin ulcer does not, and a bleed said with a past year alone ("gi bleed 2015") is a past one.
 */
import { chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const HELD = ["-: CONTRAINDICATION_NAMED"];
const TXA = ["-: 1 g IV/IO"];
const ASPIRIN = ["-: 325 mg PO"];
const ARREST_HELD = ["cardiac-arrest: CONTRAINDICATION_NAMED"];
const EPI = ["cardiac-arrest: 1 mg IV/IO"];

const HEAD_ONLY_ASKED: readonly Row[] = [
  [["40yo 80kg skull fx, sbp 80, txa"], HELD],
  [["40yo 80kg head injury, bp 70/40 hr 130, txa"], HELD],
  [["40yo 80kg tbi, txa"], HELD],
  [["40yo 80kg gsw to the head, sbp 80, txa"], HELD],
  // a denied other injury is none
  [["40yo 80kg concussion, denies abdominal pain, sbp 80, txa"], HELD],
];

const HEAD_AND_MORE_DOSED: readonly Row[] = [
  [["40yo 80kg mvc, head injury, sbp 80, txa"], TXA],
  [["40yo 80kg tbi, distended abdomen, sbp 80, txa"], TXA],
  [["40yo 80kg skull fx, sbp 80", "abd rigid", "txa"], TXA],
  [["40yo 80kg skull fx, scalp bleeding uncontrolled, txa"], TXA],
  [["40yo 80kg head injury, femur fx, txa"], TXA],
  [["40yo 80kg fell from roof, head injury, sbp 80, txa"], TXA],
  [["40yo 80kg gsw to the head and chest, sbp 80, txa"], TXA],
  [["40yo 80kg gsw abdomen, sbp 80, txa"], TXA],
  [["40yo 80kg no head injury, gsw leg, sbp 80, txa"], TXA],
];

const PEDESTRIAN_ARRESTS: readonly Row[] = [
  [["40yo ped ran over, pulseless, epi"], ARREST_HELD],
  [["40yo pedestrian run over by suv, pulseless, epi"], ARREST_HELD],
  [["40yo pt backed over by car in driveway, pulseless, epi"], ARREST_HELD],
  [["40yo backed over by a truck, cpr in progress, epi"], ARREST_HELD],
  // the patient running is no mechanism
  [["40yo ped ran over to help and collapsed, pulseless, epi"], EPI],
];

const ULCER_AND_YEAR: readonly Row[] = [
  [["60yo chest pain, ulcer bleed, aspirin"], HELD],
  [["60yo chest pain, bleeding from a gastric ulcer, aspirin"], HELD],
  [["60yo chest pain, peptic ulcer bleeding, aspirin"], HELD],
  [["60yo chest pain, foot ulcer bleeding, aspirin"], ASPIRIN],
  [["60yo chest pain, ulcer bleed last year, aspirin"], ASPIRIN],
  [["60yo chest pain, gi bleed 2015, aspirin"], ASPIRIN],
  [["60yo chest pain, hx ugib (2019), aspirin"], ASPIRIN],
  [["60yo chest pain, gi bleed since 2015, aspirin"], HELD],
  [["60yo chest pain, gi bleed 2015, bleeding again today, aspirin"], HELD],
  [["60yo chest pain, gi bleed 2000 ml, aspirin"], HELD],
  [[`60yo chest pain, gi bleed in ${new Date().getFullYear()}, aspirin`], HELD],
];

Deno.test("TXA for a head injury with nothing else injured asks whether it is isolated (MCG 1317.41)", () =>
  check(HEAD_ONLY_ASKED));
Deno.test("another injury, a major mechanism or uncontrolled bleeding keeps TXA's dose (MCG 1317.41)", () =>
  check(HEAD_AND_MORE_DOSED));
Deno.test("a pedestrian run over or backed over is a traumatic arrest (TP 1243; Ref. 506)", () =>
  check(PEDESTRIAN_ARRESTS));
Deno.test("a bleeding ulcer holds aspirin; a skin ulcer or a bleed of a past year does not (TP 1211 note 3)", () =>
  check(ULCER_AND_YEAR));
