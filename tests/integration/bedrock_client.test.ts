/**
 * The real Bedrock client path — SigV4 signing, HTTP, event-stream decoding, budgets, cancellation —
 * against the local Bedrock-runtime-compatible server (tests/support/bedrock_server.ts), which checks
 * every signature and records what it saw, including connections the client closed.
 */
import assert from "node:assert/strict";
import {
  BedrockAbortedError,
  BedrockAccessDeniedError,
  type BedrockClient,
  type BedrockClientOptions,
  type BedrockSettings,
  BedrockThrottlingError,
  BedrockTimeoutError,
  BedrockUnavailableError,
  BedrockValidationError,
  buildConversePrompt,
  type ConverseRequest,
  createBedrockClient,
  type StreamEvent,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  type BedrockServer,
  type BedrockServerOptions,
  directive,
  replyDirectiveValue,
  startBedrockServer,
  TEST_CREDENTIALS,
} from "../support/bedrock_server.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

async function withServer(
  fn: (
    server: BedrockServer,
    client: (overrides?: Partial<BedrockSettings>, clientOptions?: BedrockClientOptions) => BedrockClient,
  ) => Promise<void>,
  options: BedrockServerOptions = {},
) {
  const server = startBedrockServer(options);
  const client = (overrides: Partial<BedrockSettings> = {}, clientOptions: BedrockClientOptions = {}) =>
    createBedrockClient({
      region: server.region,
      modelId: MODEL,
      credentials: TEST_CREDENTIALS,
      endpoint: server.url,
      ...overrides,
    }, clientOptions);
  try {
    await fn(server, client);
  } finally {
    await server.close();
  }
}

const ask = (text: string, system = "Ground answers in TP 1210 and MCG 1309."): ConverseRequest => ({
  system: [{ text: system }],
  messages: [{ role: "user", content: [{ text }] }],
  inferenceConfig: { maxTokens: 256 },
});

async function collectEvents(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of iterable) events.push(e);
  return events;
}

Deno.test("Converse: signed request, Bedrock's answer shape → text, stop reason, usage, latency", async () => {
  await withServer(async (server, client) => {
    const answer = await client().converse(ask("Adult in cardiac arrest: which protocol?"));
    assert.match(
      answer.text,
      /^Local Bedrock test reply from us\.anthropic\.claude-sonnet-4-5-20250929-v1:0/,
    );
    assert.match(answer.text, /It draws on TP 1210, MCG 1309\./);
    assert.equal(answer.stopReason, "end_turn");
    assert.ok(answer.usage.inputTokens > 0 && answer.usage.outputTokens > 0);
    assert.equal(answer.usage.totalTokens, answer.usage.inputTokens + answer.usage.outputTokens);
    assert.equal(typeof answer.modelLatencyMs, "number");
    assert.ok(answer.latencyMs >= 0);
    assert.equal(answer.modelId, MODEL);
    const seen = server.requests[0];
    assert.deepEqual([seen.operation, seen.modelId, seen.signature, seen.status], [
      "converse",
      MODEL,
      "valid",
      200,
    ]);
    assert.equal(answer.requestId, seen.requestId);
  });
});

Deno.test("ConverseStream: events in Bedrock's order, deltas join to the same answer as Converse", async () => {
  await withServer(async (server, client) => {
    const bedrock = client();
    const request = ask("Adult in cardiac arrest: which protocol?");
    const whole = await bedrock.converse(request);
    const stream = await bedrock.converseStream(request);
    const events = await collectEvents(stream);
    const types = events.map((e) => e.type);
    assert.equal(types[0], "messageStart");
    assert.deepEqual(types.slice(-3), ["contentBlockStop", "messageStop", "metadata"]);
    const deltas = events.filter((e) => e.type === "delta");
    assert.ok(deltas.length >= 5, `several deltas (${deltas.length})`);
    assert.deepEqual(types.slice(1, 1 + deltas.length), deltas.map(() => "delta"), "deltas are contiguous");
    assert.equal(
      deltas.map((d) => d.type === "delta" ? d.text : "").join(""),
      whole.text,
      "in order, nothing lost",
    );
    const metadata = events.at(-1)!;
    assert.ok(metadata.type === "metadata");
    assert.deepEqual(metadata.usage, whole.usage);
    assert.equal(stream.requestId, server.requests[1].requestId);
    assert.equal(server.requests[1].state, "complete");
  });
});

