/**
 * audit mapping: a pipeline RequestEvent → the event `audit.write_events(jsonb)` takes (snake_case).
 *
 * What never leaves this function: the bearer token, query strings, request bodies and error
 * messages (only the error code is kept, since a message can echo input). The database pseudonymises
 * user, session, ip and user agent, and drops metadata keys that name personal data; this side
 * validates what Postgres would reject (ip, organization uuid) so one bad value cannot sink a batch,
 * and hashes long strings so free text that a handler adds by mistake is never stored readable.
 */
import type { RequestEvent } from "../../core/audit_event.ts";
import type { AuditOutcome } from "../../core/context.ts";
import { toHex } from "../../core/encoding.ts";
import { isUuid } from "../../core/uuid.ts";

export type DataClassification = "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "PHI";

/** One element of the JSON array audit.write_events takes. */
export interface DbAuditEvent {
  readonly event_id: string;
  readonly timestamp: string;
  readonly organization_id: string | null;
  readonly user_id: string | null;
  readonly user_role: string | null;
  readonly session_id: string | null;
  readonly action: string;
  readonly resource: string;
  readonly outcome: AuditOutcome;
  readonly metadata: Record<string, unknown>;
  readonly ip_address: string | null;
  readonly user_agent: string | null;
  readonly error_message: string | null;
  readonly duration_ms: number;
  readonly correlation_id: string;
  readonly data_classification: DataClassification;
  readonly event_version: number;
  /**
   * Where an event older than its arrival comes from: "spool" (replayed after an outage) or "import"
   * (the backfill). write_events refuses an API role's event over 15 minutes old without one, and keeps
   * it in the metadata.
   */
  readonly origin?: "spool" | "import";
}

export const AUDIT_EVENT_VERSION = 1;

/** Metadata strings longer than this are stored as { length, sha256 } (identifiers are shorter). */
export const MAX_METADATA_STRING = 128;
/** Handler metadata larger than this (as JSON) is stored as { omitted: { length, sha256 } }. */
export const MAX_METADATA_JSON = 8 * 1024;
const MAX_DEPTH = 8;

const IPV4_OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

export { isUuid };

/** A plain IPv4 or IPv6 address Postgres' inet accepts (no port, no zone id, no brackets). */
export function isIpAddress(value: unknown): value is string {
  if (typeof value !== "string") return false;
  if (IPV4.test(value)) return true;
  if (!value.includes(":") || !/^[0-9A-Fa-f:.]{2,45}$/.test(value)) return false;
  try {
    new URL(`http://[${value}]/`); // the WHATWG IPv6 parser: rejects what is not an address
    return true;
  } catch {
    return false;
  }
}

async function pathFingerprint(path: string): Promise<{ length: number; sha256: string }> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(path));
  const hex = toHex(digest);
  return { length: path.length, sha256: hex.slice(0, 16) };
}

export interface MappingOptions {
  /** Default INTERNAL; auditNow uses CONFIDENTIAL (or the handler's PHI). */
  readonly dataClassification?: DataClassification;
}

export async function toDbAuditEvent(
  event: RequestEvent,
  options: MappingOptions = {},
): Promise<DbAuditEvent> {
  const { identity } = event;
  return {
    // The request id is a uuid: as event id it makes every re-write of this request's event
    // (spool drain, auditNow then the sink) a no-op in the database — at most one row per request.
    event_id: isUuid(event.requestId) ? event.requestId : crypto.randomUUID(),
    timestamp: new Date(event.startedAt).toISOString(),
    organization_id: isUuid(identity.organizationId) ? identity.organizationId : null,
    user_id: identity.kind === "user" ? identity.userId ?? null : null,
    user_role: identity.kind === "service" ? null : identity.userRole,
    session_id: identity.kind === "user" ? identity.sessionId ?? null : null,
    action: event.action,
    resource: event.resource.slice(0, 200),
    outcome: event.outcome,
    metadata: quickMetadata(event) ?? await eventMetadata(event),
    ip_address: isIpAddress(event.ip) ? event.ip : null,
    user_agent: event.userAgent,
    error_message: event.errorCode?.slice(0, 100) ?? null,
    duration_ms: Math.max(0, Math.round(event.durationMs)),
    correlation_id: event.requestId,
    data_classification: options.dataClassification ?? "INTERNAL",
    event_version: AUDIT_EVENT_VERSION,
  };
}

function pipelineFields(event: RequestEvent, unmatchedPath?: { length: number; sha256: string }) {
  return {
    function: event.functionName,
    method: event.method,
    // The route template, never the concrete path: paths carry ids (a user's uuid in a trail lookup)
    // that an erasure could not reach. An unmatched path is kept only as a length and a hash prefix.
    ...(event.route !== undefined ? { route: event.route } : { unmatched_path: unmatchedPath }),
    // An early event (auditNow) is written before the response exists: it has no status yet.
    ...(event.auditedEarly ? { audited_early: true } : { status: event.status }),
    ...(event.errorCode ? { error_code: event.errorCode } : {}),
    ...(event.rateLimitClass ? { rate_limit_class: event.rateLimitClass } : {}),
    caller: event.identity.kind,
  };
}

