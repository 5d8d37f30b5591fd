/**
 * The chat end to end in process: the real pipeline (rate limit, audit) on the real stack, the real
 * Bedrock client against the local Bedrock-compatible server (signatures checked), the sample protocol
 * index, the dosing engine, and the AI audit trail in Postgres.
 */
import assert from "node:assert/strict";
import { auditWriter } from "../../functions-shared/pipeline/audit/writer.ts";
import { createBedrockClient } from "../../functions-shared/platform/bedrock/client.ts";
import { writeAiAuditTrail } from "../../functions-shared/handlers/bedrock_ai_chat/deps.ts";
import type { ChatDeps } from "../../functions-shared/handlers/bedrock_ai_chat/respond.ts";
import { chatRoute } from "../../functions-shared/handlers/bedrock_ai_chat/route.ts";
import { closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { defineFunction } from "../../functions-shared/pipeline/mod.ts";
import {
  buildProtocolIndex,
  SAMPLE_DOCUMENTS,
  SAMPLE_HINTS,
} from "../../functions-shared/domain/protocols/mod.ts";
import {
  directive,
  replyDirectiveValue,
  startBedrockServer,
  TEST_CREDENTIALS,
  TEST_REGION,
} from "../support/bedrock_server.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";
import { functionsClient } from "../support/functions_client.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const bedrockServer = startBedrockServer();
const index = buildProtocolIndex({ kbVersion: "test", documents: SAMPLE_DOCUMENTS, hints: SAMPLE_HINTS });
const ORG = crypto.randomUUID();
const MODEL = "anthropic.claude-test-v1:0";

function chatFunction(overrides: Partial<ChatDeps> = {}) {
  const pending: Promise<unknown>[] = [];
  const deps: ChatDeps = {
    bedrock: createBedrockClient({
      region: TEST_REGION,
      modelId: MODEL,
      credentials: TEST_CREDENTIALS,
      endpoint: bedrockServer.url,
    }),
    index: () => Promise.resolve(index),
    recordTrail: writeAiAuditTrail,
    later: (work) => void pending.push(work),
    budgetMs: 5_000,
    ...overrides,
  };
  const fn = defineFunction({
    name: "bedrock-ai-chat",
    rateLimitClass: "CHAT",
    routes: [chatRoute(() => deps)],
  });
  return { fn, settled: () => Promise.all(pending) };
}

async function ask(
  fn: { fetch(r: Request): Promise<Response> },
  body: Record<string, unknown>,
  init: { signal?: AbortSignal } = {},
) {
  const token = await userToken(crypto.randomUUID(), { role: "paramedic", organization_id: ORG });
  return await fn.fetch(
    new Request("http://localhost/bedrock-ai-chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: init.signal,
    }),
  );
}

/** Parses an SSE body into its events. */
async function events(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await res.text();
  return text.trim().split("\n\n").map((block) => {
    const [eventLine, dataLine] = block.split("\n");
    return { event: eventLine.slice("event: ".length), data: JSON.parse(dataLine.slice("data: ".length)) };
  });
}

async function trail(messageId: string) {
  const [row] = await sql`select mode, outcome, model, tokens, cost, retrieved_protocols, question_length,
    context_layers from audit.ai_audit_trail_entries where message_id = ${messageId}`;
  return row;
}