Deno.test("ConverseStream.collect gives the Converse result shape; a built prompt is accepted", async () => {
  await withServer(async (server, client) => {
    const built = buildConversePrompt({
      messages: [
        { role: "user", content: "Adult cardiac arrest." },
        { role: "assistant", content: "Start CPR." },
        { role: "user", content: "Which protocol, exactly?" },
      ],
      contextSections: [{ protocolNumber: "TP 1210", title: "Cardiac Arrest", text: "Begin CPR." }],
    });
    const reply = "Begin CPR now [TP 1210]. Base contact rules still apply.";
    const request = {
      ...built.request,
      messages: built.request.messages.map((m, i, all) =>
        i === all.length - 1
          ? {
            ...m,
            content: [{ text: `${m.content[0].text} ${directive({ reply: replyDirectiveValue(reply) })}` }],
          }
          : m
      ),
    };
    const seenTypes: string[] = [];
    const result = await (await client().converseStream(request)).collect((e) => seenTypes.push(e.type));
    assert.equal(result.text, reply);
    assert.equal(result.stopReason, "end_turn");
    assert.ok(result.usage.totalTokens > 0);
    assert.ok(seenTypes.includes("delta"));
    assert.equal(server.requests[0].status, 200, "Bedrock's own checks (roles alternate, user first) pass");
  });
});

Deno.test("bad credentials → access denied, not retried", async () => {
  await withServer(async (server, client) => {
    await assert.rejects(
      client({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: "wrong-secret" } }).converse(ask("q")),
      (e: unknown) =>
        e instanceof BedrockAccessDeniedError && e.kind === "access_denied" && e.status === 403 &&
        e.awsErrorType === "InvalidSignatureException",
    );
    await assert.rejects(
      client({ credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" } }).converseStream(ask("q")),
      (e: unknown) =>
        e instanceof BedrockAccessDeniedError && e.awsErrorType === "UnrecognizedClientException",
    );
    assert.deepEqual(server.requests.map((r) => r.signature), [
      "InvalidSignatureException",
      "UnrecognizedClientException",
    ]);
  });
});

Deno.test("temporary credentials: the session token is sent and signed", async () => {
  const creds = { ...TEST_CREDENTIALS, sessionToken: "FwoGZXIvYXdzE-session-token" };
  await withServer(async (server, client) => {
    const answer = await client({ credentials: creds }).converse(ask("q"));
    assert.ok(answer.text.length > 0);
    await assert.rejects(
      client({ credentials: TEST_CREDENTIALS }).converse(ask("q")),
      BedrockAccessDeniedError,
    );
    assert.deepEqual(server.requests.map((r) => r.signature), ["valid", "UnrecognizedClientException"]);
  }, { credentials: [creds] });
});

Deno.test("throttling (429) → typed error after one quick retry; a retry that succeeds is invisible", async () => {
  await withServer(async (server, client) => {
    await assert.rejects(
      client().converse(ask(`q ${directive({ status: 429 })}`)),
      (e: unknown) => e instanceof BedrockThrottlingError && e.retryable && e.status === 429,
    );
    assert.equal(server.requests.length, 2, "the first try and one retry");
    const answer = await client().converse(ask(`q ${directive({ status: 429, times: 1, id: "once" })}`));
    assert.ok(answer.text.length > 0);
    assert.deepEqual(server.requests.slice(2).map((r) => r.status), [429, 200]);
    await assert.rejects(
      client().converse(ask(`q ${directive({ status: 429 })}`), { retries: 0 }),
      BedrockThrottlingError,
    );
    assert.equal(server.requests.length, 5, "retries: 0 → a single request");
  });
});

Deno.test("5xx → unavailable; 400 → validation, never retried", async () => {
  await withServer(async (server, client) => {
    await assert.rejects(
      client().converse(ask(`q ${directive({ status: 503 })}`), { retries: 0 }),
      (e: unknown) =>
        e instanceof BedrockUnavailableError && e.awsErrorType === "ServiceUnavailableException",
    );
    await assert.rejects(
      client().converseStream(ask(`q ${directive({ status: 500 })}`), { retries: 0 }),
      (e: unknown) => e instanceof BedrockUnavailableError && e.status === 500,
    );
    const before = server.requests.length;
    await assert.rejects(
      client().converse({ messages: [{ role: "assistant", content: [{ text: "I start" }] }] }),
      (e: unknown) =>
        e instanceof BedrockValidationError && /must start with a user message/.test(e.message) &&
        !e.retryable,
    );
    await assert.rejects(client({ modelId: "not a model" }).converse(ask("q")), BedrockValidationError);
    assert.equal(server.requests.length, before + 2);
  });
});

Deno.test("a stream's HTTP error surfaces from converseStream itself, before any event", async () => {
  await withServer(async (_server, client) => {
    await assert.rejects(
      client().converseStream(ask(`q ${directive({ status: 429 })}`), { retries: 0 }),
      BedrockThrottlingError,
    );
  });
});

Deno.test("an exception frame mid-stream ends the iteration with its typed error, after the deltas sent", async () => {
  await withServer(async (_server, client) => {
    const stream = await client().converseStream(
      ask(`q ${directive({ streamError: "throttlingException", errorAfter: 2 })}`),
    );
    const deltas: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of stream) if (e.type === "delta") deltas.push(e.text);
      })(),
      BedrockThrottlingError,
    );
    assert.equal(deltas.length, 2);
    const failing = await client().converseStream(
      ask(`q ${directive({ streamError: "modelStreamErrorException" })}`),
    );
    await assert.rejects(collectEvents(failing), BedrockUnavailableError);
  });
});

