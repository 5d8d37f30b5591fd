/**
 * The chat's dosing context where the engine asks a child's indication: a child's midazolam or IM/IV
 * epinephrine without one reaches the model as the engine's question (never a dose).
 */
import assert from "node:assert/strict";
import { type ChatTurn, dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

function outcomesOf(question: string) {
  const { outcomes } = dosingForConversation([user(question)]);
  for (const o of outcomes) if (o.result) assert.deepEqual(o.result, calculateDose(o.request), question);
  return outcomes;
}

Deno.test("chat: a child's midazolam or IM/IV epinephrine without an indication is asked for it, never dosed", () => {
  const cases: [string, string[][]][] = [
    ["10 kg child, midazolam IV dose?", [["agitation", "behavioral-crisis", "sedation"]]],
    ["10 kg child, epi IM?", [["anaphylaxis", "bronchospasm", "airway-swelling"]]],
    // No route: one question per formulation still open.
    ["10 kg child, midazolam?", [["agitation", "behavioral-crisis", "sedation"], [
      "agitation",
      "behavioral-crisis",
      "sedation",
      "seizure",
    ]]],
  ];
  for (const [question, asked] of cases) {
    const outcomes = outcomesOf(question);
    assert.deepEqual(
      outcomes.map((o) => [o.result?.dose ?? null, o.refusal?.code, o.refusal?.details.indications]),
      asked.map((indications) => [null, "AMBIGUOUS_INDICATION", indications]),
      question,
    );
  }
  // Said, the indication is dosed as before.
  const [anaphylaxis] = outcomesOf("10 kg child, anaphylaxis, epi IM?");
  assert.deepEqual([anaphylaxis.request.indication, anaphylaxis.result?.dose.value], ["anaphylaxis", 0.1]);
  const [seizing] = outcomesOf("10 kg child seizing, midazolam IN?");
  assert.equal(seizing.result?.variant.id, "midazolam-seizure-in-im");
});
