/**
 * Audit entries as FHIR R4 AuditEvent resources (https://hl7.org/fhir/R4/auditevent.html), one per
 * line for fhir-ndjson, or framed as a searchset Bundle for fhir-bundle.
 *
 * - type / subtype: DICOM (DCM) and HL7 audit-event-type codes from the R4 value sets, the FHIR
 *   RESTful interaction where the event is an API call, and always our own action code, so that the
 *   original action survives a round trip.
 * - action: C/R/U/D/E (queries and searches are E, as the R4 code system defines it).
 * - outcome: success 0, partial 4 (minor failure), failure 8 (serious failure).
 * - agent: the requesting user (identifier = user id, or the pseudonym once the user is erased;
 *   altId = pseudonym), their role, requestor = true, the client address.
 * - source: the edge function that observed the request.
 * - entity: the resource acted on; correlation id, seq, session and the event's metadata as detail;
 *   for audit queries the filters used as the entity's query.
 */
import type { AuditEntry } from "../audit_vocabulary.ts";

/** Where our own code systems and identifier systems live; replace with the deployment's canonical base. */
export const FHIR_BASE = "https://medic-bot.example/fhir";

export const SYSTEMS = {
  dicom: "http://dicom.nema.org/resources/ontology/DCM",
  eventType: "http://terminology.hl7.org/CodeSystem/audit-event-type",
  restful: "http://hl7.org/fhir/restful-interaction",
  roleType: "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
  sourceType: "http://terminology.hl7.org/CodeSystem/security-source-type",
  entityType: "http://terminology.hl7.org/CodeSystem/audit-entity-type",
  action: `${FHIR_BASE}/CodeSystem/audit-action`,
  userRole: `${FHIR_BASE}/CodeSystem/user-role`,
  userId: `${FHIR_BASE}/sid/user-id`,
  pseudonym: `${FHIR_BASE}/sid/audit-pseudonym`,
  function: `${FHIR_BASE}/sid/edge-function`,
  resource: `${FHIR_BASE}/sid/audit-resource`,
} as const;

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

const dcm = (code: string, display: string): Coding => ({ system: SYSTEMS.dicom, code, display });
const rest = (code: string, display: string): Coding => ({ system: SYSTEMS.restful, code, display });

const TYPE = {
  rest: { system: SYSTEMS.eventType, code: "rest", display: "RESTful Operation" },
  applicationActivity: dcm("110100", "Application Activity"),
  auditLogUsed: dcm("110101", "Audit Log Used"),
  export: dcm("110106", "Export"),
  securityAlert: dcm("110113", "Security Alert"),
  userAuthentication: dcm("110114", "User Authentication"),
} satisfies Record<string, Coding>;

const SUBTYPE = {
  applicationStart: dcm("110120", "Application Start"),
  applicationStop: dcm("110121", "Application Stop"),
  login: dcm("110122", "Login"),
  logout: dcm("110123", "Logout"),
  read: rest("read", "read"),
  search: rest("search-type", "search type"),
  operation: rest("operation", "operation"),
  delete: rest("delete", "delete"),
} satisfies Record<string, Coding>;

/** AuditEvent.action (R4 audit-event-action). */
export type FhirAction = "C" | "R" | "U" | "D" | "E";

interface ActionMapping {
  readonly type: Coding;
  readonly subtype?: Coding;
  readonly action: FhirAction;
}

const ACTIONS: Readonly<Record<string, ActionMapping>> = {
  "chat.query": { type: TYPE.rest, subtype: SUBTYPE.operation, action: "E" },
  "chat.stream": { type: TYPE.rest, subtype: SUBTYPE.operation, action: "E" },
  "dosing.calculate": { type: TYPE.rest, subtype: SUBTYPE.operation, action: "E" },
  "dosing.list": { type: TYPE.rest, subtype: SUBTYPE.search, action: "E" },
  "protocol.view": { type: TYPE.rest, subtype: SUBTYPE.read, action: "R" },
  "protocol.search": { type: TYPE.rest, subtype: SUBTYPE.search, action: "E" },
  "user.login": { type: TYPE.userAuthentication, subtype: SUBTYPE.login, action: "E" },
  "user.logout": { type: TYPE.userAuthentication, subtype: SUBTYPE.logout, action: "E" },
  "user.session.start": { type: TYPE.userAuthentication, subtype: SUBTYPE.login, action: "E" },
  "user.session.end": { type: TYPE.userAuthentication, subtype: SUBTYPE.logout, action: "E" },
  "auth.failure": { type: TYPE.userAuthentication, action: "E" },
  "auth.unauthorized": { type: TYPE.securityAlert, action: "E" },
  "api.error": { type: TYPE.applicationActivity, action: "E" },
  "api.validation_error": { type: TYPE.applicationActivity, action: "E" },
  "system.startup": { type: TYPE.applicationActivity, subtype: SUBTYPE.applicationStart, action: "E" },
  "system.shutdown": { type: TYPE.applicationActivity, subtype: SUBTYPE.applicationStop, action: "E" },
  "api.not_found": { type: TYPE.applicationActivity, action: "E" },
  "api.method_not_allowed": { type: TYPE.applicationActivity, action: "E" },
  "api.cors_denied": { type: TYPE.securityAlert, action: "E" },
  "api.rate_limited": { type: TYPE.securityAlert, action: "E" },
  "audit.query": { type: TYPE.auditLogUsed, subtype: SUBTYPE.search, action: "E" },
  "audit.export": { type: TYPE.export, action: "R" },
  "audit.verify": { type: TYPE.auditLogUsed, subtype: SUBTYPE.operation, action: "E" },
  "audit.retention": { type: TYPE.auditLogUsed, subtype: SUBTYPE.delete, action: "D" },
  "gdpr.export": { type: TYPE.export, action: "R" },
  "gdpr.erase": { type: TYPE.rest, subtype: SUBTYPE.delete, action: "D" },
  "metrics.flush": { type: TYPE.applicationActivity, subtype: SUBTYPE.operation, action: "E" },
  "rate_limit.ban": { type: TYPE.securityAlert, action: "E" },
  "rate_limit.fail_open": { type: TYPE.securityAlert, action: "E" },
  "rate_limit.fail_closed": { type: TYPE.securityAlert, action: "E" },
  "knowledge_base.import": { type: TYPE.applicationActivity, subtype: SUBTYPE.operation, action: "U" },
};

