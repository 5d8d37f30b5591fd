/**
 * Medical director's eighteenth read, H5 and M3: saline volumes already given. A part of one bolus ("250 ml ns given"
 * in sepsis, a 20 kg child's "200 ml") had been read as the whole bolus and the rest refused LIMIT_REACHED; volumes
 * in medics' own wordings ("1000 ml given", "1000cc ns infused", "gave a liter", "1 liter in", "s/p 1L NS") went
 * unread and a second litre was offered before base. Rows both ways: the fix, and the near misses that keep their
 * reading.
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

/** H5: part of one bolus is held with what is left of it, never the whole bolus given nor none given. */
const PART_OF_A_BOLUS: readonly Row[] = [
  // TP 1204 step 6 and TP 1219 step 6: 1 L; TP 1204-P: 20 mL/kg (400 mL at 20 kg); TP 1244 step 15: 250 mL
  [["70yo septic, 250 ml ns given, bp 80/40, more ns?"], countAsked("sepsis")],
  [["70yo septic, 500 ml ns given, bp 80/40, more ns?"], countAsked("sepsis")],
  [["70yo sepsis bp 80/40, 500 ml ns given, more ns?"], countAsked("sepsis")],
  [["70yo anaphylaxis bp 70/40, 500 ml ns given, more ns?"], countAsked("anaphylaxis")],
  [["20kg kid septic, 200 ml ns given, still poor perfusion, more ns?"], countAsked("sepsis")],
  [["80yo mvc, 100 ml given, sbp 80, more ns?"], countAsked("trauma-hypotension")],
  // Near misses: the whole bolus given is the limit before base; nothing given is the whole bolus
  [["70yo septic, 1000 ml ns given, bp 80/40, more ns?"], limitReached("sepsis")],
  [["70yo septic, 1 L ns given, bp 80/40, more ns?"], limitReached("sepsis")],
  [["20kg kid septic, 400 ml ns given, more ns?"], limitReached("sepsis")],
  [["80yo mvc, 250 ml ns given, sbp 80, more ns?"], limitReached("trauma-hypotension")],
  [["70yo septic, bp 80/40, ns?"], ["sepsis: 1000 mL IV/IO"]],
];