Deno.test("a stream cut short or corrupted → unavailable", async () => {
  await withServer(async (_server, client) => {
    const cut = await client().converseStream(ask(`q ${directive({ truncateAfter: 2 })}`));
    await assert.rejects(
      collectEvents(cut),
      (e: unknown) => e instanceof BedrockUnavailableError && /ended before its last event/.test(e.message),
    );
    const corrupt = await client().converseStream(ask(`q ${directive({ corrupt: 1 })}`));
    await assert.rejects(
      collectEvents(corrupt),
      (e: unknown) =>
        e instanceof BedrockUnavailableError && /checksum|Invalid event-stream/i.test(e.message),
    );
  });
});

Deno.test("slow Converse → timeout at the budget, not when the server finally answers", async () => {
  await withServer(async (server, client) => {
    const started = performance.now();
    // The server holds its answer until released: only the budget can end the call.
    await assert.rejects(
      client().converse(ask(`q ${directive({ delayMs: "hold" })}`), { timeoutMs: 250 }),
      (e: unknown) => e instanceof BedrockTimeoutError && e.phase === "total" && e.budgetMs === 250,
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 240, `gave up after ${Math.round(elapsed)} ms, not before the budget`);
    assert.equal(server.requests[0].status, 0, "the server had not answered");
  });
});

Deno.test("slow first token → first-token timeout; the server sees the connection closed", async () => {
  await withServer(async (server, client) => {
    // The first delta is held until the client hangs up: only the first-token budget can end the wait.
    const stream = await client().converseStream(ask(`q ${directive({ firstDeltaDelayMs: "hold" })}`), {
      firstTokenTimeoutMs: 200,
    });
    await assert.rejects(
      collectEvents(stream),
      (e: unknown) => e instanceof BedrockTimeoutError && e.phase === "first-token",
    );
    const seen = await server.waitFor((r) => r.state === "aborted", 15_000);
    assert.equal(seen.eventsSent, 1, "only messageStart: the server stopped writing");
  });
});