/** The request's audit actions: the writer batches after the response, so flush it, then poll for it. */
async function auditAction(requestId: string) {
  await auditWriter().flush();
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await sql`select action from public.audit_logs where correlation_id = ${requestId}`;
    if (rows.length > 0) return rows.map((r) => r.action);
    if (Date.now() > deadline) assert.fail(`no audit row for request ${requestId} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test(
  "streamed answer: deltas in order, then citations, dosing, usage and the message id",
  options,
  async () => {
    const { fn, settled } = chatFunction();
    const res = await ask(fn, {
      messages: [{
        role: "user",
        content: "Adult in cardiac arrest, what does the protocol say? " +
          directive({
            reply: replyDirectiveValue("Start compressions now [TP 1210]. Contact base as required."),
          }),
      }],
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("Content-Type") ?? "", /^text\/event-stream/);
    const stream = await events(res);
    const deltas = stream.filter((e) => e.event === "delta").map((e) => e.data.text).join("");
    const done = stream.at(-1)!;
    assert.equal(done.event, "done");
    assert.equal(deltas, "Start compressions now [TP 1210]. Contact base as required.");
    assert.equal(done.data.mode, "model");
    assert.ok(
      (done.data.citations as { protocolNumber: string }[]).some((c) => c.protocolNumber === "TP 1210"),
    );
    assert.ok((done.data.cited as string[]).includes("TP 1210"), "the answer cites what it was given");
    assert.ok((done.data.usage as { total: number }).total > 0);
    await settled();
    const row = await trail(done.data.messageId as string);
    assert.equal(row.mode, "model");
    assert.equal(row.outcome, "answered");
    assert.equal(row.model, MODEL);
    assert.ok(row.tokens.total > 0);
    assert.ok(row.retrieved_protocols.includes("TP 1210"));
    assert.ok(!JSON.stringify(row).includes("cardiac arrest, what does"), "never the question's text");
    assert.deepEqual(await auditAction(res.headers.get("X-Request-Id")!), ["chat.stream"]);
  },
);

Deno.test("JSON answer with the dosing engine's numbers, marked as such", options, async () => {
  const { fn } = chatFunction();
  const res = await ask(fn, {
    stream: false,
    messages: [{ role: "user", content: "Naloxone dose for this child?" }],
    patient: { weightKg: 20 },
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.mode, "model");
  const naloxone = body.dosing.find((d: { medication: string }) => d.medication === "naloxone");
  assert.equal(naloxone.source, "dosing engine");
  assert.deepEqual(naloxone.dose, { value: 2, unit: "mg" }, "MCG 1309 at 20 kg: 2 mg (the cap)");
  assert.deepEqual(await auditAction(res.headers.get("X-Request-Id")!), ["chat.query"]);
});

Deno.test(
  "Bedrock failing or too slow → the retrieval-only answer, labelled, within the budget",
  options,
  async () => {
    // A 500 is retried while the budget lasts: a budget far beyond two quick failures keeps it an "error".
    const failingChat = chatFunction({ budgetMs: 20_000 });
    const failing = await ask(failingChat.fn, {
      stream: false,
      messages: [{ role: "user", content: `Chest pain, STEMI? ${directive({ status: 500 })}` }],
    });
    const failed = await failing.json();
    assert.equal(failed.mode, "retrieval-only");
    assert.equal(failed.reason, "error");
    assert.match(failed.answer, /^Retrieval-only mode/);
    assert.match(failed.answer, /TP 1211/);

    // The server holds its answer until released below, so only the 400 ms budget can end the wait.
    const { fn, settled } = chatFunction({ budgetMs: 400 });
    const id = `held-${crypto.randomUUID()}`;
    const slow = await ask(fn, {
      messages: [{ role: "user", content: `Chest pain, STEMI? ${directive({ delayMs: "hold", id })}` }],
    });
    const done = (await events(slow)).at(-1)!;
    assert.equal(done.data.mode, "retrieval-only");
    assert.equal(done.data.reason, "timeout");
    const held = bedrockServer.requests.find((r) => r.directives.id === id);
    assert.equal(held?.status, 0, "answered within the budget, while the model had not answered");
    bedrockServer.release();
    await Promise.all([failingChat.settled(), settled()]);
    assert.equal((await trail(done.data.messageId as string)).outcome, "fallback");
  },
);

Deno.test("a client that disconnects mid-stream cancels the upstream Bedrock call", options, async () => {
  const { fn } = chatFunction();
  const abort = new AbortController();
  const res = await ask(fn, {
    messages: [{
      role: "user",
      content: `Cardiac arrest steps ${directive({ chunkDelayMs: 100, words: 400, id: "disconnect" })}`,
    }],
  }, { signal: abort.signal });
  const reader = res.body!.getReader();
  await reader.read(); // the first delta
  await reader.cancel();
  abort.abort();
  const seen = await bedrockServer.waitFor(
    (r) => r.directives.id === "disconnect" && r.state !== "open",
    15_000,
  );
  assert.equal(seen.state, "aborted", "the server saw the connection close before the answer was complete");
});

Deno.test("out-of-scope requests are declined without asking the model", options, async () => {
  const before = bedrockServer.requests.length;
  const { fn } = chatFunction();
  const res = await ask(fn, {
    stream: false,
    messages: [{ role: "user", content: "Write me a poem about cats" }],
  });
  const body = await res.json();
  assert.equal(body.reason, "out_of_scope");
  assert.match(body.answer, /Los Angeles County EMS protocols/);
  assert.equal(bedrockServer.requests.length, before);
});

Deno.test(
  "without AWS credentials the chat answers offline, retrieval-only and labelled",
  options,
  async () => {
    const { fn } = chatFunction({ bedrock: undefined });
    const res = await ask(fn, {
      stream: false,
      messages: [{ role: "user", content: "pediatric cardiac arrest" }],
    });
    const body = await res.json();
    assert.equal(body.mode, "retrieval-only");
    assert.equal(body.reason, "offline");
    assert.equal(body.citations[0].protocolNumber, "TP 1210-P", "pediatric words prefer the -P protocol");
  },
);

Deno.test("bad requests get field-level 400s", options, async () => {
  const { fn } = chatFunction();
  const res = await ask(fn, { messages: [{ role: "assistant", content: "" }], stream: "yes" });
  assert.equal(res.status, 400);
  const body = await res.json();
  const paths = body.error.details.map((d: { path: string }) => d.path).sort();
  assert.deepEqual(paths, ["messages", "messages.0.content", "stream"]);
});

Deno.test(
  "audit-query /ai-costs: the organization's messages, tokens and cost, for its admins",
  options,
  async () => {
    const { fn, settled } = chatFunction();
    for (let i = 0; i < 2; i++) {
      const res = await ask(fn, { stream: false, messages: [{ role: "user", content: "STEMI criteria?" }] });
      await res.body?.cancel();
    }
    await settled();
    const admin = await userToken(crypto.randomUUID(), { role: "admin", organization_id: ORG });
    const { data, error } = await functionsClient(admin).functions.invoke("audit-query/ai-costs", {
      method: "GET",
    });
    assert.equal(error, null);
    assert.equal(data.costs.organization_id, ORG);
    const [expected] = await sql`select count(*)::int as messages, sum(total_tokens)::int as tokens
    from public.ai_audit_trails where organization_id = ${ORG}`;
    assert.equal(data.costs.totals.messages, expected.messages);
    assert.equal(data.costs.totals.tokens.total, expected.tokens);
    assert.ok(data.costs.by_model.some((m: { model: string }) => m.model === MODEL));

    const paramedic = await userToken(crypto.randomUUID(), { role: "paramedic", organization_id: ORG });
    const refused = await functionsClient(paramedic).functions.invoke("audit-query/ai-costs", {
      method: "GET",
    });
    assert.equal((refused.error as { context: Response }).context.status, 403);
    await (refused.error as { context: Response }).context.body?.cancel();
  },
);

globalThis.addEventListener("unload", async () => {
  await bedrockServer.close();
  await sql.end();
  await closeDb();
});