/** An action this table does not know yet (added to the enum later) is still a valid event. */
const FALLBACK: ActionMapping = { type: TYPE.applicationActivity, action: "E" };

export function actionMapping(action: string): ActionMapping {
  return ACTIONS[action] ?? FALLBACK;
}

/** AuditEvent.outcome (R4 audit-event-outcome). */
export const OUTCOME_CODES: Readonly<Record<string, "0" | "4" | "8" | "12">> = {
  success: "0",
  partial: "4",
  failure: "8",
};

type Json = Record<string, unknown>;

export interface AuditEventResource extends Json {
  readonly resourceType: "AuditEvent";
  readonly id: string;
}

export function toAuditEvent(entry: AuditEntry): AuditEventResource {
  const mapping = actionMapping(entry.action);
  const observer = typeof entry.metadata.function === "string" ? entry.metadata.function : "medic-bot-edge";
  return compact({
    resourceType: "AuditEvent",
    id: entry.eventId,
    type: mapping.type,
    subtype: [
      ...(mapping.subtype ? [mapping.subtype] : []),
      { system: SYSTEMS.action, code: entry.action, display: entry.action },
    ],
    action: mapping.action,
    recorded: entry.timestamp,
    outcome: OUTCOME_CODES[entry.outcome] ?? "8",
    outcomeDesc: entry.errorMessage ?? undefined,
    agent: [agentOf(entry)],
    source: {
      site: entry.organizationId ?? undefined,
      observer: { identifier: { system: SYSTEMS.function, value: observer }, display: observer },
      type: [{ system: SYSTEMS.sourceType, code: "4", display: "Application Server" }],
    },
    entity: [entityOf(entry)],
  }) as AuditEventResource;
}

function agentOf(entry: AuditEntry): Json {
  const who = entry.userId
    ? { identifier: { system: SYSTEMS.userId, value: entry.userId } }
    : entry.actorPseudonym
    ? { identifier: { system: SYSTEMS.pseudonym, value: entry.actorPseudonym } }
    : undefined;
  return {
    type: entry.actorPseudonym
      ? { coding: [{ system: SYSTEMS.roleType, code: "humanuser", display: "human user" }] }
      : undefined,
    role: entry.userRole
      ? [{ coding: [{ system: SYSTEMS.userRole, code: entry.userRole }], text: entry.userRole }]
      : undefined,
    who,
    altId: entry.actorPseudonym ?? undefined,
    requestor: true,
    network: entry.ipAddress ? { address: entry.ipAddress, type: "2" } : undefined,
  };
}

const QUERY_ACTIONS = new Set(["audit.query", "audit.export", "protocol.search", "dosing.list"]);

function entityOf(entry: AuditEntry): Json {
  const filters = entry.metadata.filters;
  const details: [string, string | number | null | undefined][] = [
    ["correlation_id", entry.correlationId],
    ["seq", entry.seq],
    ["session_id", entry.sessionId],
    ["user_agent", entry.userAgent],
    ["duration_ms", entry.durationMs],
    ["data_classification", entry.dataClassification],
    ["metadata", Object.keys(entry.metadata).length > 0 ? JSON.stringify(entry.metadata) : undefined],
  ];
  return {
    what: { identifier: { system: SYSTEMS.resource, value: entry.resource } },
    type: { system: SYSTEMS.entityType, code: "2", display: "System Object" },
    query: QUERY_ACTIONS.has(entry.action) && typeof filters === "object" && filters !== null
      ? base64Utf8(JSON.stringify(filters))
      : undefined,
    detail: details
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([type, value]) => ({ type, valueString: String(value) })),
  };
}

/** FHIR JSON has no nulls, empty strings, empty objects or empty arrays: drop them, recursively. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(compact).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, compact(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (value === null || value === "") return undefined;
  return value;
}

function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A searchset Bundle written piece by piece, so that a million entries never sit in memory:
 * `head`, then `entry(event)` per event, then `tail()`. FHIR JSON forbids an empty array, so
 * `"entry": [` is only opened by the first entry; the total, known at the end, closes the Bundle.
 */
export function bundleWriter(options: { readonly id: string; readonly timestamp: string }) {
  let count = 0;
  const head = `{"resourceType":"Bundle","id":${JSON.stringify(options.id)},` +
    `"meta":{"lastUpdated":${JSON.stringify(options.timestamp)}},"type":"searchset",` +
    `"timestamp":${JSON.stringify(options.timestamp)}`;
  return {
    head,
    entry(event: { readonly resourceType: string; readonly id: string }): string {
      const json = JSON.stringify({
        fullUrl: `urn:uuid:${event.id}`,
        resource: event,
        search: { mode: "match" },
      });
      return (count++ === 0 ? `,"entry":[` : ",") + json;
    },
    tail(): string {
      return `${count > 0 ? "]" : ""},"total":${count}}`;
    },
    get count() {
      return count;
    },
  };
}
