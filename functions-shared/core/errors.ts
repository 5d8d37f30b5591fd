/**
 * The one error envelope every function returns, and the request id that ties a response to the
 * server log:
 *
 *   { "error": { "code": "TOKEN_EXPIRED", "message": "…", "details"?: …, "requestId": "…" } }
 */
import { describeError, type Logger } from "./log.ts";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Codes the pipeline itself produces; handlers may use their own (UPPER_SNAKE_CASE). */
export const ErrorCode = {
  INTERNAL_ERROR: "INTERNAL_ERROR",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  CORS_ORIGIN_DENIED: "CORS_ORIGIN_DENIED",
  AUTH_HEADER_MALFORMED: "AUTH_HEADER_MALFORMED",
  TOKEN_INVALID: "TOKEN_INVALID",
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  TOKEN_ALG_NOT_ALLOWED: "TOKEN_ALG_NOT_ALLOWED",
  AUTH_UNAVAILABLE: "AUTH_UNAVAILABLE",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  MFA_REQUIRED: "MFA_REQUIRED",
  AUDIT_UNAVAILABLE: "AUDIT_UNAVAILABLE",
  CONFIG_ERROR: "CONFIG_ERROR",
  RATE_LIMITED: "RATE_LIMITED",
  BANNED: "BANNED",
  RATE_LIMIT_UNAVAILABLE: "RATE_LIMIT_UNAVAILABLE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INVALID_JSON: "INVALID_JSON",
  VALIDATION_ERROR: "VALIDATION_ERROR",
} as const;

/** One failing field of a 400 VALIDATION_ERROR. */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** `error.details`: the failing fields of a VALIDATION_ERROR, else named facts (core/contract.ts publishes both). */
export type ErrorDetails = readonly FieldProblem[] | Readonly<Record<string, unknown>>;

/** An error whose status, code and message are safe to show the client. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  /** Extra response headers, e.g. `Allow` on 405 or `Retry-After` on 429. */
  readonly headers: Headers;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    headers?: HeadersInit,
  ) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be 4xx or 5xx, got ${status}`);
    }
    // The published envelope ties the shape to the code (core/contract.ts): a VALIDATION_ERROR lists its
    // fields, at least one, and no other code lists fields.
    const fieldList = Array.isArray(details) && details.length > 0;
    if (code === ErrorCode.VALIDATION_ERROR ? !fieldList : Array.isArray(details)) {
      throw new TypeError(
        `HttpError ${code}: a field list is VALIDATION_ERROR's alone, and it always has one`,
      );
    }
    this.headers = new Headers(headers);
  }
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: ErrorDetails; requestId: string };
}

/**
 * A fresh id per request. A client-supplied X-Request-Id is never trusted (log forging, collisions).
 * A UUIDv7 (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits), not a random v4: the id is the
 * request's audit event_id and correlation_id, so every audit write inserts it into audit_logs' primary
 * key and its correlation index. A random id lands on a random leaf of each, read in and, first after
 * every checkpoint, logged as a full page; a time-ordered one lands on the right edge, where the
 * previous event's insert left the page in cache and already logged.
 */
export function newRequestId(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Milliseconds, big-endian, in bytes 0-5 (2^48 ms: year 10889; division, as bitwise ops are 32-bit).
  for (let i = 5, ms = now; i >= 0; i--, ms = Math.floor(ms / 256)) bytes[i] = ms % 256;
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  let hex = "";
  for (const b of bytes) hex += HEX[b];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  // The Response copies init.headers into its own Headers; setting the type there copies nothing twice.
  const response = new Response(JSON.stringify(body), init);
  response.headers.set("Content-Type", JSON_CONTENT_TYPE);
  return response;
}

export function errorResponse(error: HttpError, requestId: string): Response {
  const envelope: ErrorEnvelope = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      requestId,
    },
  };
  return jsonResponse(envelope, { status: error.status, headers: error.headers });
}

/**
 * Any thrown value → the HttpError the client may see. Unexpected errors become a generic 500 and
 * are logged in full here, with the request id, so support can find them.
 */
export function toHttpError(thrown: unknown, requestId: string, log: Logger): HttpError {
  if (thrown instanceof HttpError) return thrown;
  log("error", "unhandled error", { requestId, ...describeError(thrown) });
  return new HttpError(500, ErrorCode.INTERNAL_ERROR, "An unexpected error occurred.");
}