/** Pipeline fields last: a handler cannot overwrite the status or caller of its own event. */
async function eventMetadata(event: RequestEvent): Promise<Record<string, unknown>> {
  const unmatched = event.route === undefined ? await pathFingerprint(event.path) : undefined;
  return {
    ...await guardHandlerMetadata(event.metadata),
    ...await guardMetadata(pipelineFields(event, unmatched)),
  };
}

/**
 * eventMetadata without awaiting (most events: a matched route, short strings), or undefined when a
 * fingerprint is needed. Awaiting every value cost ~100 µs per event under a burst of thousands.
 */
function quickMetadata(event: RequestEvent): Record<string, unknown> | undefined {
  if (event.route === undefined) return undefined;
  const handler = guardObjectSync(event.metadata, 0, new WeakSet());
  if (handler === NEEDS_DIGEST || JSON.stringify(handler).length > MAX_METADATA_JSON) return undefined;
  const fields = guardObjectSync(pipelineFields(event), 0, new WeakSet());
  if (fields === NEEDS_DIGEST) return undefined;
  return { ...handler, ...fields };
}

async function guardHandlerMetadata(metadata: Readonly<Record<string, unknown>>) {
  const guarded = await guardMetadata(metadata);
  const json = JSON.stringify(guarded);
  if (json.length <= MAX_METADATA_JSON) return guarded;
  return { omitted: await fingerprint(json) };
}

/**
 * The safety net for free text: every string (values and keys, at any depth) longer than
 * MAX_METADATA_STRING becomes { length, sha256 } — still comparable, no longer readable. Values JSON
 * cannot carry are dropped or made JSON; cycles and very deep nesting are cut.
 */
export async function guardMetadata(
  metadata: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  return await guardObject(metadata, 0, new WeakSet()) as Record<string, unknown>;
}

async function guardValue(value: unknown, depth: number, seen: WeakSet<object>): Promise<unknown> {
  switch (typeof value) {
    case "string":
      return value.length > MAX_METADATA_STRING ? await fingerprint(value) : value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return await guardValue(value.toString(), depth, seen);
    case "object":
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (depth >= MAX_DEPTH || seen.has(value)) return "[omitted]";
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          return await Promise.all(
            value.map(async (item) => (await guardValue(item, depth + 1, seen)) ?? null),
          );
        }
        return await guardObject(value as Record<string, unknown>, depth + 1, seen);
      } finally {
        seen.delete(value); // shared (non-cyclic) references are fine
      }
    default:
      return undefined; // undefined, functions, symbols: JSON would drop them too
  }
}

async function guardObject(
  object: Readonly<Record<string, unknown>>,
  depth: number,
  seen: WeakSet<object>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const guarded = await guardValue(value, depth, seen);
    if (guarded === undefined) continue;
    const safeKey = key.length > MAX_METADATA_STRING ? `sha256:${(await fingerprint(key)).sha256}` : key;
    out[safeKey] = guarded;
  }
  return out;
}

/** guardValue's result when it needs no SHA-256; NEEDS_DIGEST when it would. */
const NEEDS_DIGEST = Symbol("needs a digest");

function guardValueSync(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case "string":
      return value.length > MAX_METADATA_STRING ? NEEDS_DIGEST : value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return guardValueSync(value.toString(), depth, seen);
    case "object": {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (depth >= MAX_DEPTH || seen.has(value)) return "[omitted]";
      seen.add(value);
      try {
        if (!Array.isArray(value)) return guardObjectSync(value as Record<string, unknown>, depth + 1, seen);
        const out: unknown[] = [];
        for (const item of value) {
          const guarded = guardValueSync(item, depth + 1, seen);
          if (guarded === NEEDS_DIGEST) return NEEDS_DIGEST;
          out.push(guarded ?? null);
        }
        return out;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return undefined;
  }
}

function guardObjectSync(
  object: Readonly<Record<string, unknown>>,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> | typeof NEEDS_DIGEST {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (key.length > MAX_METADATA_STRING) return NEEDS_DIGEST;
    const guarded = guardValueSync(value, depth, seen);
    if (guarded === NEEDS_DIGEST) return NEEDS_DIGEST;
    if (guarded === undefined) continue;
    out[key] = guarded;
  }
  return out;
}

async function fingerprint(text: string): Promise<{ length: number; sha256: string }> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const sha256 = toHex(digest);
  return { length: text.length, sha256 };
}
