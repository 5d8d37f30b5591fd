/**
 * Medical director's nineteenth read: four small chat findings (M1's near miss and three of its others), rows both ways (the fix, and the near misses that must
 * not change).
 *   1. Saline beside a glucose with no indication named: "20kg kid glucose 300, normal saline" got the 20 mL/kg bolus
 *      (TP 1203-P step 7 gives 10 mL/kg above 250); an adult's glucose of 300 with hyperglycaemia named got the
 *      standing litre that TP 1203 gives only above 400 (200 to 400 on a base order).
 *   2. A bare count with the drug asked again after it: "nitro x1, bp 140/90, nitro" asked how many were given.
 *   3. A drug asked and answered no: "500 ml d10? no, ns" dosed D10 beside the saline.
 *   4. Sepsis saline at a normal pressure: TP 1204 step 6 gives the litre for a tactile fever, tachycardia or poor
 *      perfusion, so "septic fever bp 130/80" keeps it, with that condition said beside it (as anaphylaxis's is).
 */
import assert from "node:assert/strict";
import { says } from "../support/adult_protocols.ts";
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterCount,
  limitReached,
  medicTurns,
  type Row,
} from "../support/chat_answers.ts";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/dosing_context.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const HELD = (indication: string) => [`${indication}: CONTRAINDICATION_NAMED`];

/** 1: a glucose above 200 is hyperglycaemia (TP 1203 step 8, TP 1203-P step 7); saline by its steps. */
const GLUCOSE_WITH_SALINE: readonly Row[] = [
  // TP 1203-P step 7: above 250, 10 mL/kg by vein
  [["20kg kid glucose 300, normal saline"], ["hyperglycemia: 200 mL IV"]],
  [["20kg kid bgl 450 ns"], ["hyperglycemia: 200 mL IV"]],
  [["20kg kid glucose HI, normal saline"], ["hyperglycemia: 200 mL IV"]],
  [["20kg kid bgl 300", "normal saline?"], ["hyperglycemia: 200 mL IV"]],
  // a child's glucose at or below 250 with good perfusion: no step gives saline
  [["20kg kid glucose 220, normal saline"], HELD("hyperglycemia")],
  // TP 1203 step 8: an adult's 200 to 400 is a base order; above 400 the standing litre
  [["50yo glucose 300, ns"], HELD("hyperglycemia")],
  [["70yo dka glucose 300 normal saline"], HELD("hyperglycemia")],
  [["70yo dka glucose 400 normal saline"], HELD("hyperglycemia")],
  [["50yo glucose 450, ns"], ["hyperglycemia: 1000 mL IV/IO"]],
  [["50yo glucose 300, hypotensive, ns"], ["hyperglycemia: 1000 mL IV/IO"]], // poor perfusion: standing
  // a child's poor perfusion said in other words is step 8's 20 mL/kg
  [["20kg kid glucose 300, cap refill 4 sec, normal saline"], ["fluid-bolus: 400 mL IV/IO"]],
  // Near misses: poor perfusion named is step 8's 20 mL/kg; hyperglycaemia named above 400 keeps the litre; another
  // indication named decides; an adult's glucose of 200 or less names no indication (the engine asks which)
  [["20kg kid glucose 300, poor perfusion, normal saline"], ["fluid-bolus: 400 mL IV/IO"]],
  [["20kg kid glucose 180, hypotensive, normal saline"], ["-: 400 mL IV/IO"]],
  [["70kg dka glucose 450 normal saline"], ["hyperglycemia: 1000 mL IV/IO"]],
  [["20kg kid sepsis fever bgl 120 normal saline"], ["sepsis: 400 mL IV/IO"]],
  [["70yo septic fever bgl 300, ns"], ["sepsis: 1000 mL IV/IO"]],
  [["50yo bgl 110, ns"], ["-: AMBIGUOUS_INDICATION"]],
  [["50yo glucose 180, ns"], ["-: AMBIGUOUS_INDICATION"]],
  [["20kg kid normal saline"], ["-: 400 mL IV/IO"]],
  // a glucose of 200 or less names no reason: answered as with no glucose written, not held as hyperglycaemia's
  [["20kg kid glucose 180, normal saline"], ["-: 400 mL IV/IO"]],
  [["20kg kid fever bgl 110, ns"], ["-: 400 mL IV/IO"]],
];

Deno.test("MD19 near miss 1: saline beside a glucose follows TP 1203-P step 7 / 8 and TP 1203 step 8", async () => {
  await says(
    "TP 1203-P",
    "For blood glucose > 200 mg/dL",
    "For blood glucose >250mg/dL",
    "Normal Saline 10mL/kg IV",
  );
  await says(
    "TP 1203",
    "For blood glucose >200 mg/dL and <400 mg/dL",
    "CONTACT BASE for order for Normal Saline 1L",
  );
  check(GLUCOSE_WITH_SALINE);
});

