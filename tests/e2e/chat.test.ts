/**
 * bedrock-ai-chat through the stack's functions server with the typed client (supabase-js underneath,
 * every JSON answer parsed with the published contract): the local stack has no AWS credentials, so this
 * is the offline, retrieval-only mode a deployment falls back to — as JSON and as an event stream, each
 * event checked against the contract's event schemas.
 */
import assert from "node:assert/strict";
import { chatEvents } from "../../functions-shared/client/mod.ts";
import { CHAT_EVENTS, ChatAnswer } from "../../functions-shared/handlers/bedrock_ai_chat/contract.ts";
import { apiClient } from "../support/api_client.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "offline chat over supabase-js: labelled retrieval-only answer with dosing results",
  options,
  async () => {
    const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
    const { data, error } = await apiClient(token)["bedrock-ai-chat"].ask({
      body: {
        stream: false,
        messages: [{ role: "user", content: "Adenosine for SVT, how much?" }],
        patient: { weightKg: 20 },
      },
    });
    assert.equal(error, null);
    const answer = ChatAnswer.parse(data); // the client validated it; this narrows the type
    assert.equal(answer.mode, "retrieval-only");
    assert.equal(answer.reason, "offline");
    assert.match(answer.answer, /^Retrieval-only mode: the AI model is not configured here/);
    const adenosine = answer.dosing.find((d) => d.medication === "adenosine");
    assert.ok(adenosine && "dose" in adenosine, "the engine answered for adenosine");
    assert.deepEqual(adenosine.dose, { value: 2, unit: "mg" }, "MCG 1309 at 20 kg: 0.1 mg/kg");
    assert.match(adenosine.citation, /MCG 1309/);
  },
);

Deno.test(
  "offline chat as an event stream: deltas, then done, each as the contract says",
  options,
  async () => {
    const { data, error, response } = await apiClient()["bedrock-ai-chat"].ask({
      body: {
        messages: [{ role: "user", content: "Adenosine for SVT, how much?" }],
        patient: { weightKg: 20 },
      },
    });
    assert.equal(error, null);
    assert.match(response!.headers.get("Content-Type")!, /^text\/event-stream/);
    assert.ok(data instanceof Response, "supabase-js hands over the stream unread");
    const names: string[] = [];
    let text = "";
    let done: ReturnType<typeof CHAT_EVENTS.done.parse> | undefined;
    for await (const event of chatEvents(data)) {
      names.push(event.event);
      if (event.event === "delta") text += CHAT_EVENTS.delta.parse(event.data).text;
      else if (event.event === "done") done = CHAT_EVENTS.done.parse(event.data);
      else assert.fail(`an event the contract does not name: ${event.event}`);
    }
    assert.ok(names.length >= 2 && names.at(-1) === "done" && names.slice(0, -1).every((n) => n === "delta"));
    assert.match(text, /^Retrieval-only mode: the AI model is not configured here/);
    assert.equal(done?.mode, "retrieval-only");
    assert.equal(done?.reason, "offline");
    assert.ok(done?.dosing.some((d) => d.medication === "adenosine" && "dose" in d), "the dosing result");
  },
);

/** The offline answer for one question, parsed with the contract. */
async function offlineAnswer(content: string) {
  const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
  const { data, error } = await apiClient(token)["bedrock-ai-chat"].ask({
    body: { stream: false, messages: [{ role: "user", content }] },
  });
  assert.equal(error, null);
  return ChatAnswer.parse(data);
}

Deno.test(
  "offline chat carries the engine's shock energies, adult doses and only the routes the medic has",
  options,
  async () => {
    const vf = await offlineAnswer("20 kg child in VF, shock energy?");
    const shock = vf.dosing.find((d) => d.medication === "defibrillation");
    assert.ok(shock && "dose" in shock, "the engine answered with an energy");
    assert.deepEqual(shock.dose, { value: 40, unit: "J" }, "MCG 1309 at 20 kg: 2 J/kg");
    assert.match(vf.answer, /shocks: 40 J, then 80 J, then 80 J/);

    const chestPain = await offlineAnswer("58 year old with chest pain, what meds?");
    const aspirin = chestPain.dosing.find((d) => d.medication === "aspirin");
    assert.ok(aspirin && "dose" in aspirin, "the engine answered for aspirin");
    assert.deepEqual(aspirin.dose, { value: 325, unit: "mg" });
    assert.match(aspirin.citation, /MCG 1317\.7/);

    const noIv = await offlineAnswer(
      "18 kg child with deformed forearm fracture, severe pain, no IV. intranasal fentanyl dose?",
    );
    assert.deepEqual(noIv.dosing.map((d) => "route" in d ? d.route : d.refused), ["IN"]);
    const open = await offlineAnswer("18 kg child, forearm fracture, fentanyl dose? couldn't get a line");
    assert.deepEqual(open.dosing.map((d) => "route" in d ? d.route : d.refused), ["IO/IM", "IN"]);
  },
);
