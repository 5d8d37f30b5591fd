/**
 * Normal saline's indication and name (medical director's seventeenth read, H3, M2, M3 first half). A bare mechanism
 * word had sent a named head injury, sepsis, burn, anaphylaxis or dehydration to TP 1244 step 15's 250 mL, and a
 * ground-level fall or a fall from bed counted as a mechanism; a child's anaphylactic shock was refused TP 1219-P
 * step 8's continued 20 mL/kg; "ns" for normal sinus rhythm after "12 lead:", "monitor" or before a heart rate was
 * read as saline. Rows both ways.
 */
import assert from "node:assert/strict";
import { findMedications } from "../../functions-shared/handlers/bedrock_ai_chat/chat_names.ts";
import { chatAnswers, checkRows, type Dosed, type Row } from "../support/chat_answers.ts";

const doseRoute = ({ result }: Dosed) => `${result.dose.value} ${result.dose.unit} ${result.route}`;
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseRoute));

/** H3: a cause named beside a mechanism is its own protocol's 1 L; a mechanism alone or "multi-system" is 250 mL. */
const CAUSE_OVER_MECHANISM: readonly Row[] = [
  // TP 1244 step 21, notes 6 and 11: a head injury (TBI) with SBP ≤ 90 gets 1 L even with a mechanism said.
  [["35yo mvc head injury sbp 84, normal saline"], ["head-injury: 1000 mL IV/IO"]],
  [["mvc 30yo tbi gcs 7 bp 82/50 normal saline"], ["head-injury: 1000 mL IV/IO"]],
  [["mvc 30yo head injury sbp 80 hr 120 fluid bolus"], ["head-injury: 1000 mL IV/IO"]],
  [["40yo gsw to head gcs 6 sbp 80, normal saline"], ["head-injury: 1000 mL IV/IO"]],
  // TP 1204 step 6, TP 1220 step 10, TP 1219 step 6, TP 1205: the medical or burn cause's 1 L.
  [["70yo mvc last week now sepsis fever bp 80/40 normal saline"], ["sepsis: 1000 mL IV/IO"]],
  [["80yo ground level fall 2 days ago, now septic, fever, bp 80/40, normal saline"], [
    "sepsis: 1000 mL IV/IO",
  ]],
  [["mvc with vehicle fire, 30yo burns 30% tbsa, normal saline"], ["burns: 1000 mL IV/IO"]],
  [["80yo ground level fall, vomiting diarrhea 3 days, dehydrated bp 82/50, normal saline"], [
    "fluid-bolus: 1000 mL IV/IO",
  ]],
  [["85yo fall from bed, weak, dehydrated, bp 84/50, normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["30yo anaphylaxis after mvc, bp 70/40, normal saline"], ["anaphylaxis: 1000 mL IV"]], // TP 1219 step 6: IV (MD18 M2)
  [["mvc 40yo gi bleed bp 80/40 normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["20kg kid ground level fall, vomiting 3 days dehydrated, normal saline"], ["fluid-bolus: 400 mL IV/IO"]],
  // near misses: a mechanism alone, a fall from a height, or the hypotension said to be the injury's stay 250 mL
  [["mvc 35yo hypotensive sbp 70, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["30yo fell from a ladder, sbp 80, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["mvc 30yo multi-system trauma, head injury, sbp 80, normal saline"], [
    "trauma-hypotension: 250 mL IV/IO",
  ]],
  [["mvc 35yo hemorrhagic shock, dehydrated, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["gsw abd 30yo sbp 70 fluid bolus"], ["trauma-hypotension: 250 mL IV/IO"]],
];

/** M2: TP 1219-P step 8 continues 20 mL/kg for anaphylactic shock; other children's single bolus stays one. */
const CHILD_ANAPHYLAXIS: readonly Row[] = [
  [["20kg kid anaphylaxis still hypotensive after normal saline 400 given, more normal saline?"], [
    "anaphylaxis: 400 mL IV/IO",
  ]],
  [["20kg kid anaphylaxis poor perfusion, normal saline"], ["anaphylaxis: 400 mL IV/IO"]],
  // near misses: a second bolus after the continued one, and sepsis's one bolus, are base orders
  [["20kg kid anaphylaxis, normal saline x2 given, more normal saline?"], [
    "anaphylaxis: LIMIT_REACHED",
  ]],
  [["20kg kid sepsis after normal saline 400 given, more normal saline?"], ["sepsis: LIMIT_REACHED"]],
];

Deno.test("md17 H3: a head injury, sepsis, burn, anaphylaxis or dehydration outranks a bare mechanism word", () =>
  check(CAUSE_OVER_MECHANISM));
Deno.test("md17 M2: a child's anaphylactic shock continues 20 mL/kg saline (TP 1219-P step 8)", () =>
  check(CHILD_ANAPHYLAXIS));

/** M3: "ns" as normal sinus rhythm is no saline; a volume or a clause of its own still is. */
const SALINE = "normal-saline";
const SINUS_NOT_SALINE = [
  "60yo chest pain, 12 lead: ns 80, bp 140/90, nitro?",
  "60yo chest pain, monitor ns 80 bp 140/90, aspirin",
  "60yo chest pain, monitor shows ns, 140/90, nitro and aspirin",
  "60yo sob wheezing, ekg: ns 90, albuterol",
  "60yo chest pain, ns 88, 140/90, nitro",
];
const STILL_SALINE = [
  "80kg sepsis, ns 500",
  "80kg sepsis, ns 20 ml/kg",
  "80kg sepsis, ns 1L",
  "80kg sepsis, ns",
];

Deno.test("md17 M3: 'ns' after a rhythm word, a colon or a monitor, or before a heart rate, is no saline", () => {
  for (const text of SINUS_NOT_SALINE) {
    assert.ok(!findMedications(text).some((m) => m.id === SALINE), text);
  }
  for (const text of STILL_SALINE) assert.ok(findMedications(text).some((m) => m.id === SALINE), text);
});
