/**
 * The Bedrock runtime client: Converse (one JSON answer) and ConverseStream (an event stream of text
 * deltas), signed with SigV4, bounded in time and cancellable. Nothing here retries once a byte of
 * an answer has been read, and nothing waits past the call's budget.
 *
 *   const bedrock = createBedrockClient(settings);
 *   const answer = await bedrock.converse(request, { signal: req.signal, timeoutMs: 20_000 });
 *   const stream = await bedrock.converseStream(request, { signal: req.signal });
 *   for await (const event of stream) if (event.type === "delta") write(event.text);
 *
 * Failures are BedrockError subclasses (see errors.ts); an HTTP error of a stream surfaces from
 * `converseStream` itself, before any event, so the caller can still fall back cleanly.
 */
import { CallScope } from "./call_scope.ts";
import {
  BedrockAbortedError,
  BedrockUnavailableError,
  errorFromResponse,
  errorFromStreamException,
} from "./errors.ts";
import { bodyText, decodeEventStream } from "./event_stream.ts";
import { defaultEndpoint, operationUrl, signRequest } from "./signer.ts";
import type {
  BedrockSettings,
  CallOptions,
  ConverseRequest,
  ConverseResult,
  ConverseRole,
  StopReason,
  StreamEvent,
  TokenUsage,
} from "./types.ts";

export interface BedrockClientOptions {
  /** Replaces globalThis.fetch (tests). */
  readonly fetch?: typeof fetch;
  readonly defaults?: Partial<Omit<CallOptions, "signal">>;
}

export const DEFAULT_CALL_OPTIONS = {
  timeoutMs: 30_000,
  firstTokenTimeoutMs: 10_000,
  idleTimeoutMs: 10_000,
  retries: 1,
} as const;

/** Retry pause: 150 ms doubled per attempt, with full jitter. */
const BACKOFF_BASE_MS = 150;
const EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";

export interface BedrockClient {
  readonly modelId: string;
  readonly region: string;
  converse(request: ConverseRequest, options?: CallOptions): Promise<ConverseResult>;
  converseStream(request: ConverseRequest, options?: CallOptions): Promise<BedrockStream>;
}

export function createBedrockClient(
  settings: BedrockSettings,
  options: BedrockClientOptions = {},
): BedrockClient {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const endpoint = settings.endpoint ?? defaultEndpoint(settings.region);
  const defaults = { ...DEFAULT_CALL_OPTIONS, ...options.defaults };

  /** One signed POST; an error status becomes a typed error (its body is read, then dropped). */
  async function post(
    scope: CallScope,
    operation: "converse" | "converse-stream",
    request: ConverseRequest,
  ): Promise<Response> {
    const body = JSON.stringify(request);
    const signed = await signRequest({
      method: "POST",
      url: operationUrl(endpoint, settings.modelId, operation),
      headers: {
        "content-type": "application/json",
        accept: operation === "converse" ? "application/json" : EVENT_STREAM_TYPE,
      },
      body,
      credentials: settings.credentials,
      region: settings.region,
    });
    const response = await send(signed.url, {
      method: "POST",
      headers: signed.headers,
      body,
      signal: scope.signal,
    });
    scope.requestId = response.headers.get("x-amzn-requestid");
    if (!response.ok) {
      const text = await scope.bounded(response.text());
      throw errorFromResponse(response.status, response.headers, text);
    }
    return response;
  }

  /** Sends, retrying throttling and unavailability while the budget allows a pause and another go. */
  async function postWithRetries(
    scope: CallScope,
    operation: "converse" | "converse-stream",
    request: ConverseRequest,
    retries: number,
  ): Promise<Response> {
    for (let attempt = 0;; attempt++) {
      try {
        return await post(scope, operation, request);
      } catch (error) {
        const typed = scope.translate(error);
        const pause = Math.random() * BACKOFF_BASE_MS * 2 ** attempt;
        const worthIt = typed.retryable && attempt < retries && scope.remainingMs() > pause + 250;
        if (!worthIt) throw typed;
        await scope.sleep(pause);
      }
    }
  }

  return {
    modelId: settings.modelId,
    region: settings.region,

    async converse(request, callOptions = {}) {
      const limits = { ...defaults, ...callOptions };
      const scope = new CallScope(callOptions.signal, limits.timeoutMs);
      try {
        if (scope.reason) throw scope.reason;
        const response = await postWithRetries(scope, "converse", request, limits.retries);
        return parseConverse(await scope.bounded(response.json()), settings.modelId, scope);
      } catch (error) {
        throw scope.translate(error);
      } finally {
        scope.dispose();
      }
    },

    async converseStream(request, callOptions = {}) {
      const limits = { ...defaults, ...callOptions };
      const scope = new CallScope(callOptions.signal, limits.timeoutMs);
      scope.arm("first-token", limits.firstTokenTimeoutMs);
      let response: Response;
      try {
        if (scope.reason) throw scope.reason;
        response = await postWithRetries(scope, "converse-stream", request, limits.retries);
        const type = response.headers.get("content-type") ?? "";
        if (!type.startsWith(EVENT_STREAM_TYPE) || !response.body) {
          await response.body?.cancel();
          throw new BedrockUnavailableError(`Bedrock answered a stream request with "${type}"`, {
            requestId: scope.requestId,
          });
        }
      } catch (error) {
        scope.dispose();
        throw scope.translate(error);
      }
      return new BedrockStream(response.body!, scope, settings.modelId, limits.idleTimeoutMs);
    },
  };
}

