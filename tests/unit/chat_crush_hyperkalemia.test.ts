/**
 * The chat's reading of hyperkalaemia for calcium chloride and sodium bicarbonate: said with a crush injury it is
 * crush-hyperkalemia (TP 1242-P / TP 1242 step 10), dosed; said alone it stays hyperkalemia, which a child is not
 * given either drug for (no paediatric protocol does outside a crush injury): no dose, and the answer says to
 * contact base. A crush is read narrowly and never from a clause that denies something, since a crush misread
 * doses a child; one missed only sends the medic to base.
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  type ChatTurn,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

function outcomesOf(...messages: string[]) {
  const { outcomes } = dosingForConversation(messages.map(user));
  for (const o of outcomes) {
    if (o.result) assert.deepEqual(o.result, calculateDose(o.request), messages.join(" / "));
  }
  return outcomes;
}

/** [question, indication read, the answer: [dose, route, maxDoses] or the refusal's code]. */
type Case = [string, string, readonly [number, string, number] | string];

const BASE =
  /in a crush injury it is TP 1242-P step 10's \(send crush-hyperkalemia\); outside a crush injury no paediatric protocol gives it: contact base\.$/;

Deno.test("chat: a child's hyperkalaemia said with a crush is crush-hyperkalemia, dosed IV or IO per MCG 1309 (TP 1242-P step 10)", () => {
  const cases: Case[] = [
    ["20 kg child, crush injury, hyperkalemia, calcium chloride", "crush-hyperkalemia", [400, "IV/IO", 2]],
    ["20 kg child, hyperkalemia from a crush injury, calcium chloride", "crush-hyperkalemia", [
      400,
      "IV/IO",
      2,
    ]],
    ["20 kg child pinned under a wall, peaked T waves, calcium chloride?", "crush-hyperkalemia", [
      400,
      "IV/IO",
      2,
    ]],
    ["20 kg child crushed leg, high potassium, bicarb IO?", "crush-hyperkalemia", [20, "IO", 2]],
    ["20 kg child entrapped under rubble 2 hrs, hyperkalemic on the monitor, bicarb", "crush-hyperkalemia", [
      20,
      "IV/IO",
      2,
    ]],
    ["18 kg child, crush hyperkalemia, sodium bicarbonate IV", "crush-hyperkalemia", [18, "IV", 2]],
    // Both steps said: nothing settled, the crush injury is asked about (as before).
    [
      "20 kg child, crush injury, peaked t waves, before extrication, bicarb",
      "crush-injury",
      "AMBIGUOUS_INDICATION",
    ],
  ];
  for (const [question, indication, answer] of cases) {
    const [o, ...more] = outcomesOf(question);
    assert.equal(more.length, 0, question);
    assert.equal(o.request.indication, indication, question);
    assert.deepEqual(
      o.result ? [o.result.dose.value, o.result.route, o.result.repeat?.maxDoses] : o.refusal?.code,
      answer,
      question,
    );
    if (o.result) assert.match(o.result.repeat?.note ?? "", /\(TP 1242-P step 10\)/, question);
  }
  // The crush said in the message before, the signs in this one.
  const [later] = outcomesOf(
    "20 kg child pinned under a car for 2 hours",
    "peaked T waves now, calcium chloride?",
  );
  assert.deepEqual([later.request.indication, later.result?.dose.value], ["crush-hyperkalemia", 400]);
  // No medication named: the presentation's calcium and bicarbonate are read the same way.
  const presented = outcomesOf("20 kg child crush injury with hyperkalemia, what do I give?");
  assert.deepEqual(
    presented.filter((o) => o.request.indication === "crush-hyperkalemia").map((o) => o.result?.dose.value),
    [400, 20],
  );
});

Deno.test("chat: a child's hyperkalaemia without a crush gets no calcium chloride or bicarbonate, and the answer says contact base", () => {
  for (
    const question of [
      "5 yo dialysis patient, peaked T waves, 18 kg, bicarb?",
      "18 kg child, hyperkalemia, calcium chloride IO",
      "20 kg child missed dialysis, high potassium, calcium chloride",
      // Not a crush: chest pain, tablets, pupils, or a crush denied.
      "20 kg child, crushing chest pain, peaked t waves, calcium chloride",
      "20 kg child ate crushed pills, hyperkalemia, bicarb",
      "20 kg child, pupils pinned, peaked t waves, bicarb",
      "20 kg child, no crush injury, hyperkalemia, calcium chloride",
      "20 kg child, non-crush hyperkalemia, bicarb",
      "20 kg child, not entrapped under anything, high potassium, bicarb",
    ]
  ) {
    const [o, ...more] = outcomesOf(question);
    assert.equal(more.length, 0, question);
    assert.deepEqual([o.request.indication, o.result, o.refusal?.code], [
      "hyperkalemia",
      undefined,
      "NOT_FOR_THIS_PATIENT",
    ], question);
    assert.match(o.refusal?.message ?? "", BASE, question);
  }
  // To the model: the refusal, never a dose.
  const question = "5 yo dialysis patient, peaked T waves, 18 kg, bicarb?";
  const dosing = dosingForConversation([user(question)]);
  const system = buildConversePrompt({ messages: [user(question)], dosing }).request.system![1].text;
  assert.match(system, /<refusal medication="bicarb">\n[^<]*no paediatric protocol gives it: contact base\./);
  // The hyperkalaemia denied in a crush: the crush injury is asked about, never read as its hyperkalaemia.
  const [denied] = outcomesOf("20 kg child, crush injury, no peaked t waves, calcium chloride");
  assert.deepEqual([denied.request.indication, denied.refusal?.details.indications], [
    "crush-injury",
    ["crush-hyperkalemia", "crush-syndrome-risk"],
  ]);
});

Deno.test("chat: an adult's hyperkalaemia with a crush is TP 1242 step 10's row as before; alone it is TP 1212's", () => {
  for (const medication of ["calcium chloride", "bicarb"]) {
    const crushRow = calculateDose({ medication, indication: "crush-injury", weightKg: 80 });
    for (
      const question of [
        `adult 80 kg, crush injury with hyperkalemia on the monitor, ${medication}`,
        `adult 80 kg, hyperkalemia, pinned under a car, ${medication}`,
        `80 kg pt crushed under a forklift, peaked T waves, ${medication}`,
      ]
    ) {
      const [o] = outcomesOf(question);
      assert.equal(o.request.indication, "crush-hyperkalemia", question);
      assert.deepEqual({ ...o.result!, indication: "crush-injury" }, crushRow, question);
    }
    for (
      const question of [
        `adult 80 kg, peaked t waves, ${medication}`,
        `adult 80 kg, hyperkalemia, ${medication}`,
      ]
    ) {
      const [o] = outcomesOf(question);
      assert.equal(o.request.indication, "hyperkalemia", question);
      assert.deepEqual(
        o.result,
        calculateDose({ medication, indication: "hyperkalemia", weightKg: 80 }),
        question,
      );
    }
  }
  // Bicarbonate for an adult's hyperkalaemia without a crush needs a base order (TP 1212); with one it is standing.
  const [alone] = outcomesOf("adult 80 kg, peaked t waves, bicarb");
  assert.equal(alone.result?.warnings[0], "Only on a base hospital order (TP 1212).");
});
