/**
 * What a request leaves in the observability tables besides its audit event and metrics:
 *   5xx answers          → public.error_logs (code, component, request id; never PHI or secrets)
 *   token failures (401) → public.security_events 'auth.token_failure'
 *   CORS rejections      → public.security_events 'cors.rejected'
 * The client is named by a hash of its address and user agent (the audit row of the same request id
 * holds the pseudonymised originals). Rows are batched for a few ms and written after the response;
 * a failed write is logged and dropped — these are diagnostics, the audit trail has every request.
 */
import type { InsertColumns } from "../../core/db_rows.ts";
import type { RequestEvent } from "../../core/audit_event.ts";
import { isUuid } from "../audit/mapping.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import { ErrorCode } from "../../core/errors.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";

const TOKEN_FAILURES = new Set<string>([
  ErrorCode.AUTH_HEADER_MALFORMED,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_ALG_NOT_ALLOWED,
]);

const ERROR_MESSAGES: Record<string, string> = {
  INTERNAL_ERROR: "Unhandled exception; the function log has the details under this request id",
  AUDIT_UNAVAILABLE: "The audit trail could not be written before releasing personal data",
  RATE_LIMIT_UNAVAILABLE: "Rate limits could not be checked for a fail-closed class",
  AUTH_UNAVAILABLE: "Token signing keys could not be fetched",
  CONFIG_ERROR: "The function lacks part of its configuration; its log names what",
};

/** An insert into public.error_logs (columns as the database types them; details as we build it). */
export type ErrorLogRow =
  & InsertColumns<
    "error_logs",
    "occurred_at" | "organization_id" | "request_id" | "component" | "error_code" | "http_status" | "message"
  >
  & { details: Record<string, unknown> };

/** An insert into public.security_events. */
export type SecurityEventRow =
  & InsertColumns<
    "security_events",
    "occurred_at" | "organization_id" | "event_type" | "severity" | "identifier" | "correlation_id"
  >
  & { details: Record<string, unknown> };

export function observationsOf(event: RequestEvent): { errors: ErrorLogRow[]; security: SecurityEventRow[] } {
  const at = new Date(event.startedAt).toISOString();
  const org = isUuid(event.identity.organizationId) ? event.identity.organizationId : null;
  const errors: ErrorLogRow[] = [];
  const security: SecurityEventRow[] = [];
  if (event.status >= 500 && event.status <= 599) {
    const code = /^[A-Z][A-Z0-9_]{1,63}$/.test(event.errorCode ?? "")
      ? event.errorCode!
      : `HTTP_${event.status}`;
    errors.push({
      occurred_at: at,
      organization_id: org,
      request_id: event.requestId,
      component: `${event.functionName}${event.route ?? ""}`.slice(0, 200),
      error_code: code,
      http_status: event.status,
      message: ERROR_MESSAGES[code] ?? `Answered ${event.status}`,
      details: {
        method: event.method,
        duration_ms: Math.round(event.durationMs),
        caller: event.identity.kind,
      },
    });
  }
  const tokenFailure = event.errorCode !== undefined && TOKEN_FAILURES.has(event.errorCode);
  const corsRejected = event.errorCode === ErrorCode.CORS_ORIGIN_DENIED;
  if (tokenFailure || corsRejected) {
    security.push({
      occurred_at: at,
      organization_id: org,
      event_type: tokenFailure ? "auth.token_failure" : "cors.rejected",
      severity: tokenFailure ? "LOW" : "MEDIUM",
      identifier: event.clientKey, // the keyed address HMAC (core/client_key.ts), as the limiter counts it
      correlation_id: event.requestId,
      details: { function: event.functionName, code: event.errorCode, method: event.method },
    });
  }
  return { errors, security };
}

export interface ObservationSink {
  record(event: RequestEvent): void;
  flush(): Promise<void>;
}

export function createObservationSink(options: {
  service: ServiceQuery;
  waitUntil?: (promise: Promise<unknown>) => void;
  logger?: Logger;
  batchDelayMs?: number;
}): ObservationSink {
  const log = options.logger ?? consoleLogger;
  const queued: RequestEvent[] = [];
  const running = new Set<Promise<void>>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function write(events: RequestEvent[]): Promise<void> {
    const rows = events.map(observationsOf);
    const errors = rows.flatMap((r) => r.errors);
    const security = rows.flatMap((r) => r.security);
    if (errors.length === 0 && security.length === 0) return;
    await options.service(async (tx) => {
      if (errors.length > 0) {
        await tx`insert into public.error_logs (occurred_at, organization_id, request_id, component, error_code,
            http_status, message, details)
          select occurred_at, organization_id, request_id, component, error_code, http_status, message,
            audit.scrub_metadata(details)
          from jsonb_to_recordset(${JSON.stringify(errors)}::text::jsonb) as x(occurred_at timestamptz,
            organization_id uuid, request_id text, component text, error_code text, http_status smallint,
            message text, details jsonb)`;
      }
      if (security.length > 0) {
        await tx`insert into public.security_events (occurred_at, organization_id, event_type, severity,
            identifier, correlation_id, details)
          select occurred_at, organization_id, event_type, severity, identifier, correlation_id, details
          from jsonb_to_recordset(${JSON.stringify(security)}::text::jsonb) as x(occurred_at timestamptz,
            organization_id uuid, event_type text, severity text, identifier text, correlation_id text,
            details jsonb)`;
      }
    });
  }

  // Sends the open batch; `release` settles the promise handed to waitUntil for it.
  let release: (() => void) | undefined;
  function send() {
    clearTimeout(timer);
    timer = undefined;
    const batch = queued.splice(0);
    const work: Promise<void> = write(batch)
      .catch((error) => log("error", "observability rows not written", describeError(error)))
      .finally(() => running.delete(work));
    running.add(work);
    release?.();
    release = undefined;
  }

  return {
    record(event) {
      const interesting = event.status >= 500 ||
        (event.errorCode !== undefined &&
          (TOKEN_FAILURES.has(event.errorCode) || event.errorCode === ErrorCode.CORS_ORIGIN_DENIED));
      if (!interesting) return;
      queued.push(event);
      if (timer !== undefined) return;
      const done = new Promise<void>((resolve) => {
        release = () => resolve(Promise.all(running).then(() => {}));
        timer = setTimeout(send, options.batchDelayMs ?? 20);
      });
      options.waitUntil?.(done);
    },
    async flush() {
      if (timer !== undefined) send();
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
