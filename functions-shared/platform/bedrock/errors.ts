/**
 * Typed Bedrock failures. Whatever went wrong — an HTTP error answer, an exception frame in the middle
 * of a stream, a network failure, the time budget, the caller hanging up — the caller gets one of six
 * kinds and decides with `kind` and `retryable` alone (the chat falls back to retrieval-only).
 */

export type BedrockErrorKind =
  | "throttling"
  | "validation"
  | "access_denied"
  | "timeout"
  | "unavailable"
  | "aborted";

export interface BedrockErrorDetails {
  /** The HTTP status Bedrock answered with, when there was one. */
  readonly status?: number;
  /** AWS's error type, e.g. "ThrottlingException" (from x-amzn-ErrorType or an exception frame). */
  readonly awsErrorType?: string;
  readonly requestId?: string | null;
  readonly cause?: unknown;
}

export abstract class BedrockError extends Error {
  abstract readonly kind: BedrockErrorKind;
  /** Worth another try after a pause (throttling, a 5xx). */
  abstract readonly retryable: boolean;
  readonly status?: number;
  readonly awsErrorType?: string;
  readonly requestId: string | null;

  constructor(message: string, details: BedrockErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.awsErrorType = details.awsErrorType;
    this.requestId = details.requestId ?? null;
  }
}

export class BedrockThrottlingError extends BedrockError {
  override readonly name = "BedrockThrottlingError";
  readonly kind = "throttling";
  readonly retryable = true;
}

export class BedrockValidationError extends BedrockError {
  override readonly name = "BedrockValidationError";
  readonly kind = "validation";
  readonly retryable = false;
}

export class BedrockAccessDeniedError extends BedrockError {
  override readonly name = "BedrockAccessDeniedError";
  readonly kind = "access_denied";
  readonly retryable = false;
}

export class BedrockUnavailableError extends BedrockError {
  override readonly name = "BedrockUnavailableError";
  readonly kind = "unavailable";
  readonly retryable = true;
}

/** Which budget ran out: the whole call, the wait for the first token, or a silence mid-stream. */
export type TimeoutPhase = "total" | "first-token" | "idle";

export class BedrockTimeoutError extends BedrockError {
  override readonly name = "BedrockTimeoutError";
  readonly kind = "timeout";
  readonly retryable = false;
  constructor(readonly phase: TimeoutPhase, readonly budgetMs: number, details: BedrockErrorDetails = {}) {
    super(`Bedrock did not answer within its ${phase} budget of ${budgetMs} ms`, details);
  }
}

/** "caller": the caller's signal fired (client disconnect); "consumer": the stream was left unfinished. */
export class BedrockAbortedError extends BedrockError {
  override readonly name = "BedrockAbortedError";
  readonly kind = "aborted";
  readonly retryable = false;
  constructor(readonly by: "caller" | "consumer", details: BedrockErrorDetails = {}) {
    super(
      by === "caller" ? "The caller cancelled the Bedrock call" : "The Bedrock stream was closed early",
      details,
    );
  }
}

type Ctor = new (message: string, details?: BedrockErrorDetails) => BedrockError;

/** AWS error names (lower case, without "exception") → kind. */
const BY_TYPE: Readonly<Record<string, Ctor>> = {
  throttling: BedrockThrottlingError,
  toomanyrequests: BedrockThrottlingError,
  servicequotaexceeded: BedrockThrottlingError,
  modelnotready: BedrockThrottlingError,
  validation: BedrockValidationError,
  resourcenotfound: BedrockValidationError,
  serialization: BedrockValidationError,
  accessdenied: BedrockAccessDeniedError,
  unrecognizedclient: BedrockAccessDeniedError,
  invalidsignature: BedrockAccessDeniedError,
  incompletesignature: BedrockAccessDeniedError,
  missingauthenticationtoken: BedrockAccessDeniedError,
  expiredtoken: BedrockAccessDeniedError,
  invalidclienttokenid: BedrockAccessDeniedError,
  notauthorized: BedrockAccessDeniedError,
  internalserver: BedrockUnavailableError,
  internalfailure: BedrockUnavailableError,
  serviceunavailable: BedrockUnavailableError,
  modelstreamerror: BedrockUnavailableError,
  modelerror: BedrockUnavailableError,
};

/** "ValidationException:http://internal…" or "com.amazon…#ValidationException" → "ValidationException". */
export function normalizeErrorType(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const name = raw.split(":")[0].split("#").pop()!.trim();
  return name || undefined;
}

function classify(type: string | undefined, status: number | undefined): Ctor | "timeout" {
  const key = type?.toLowerCase().replace(/exception$/, "");
  if (key === "modeltimeout") return "timeout";
  if (key && BY_TYPE[key]) return BY_TYPE[key];
  if (status === 408) return "timeout";
  if (status === 429) return BedrockThrottlingError;
  if (status === 401 || status === 403) return BedrockAccessDeniedError;
  if (status !== undefined && status >= 400 && status < 500) return BedrockValidationError;
  return BedrockUnavailableError;
}

const MAX_MESSAGE = 300;

function make(type: string | undefined, message: string, details: BedrockErrorDetails): BedrockError {
  const ctor = classify(type, details.status);
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  if (ctor === "timeout") return new BedrockTimeoutError("total", 0, { ...details, awsErrorType: type });
  return new ctor(text, { ...details, awsErrorType: type });
}

/** An HTTP error answer (status ≥ 300) → a typed error; `body` is Bedrock's `{ "message": … }`. */
export function errorFromResponse(status: number, headers: Headers, body: string): BedrockError {
  let parsed: Record<string, unknown> = {};
  try {
    const value = JSON.parse(body);
    if (value && typeof value === "object") parsed = value as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's HTML page): the status decides
  }
  const type = normalizeErrorType(headers.get("x-amzn-errortype")) ??
    normalizeErrorType(typeof parsed.__type === "string" ? parsed.__type : undefined) ??
    normalizeErrorType(typeof parsed.code === "string" ? parsed.code : undefined);
  const message = [parsed.message, parsed.Message].find((m) => typeof m === "string") as string | undefined;
  return make(type, message ?? `Bedrock answered HTTP ${status}`, {
    status,
    requestId: headers.get("x-amzn-requestid"),
  });
}

/** An exception frame inside an event stream (`:exception-type` header, JSON payload). */
export function errorFromStreamException(
  exceptionType: string,
  payload: string,
  requestId: string | null,
): BedrockError {
  let message: string | undefined;
  try {
    const value = JSON.parse(payload);
    if (value && typeof value.message === "string") message = value.message;
  } catch {
    // keep the type alone
  }
  const type = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  return make(type, message ?? `Bedrock stream failed: ${type}`, { requestId });
}
