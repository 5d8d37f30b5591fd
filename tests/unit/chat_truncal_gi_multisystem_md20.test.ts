/**
 * The medical director's twentieth read, H4, M1 and H5b (rows both ways):
 *   - H4: a head injury beside abdominal pain, a seatbelt sign, internal bleeding or a bleeding limb wound had been
 *     given TP 1244 step 21's 1 L; hypotension with a suspected truncal or limb bleed is step 15's (250 mL, then
 *     base), so the chat asks (chat_other_injuries.ts). A denied injury ("no abdominal pain") is none.
 *   - M1: aspirin had been held for a GI bleed said last year or years ago; TP 1211 note 3 / MCG 1317.7 withhold it
 *     only for ACTIVE GI bleeding (chat_gi_bleed_past.ts). Ketorolac's "past or present" hold (MCG 1345) stays.
 *   - H5b: ketorolac had been dosed in multi-system trauma said without the word; MCG 1345 guideline 7
 *     contraindicates it in "head or multisystem trauma" (chat_ketorolac_multisystem.ts).
 */
import {
  ASKED_ONCE as ASKED,
  chatAnswers,
  checkRows,
  doseAfterCount,
  HELD_ONCE as HELD,
  KETOROLAC_ADULT,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const HEAD_LITRE = ["head-injury: 1000 mL IV/IO"];
const ASPIRIN = ["-: 325 mg PO"];

const TRUNCAL_OR_LIMB_BLEED_ASKED: readonly Row[] = [
  [["40yo mvc, concussion, abdominal distension, bp 80/50, normal saline"], ASKED],
  [["40yo mvc, concussion, abdominal pain, seatbelt sign, bp 80/50 hr 130, ns"], ASKED],
  [["40yo concussion, seatbelt sign, bp 80/50, normal saline"], ASKED],
  [["40yo concussion, abdominal pain, bp 80/50, normal saline"], ASKED],
  [["40yo concussion, internal bleeding suspected, bp 80/50, normal saline"], ASKED],
  [["40yo skull fx, bleeding from leg wound, bp 80/50, normal saline"], ASKED],
  [["40yo gsw to the head and chest, bp 80/50, normal saline"], ASKED],
  [["40yo concussion, abd tenderness, bp 80/50, normal saline"], ASKED],
  [["40yo tbi, arm wound bleeding, bp 80/50, normal saline"], ASKED],
];

/** Near misses: the head injury alone, or with the other injury denied, stays step 21's 1 L. */
const HEAD_INJURY_ALONE: readonly Row[] = [
  [["40yo concussion, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo gsw to the head, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo concussion, denies abdominal pain, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo concussion, no other injuries, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo concussion, no seatbelt sign, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo concussion, no internal bleeding, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo mvc, concussion, no abdominal pain, bp 80/50, normal saline"], HEAD_LITRE],
  [["40yo concussion, no chest trauma, bp 80/50, normal saline"], HEAD_LITRE],
];

const REMOTE_GI_BLEED_DOSED: readonly Row[] = [
  [["60yo chest pain, gastrointestinal bleeding last year, aspirin"], ASPIRIN],
  [["60yo chest pain, gastrointestinal bleeding 5 years ago, aspirin"], ASPIRIN],
  [["60yo chest pain, gi bleed last year, aspirin"], ASPIRIN],
  [["60yo chest pain, black tarry stools last year, aspirin"], ASPIRIN],
  [["60yo chest pain, prior gi bleed, aspirin"], ASPIRIN],
  [["60yo chest pain, hx of gi bleed, aspirin"], ASPIRIN],
];

/** Near misses: a bleed now, days ago, or said not resolved still holds aspirin; ketorolac holds a past one. */
const ACTIVE_GI_BLEED_HELD: readonly Row[] = [
  [["60yo chest pain, active gi bleed, aspirin"], HELD],
  [["60yo chest pain, vomiting blood now, aspirin"], HELD],
  [["60yo chest pain, gi bleed 2 days ago, aspirin"], HELD],
  [["60yo chest pain, gi bleed not resolved, aspirin"], HELD],
  [["60yo chest pain, gi bleed last year, vomiting blood today, aspirin"], HELD],
  [["60yo chest pain, black tarry stools, aspirin"], HELD],
  [["60yo back pain, gi bleed last year, ketorolac"], HELD],
];

const MULTISYSTEM_KETOROLAC_HELD: readonly Row[] = [
  [["40yo multi-trauma from mvc, femur fx, pain 8/10, ketorolac"], HELD],
  [["40yo crushed by forklift, chest and pelvis injuries, pain 8/10, ketorolac"], HELD],
  [["40yo fell from scaffold, pelvic fx, pain 8/10, ketorolac"], HELD],
  [["40yo multi trauma, pain 8/10, ketorolac"], HELD],
  [["40yo mvc, femur fx, pain 8/10, ketorolac"], HELD],
  [["40yo rollover, seatbelt sign, pain 8/10, ketorolac"], HELD],
  // the one list of major blunt mechanisms (chat_blunt_mechanisms.ts): a ladder too, as for a traumatic arrest
  [["40yo fell off ladder, pelvic fx, pain 8/10, ketorolac"], HELD],
  [["40yo motor vehicle crash, femur fx, pain 8/10, ketorolac"], HELD],
];

/** Near misses: no major mechanism, an injury said isolated, or the other injury denied: dosed (MCG 1345). */
const ISOLATED_KETOROLAC_DOSED: readonly Row[] = [
  [["40yo fell from standing, ankle fx, pain 8/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo ankle sprain, pain 8/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo mvc, isolated femur fx, pain 8/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo mvc, denies abdominal pain, wrist pain 6/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo stabbed in the arm, pain 8/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo fell from standing, hip fx, pain 8/10, ketorolac"], KETOROLAC_ADULT],
  [["40yo mvc, ankle fx, pain 8/10, ketorolac"], KETOROLAC_ADULT], // no trunk or long bone
  [["40yo mvc, no abdominal pain, no rib fx, neck pain 6/10, ketorolac"], KETOROLAC_ADULT],
];

Deno.test("a head injury beside a truncal or limb bleed is asked, not step 21's 1 L (TP 1244 step 15)", () =>
  check(TRUNCAL_OR_LIMB_BLEED_ASKED));
Deno.test("a head injury alone, or with the other injury denied, stays step 21's 1 L (TP 1244)", () =>
  check(HEAD_INJURY_ALONE));
Deno.test("a GI bleed months or years ago does not hold aspirin (TP 1211 note 3; MCG 1317.7)", () =>
  check(REMOTE_GI_BLEED_DOSED));
Deno.test("an active GI bleed holds aspirin; a past one holds ketorolac (TP 1211; MCG 1345)", () =>
  check(ACTIVE_GI_BLEED_HELD));
Deno.test("ketorolac is held in multi-system trauma said in other words (MCG 1345 guideline 7)", () =>
  check(MULTISYSTEM_KETOROLAC_HELD));
Deno.test("ketorolac for an isolated injury or a fall from standing stays dosed (MCG 1345)", () =>
  check(ISOLATED_KETOROLAC_DOSED));