/**
 * The events of one ConverseStream answer. Iterate it once; leaving the loop early (break, an
 * exception, `cancel()`) aborts the upstream request and closes its connection.
 */
export class BedrockStream implements AsyncIterable<StreamEvent> {
  #started = false;
  #finished = false;

  constructor(
    readonly body: ReadableStream<Uint8Array>,
    readonly scope: CallScope,
    readonly modelId: string,
    readonly idleTimeoutMs: number,
  ) {}

  get requestId(): string | null {
    return this.scope.requestId;
  }

  /** Stops the call: the upstream connection is closed; an iteration in progress ends with "aborted". */
  cancel(): void {
    if (this.#finished) return;
    this.scope.abort(new BedrockAbortedError("consumer", { requestId: this.requestId }));
    this.body.cancel().catch(() => {});
    this.scope.dispose();
  }

  /** The body's chunks, each read bounded by the call's scope; leaving closes the connection. */
  async *#chunks(): AsyncGenerator<Uint8Array> {
    const reader = this.body.getReader();
    try {
      for (;;) {
        const { done, value } = await this.scope.bounded(reader.read());
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.#started) throw new Error("A BedrockStream can be iterated only once");
    this.#started = true;
    const scope = this.scope;
    let stopped = false;
    let sawMetadata = false;
    try {
      for await (const message of decodeEventStream(this.#chunks())) {
        const messageType = message.headers[":message-type"];
        if (messageType === "exception") {
          throw errorFromStreamException(
            String(message.headers[":exception-type"] ?? "internalServerException"),
            bodyText(message),
            this.requestId,
          );
        }
        if (messageType === "error") {
          throw new BedrockUnavailableError(
            `Bedrock stream error ${String(message.headers[":error-code"] ?? "")}: ${
              String(message.headers[":error-message"] ?? "")
            }`.slice(0, 300),
            { requestId: this.requestId },
          );
        }
        if (messageType !== "event") continue;
        const event = toStreamEvent(String(message.headers[":event-type"]), JSON.parse(bodyText(message)));
        if (!event) continue;
        if (event.type === "delta") scope.disarm("first-token");
        if (event.type === "messageStop") stopped = true;
        if (event.type === "metadata") sawMetadata = true;
        // The consumer's own pace must not count as upstream silence.
        scope.disarm("idle");
        yield event;
        // Aborted while the consumer held the event (the caller hung up, a budget ran out): stop here, whatever
        // the body still has buffered or fetch's own abort has yet to reach (a CI run once read ~100 more).
        if (scope.signal.aborted) throw scope.reason;
        // After the last event only the end of the body is due; the total budget still bounds it.
        if (!(stopped && sawMetadata)) scope.arm("idle", this.idleTimeoutMs);
      }
      if (!stopped || !sawMetadata) {
        throw new BedrockUnavailableError("The Bedrock stream ended before its last event", {
          requestId: this.requestId,
        });
      }
      this.#finished = true;
    } catch (error) {
      throw scope.translate(error);
    } finally {
      if (!this.#finished) {
        scope.abort(new BedrockAbortedError("consumer", { requestId: this.requestId }));
        await this.body.cancel().catch(() => {});
      }
      scope.dispose();
    }
  }

  /** Reads the whole stream into one result (the same shape as Converse). */
  async collect(onEvent?: (event: StreamEvent) => void): Promise<ConverseResult> {
    let text = "";
    let stopReason: StopReason = "end_turn";
    let usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    let modelLatencyMs: number | null = null;
    for await (const event of this) {
      onEvent?.(event);
      if (event.type === "delta") text += event.text;
      else if (event.type === "messageStop") stopReason = event.stopReason;
      else if (event.type === "metadata") ({ usage, modelLatencyMs } = event);
    }
    return {
      modelId: this.modelId,
      text,
      stopReason,
      usage,
      modelLatencyMs,
      latencyMs: Math.round(this.scope.elapsedMs()),
      requestId: this.requestId,
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Wire shapes → ours

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const count = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;

function usageOf(value: unknown): TokenUsage {
  const usage = isObject(value) ? value : {};
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  const total = count(usage.totalTokens);
  return { inputTokens, outputTokens, totalTokens: total || inputTokens + outputTokens };
}

function latencyOf(metrics: unknown): number | null {
  return isObject(metrics) && typeof metrics.latencyMs === "number" ? metrics.latencyMs : null;
}

function parseConverse(value: unknown, modelId: string, scope: CallScope): ConverseResult {
  if (!isObject(value) || !isObject(value.output) || !isObject(value.output.message)) {
    throw new BedrockUnavailableError("Bedrock's Converse answer has no output message", {
      requestId: scope.requestId,
    });
  }
  const content = Array.isArray(value.output.message.content) ? value.output.message.content : [];
  const text = content.map((block) => isObject(block) && typeof block.text === "string" ? block.text : "")
    .join("");
  return {
    modelId,
    text,
    stopReason: typeof value.stopReason === "string" ? value.stopReason : "end_turn",
    usage: usageOf(value.usage),
    modelLatencyMs: latencyOf(value.metrics),
    latencyMs: Math.round(scope.elapsedMs()),
    requestId: scope.requestId,
  };
}

function toStreamEvent(eventType: string, payload: unknown): StreamEvent | undefined {
  const p = isObject(payload) ? payload : {};
  const index = count(p.contentBlockIndex);
  switch (eventType) {
    case "messageStart":
      return { type: "messageStart", role: (p.role === "user" ? "user" : "assistant") as ConverseRole };
    case "contentBlockDelta": {
      const text = isObject(p.delta) && typeof p.delta.text === "string" ? p.delta.text : undefined;
      return text === undefined ? undefined : { type: "delta", text, contentBlockIndex: index };
    }
    case "contentBlockStop":
      return { type: "contentBlockStop", contentBlockIndex: index };
    case "messageStop":
      return {
        type: "messageStop",
        stopReason: typeof p.stopReason === "string" ? p.stopReason : "end_turn",
      };
    case "metadata":
      return { type: "metadata", usage: usageOf(p.usage), modelLatencyMs: latencyOf(p.metrics) };
    default:
      return undefined; // contentBlockStart (tool use) and future events
  }
}
