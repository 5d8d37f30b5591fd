/**
 * Medical director's twentieth read, M4 (chat_blunt_mechanisms.ts): "40yo jumped from 3rd floor, pulseless, epi" was
 * given TP 1210's epinephrine 1 mg. A jump from a height is a fall from a height: TP 1243 is for blunt trauma too, and
 * MCG 1317.17 / MCG 1317.5 give epinephrine and amiodarone in non-traumatic arrest only. Near misses stay dosed: a
 * jump from bed, a couch or the 1st floor (standing height: TP 1244 note 4), and a jump into water with a drowning
 * (TP 1243 note 4: a submersion arrest is managed as a medical one).
 */
import {
  ARREST_HELD as HELD_EPI,
  chatAnswers,
  checkRows,
  doseForWho,
  HELD_ONCE as HELD,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));
const EPI = ["cardiac-arrest: 1 mg IV/IO @40 yo"];

const JUMPS: readonly Row[] = [
  [["40yo jumped from 3rd floor, pulseless, epi"], HELD_EPI],
  [["40yo jumped from the second floor balcony, pulseless, epi"], HELD_EPI],
  [["40yo jumped off a bridge, pulseless, amiodarone"], HELD],
  [["40yo jumped from roof, cpr in progress, epi"], HELD_EPI],
  [["40yo jumped off bridge onto freeway, no drowning, pulseless, epi"], HELD_EPI],
  [["40yo jumped from 3 stories, bp 80/50, normal saline"], ["trauma-hypotension: 250 mL IV/IO @40 yo"]],
  [["40yo jumped from 3rd floor 4 hrs ago, sbp 80 hr 130, txa"], HELD], // MCG 1317.41: past 3 hours
];

const NOT_FROM_A_HEIGHT: readonly Row[] = [
  [["40yo jumped from bed, pulseless, epi"], EPI],
  [["40yo jumped off the couch, pulseless, epi"], EPI],
  [["40yo jumped from 1st floor, pulseless, epi"], EPI],
  [["40yo jumped off bridge into water, drowning, pulseless, epi"], EPI],
  [["40yo jumped off bridge, pulled from water, pulseless, epi"], EPI],
  // the same for a fall from a height into water, which had been held (TP 1243 note 4)
  [["40yo fell off bridge into water, drowning, pulseless, epi"], EPI],
];

Deno.test("a jump from a height is blunt trauma: the arrest drugs are held (TP 1243; MCG 1317.17, 1317.5)", () => {
  check(JUMPS);
});

Deno.test("a jump from standing height, or into water with a drowning, stays TP 1210's", () => {
  check(NOT_FROM_A_HEIGHT);
});
