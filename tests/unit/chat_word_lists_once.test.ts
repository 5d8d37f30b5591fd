/**
 * One home for each clinical word list (chat_head_injury_words.ts, chat_other_injuries.ts, chat_state_words.ts's
 * ANTICOAGULANTS and GI-bleed words). The copies had drifted; where they disagreed the document chose, and these rows
 * pin each choice both ways.
 * - Head injury: ketorolac is held for any head trauma (MCG 1317.22, MCG 1345 guideline 7, TP 1244 step 25), yet
 *   "concussion", "traumatic brain injury" and "gsw to the head" had been dosed. Saline's head-injury row (TP 1244
 *   step 21's 1 L; note 6: no permissive hypotension in a possible TBI) read "head injury" but not "concussion" or
 *   "skull fx". TXA's isolated-TBI hold (MCG 1317.41) missed "head inj only" and "traumatic brain injury only".
 * - Another injury beside "only a head injury": TXA now reads the injuries saline's multi-system rule reads (TP 1244
 *   step 15): a hip fracture is one, a soft abdomen is not.
 * - Anticoagulants: TXA's thrombosis-treated hold (MCG 1317.41) missed "anti-coagulants" and "jantoven", which
 *   ketorolac's (MCG 1345 guideline 7) read.
 * - GI bleeding: TXA's not-an-EMS-indication hold (MCG 1317.41) missed "brbpr" and "black tarry stools", which
 *   aspirin's (TP 1211 note 3) read; aspirin and ketorolac missed "gastrointestinal bleeding" and "vomit blood".
 */
import {
  ASKED_ONCE,
  chatAnswers,
  checkRows,
  doseOnly,
  HELD_ONCE as HELD,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseOnly));
const KETOROLAC = ["-: 15 mg", "-: 30 mg"];
const TXA = ["-: 1 g"];
/** A trauma patient within 3 hours with a systolic pressure under 90 (TP 1244 step 16): TXA's criteria met. */
const TRAUMA = "80kg mvc 1 hr ago, sbp 80, ";

const HEAD_INJURY: readonly Row[] = [
  // ketorolac: head trauma by any of its names (MCG 1317.22)
  [["70kg concussion, back pain 8/10, ketorolac"], HELD],
  [["70kg traumatic brain injury, pain 8/10, ketorolac"], HELD],
  [["70kg gsw to the head, pain, toradol"], HELD],
  [["70kg hit his head, pain, ketorolac"], HELD], // as before
  [["70kg ankle sprain pain 8/10, ketorolac"], KETOROLAC],
  // saline: a possible brain injury is step 21's 1 L; a bump beside a mechanism stays step 15's 250 mL
  [["30yo mvc, concussion, sbp 80, normal saline"], ["head-injury: 1000 mL"]],
  [["30yo fall, skull fx, sbp 80, normal saline"], ["head-injury: 1000 mL"]],
  [["30yo mvc, hit his head, sbp 80, normal saline"], ["trauma-hypotension: 250 mL"]],
  [["35yo mvc head injury sbp 84, normal saline"], ["head-injury: 1000 mL"]],
  // TXA: an isolated brain injury by any of its names; a scalp laceration alone is none
  [[TRAUMA + "head inj only, txa"], HELD],
  [[TRAUMA + "traumatic brain injury only, txa"], HELD],
  [[TRAUMA + "isolated concussion, txa"], HELD],
  [[TRAUMA + "isolated head injury, txa"], HELD],
  [[TRAUMA + "head lac only, txa"], TXA],
];

const OTHER_INJURY: readonly Row[] = [
  [[TRAUMA + "only a head injury, abd soft, txa"], HELD],
  [[TRAUMA + "only a head injury, hip fracture, txa"], TXA],
  [[TRAUMA + "only a head injury, leg injury, txa"], TXA],
  [[TRAUMA + "only a head injury, pelvis unstable, txa"], TXA],
  [[TRAUMA + "only a head injury, txa"], HELD],
  // a limb's injury beside a head injury is no isolated one for saline either (TP 1244 steps 15, 21)
  [["30yo mvc, head injury, leg injury, sbp 80, normal saline"], ASKED_ONCE],
  [["30yo mvc, extremity injury, sbp 80, normal saline"], ["extremity-injury: 1000 mL"]],
];

const ANTICOAGULANTS: readonly Row[] = [
  [[TRAUMA + "on anti-coagulants for a clot, txa"], HELD],
  [[TRAUMA + "on jantoven for a blood clot, txa"], HELD],
  [[TRAUMA + "on eliquis for a clot, txa"], HELD],
  [[TRAUMA + "on jantoven, txa"], TXA], // an anticoagulant with no clot named: no thrombotic disease said
  [["70kg back pain, on jantoven, ketorolac"], HELD],
  [["70kg back pain, on anti-coagulants, ketorolac"], HELD],
];

const GI_BLEEDING: readonly Row[] = [
  [["80kg brbpr, txa"], HELD],
  [["80kg black tarry stools, txa"], HELD],
  [["80kg gi bleed, txa"], HELD],
  [["60yo chest pain, active gastrointestinal bleeding, aspirin"], HELD],
  [["60yo chest pain, vomit blood, aspirin"], HELD],
  [["70kg gastrointestinal bleeding, back pain, ketorolac"], HELD],
  [["60yo chest pain, aspirin"], ["-: 325 mg"]],
  [["60yo chest pain, vomiting, blood sugar 140, aspirin"], ["-: 325 mg"]],
];

Deno.test("one head-injury list: ketorolac, saline and TXA read TP 1244's names alike", () =>
  check(HEAD_INJURY));
Deno.test("TXA's isolated-TBI hold reads another injury as saline's multi-system rule does", () =>
  check(OTHER_INJURY));
Deno.test("one anticoagulant list: TXA's thrombosis treated now reads ketorolac's names", () =>
  check(ANTICOAGULANTS));
Deno.test("one GI-bleed list: TXA, aspirin and ketorolac read the same words", () => check(GI_BLEEDING));