/** 2: a bare count of the drug asked again after it is doses given (TP 1211 step 6: three in all). */
const COUNT_THEN_ASKED_AGAIN: readonly Row[] = [
  [["60yo chest pain nitro x1, bp 140/90, nitro"], ["chest-pain: 0.4 mg SL after 1"]],
  [["60yo chest pain nitro x2, bp 140/90, nitro?"], ["chest-pain: 0.4 mg SL after 2"]],
  [["60yo chest pain nitro x3, bp 140/90, nitro"], limitReached("chest-pain")],
  // Near misses: an order or a plan, a next step, lines counted, no drug asked again, or another drug asked
  [["60yo chest pain nitro x1 ordered, bp 140/90, nitro"], countAsked("chest-pain")],
  [["60yo chest pain give nitro x1, bp 140/90, nitro"], countAsked("chest-pain")],
  [["cp 60yo bp 150/90 nitro x3 q5min nitro?"], countAsked()],
  [["60yo chest pain nitro x1, bp 140/90"], countAsked("chest-pain")],
  [["adult pea arrest, 3x epi, next epi"], ["cardiac-arrest: 1 mg IV/IO"]],
  [["adult 70kg, epi x2 IV lines, cardiac arrest epi dose"], ["cardiac-arrest: 1 mg IV"]],
  [["70yo cp 8/10 nitro x3, bp 130/80, morphine?"], ["-: 4 mg IV/IO/IM"]],
  [["60yo chest pain nitro x1 given, bp 140/90, nitro"], ["chest-pain: 0.4 mg SL after 1"]],
];

Deno.test("MD19 near miss 2: a bare count with the drug asked again after it is doses given", async () => {
  await says("TP 1211", "Repeat every 5 min prn x2, total of 3 doses");
  check(COUNT_THEN_ASKED_AGAIN);
});

/** 3: a drug asked and answered "no" is not asked (as chat_denials.ts reads "seizure? no"). */
const ANSWERED_NO: readonly Row[] = [
  [["70yo septic, bp 80/40, 500 ml d10? no, ns"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo septic, bp 80/40, d10? no, ns"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo septic, bp 80/40, d10 - nope, ns"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo bgl 40, d10? no. glucagon"], ["-: 1 mg IM"]],
  // Near misses: "no" with a word after it is no answer; "yes", or no answer, leaves both asked
  [["70yo septic, bp 80/40, d10? no iv access, ns"], ["-: 125 mL IO", "sepsis: 1000 mL IO"]],
  [["70yo septic bp 80/40, d10? yes, ns"], ["-: 125 mL IV/IO", "sepsis: 1000 mL IV/IO"]],
  [["70yo septic, bp 80/40, d10?, ns"], ["-: 125 mL IV/IO", "sepsis: 1000 mL IV/IO"]],
  [["70yo bgl 40, d10? no"], ["-: 125 mL IV/IO"]],
];

Deno.test("MD19 near miss 3: a drug answered '? no' is not dosed beside the one asked", () =>
  check(ANSWERED_NO));

/** 4: TP 1204 step 6's litre with a tactile fever, tachycardia or poor perfusion; the condition said beside it. */
const SEPSIS_SALINE: readonly Row[] = [
  [["30yo septic fever bp 130/80, normal saline"], ["sepsis: 1000 mL IV/IO"]],
  [["30yo septic hr 120 bp 130/80, normal saline"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo septic, bp 80/40, ns?"], ["sepsis: 1000 mL IV/IO"]],
  // a child's TP 1204-P step 5 is for suspected sepsis: 20 mL/kg
  [["20kg kid septic fever, normal saline"], ["sepsis: 400 mL IV/IO"]],
];

Deno.test("MD19 near miss 4: sepsis saline at a normal pressure is given, its condition said (TP 1204 step 6)", async () => {
  await says(
    "TP 1204",
    "tactile fever, tachycardia, or poor perfusion",
    "Normal Saline 1L IV/IO rapid infusion",
  );
  check(SEPSIS_SALINE);
  const warnings = (message: string) =>
    dosingForConversation(medicTurns([message])).outcomes.flatMap((o) => o.result?.warnings ?? []);
  const condition = (w: string) => w.startsWith("For suspected sepsis with a tactile fever");
  assert.ok(warnings("30yo septic fever bp 130/80, normal saline").some(condition), "the condition said");
  // Near miss: a child's bolus (TP 1204-P step 5) names no such condition
  assert.ok(!warnings("20kg kid septic fever, normal saline").some(condition), "not a child's");
});
