/**
 * Ages in months, weeks, days or hours are never read as years (medical director's third review, H1): a
 * 3-week-old read as 3 years gets a child's 2.5 mg of midazolam, a 10-day-old a 10-year-old's 2 mg of
 * naloxone. They are read as completed months, the unit MCG 1309's age bands use (under 3 months: grey).
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  findPatientFacts,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

Deno.test("ages in weeks, days, hours and months are read as months, never as years", () => {
  // [message, ageYears read (undefined: none)]
  const cases: [string, number | undefined][] = [
    ["age 3 weeks 4 kg seizing versed", 0],
    ["age 10 days, apneic, narcan?", 0],
    ["age 8 hrs, newborn, narcan?", 0],
    ["age 3 weeks, seizing, versed IM", 0],
    ["infant age 2 wks fever seizing versed", 0],
    ["age: 6 wks, anaphylaxis epi", 1 / 12],
    ["age 14 days old seizing versed", 0],
    ["2 week old seizing versed", 0],
    ["age 10 d, apneic", 0],
    ["age 3 w, seizing", 0],
    ["age 8 h, narcan", 0],
    ["age 14 months seizing versed", 14 / 12],
    ["age 7 mo, seizing", 7 / 12],
    ["7 months old, seizing", 7 / 12],
    // Still years
    ["age 14 seizing", 14],
    ["aged 4, 16 kg", 4],
    ["teenager 14 seizing versed", 14],
    ["age 1 yr", 1],
    ["age 14 h/o seizures, versed", 14],
    // A lone "m" may be male: neither years nor months.
    ["age 45 M, chest pain", undefined],
    // Days not said as an age are none.
    ["fever for 3 days, seizing", undefined],
  ];
  for (const [text, age] of cases) assert.equal(findPatientFacts(text).ageYears, age, text);
});

Deno.test("a 3-week-old with a weight gets the per-kg dose, a 10-day-old is asked for the tape weight, never given a child's 2 mg", () => {
  const seizing = dosingForConversation([user("age 3 weeks 4 kg seizing versed")]).outcomes[0];
  assert.equal(seizing.request.weightKg, 4);
  assert.equal(seizing.request.ageYears, 0);
  // Dosed, not refused: 0.2 mg/kg at 4 kg (MCG 1309), never the 17 months–5 years 2.5 mg.
  assert.ok(seizing.result, JSON.stringify(seizing.refusal));
  assert.equal(seizing.result.dose.unit, "mg");
  assert.ok(seizing.result.dose.value <= 0.8, JSON.stringify(seizing.result.dose));
  for (const question of ["age 10 days, apneic, narcan?", "age 8 hrs, newborn, narcan?"]) {
    const o = dosingForConversation([user(question)]).outcomes[0];
    assert.equal(o.request.color, "grey", question);
    // The grey band's naloxone differs by weight: refused for the tape weight, never a child's 2 mg.
    assert.equal(o.refusal?.code, "COLOR_NEEDS_WEIGHT", question);
    assert.equal(o.result, undefined, question);
  }
});
