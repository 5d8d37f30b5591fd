/**
 * A local stand-in for the AWS Bedrock runtime, for tests and offline development. Loopback only.
 *
 *   POST /model/{modelId}/converse          → Converse JSON (output.message.content[].text, stopReason,
 *                                              usage, metrics)
 *   POST /model/{modelId}/converse-stream   → application/vnd.amazon.eventstream frames, encoded with
 *                                              @smithy/eventstream-codec: messageStart,
 *                                              contentBlockDelta…, contentBlockStop, messageStop, metadata
 *
 * Every request's SigV4 Authorization header is verified for real (tests/support/sigv4_verify.ts, with
 * the secret of the configured test credentials); failures get Bedrock's error shape: an HTTP status,
 * `x-amzn-ErrorType` and `{ "message": … }`.
 *
 * Behaviour per request, by a directive anywhere in the prompt text (or an `x-bedrock-test` header):
 *   [[bedrock-test status=429]]                 an error answer (type from the status, or type=…)
 *   [[bedrock-test status=503 times=1 id=abc]]  fail only the first N requests carrying id=abc
 *   [[bedrock-test delayMs=2000]]               wait before answering at all (no byte is sent)
 *   [[bedrock-test firstDeltaDelayMs=500 chunkDelayMs=100 words=200]]
 *                                               stream: pause before the first delta and between deltas;
 *                                               make the reply about `words` words long
 *   [[bedrock-test delayMs=hold]]               any of the three pauses: hold until `server.release()`,
 *                                               the server closes or (in a stream) the client hangs up,
 *                                               so only the caller's own budget can end its wait
 *   [[bedrock-test streamError=throttlingException errorAfter=2]]  an exception frame after 2 deltas
 *   [[bedrock-test truncateAfter=2]]            end the stream after 2 deltas, without its last events
 *   [[bedrock-test corrupt=1]]                  send a frame with a bad checksum
 *   [[bedrock-test reply=base64text]]           answer exactly this (base64url of UTF-8 text)
 *
 * The default reply is deterministic and names the protocol references (TP/MCG/Ref numbers) found in
 * the request, so callers can test citations. `server.requests` records what the server saw, including
 * whether the client closed the connection before the answer was complete.
 *
 *   deno run -A tests/support/bedrock_server.ts [--port 54390]   (prints the URL and test credentials)
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { type KnownCredentials, verifySigV4 } from "./sigv4_verify.ts";

export const TEST_CREDENTIALS: KnownCredentials = Object.freeze({
  accessKeyId: "AKIDLOCALBEDROCKTEST",
  secretAccessKey: "local-bedrock-test-secret/0123456789abcdefXYZ",
});

export const TEST_REGION = "us-west-2";

export interface BedrockServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly region?: string;
  readonly credentials?: readonly KnownCredentials[];
  /** Allowed distance between X-Amz-Date and the server clock (AWS: 5 minutes). */
  readonly maxSkewMs?: number;
}

export type RequestState = "open" | "complete" | "aborted";

export interface RecordedRequest {
  readonly requestId: string;
  readonly operation: "converse" | "converse-stream" | "other";
  readonly modelId: string | null;
  readonly startedAt: number;
  status: number;
  /** "valid", or the AWS error type of the signature failure. */
  signature: string;
  state: RequestState;
  /** Frames (events) written to a stream before it ended or was closed. */
  eventsSent: number;
  directives: Readonly<Record<string, string>>;
}

export interface BedrockServer {
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly requests: RecordedRequest[];
  /** Resolves with the first recorded request matching `predicate` (polls; rejects after `timeoutMs`). */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Ends every pause held so far (`…DelayMs=hold`); held requests then answer as they would have. */
  release(): void;
  /** Releases what is held, then stops the server. */
  close(): Promise<void>;
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: "ValidationException",
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  408: "ModelTimeoutException",
  424: "ModelErrorException",
  429: "ThrottlingException",
  500: "InternalServerException",
  503: "ServiceUnavailableException",
};

const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  ThrottlingException: "Too many requests, please wait before trying again.",
  ServiceUnavailableException: "Service is temporarily unavailable. Try again later.",
  InternalServerException: "The server encountered an internal error while processing the request.",
  ValidationException: "The request failed validation.",
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
};

