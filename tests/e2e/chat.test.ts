/**
 * bedrock-ai-chat through the stack's functions server with supabase-js: the local stack has no AWS
 * credentials, so this is the offline, retrieval-only mode a deployment falls back to.
 */
import assert from "node:assert/strict";
import { functionsClient } from "../support/functions_client.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "offline chat over supabase-js: labelled retrieval-only answer with dosing results",
  options,
  async () => {
    const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
    const { data, error } = await functionsClient(token).functions.invoke("bedrock-ai-chat", {
      body: {
        stream: false,
        messages: [{ role: "user", content: "Adenosine for SVT, how much?" }],
        patient: { weightKg: 20 },
      },
    });
    assert.equal(error, null);
    assert.equal(data.mode, "retrieval-only");
    assert.equal(data.reason, "offline");
    assert.match(data.answer, /^Retrieval-only mode: the AI model is not configured here/);
    const adenosine = data.dosing.find((d: { medication: string }) => d.medication === "adenosine");
    assert.deepEqual(adenosine.dose, { value: 2, unit: "mg" }, "MCG 1309 at 20 kg: 0.1 mg/kg");
    assert.match(adenosine.citation, /MCG 1309/);
  },
);