/** Every delta after the first is held until the client hangs up: only the idle budget can end the stream. */
async function silentMidStream(client: BedrockClient) {
  const stream = await client.converseStream(ask(`q ${directive({ chunkDelayMs: "hold" })}`), {
    idleTimeoutMs: 150,
  });
  const deltas: string[] = [];
  // A liveness bound, not a budget (the stream ends after ~150 ms): a regression fails here instead of hanging.
  let bound: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    bound = setTimeout(() => reject(new Error("the stream did not end at the idle budget")), 15_000);
  });
  try {
    await assert.rejects(
      Promise.race([
        (async () => {
          for await (const e of stream) if (e.type === "delta") deltas.push(e.text);
        })(),
        hung,
      ]),
      (e: unknown) => e instanceof BedrockTimeoutError && e.phase === "idle",
    );
  } finally {
    clearTimeout(bound);
  }
  assert.equal(deltas.length, 1, "the first delta arrived, the second did not in time");
}

Deno.test("a silence mid-stream → idle timeout", async () => {
  await withServer((_server, client) => silentMidStream(client()));
});

Deno.test("a silence mid-stream ends at the idle budget even if fetch's abort never reaches the body read", async () => {
  // The whole suite once hung here for minutes: the body read already waiting never saw the abort. Each read is
  // bounded by the call's own scope now; with a fetch that drops the signal, nothing else could end it.
  await withServer((_server, client) =>
    silentMidStream(client({}, { fetch: (input, init) => fetch(input, { ...init, signal: undefined }) }))
  );
});

/**
 * The caller hangs up at the third delta of a stream that would take ~20 s (200 ms between ~105 frames): the
 * iteration ends there with the caller's abort, nothing more is yielded, and the server sees the connection close.
 */
async function hangUpAtThirdDelta(server: BedrockServer, client: BedrockClient) {
  const caller = new AbortController();
  const stream = await client.converseStream(
    ask(`q ${directive({ words: 400, chunkDelayMs: 200 })}`),
    { signal: caller.signal },
  );
  let deltas = 0;
  await assert.rejects(
    (async () => {
      for await (const e of stream) {
        if (e.type === "delta" && ++deltas === 3) caller.abort();
      }
    })(),
    (e: unknown) => e instanceof BedrockAbortedError && e.by === "caller" && e.kind === "aborted",
  );
  assert.equal(deltas, 3, "nothing is yielded after the abort");
  const seen = await server.waitFor((r) => r.state === "aborted", 15_000);
  assert.ok(seen.eventsSent < 40, `the server stopped after ${seen.eventsSent} of ~105 frames`);
}

Deno.test("client disconnect (the caller's signal) mid-stream cancels the upstream request", async () => {
  await withServer((server, client) => hangUpAtThirdDelta(server, client()));
});

Deno.test("the stream stops at the caller's abort by itself, even if fetch's abort never reaches the body", async () => {
  // A fetch that drops the signal: the body goes on as if nothing happened (a CI run once read ~100 more frames
  // after the caller hung up, fetch's abort not having reached the body).
  await withServer((server, client) =>
    hangUpAtThirdDelta(
      server,
      client({}, { fetch: (input, init) => fetch(input, { ...init, signal: undefined }) }),
    )
  );
});

Deno.test("the consumer leaving the loop early also closes the upstream connection", async () => {
  await withServer(async (server, client) => {
    // As above: ~20 s to send everything, so stopping early is not a matter of timing.
    const stream = await client().converseStream(ask(`q ${directive({ words: 400, chunkDelayMs: 200 })}`));
    for await (const e of stream) if (e.type === "delta") break;
    const seen = await server.waitFor((r) => r.state === "aborted", 15_000);
    assert.ok(seen.eventsSent < 40, `the server stopped after ${seen.eventsSent} of ~105 frames`);
  });
});

Deno.test("an already-aborted caller sends nothing; an unreachable endpoint is unavailable", async () => {
  await withServer(async (server, client) => {
    const caller = new AbortController();
    caller.abort();
    await assert.rejects(client().converse(ask("q"), { signal: caller.signal }), BedrockAbortedError);
    await assert.rejects(client().converseStream(ask("q"), { signal: caller.signal }), BedrockAbortedError);
    assert.equal(server.requests.length, 0);
  });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const offline = createBedrockClient({
    region: "us-west-2",
    modelId: MODEL,
    credentials: TEST_CREDENTIALS,
    endpoint: `http://127.0.0.1:${port}`,
  });
  await assert.rejects(offline.converse(ask("q"), { retries: 0 }), BedrockUnavailableError);
});