const MODEL_ID = /^(?:(?:us|eu|apac|jp|au|ca|global|us-gov)\.)?[a-z0-9-]+\.[a-z0-9.-]+(?::\d+)?$/;
const REFERENCE = /\b(?:TP|MCG|Ref\.?)\s?\d{3,4}(?:\.\d+)?(?:-P)?\b/g;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec((b: Uint8Array) => decoder.decode(b), (s: string) => encoder.encode(s));

/** `[[bedrock-test a=1 b=2]]` and `a=1; b=2` → { a: "1", b: "2" }; the first directive found wins. */
export function parseDirectives(text: string): Record<string, string> {
  const match = /\[\[bedrock-test\b([^\]]*)\]\]/.exec(text);
  return parsePairs(match ? match[1] : "");
}

function parsePairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[\s;,]+/)) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** A directive for a test: `[[bedrock-test key=value …]]`. */
export function directive(values: Record<string, string | number>): string {
  return `[[bedrock-test ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(" ")}]]`;
}

/** base64url of UTF-8 text, for `reply=`. */
export function replyDirectiveValue(text: string): string {
  return btoa(String.fromCharCode(...encoder.encode(text))).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64Url(value: string): string {
  const b64 = value.replace(/-/g, "+").replace(/_/g, "/");
  return decoder.decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

interface ParsedBody {
  readonly texts: string[];
  readonly questionChars: number;
  readonly inputChars: number;
}

/** Bedrock's own checks on a Converse body, the ones a wrong prompt builder would trip. */
function validateBody(body: unknown): ParsedBody | string {
  if (!body || typeof body !== "object") {
    return "Malformed input request, please reformat your input and try again.";
  }
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
  }
  const texts: string[] = [];
  let previous: string | undefined;
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    const message = m as Record<string, unknown> | null;
    if (!message || (message.role !== "user" && message.role !== "assistant")) {
      return `messages.${i}.role: must be "user" or "assistant".`;
    }
    if (i === 0 && message.role !== "user") {
      return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
    }
    if (message.role === previous) {
      return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
    }
    previous = message.role as string;
    if (!Array.isArray(message.content) || message.content.length === 0) {
      return `messages.${i}.content: at least one content block is required.`;
    }
    for (const block of message.content as unknown[]) {
      const text = (block as Record<string, unknown> | null)?.text;
      if (typeof text !== "string" || text.trim() === "") {
        return "The text field in the ContentBlock object is blank. Add text to the text field, and try again.";
      }
      texts.push(text);
    }
  }
  const system = b.system === undefined ? [] : b.system;
  if (!Array.isArray(system)) return "system: must be a list of content blocks.";
  for (const block of system as unknown[]) {
    const text = (block as Record<string, unknown> | null)?.text;
    if (typeof text !== "string" || text === "") return "system: each block needs text.";
    texts.push(text);
  }
  const maxTokens = (b.inferenceConfig as Record<string, unknown> | undefined)?.maxTokens;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return "inferenceConfig.maxTokens: must be a positive integer.";
  }
  const lastUser = [...(b.messages as Record<string, unknown>[])].reverse().find((m) => m.role === "user");
  const questionChars = ((lastUser?.content ?? []) as { text: string }[]).reduce(
    (n, c) => n + c.text.length,
    0,
  );
  return { texts, questionChars, inputChars: texts.reduce((n, t) => n + t.length, 0) };
}

function defaultReply(modelId: string, parsed: ParsedBody, words: number | undefined): string {
  const refs = [...new Set(parsed.texts.join("\n").match(REFERENCE) ?? [])].slice(0, 3);
  let reply = `Local Bedrock test reply from ${modelId} to a ${parsed.questionChars}-character question. ` +
    (refs.length ? `It draws on ${refs.join(", ")}. ` : "") +
    "Contact base hospital as your protocols require.";
  if (words !== undefined) {
    const filler = Array.from({ length: Math.max(0, words) }, (_, i) => `step${i + 1}`).join(" ");
    reply = filler ? `${reply} ${filler}` : reply;
  }
  return reply;
}

