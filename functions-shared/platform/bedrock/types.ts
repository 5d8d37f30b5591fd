/**
 * The slice of the Bedrock runtime Converse API this backend uses (text only, no tools), in Bedrock's
 * own wire names, plus the events a ConverseStream call yields to the caller.
 */

export type ConverseRole = "user" | "assistant";

export interface TextBlock {
  readonly text: string;
}

export interface ConverseMessage {
  readonly role: ConverseRole;
  readonly content: readonly TextBlock[];
}

export interface InferenceConfig {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stopSequences?: readonly string[];
}

/** The request body of POST /model/{modelId}/converse and /converse-stream. */
export interface ConverseRequest {
  readonly system?: readonly TextBlock[];
  readonly messages: readonly ConverseMessage[];
  readonly inferenceConfig?: InferenceConfig;
}

export type StopReason =
  | "end_turn"
  | "tool_use"
  | "max_tokens"
  | "stop_sequence"
  | "guardrail_intervened"
  | "content_filtered"
  | (string & Record<never, never>);

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** A finished answer: the text, why the model stopped, what it cost in tokens and how long it took. */
export interface ConverseResult {
  readonly modelId: string;
  readonly text: string;
  readonly stopReason: StopReason;
  readonly usage: TokenUsage;
  /** Bedrock's own `metrics.latencyMs` (model time, without the network). */
  readonly modelLatencyMs: number | null;
  /** Wall time of the call as this client saw it (signing, network, retries included). */
  readonly latencyMs: number;
  readonly requestId: string | null;
}

/** What iterating a ConverseStream yields, in Bedrock's order. */
export type StreamEvent =
  | { readonly type: "messageStart"; readonly role: ConverseRole }
  | { readonly type: "delta"; readonly text: string; readonly contentBlockIndex: number }
  | { readonly type: "contentBlockStop"; readonly contentBlockIndex: number }
  | { readonly type: "messageStop"; readonly stopReason: StopReason }
  | { readonly type: "metadata"; readonly usage: TokenUsage; readonly modelLatencyMs: number | null };

export interface BedrockCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface BedrockSettings {
  readonly region: string;
  readonly modelId: string;
  readonly credentials: BedrockCredentials;
  /** https://bedrock-runtime.<region>.amazonaws.com unless overridden (tests, VPC endpoints). */
  readonly endpoint?: string;
}

/** Per-call limits. Every field is optional; the client's defaults apply. */
export interface CallOptions {
  /**
   * The caller's own cancellation, normally the incoming request's `signal`: when the client
   * disconnects, the upstream Bedrock call is aborted (its connection closed) at once.
   */
  readonly signal?: AbortSignal;
  /** Budget for the whole call, in ms (Converse: until the JSON is read; stream: until its last event). */
  readonly timeoutMs?: number;
  /** Stream only: budget until the first text delta arrives. */
  readonly firstTokenTimeoutMs?: number;
  /** Stream only: the longest silence allowed between two events once streaming. */
  readonly idleTimeoutMs?: number;
  /** Retries of throttling/unavailable answers received before any event was read (default: client's). */
  readonly retries?: number;
}
