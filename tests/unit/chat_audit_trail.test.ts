/** The ai_audit_trails entry and the retrieval-only answer: hashes and lengths, never text; labelled. */
import assert from "node:assert/strict";
import { citedReferences } from "../../functions-shared/handlers/bedrock_ai_chat/prompt.ts";
import {
  buildAiAuditEntry,
  composeRetrievalOnlyAnswer,
  dosingForConversation,
  PROMPT_VERSION,
  sha256Hex,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";

const SECTIONS = [
  { protocolNumber: "TP 1219-P", title: "Allergy (pediatric)", text: "Assess airway. Give epinephrine IM." },
  { protocolNumber: "MCG 1309", title: "Color Code Drug Doses", text: "Weight-based doses by tape colour." },
];

Deno.test("sha256Hex matches a known digest", async () => {
  assert.equal(await sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

Deno.test("the audit entry holds numbers, hashes and ids — the question and answer never appear", async () => {
  const question = "4 yo 16 kg anaphylaxis, epinephrine IM dose?";
  const answer = "Give 0.15 mg (dosing engine) IM [TP 1219-P] [MCG 1309].";
  const dosing =
    dosingForConversation([{ role: "user", content: "epinephrine IM anaphylaxis 16 kg" }]).outcomes;
  const entry = await buildAiAuditEntry({
    messageId: "aaaa0001-0000-4000-8000-000000000001",
    timestamp: new Date("2026-11-22T10:00:00Z"),
    organizationId: "a1a1a1a1-0000-4000-8000-00000000000a",
    userId: "11111111-0000-4000-8000-000000000001",
    sessionId: "sess-1",
    userRole: "paramedic",
    model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    promptVersion: PROMPT_VERSION,
    mode: "model",
    outcome: "answered",
    sections: SECTIONS,
    dosing,
    question,
    answer,
    usage: { inputTokens: 1200, outputTokens: 80, totalTokens: 1280 },
    latencyMs: 1834.6,
    modelLatencyMs: 1500,
    correlationId: "req-1",
  });
  const json = JSON.stringify(entry);
  assert.ok(!json.includes("anaphylaxis, epinephrine IM dose"), "no question text");
  assert.ok(!json.includes("Give 0.15 mg"), "no answer text");
  assert.ok(!json.includes("Assess airway"), "no section text");
  assert.equal(entry.question_length, question.length);
  assert.equal(entry.question_sha256, await sha256Hex(question));
  assert.equal(entry.answer_sha256, await sha256Hex(answer));
  assert.deepEqual(entry.retrieved_protocols, ["TP 1219-P", "MCG 1309"]);
  assert.deepEqual(entry.context_layers[0], {
    layer: "protocol",
    rank: 1,
    protocol_number: "TP 1219-P",
    title: "Allergy (pediatric)",
    content_sha256: await sha256Hex(SECTIONS[0].text),
    content_length: SECTIONS[0].text.length,
  });
  assert.deepEqual(entry.context_layers[2], {
    layer: "dosing",
    medication_id: "epinephrine",
    route: "IM",
    basis: "printed-table",
    refusal_code: null,
  });
  assert.deepEqual(entry.tokens, { prompt: 1200, completion: 80, total: 1280 });
  assert.equal(entry.latency_ms, 1835);
  assert.equal(entry.timestamp, "2026-11-22T10:00:00.000Z");
});

Deno.test("a retrieval-only answer is labelled, shows the sections, marks engine doses, keeps base contact", () => {
  const dosing =
    dosingForConversation([{ role: "user", content: "epinephrine IM anaphylaxis 10 kg" }]).outcomes;
  const offline = composeRetrievalOnlyAnswer({ reason: "offline", sections: SECTIONS, dosing });
  assert.match(offline, /^Retrieval-only mode: the AI model is not configured/);
  assert.match(offline, /\[TP 1219-P\] Allergy \(pediatric\)\nAssess airway/);
  // Headed as a model cites, so `cited` and the protocol-usage log count the sections shown (review19 L3).
  assert.deepEqual(citedReferences(offline), SECTIONS.map((s) => s.protocolNumber));
  assert.match(offline, /Dosing engine \(MCG 1309.*?\): Epinephrine.*dose: 0\.1 mg/);
  assert.match(offline, /Ref\. 1200\.2\) still apply\.$/);
  assert.match(
    composeRetrievalOnlyAnswer({ reason: "timeout", sections: [] }),
    /did not answer in time[\s\S]*No protocol section matched/,
  );
});