/** M3: a volume given in medics' own words is read as "1 L ns given" is. */
const VOLUMES_IN_OWN_WORDS: readonly Row[] = [
  [["70yo septic, 1000 ml given, bp 80/40 still, fluid bolus again?"], limitReached("sepsis")],
  [["70yo septic, 1000cc ns infused, bp 80/40 still, fluid bolus again?"], limitReached("sepsis")],
  [["70yo septic, gave a liter, bp 80/40 still, fluid bolus again?"], limitReached("sepsis")],
  [["70yo septic, 1 liter in, bp 80/40 still, fluid bolus again?"], limitReached("sepsis")],
  [["70yo septic, s/p 1L NS, bp 80/40 still, fluid bolus again?"], limitReached("sepsis")],
  [["80yo mvc, 250 ml given, sbp 80, more ns?"], limitReached("trauma-hypotension")],
  // Near misses: a part said so is held (H5); another drug's volume is not saline's; no volume, no count
  [["70yo septic, 500cc infused, bp 80/40 still, fluid bolus again?"], countAsked("sepsis")],
  [["70yo septic, bp 80/40, o2 at 2 liters, ns?"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo septic, s/p fall, bp 80/40, ns?"], ["sepsis: 1000 mL IV/IO"]],
];

Deno.test("MD18 H5: part of one saline bolus given is held with what is left of it", async () => {
  await says("TP 1204", "Normal Saline 1L IV/IO rapid infusion");
  check(PART_OF_A_BOLUS);
});

Deno.test("MD18 H5: the hold says the volume given and what is left of the bolus", () => {
  const [outcome] =
    dosingForConversation(medicTurns(["70yo septic, 250 ml ns given, bp 80/40, more ns?"])).outcomes;
  assert.match(outcome.refusal!.message, /250 mL is part of this patient's one 1000 mL bolus/);
  assert.match(outcome.refusal!.message, /at most 750 mL/);
});

Deno.test("MD18 M3: saline volumes in medics' own words are read as given", () => {
  check(VOLUMES_IN_OWN_WORDS);
});

/**
 * M2, then the nineteenth read's H3: TP 1219 step 6's litre is for poor perfusion, of which a systolic under 90 is one
 * sign only (MCG 1355); a hold at 90 or more refused anaphylactic shock at 92/60 with pale, cool skin. The litre is
 * given with the condition said beside it; the route is IV.
 */
const ANAPHYLAXIS_SALINE: readonly Row[] = [
  [["30yo 70kg anaphylaxis, poor perfusion, pale cool diaphoretic, bp 92/60, normal saline"], [
    "anaphylaxis: 1000 mL IV",
  ]],
  [["30yo 70kg anaphylaxis, weak radial pulse, altered, bp 96/60, normal saline"], [
    "anaphylaxis: 1000 mL IV",
  ]],
  [["30yo 70kg anaphylaxis hypotensive, normal saline"], ["anaphylaxis: 1000 mL IV"]],
  [["30yo anaphylaxis bp 70/40 normal saline"], ["anaphylaxis: 1000 mL IV"]],
  [["30yo anaphylaxis bp 88/50 normal saline"], ["anaphylaxis: 1000 mL IV"]],
  [["30yo anaphylaxis poor perfusion normal saline"], ["anaphylaxis: 1000 mL IV"]],
  [["30yo anaphylaxis bp 70/40 normal saline io"], ["anaphylaxis: ROUTE_NOT_AVAILABLE"]],
];

Deno.test("MD18 M2: an adult's anaphylaxis saline is for poor perfusion (TP 1219 step 6)", async () => {
  await says("TP 1219", "For poor perfusion");
  check(ANAPHYLAXIS_SALINE);
  const [dose] =
    dosingForConversation(medicTurns(["30yo anaphylaxis bp 130/80 hr 90 normal saline"])).outcomes;
  assert.ok(
    dose.result!.warnings.some((w) => w.startsWith("For poor perfusion (TP 1219 step 6")),
    "the condition said",
  );
});

/**
 * M1: a child's hyperglycaemia saline. TP 1203-P step 7: 10 mL/kg IV for a glucose above 250; step 8: 20 mL/kg IV/IO
 * for poor perfusion. TP 1203 (adult): 1 L above 400 or for poor perfusion, 200 to 400 on a base order.
 */
const HYPERGLYCEMIA_SALINE: readonly Row[] = [
  [["20kg kid dka glucose 450, poor perfusion, cap refill 4 sec, normal saline"], [
    "fluid-bolus: 400 mL IV/IO",
  ]],
  [["20kg kid dka glucose 450, cap refill 4 sec, normal saline"], ["fluid-bolus: 400 mL IV/IO"]],
  [["20kg kid glucose 180 dka? normal saline"], ["hyperglycemia: CONTRAINDICATION_NAMED"]],
  [["70yo dka glucose 180 normal saline"], ["hyperglycemia: CONTRAINDICATION_NAMED"]],
  [["20kg kid dka bgl 450, 200 ml given, more normal saline?"], limitReached("hyperglycemia")],
  [["20kg kid dka glucose 450 normal saline io"], ["hyperglycemia: ROUTE_NOT_AVAILABLE"]],
  // Near misses: step 7 by vein above 250; poor perfusion denied stays step 7; an adult's 1 L above 400; a glucose
  // with no hyperglycaemia named holds nothing; poor perfusion at a low glucose is step 8's bolus
  [["20kg kid dka glucose 450 normal saline"], ["hyperglycemia: 200 mL IV"]],
  [["20kg kid dka glucose 450, no poor perfusion, normal saline"], ["hyperglycemia: 200 mL IV"]],
  [["70kg dka glucose 450 normal saline"], ["hyperglycemia: 1000 mL IV/IO"]],
  [["20kg kid sepsis fever bgl 120 normal saline"], ["sepsis: 400 mL IV/IO"]],
  [["20kg kid dka glucose 180, hypotensive, normal saline"], ["fluid-bolus: 400 mL IV/IO"]],
];

Deno.test("MD18 M1: hyperglycaemia saline follows TP 1203-P steps 7 and 8 (glucose, perfusion, route)", async () => {
  await says("TP 1203-P", "For blood glucose >250mg/dL", "For poor perfusion (MCG 1355)");
  check(HYPERGLYCEMIA_SALINE);
});
