/**
 * A subject's records as FHIR R4 resources (the export's "fhir" format, a Bundle):
 *   profile                                     Person
 *   audit_events                                AuditEvent, exactly as audit-query exports them
 *   audit_events_about                          AuditEvent: the actor (pseudonymised) as agent, the
 *                                               subject as the entity the event was about
 *   phi_access, protocol_access, ai_audit,
 *   security_events                             AuditEvent (the subject as agent, or as the patient entity)
 *   everything else (sessions, MFA, limiter
 *   records, alerts handled or naming them,
 *   telemetry)                                  Basic, the record as JSON in an extension
 * Resource ids are the record's uuid, or a uuid derived from category and record id (stable across
 * exports, so a re-export updates rather than duplicates).
 */
import type { AuditEntry } from "../../core/audit_vocabulary.ts";
import {
  actionMapping,
  compact,
  FHIR_BASE,
  OUTCOME_CODES,
  SYSTEMS,
  toAuditEvent,
} from "../../core/export/fhir.ts";
import type { SubjectRecord } from "./records.ts";
import { toHex } from "../../core/encoding.ts";

export interface FhirResource {
  readonly resourceType: string;
  readonly id: string;
  readonly [key: string]: unknown;
}

export const GDPR_SYSTEMS = {
  category: `${FHIR_BASE}/CodeSystem/gdpr-record-category`,
  record: `${FHIR_BASE}/StructureDefinition/gdpr-record`,
  organization: `${FHIR_BASE}/sid/organization-id`,
  thirdParty: `${FHIR_BASE}/sid/third-party-pseudonym`,
} as const;

const dcm = (code: string, display: string) => ({ system: SYSTEMS.dicom, code, display });
const rest = (code: string, display: string) => ({ system: SYSTEMS.restful, code, display });

const AUDIT_KINDS: Readonly<
  Record<string, { type: object; subtype?: object; action: string }>
> = {
  protocol_access: {
    type: { system: SYSTEMS.eventType, code: "rest", display: "RESTful Operation" },
    subtype: rest("search-type", "search type"),
    action: "E",
  },
  ai_audit: {
    type: { system: SYSTEMS.eventType, code: "rest", display: "RESTful Operation" },
    subtype: rest("operation", "operation"),
    action: "E",
  },
  security_events: { type: dcm("110113", "Security Alert"), action: "E" },
};

const PHI_ACTIONS: Readonly<Record<string, string>> = { INSERT: "C", UPDATE: "U", DELETE: "D" };

export async function toFhirResource(record: SubjectRecord, subjectId: string): Promise<FhirResource> {
  const id = await resourceId(record);
  const subject = { identifier: { system: SYSTEMS.userId, value: subjectId } };
  const d = record.data;
  if (record.category === "audit_events") return toAuditEvent(d as unknown as AuditEntry) as FhirResource;
  if (record.category === "profile") {
    return compact({
      resourceType: "Person",
      id,
      identifier: [{ system: SYSTEMS.userId, value: subjectId }],
      active: d.deletedAt === null,
      name: typeof d.fullName === "string" ? [{ text: d.fullName }] : undefined,
      telecom: typeof d.email === "string" ? [{ system: "email", value: d.email }] : undefined,
      managingOrganization: organizationRef(record.organizationId),
      extension: [recordExtension(d)],
    }) as FhirResource;
  }
  if (record.category === "phi_access") {
    const asPatient = d.subjectRole === "patient";
    return compact({
      resourceType: "AuditEvent",
      id,
      type: dcm("110110", "Patient Record"),
      action: PHI_ACTIONS[String(d.operation)] ?? "R",
      recorded: record.at,
      outcome: "0",
      agent: [{
        who: asPatient ? thirdParty(d.actor) : subject,
        role: [{ text: String(d.actorRole ?? "") }],
        requestor: true,
      }],
      source: { site: record.organizationId ?? undefined, observer: { display: String(d.table ?? "") } },
      entity: [{
        what: asPatient ? subject : thirdParty(d.patient),
        type: { system: SYSTEMS.entityType, code: "1", display: "Person" },
        role: { system: "http://terminology.hl7.org/CodeSystem/object-role", code: "1", display: "Patient" },
        detail: d.recordId === undefined
          ? undefined
          : [{ type: "record_id", valueString: String(d.recordId) }],
      }],
    }) as FhirResource;
  }
  if (record.category === "audit_events_about") {
    // Typed as audit-query types the event itself; the actor is the agent, the subject what it was about.
    const mapping = actionMapping(String(d.action));
    return compact({
      resourceType: "AuditEvent",
      id,
      type: mapping.type,
      subtype: [
        ...(mapping.subtype ? [mapping.subtype] : []),
        { system: SYSTEMS.action, code: String(d.action), display: String(d.action) },
        { system: GDPR_SYSTEMS.category, code: record.category },
      ],
      action: mapping.action,
      recorded: record.at,
      outcome: OUTCOME_CODES[String(d.outcome)] ?? "8",
      agent: [{
        who: thirdParty(d.actor),
        role: typeof d.actorRole === "string" ? [{ text: d.actorRole }] : undefined,
        requestor: true,
      }],
      source: { site: record.organizationId ?? undefined, observer: { display: "medic-bot-edge" } },
      entity: [{
        what: subject,
        type: { system: SYSTEMS.entityType, code: "1", display: "Person" },
        detail: [{ type: "record", valueString: JSON.stringify(d) }],
      }],
    }) as FhirResource;
  }
  const kind = AUDIT_KINDS[record.category];
  if (kind) {
    return compact({
      resourceType: "AuditEvent",
      id,
      type: kind.type,
      subtype: [
        ...(kind.subtype ? [kind.subtype] : []),
        { system: GDPR_SYSTEMS.category, code: record.category },
      ],
      action: kind.action,
      recorded: record.at,
      outcome: "0",
      agent: [{ who: subject, requestor: true }],
      source: {
        site: record.organizationId ?? undefined,
        observer: { display: "medic-bot-edge" },
      },
      entity: [{ detail: [{ type: "record", valueString: JSON.stringify(d) }] }],
    }) as FhirResource;
  }
  return compact({
    resourceType: "Basic",
    id,
    code: { coding: [{ system: GDPR_SYSTEMS.category, code: record.category }] },
    subject,
    created: record.at?.slice(0, 10),
    extension: [recordExtension(d)],
  }) as FhirResource;
}

function recordExtension(data: Record<string, unknown>) {
  return { url: GDPR_SYSTEMS.record, valueString: JSON.stringify(data) };
}

function organizationRef(organizationId: string | null) {
  return organizationId
    ? { identifier: { system: GDPR_SYSTEMS.organization, value: organizationId } }
    : undefined;
}

function thirdParty(pseudonym: unknown) {
  return typeof pseudonym === "string"
    ? { identifier: { system: GDPR_SYSTEMS.thirdParty, value: pseudonym } }
    : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record's own uuid, else one derived from category and id (RFC 9562 version 8 layout). */
async function resourceId(record: SubjectRecord): Promise<string> {
  if (UUID.test(record.id)) return record.id.toLowerCase();
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${record.category}\n${record.id}`)),
  ).slice(0, 16);
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = toHex(digest);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
