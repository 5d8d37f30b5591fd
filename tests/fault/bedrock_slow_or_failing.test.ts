/**
 * Fault: Bedrock too slow or failing while the chat is under concurrent load. A second functions server
 * runs the deployed bedrock-ai-chat with AWS credentials pointing at the local Bedrock-compatible server
 * (signatures checked), a model budget of BUDGET_MS, and the stack's database and Redis. Each request
 * tells the local server how to misbehave (an answer held until the test ends, a 500, a 503, a
 * throttle). Every answer must be 200, labelled retrieval-only with the right reason, grounded in the
 * protocol sections (TP 1211 for chest pain), streamed or not; the held requests were still unanswered
 * when the chat answered (so the budget, not the model, ended the wait); the model was really called,
 * and every request is audited. A healthy request first proves the wiring (mode "model").
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { ensureDevKnowledgeBase } from "../../scripts/kb/dev_knowledge_base.ts";
import { waitForAuditRows } from "../support/audit_rows.ts";
import { directive, startBedrockServer, TEST_CREDENTIALS, TEST_REGION } from "../support/bedrock_server.ts";
import { stackEnv } from "../support/env.ts";
import { toRequest } from "../support/function_catalog.ts";
import { startFunctionsServer } from "../support/functions_server.ts";
import { bearer, cycle, makeUsers } from "../support/identities.ts";
import { report, runLoad } from "../support/load_generator.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
// Failing answers are retried while the budget lasts; a budget far beyond two quick failures keeps a
// slow retry under load from turning "error" into "timeout". The held answers wait it out in full.
const BUDGET_MS = 12_000;
const FAULTS = [
  { name: "slow", directive: { delayMs: "hold" }, reason: "timeout" },
  { name: "500", directive: { status: 500 }, reason: "error" },
  { name: "503", directive: { status: 503 }, reason: "error" },
  { name: "throttled", directive: { status: 429 }, reason: "error" },
] as const;

interface ChatAnswer {
  mode: string;
  reason?: string;
  answer: string;
}

/** The JSON answer, or the `done` event of a stream (its answer is the streamed text). */
function answerOf(body: string, streamed: boolean): ChatAnswer {
  if (!streamed) return JSON.parse(body);
  const events = body.trim().split("\n\n").map((block) => {
    const [event, data] = block.split("\n");
    return { event: event.slice("event: ".length), data: JSON.parse(data.slice("data: ".length)) };
  });
  const done = events.at(-1)!;
  assert.equal(done.event, "done");
  const text = events.filter((e) => e.event === "delta").map((e) => e.data.text).join("");
  return { ...done.data, answer: text || done.data.answer };
}

Deno.test(
  "Bedrock slow or failing under load: retrieval-only answers within the budget",
  options,
  async () => {
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    await ensureDevKnowledgeBase(dbUrl, () => {});
    const bedrock = startBedrockServer();
    const server = await startFunctionsServer({
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: TEST_REGION,
      BEDROCK_ENDPOINT: bedrock.url,
      BEDROCK_MODEL_ID: "anthropic.claude-test-v1:0",
      CHAT_MODEL_BUDGET_MS: String(BUDGET_MS),
    });
    const sql = createSql({ url: dbUrl, max: 1 });
    try {
      const paramedic = cycle(await makeUsers(40, "paramedic", crypto.randomUUID()));
      const ask = (content: string, stream: boolean) =>
        toRequest({
          method: "POST",
          path: "/bedrock-ai-chat",
          headers: bearer(paramedic()),
          body: { stream, messages: [{ role: "user", content }] },
        }, server.functionsUrl);

      const healthy = await fetch(ask("Chest pain, STEMI?", false));
      assert.equal(healthy.status, 200);
      assert.equal((await healthy.json()).mode, "model", "the chat reaches the local Bedrock server");

      const run = await runLoad({
        clients: 4,
        seconds: 30,
        maxRequests: 16,
        keepBody: () => true,
        next: (client, n) => {
          const fault = FAULTS[(client + n) % FAULTS.length];
          const streamed = n % 2 === 0;
          return {
            fn: "bedrock-ai-chat",
            label: `${fault.name} ${streamed ? "stream" : "json"}`,
            request: ask(`Chest pain, STEMI? ${directive(fault.directive)}`, streamed),
          };
        },
      });
      console.log(report(run.samples, run.seconds, "label"));

      for (const s of run.samples) {
        assert.equal(s.status, 200, `${s.label}: ${s.body ?? s.error}`);
        const fault = FAULTS.find((f) => s.label.startsWith(`${f.name} `))!;
        const answer = answerOf(s.body!, s.label.endsWith("stream"));
        assert.equal(answer.mode, "retrieval-only", s.label);
        assert.equal(answer.reason, fault.reason, s.label);
        assert.match(answer.answer, /^Retrieval-only mode/, s.label);
        assert.match(answer.answer, /TP 1211/, `${s.label}: grounded in the chest pain protocol`);
      }
      const held = bedrock.requests.filter((r) => r.directives.delayMs === "hold");
      assert.equal(held.length, run.samples.filter((s) => s.label.startsWith("slow ")).length);
      assert.ok(held.every((r) => r.status === 0), "the slow answers came while the model had not answered");
      bedrock.release();
      const modelCalls = bedrock.requests.filter((r) => r.signature === "valid").length;
      assert.ok(modelCalls >= run.samples.length + 1, `the model was called (${modelCalls} signed requests)`);

      const ids = [healthy.headers.get("X-Request-Id")!, ...run.samples.map((s) => s.requestId!)];
      const match = await waitForAuditRows(sql, ids);
      assert.deepEqual([match.rows, match.matched], [ids.length, ids.length], "every chat request audited");
    } finally {
      await sql.end();
      await server.stop();
      await bedrock.close();
    }
  },
);
