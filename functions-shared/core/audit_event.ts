/**
 * audit — the seam. Exactly one RequestEvent per request, handed to the registered AuditSink after
 * the response is determined (also for 401/403/404/429 rejections). The default sink (registered in
 * pipeline/seams.ts) is the audit writer, pipeline/audit/writer.ts, when a database is configured.
 */
import type { Identity } from "./identity.ts";
import { ErrorCode } from "./errors.ts";
/** A request's outcome as the audit trail records it; a handler may mark a 2xx "partial". */
export type AuditOutcome = "success" | "failure" | "partial";

export interface RequestEvent {
  readonly functionName: string;
  readonly action: string;
  readonly resource: string;
  readonly outcome: AuditOutcome;
  readonly status: number;
  /** Error code of an error response (envelope `error.code`), if the pipeline produced one. */
  readonly errorCode?: string;
  readonly durationMs: number;
  /** Who asked. Carries the raw bearer token (`identity.token`): sinks must never store it. */
  readonly identity: Identity;
  readonly requestId: string;
  readonly method: string;
  /** Route path with `/<functionName>` stripped. May hold ids (e.g. /users/<uuid>/trail): not for storage. */
  readonly path: string;
  /** The matched route's template (e.g. /users/:userId/trail), safe to store; undefined when none matched. */
  readonly route?: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The client's keyed address HMAC (core/client_key.ts); stored where the address may not be. */
  readonly clientKey: string | null;
  readonly rateLimitClass?: string;
  readonly startedAt: number;
  /** Identifiers the handler added via ctx.addAuditMetadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * The request's event was written before the response by auditNow (pipeline/audit/writer.ts): the writer
   * skips it in the sink so there is still exactly one audit event per request. Metrics still count it.
   */
  readonly auditedEarly?: boolean;
}

export interface AuditSink {
  record(event: RequestEvent): Promise<void> | void;
}

export const noopAuditSink: AuditSink = { record() {} };

/** 2xx → success (or the handler's override, e.g. "partial"); anything else → failure. */
export function outcomeFor(status: number, override?: AuditOutcome): AuditOutcome {
  if (status < 200 || status >= 300) return "failure";
  return override ?? "success";
}

const AUTH_CODES = new Set<string>([
  ErrorCode.AUTH_HEADER_MALFORMED,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_ALG_NOT_ALLOWED,
]);

const VALIDATION_CODES = new Set<string>([
  ErrorCode.VALIDATION_ERROR,
  ErrorCode.INVALID_JSON,
  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  ErrorCode.PAYLOAD_TOO_LARGE,
]);

/**
 * The audit action for a request. Failures of the pipeline's own checks get a fixed action so they
 * can be queried across functions; everything else is the route's declared action.
 */
export function auditActionFor(
  outcome: { status: number; errorCode?: string; routeAction?: string; preflight?: boolean },
): string {
  const { status, errorCode, routeAction } = outcome;
  if (status === 401 || (errorCode && AUTH_CODES.has(errorCode))) return "auth.failure";
  if (status === 403 && errorCode === ErrorCode.FORBIDDEN) return "auth.unauthorized";
  if (errorCode && VALIDATION_CODES.has(errorCode)) return "api.validation_error";
  if (status >= 500) return "api.error";
  if (errorCode === ErrorCode.CORS_ORIGIN_DENIED) return "api.cors_denied";
  // A ban is the limiter's refusal too, decided before any route is matched (metadata.error_code: BANNED).
  if (errorCode === ErrorCode.RATE_LIMITED || errorCode === ErrorCode.BANNED) return "api.rate_limited";
  if (outcome.preflight) return "api.preflight";
  if (routeAction) return routeAction;
  if (errorCode === ErrorCode.METHOD_NOT_ALLOWED) return "api.method_not_allowed";
  return "api.not_found";
}