/** Splits text into deltas of about four words each (spaces kept, so joining restores the text). */
export function chunkText(text: string, wordsPerChunk = 4): string[] {
  const pieces = text.match(/\S+\s*/g) ?? [text];
  const chunks: string[] = [];
  for (let i = 0; i < pieces.length; i += wordsPerChunk) {
    chunks.push(pieces.slice(i, i + wordsPerChunk).join(""));
  }
  return chunks;
}

const tokensOf = (chars: number) => Math.max(1, Math.ceil(chars / 4));

function frame(headers: Record<string, string>, payload: unknown): Uint8Array {
  const typed = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, { type: "string" as const, value: v }]),
  );
  return codec.encode({ headers: typed, body: encoder.encode(JSON.stringify(payload)) });
}

function eventFrame(eventType: string, payload: Record<string, unknown>): Uint8Array {
  // Bedrock pads event payloads with a "p" field of random length; clients must ignore it.
  return frame(
    { ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" },
    { ...payload, p: "abcdefghijklmnopqrstuvwxyz".slice(0, 1 + Math.floor(Math.random() * 25)) },
  );
}

function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return frame(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    { message },
  );
}

/** Waits `ms` or until `signal` aborts; an infinite `ms` ("hold") waits for the signal alone. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export function startBedrockServer(options: BedrockServerOptions = {}): BedrockServer {
  const region = options.region ?? TEST_REGION;
  const credentials = options.credentials ?? [TEST_CREDENTIALS];
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, number>();
  let sequence = 0;
  // Aborted (and replaced) by release(); `closing` stays aborted, so nothing is held after close().
  let released = new AbortController();
  const closing = new AbortController();

  function errorResponse(record: RecordedRequest, status: number, type: string, message: string): Response {
    record.status = status;
    record.state = "complete";
    return new Response(JSON.stringify({ message }), {
      status,
      headers: {
        "content-type": "application/json",
        "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
        "x-amzn-requestid": record.requestId,
      },
    });
  }

  async function handle(request: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
    const url = new URL(request.url);
    const route = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(url.pathname);
    const requestId = `local-${++sequence}-${crypto.randomUUID().slice(0, 8)}`;
    let modelId: string | null = null;
    try {
      modelId = route ? decodeURIComponent(route[1]) : null;
    } catch {
      modelId = null;
    }
    const record: RecordedRequest = {
      requestId,
      operation: route ? route[2] as "converse" | "converse-stream" : "other",
      modelId,
      startedAt: Date.now(),
      status: 0,
      signature: "unchecked",
      state: "open",
      eventsSent: 0,
      directives: {},
    };
    requests.push(record);
    // A client that hangs up is only noticed when a write fails (HTTP/1.1 over TCP): `completed` then
    // rejects, and a streamed body is cancelled. request.signal is not used: Deno's legacy mode also
    // aborts it after successful responses.
    const hangup = new AbortController();
    const onHangup = () => {
      if (record.state === "open") record.state = "aborted";
      hangup.abort();
    };
    info.completed.then(() => {
      if (record.state === "open") record.state = "complete";
    }, onHangup);

    const body = new Uint8Array(await request.arrayBuffer());
    const verdict = await verifySigV4({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      credentials,
      region,
      service: "bedrock",
      maxSkewMs: options.maxSkewMs,
    });
    record.signature = verdict.ok ? "valid" : verdict.type;
    if (!verdict.ok) return errorResponse(record, verdict.status, verdict.type, verdict.message);
    if (request.method !== "POST" || !route) {
      return errorResponse(record, 404, "UnknownOperationException", "Unknown operation");
    }
    if (!modelId || !MODEL_ID.test(modelId)) {
      return errorResponse(record, 400, "ValidationException", "The provided model identifier is invalid.");
    }

    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(body));
    } catch {
      return errorResponse(record, 400, "SerializationException", "Malformed JSON in the request body.");
    }
    const parsed = validateBody(json);
    if (typeof parsed === "string") return errorResponse(record, 400, "ValidationException", parsed);
    const directives = {
      ...parsePairs(request.headers.get("x-bedrock-test") ?? ""),
      ...parseDirectives(parsed.texts.join("\n")),
    };
    record.directives = directives;
    const num = (key: string) => directives[key] === undefined ? undefined : Number(directives[key]);
    /** A pause directive in ms, or "hold"; it ends early on a hang-up, a release or close(). */
    const pause = (key: string) => {
      const ms = directives[key] === "hold" ? Number.POSITIVE_INFINITY : num(key) ?? 0;
      return sleep(ms, AbortSignal.any([hangup.signal, released.signal, closing.signal]));
    };

    await pause("delayMs");

    const failStatus = num("status");
    if (failStatus !== undefined) {
      const key = directives.id ?? "";
      const times = num("times");
      const seen = failures.get(key) ?? 0;
      failures.set(key, seen + 1);
      if (times === undefined || seen < times) {
        const type = directives.type ?? ERROR_TYPES[failStatus] ?? "InternalServerException";
        return errorResponse(record, failStatus, type, ERROR_MESSAGES[type] ?? `Local test error ${type}`);
      }
    }

    const started = performance.now();
    const reply = directives.reply
      ? fromBase64Url(directives.reply)
      : defaultReply(modelId, parsed, num("words"));
    const usage = {
      inputTokens: tokensOf(parsed.inputChars),
      outputTokens: tokensOf(reply.length),
      totalTokens: tokensOf(parsed.inputChars) + tokensOf(reply.length),
    };

    if (record.operation === "converse") {
      record.status = 200;
      return new Response(
        JSON.stringify({
          output: { message: { role: "assistant", content: [{ text: reply }] } },
          stopReason: "end_turn",
          usage,
          metrics: { latencyMs: Math.round(performance.now() - started) + 1 },
        }),
        { headers: { "content-type": "application/json", "x-amzn-requestid": requestId } },
      );
    }

    const chunks = chunkText(reply);
    const signal = hangup.signal;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (bytes: Uint8Array) => {
          if (signal.aborted) return false;
          controller.enqueue(bytes);
          record.eventsSent++;
          return true;
        };
        const finish = () => {
          if (signal.aborted) return;
          record.state = "complete";
          controller.close();
        };
        send(eventFrame("messageStart", { role: "assistant" }));
        await pause("firstDeltaDelayMs");
        for (const [i, text] of chunks.entries()) {
          if (directives.corrupt && i === 1) {
            const bad = eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text } });
            bad[bad.length - 1] ^= 0xff;
            send(bad);
            return finish();
          }
          if (directives.streamError && i === (num("errorAfter") ?? 0)) {
            send(
              exceptionFrame(
                directives.streamError,
                ERROR_MESSAGES[directives.streamError] ?? "Stream failed.",
              ),
            );
            return finish();
          }
          if (directives.truncateAfter && i === num("truncateAfter")) return finish();
          if (i > 0) await pause("chunkDelayMs");
          if (!send(eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text } }))) return;
        }
        if (!send(eventFrame("contentBlockStop", { contentBlockIndex: 0 }))) return;
        send(eventFrame("messageStop", { stopReason: "end_turn" }));
        send(eventFrame("metadata", {
          usage,
          metrics: { latencyMs: Math.round(performance.now() - started) + 1 },
        }));
        finish();
      },
      cancel: onHangup,
    });
    record.status = 200;
    return new Response(stream, {
      headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": requestId },
    });
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, onListen: () => {} },
    (request, info) =>
      handle(request, info).catch((error) => {
        console.error("local Bedrock server:", error);
        return new Response(JSON.stringify({ message: "internal error" }), { status: 500 });
      }),
  );
  const port = (server.addr as Deno.NetAddr).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    region,
    requests,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = requests.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`local Bedrock server: no matching request within ${timeoutMs} ms`);
    },
    release() {
      released.abort();
      released = new AbortController();
    },
    async close() {
      closing.abort(); // a held request would otherwise keep shutdown() waiting forever
      await server.shutdown();
    },
  };
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--port");
  const port = i >= 0 ? Number(Deno.args[i + 1]) : Number(Deno.env.get("BEDROCK_TEST_PORT") ?? 54390);
  const server = startBedrockServer({ port });
  console.log(`local Bedrock runtime on ${server.url} (region ${server.region})`);
  console.log(
    `BEDROCK_ENDPOINT=${server.url} AWS_REGION=${server.region} AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId} ` +
      `AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`,
  );
}
