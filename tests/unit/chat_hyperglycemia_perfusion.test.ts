/**
 * Medical director's twentieth read, H2: an adult's hyperglycaemia saline was held at a glucose of 200 to 400 where
 * poor perfusion was shown by a pressure ("bp 80/50") or by MCG 1355's signs ("weak thready pulse, altered", "pale
 * cool clammy"). TP 1203 step 8 gives the standing litre for poor perfusion at any glucose above 200; only 200 to
 * 400 without it waits on the base. A child's poor perfusion (MCG 1355 guideline 2: an altered mind with another
 * sign) is TP 1203-P step 8's 20 mL/kg. Rows both ways: the fix, and the near misses that must stay held.
 */
import assert from "node:assert/strict";
import { chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";
import {
  hypotensiveAdult,
  perfusionSignsSaid,
} from "../../functions-shared/handlers/bedrock_ai_chat/chat_perfusion_signs.ts";
import { salineBaseOrderSaid } from "../../functions-shared/handlers/bedrock_ai_chat/chat_saline_base_order.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const HELD = ["hyperglycemia: CONTRAINDICATION_NAMED"];
const LITRE = ["hyperglycemia: 1000 mL IV/IO"];
const BOLUS = ["fluid-bolus: 400 mL IV/IO"];

const ADULT_ROWS: readonly Row[] = [
  // H2's phrases: a systolic below 90 or MCG 1355 guideline 1's signs, the litre (TP 1203 step 8)
  [["40yo glucose 300, bp 80/50, ns"], LITRE],
  [["40yo glucose 350, sbp 70, hr 130, ns"], LITRE],
  [["40yo glucose 300, weak thready pulse, altered, ns"], LITRE],
  [["40yo glucose 300, pale cool clammy, ns"], LITRE],
  [["40yo glucose 300, vomiting, bp 80/50 hr 130, ns"], LITRE],
  [["40yo glucose 380, dka, bp 85/50, normal saline"], LITRE],
  // each sign alone, and the pressure said in an earlier message
  [["40yo glucose 300, confused, ns"], LITRE],
  [["40yo glucose 300, pulses thready, ns"], LITRE],
  [["40yo glucose 300, bp 80/50", "normal saline?"], LITRE],
  // Near misses: no sign, a normal pressure, a systolic of 90 (not below), signs denied, a newer normal pressure
  [["40yo glucose 300, ns"], HELD],
  [["40yo glucose 300, diaphoretic, ns"], HELD], // diaphoresis is not among MCG 1355's signs
  [["40yo dka, glucose 300, ns"], HELD],
  [["40yo glucose 300, bp 130/80, ns"], HELD],
  [["40yo glucose 300, bp 90/60, ns"], HELD],
  [["40yo glucose 300, not altered, ns"], HELD],
  [["40yo glucose 300, no weak pulse, ns"], HELD],
  [["40yo glucose 300, a&ox4, skin warm and dry, ns"], HELD],
  [["40yo glucose 300, bp 80/50", "bp 130/80 now, ns"], HELD],
  [["40yo glucose 300, vomiting, hr 130, ns"], HELD], // a rate alone is no reading of perfusion (MCG 1355 principle 1)
  // above 400 the litre stands whatever the perfusion
  [["40yo glucose 450, bp 130/80, ns"], LITRE],
];
Deno.test("MD20 H2: an adult's hyperglycaemia saline is the litre where poor perfusion is shown (TP 1203 step 8)", () =>
  check(ADULT_ROWS));

const CHILD_ROWS: readonly Row[] = [
  // MCG 1355 guideline 2: an altered mind with cyanosis or flushing is poor perfusion, TP 1203-P step 8's 20 mL/kg,
  // at a glucose held otherwise (250 or less) and above it alike
  [["20kg kid glucose 220, altered, cyanotic, ns"], BOLUS],
  [["20kg kid glucose 300, lethargic and flushed, normal saline"], BOLUS],
  // Near misses: one sign without the altered mind, or a pressure (a child's is by age, MCG 1309), is not
  [["20kg kid glucose 220, altered, ns"], HELD],
  [["20kg kid glucose 220, pale, ns"], HELD],
  [["20kg kid glucose 220, cyanotic, ns"], HELD],
  [["20kg kid glucose 220, bp 80/50, ns"], HELD],
  [["20kg kid glucose 300, altered, normal saline"], ["hyperglycemia: 200 mL IV"]],
  [["20kg kid glucose 220, cap refill 4 sec, ns"], BOLUS], // POOR_PERFUSION's words, as before
];
Deno.test("MD20 H2: a child's poor perfusion by MCG 1355 guideline 2 is TP 1203-P step 8's bolus", () =>
  check(CHILD_ROWS));

Deno.test("MCG 1355's signs said, denied, or of another thing", () => {
  const adult: [string, boolean][] = [
    ["weak thready pulse", true],
    ["thready radials", true],
    ["pt altered", true],
    ["ams", true],
    ["restless, combative", true],
    ["pale", true],
    ["cyanotic", true],
    ["cool and clammy", false], // not among MCG 1355's signs
    ["diaphoretic", false],
    ["unresponsive", true],
    ["not confused", false],
    ["no weak pulse", false],
    ["pale stools", false],
    ["altered taste", false],
    ["unresponsive to nitro", false],
    ["non combative", false],
    ["strong radial pulse", false],
  ];
  for (const [text, said] of adult) assert.equal(perfusionSignsSaid(text, false), said, text);
  const child: [string, boolean][] = [
    ["altered, cyanotic", true],
    ["lethargic, flushed", true],
    ["altered", false],
    ["pale, altered", false],
    ["cyanotic", false],
  ];
  for (const [text, said] of child) assert.equal(perfusionSignsSaid(text, true), said, text);
  assert.equal(hypotensiveAdult(89, false), true);
  assert.equal(hypotensiveAdult(90, false), false);
  assert.equal(hypotensiveAdult(undefined, false), false);
  assert.equal(hypotensiveAdult(60, true), false);
});

const BASE_ORDER_ROWS: readonly Row[] = [
  // MD20 L: TP 1203 step 8's 200 to 400 is the litre on a base order; said as ordered, the hold waits on nothing
  [["40yo glucose 250, base ordered ns 1 liter, ns"], LITRE],
  [["40yo glucose 250, 1 liter ns per base, ns"], LITRE],
  [["40yo glucose 250, base approved 1 liter, normal saline"], LITRE],
  [["40yo glucose 250, base ordered ns 1 liter", "normal saline?"], LITRE],
  // Near misses: an order awaited, asked for, pending, refused, or for another drug is no order; a child's hold
  // (TP 1203-P step 7 has no base path below 250) stays
  [["40yo glucose 250, awaiting base ordered ns, ns"], HELD],
  [["40yo glucose 250, contact base for ns order, ns"], HELD],
  [["40yo glucose 250, ns per base order pending, ns"], HELD],
  [["40yo glucose 250, base declined ns, ns"], HELD],
  [["40yo glucose 250, base ordered ns? no, ns"], HELD],
  [["40yo glucose 250, base ordered a 12 lead, normal saline"], HELD],
  [["20kg kid glucose 220, base ordered ns, ns"], HELD],
];
Deno.test("MD20 L: an adult's hyperglycaemia saline said as ordered by the base is the litre (TP 1203 step 8)", () =>
  check(BASE_ORDER_ROWS));

Deno.test("a base order for saline said as given, not asked for, awaited or refused", () => {
  const rows: [string, boolean][] = [
    ["base ordered ns 1 liter", true],
    ["micn ordered 1 l normal saline", true],
    ["fluids ordered by base", true],
    ["1000 ml ns per base", true],
    ["awaiting base ordered ns", false],
    ["need base ordered ns", false],
    ["requesting base approved ns", false],
    ["ns per base order pending", false],
    ["base ordered ns?", false],
    ["base ordered zofran", false],
    ["contact base for ns", false],
  ];
  for (const [text, said] of rows) assert.equal(salineBaseOrderSaid(text), said, text);
});
