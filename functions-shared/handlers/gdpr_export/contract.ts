/**
 * gdpr-export's published contract (core/contract.ts): a data subject's export in four formats, the
 * erasure and the audited reveal of an encrypted pseudonym. The request schemas are schemas.ts's (the
 * same objects the function validates with); the answers are described here from what the code and the
 * SQL write (export_subject.ts, formats.ts, fhir_records.ts, erase_subject.ts, reveal.ts;
 * gdpr.export_plan, gdpr.subject_records and gdpr.erase_subject in supabase/migrations). Schemas and
 * words only: apps bundle this file.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "../../core/audit_vocabulary.ts";
import { Constants } from "../../core/database.types.ts";
import { USER_ROLES } from "../../core/identity.ts";
import { PSEUDONYM_STRATEGIES } from "./pseudonymise.ts";
import { eraseBodySchema, ERASURE_REASONS, exportQuerySchema, revealBodySchema } from "./schemas.ts";

// ── building blocks ─────────────────────────────────────────────────────────────────────────────

/** A uuid as Postgres prints it (any version: ids and pseudonyms come from the database). */
const uuid = z.guid();
/** gdpr.iso(): UTC to the microsecond, as Postgres keeps it, e.g. 2026-11-22T10:15:00.123456Z. */
const timestamp = z.iso.datetime({ precision: 6 }).describe("ISO 8601, UTC, microseconds");
/** The export's own clock (Date.toISOString): 2026-11-22T10:15:00.123Z. */
const generatedAt = z.iso.datetime({ precision: 3 }).describe("ISO 8601, UTC, milliseconds");
const count = z.number().int().nonnegative();
const digits = z.string().regex(/^\d+$/).describe("the row's numeric id, as text");
const role = z.enum(USER_ROLES);
const dataClassification = z.enum(Constants.public.Enums.data_classification);
const severity = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
const jsonObject = z.record(z.string(), z.unknown());

/** Another person's identifier as the request's strategy wrote it (pseudonymise.ts). */
const thirdPartyPseudonym = z.string().regex(/^(h1\.[0-9a-f]{64}|t1\.[A-Za-z0-9_-]+|e1\.[A-Za-z0-9_-]+)$/)
  .describe(
    "another person's identifier, pseudonymised: h1.<hmac> (hash: stable across exports), t1.<random> " +
      "(token: consistent within this export only) or e1.<sealed> (encryption: POST /reveal opens it)",
  );

/** What gdpr.subject_records gives, by category; `data` is the record (camelCase). */
export const SUBJECT_RECORD_CATEGORIES = [
  "profile",
  "audit_events",
  "audit_events_about",
  "phi_access",
  "sessions",
  "protocol_access",
  "ai_audit",
  "rate_limit_violations",
  "security_events",
  "mfa_enrollments",
  "mfa_challenges",
  "mfa_backup_codes",
  "mfa_backup_code_sets",
  "alerts_handled",
  "alerts_about",
  "performance_metrics",
  "web_vitals",
] as const;

function subjectRecord<const C extends typeof SUBJECT_RECORD_CATEGORIES[number], D extends z.ZodType>(
  category: C,
  id: z.ZodType,
  data: D,
  at: z.ZodType = timestamp,
) {
  return z.strictObject({
    category: z.literal(category),
    id,
    at: at.describe("when the record happened or was made"),
    organizationId: uuid.nullable(),
    data,
  });
}

const profile = subjectRecord(
  "profile",
  uuid,
  z.strictObject({
    userId: uuid,
    email: z.string(),
    badgeNumber: z.string().nullable(),
    fullName: z.string().nullable(),
    role,
    station: z.string().nullable(),
    department: z.string().nullable(),
    organizationId: uuid.nullable(),
    lastLoginAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: timestamp.nullable(),
  }),
);

const auditEvent = subjectRecord(
  "audit_events",
  uuid,
  z.strictObject({
    seq: z.number().int(),
    eventId: uuid,
    timestamp,
    organizationId: uuid.nullable(),
    userId: uuid.describe("the subject"),
    actorPseudonym: uuid,
    userRole: role.nullable(),
    sessionId: z.string().nullable(),
    action: z.enum(AUDIT_ACTIONS),
    resource: z.string(),
    outcome: z.enum(AUDIT_OUTCOMES),
    metadata: jsonObject.describe(
      "the event's metadata; a subject_pseudonym naming someone else is pseudonymised by the request's strategy",
    ),
    ipAddress: z.string().nullable(),
    ipPseudonym: uuid.nullable(),
    userAgent: z.string().nullable(),
    errorMessage: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    correlationId: z.string().nullable(),
    dataClassification,
    eventVersion: z.number().int(),
    createdAt: timestamp,
  }).describe("an audit event where the subject is the actor, in audit-query's entry shape"),
);

const auditEventAbout = subjectRecord(
  "audit_events_about",
  uuid,
  z.strictObject({
    seq: z.number().int(),
    eventId: uuid,
    timestamp,
    organizationId: uuid.nullable(),
    actorRole: role.nullable().describe("the role of whoever acted"),
    actor: thirdPartyPseudonym.optional().describe("who acted; absent: the system (a trigger, a job)"),
    action: z.enum(AUDIT_ACTIONS),
    resource: z.string(),
    outcome: z.enum(AUDIT_OUTCOMES),
    metadata: jsonObject.describe("the event's metadata; its subject_pseudonym is the subject's own"),
    dataClassification,
    createdAt: timestamp,
  }).describe(
    "an audit event someone else wrote about the subject (metadata.subject_pseudonym): a change of their " +
      "role or organization, a read of their audit trail, an export of their data; never the actor's " +
      "session, address or agent",
  ),
);

const phiAccess = subjectRecord(
  "phi_access",
  digits,
  z.strictObject({
    occurredAt: timestamp,
    subjectRole: z.enum(["patient", "actor"]).describe(
      "patient: someone touched the subject's record; actor: the subject touched someone's",
    ),
    table: z.string(),
    operation: z.enum(["INSERT", "UPDATE", "DELETE"]),
    actorRole: z.string().describe("database role / end-user role, e.g. authenticated/paramedic"),
    organizationId: uuid.nullable(),
    actor: thirdPartyPseudonym.optional().describe("who touched the subject's record (subjectRole patient)"),
    patient: thirdPartyPseudonym.optional().describe("whose record the subject touched (subjectRole actor)"),
    recordId: thirdPartyPseudonym.optional().describe("that record's id (subjectRole actor)"),
  }),
);

const session = subjectRecord(
  "sessions",
  uuid,
  z.strictObject({
    sessionId: uuid,
    userRole: role,
    startedAt: timestamp,
    lastActivityAt: timestamp,
    endedAt: timestamp.nullable(),
    endReason: z.enum(["logout", "timeout_idle", "timeout_max_duration", "revoked"]).nullable(),
    organizationId: uuid.nullable(),
  }),
);

const protocolAccess = subjectRecord(
  "protocol_access",
  uuid,
  z.strictObject({
    accessId: uuid,
    createdAt: timestamp,
    sessionId: z.string().nullable(),
    userRole: role.nullable(),
    query: z.string().describe("the search as stored: scrubbed, never the raw text"),
    queryLength: count,
    pediatric: z.boolean().nullable(),
    category: z.string().nullable(),
    kbVersion: z.number().int().nullable(),
    resultCount: count,
    results: z.array(z.unknown()).describe(
      "as recorded; protocol-search writes { protocolNumber, rank, score } per hit",
    ),
    wasHelpful: z.boolean().nullable(),
    feedbackAt: timestamp.nullable(),
    organizationId: uuid.nullable(),
  }),
);

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const aiAudit = subjectRecord(
  "ai_audit",
  uuid,
  z.strictObject({
    messageId: uuid,
    timestamp,
    sessionId: z.string().nullable(),
    userRole: role.nullable(),
    model: z.string().nullable().describe("the model asked; null when none was (offline, declined)"),
    promptVersion: z.string(),
    mode: z.enum(["model", "retrieval-only"]),
    outcome: z.enum(["answered", "fallback", "offline", "declined", "aborted", "error"]),
    errorKind: z.enum(["throttling", "validation", "access_denied", "timeout", "unavailable", "aborted"])
      .nullable(),
    retrievedProtocols: z.array(z.string()),
    questionLength: count.nullable(),
    questionSha256: sha256.nullable(),
    answerLength: count.nullable(),
    answerSha256: sha256.nullable(),
    tokens: z.strictObject({ prompt: count, completion: count, total: count }),
    costUsd: z.number().nullable(),
    latencyMs: count.nullable(),
    correlationId: z.string().nullable(),
    organizationId: uuid.nullable(),
  }).describe("one chat answer's trail: lengths and hashes, never the question or answer text"),
);

const rateLimitViolation = subjectRecord(
  "rate_limit_violations",
  z.string().describe("the limiter's identifier, user:<id>"),
  z.strictObject({
    identifier: z.string(),
    lastClass: z.string(),
    ipAddress: z.string().nullable(),
    violationCount: count,
    firstViolationAt: timestamp,
    lastViolationAt: timestamp,
    reputation: z.number().int().min(0).max(100),
    bannedUntil: timestamp.nullable(),
    banCount: count,
    organizationId: uuid.nullable(),
  }),
);

const securityEvent = subjectRecord(
  "security_events",
  digits,
  z.strictObject({
    occurredAt: timestamp,
    eventType: z.string(),
    severity,
    correlationId: z.string().nullable(),
    details: jsonObject,
    organizationId: uuid.nullable(),
  }),
);

const mfaEnrollment = subjectRecord(
  "mfa_enrollments",
  digits,
  z.strictObject({
    method: z.enum(["totp", "webauthn", "sms"]),
    status: z.enum(["pending", "active", "disabled"]),
    enrolledAt: timestamp,
    verifiedAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    disabledAt: timestamp.nullable(),
    organizationId: uuid.nullable(),
  }),
);

const mfaChallenge = subjectRecord(
  "mfa_challenges",
  digits,
  z.strictObject({
    method: z.enum(["totp", "webauthn", "sms", "backup_code"]),
    result: z.enum(["success", "failure"]),
    challengedAt: timestamp,
    organizationId: uuid.nullable(),
  }),
);

const mfaBackupCode = subjectRecord(
  "mfa_backup_codes",
  digits,
  z.strictObject({ createdAt: timestamp, usedAt: timestamp.nullable(), organizationId: uuid.nullable() })
    .describe("when a backup code was made and used; never the code or its hash"),
);

const mfaBackupCodeSet = subjectRecord(
  "mfa_backup_code_sets",
  digits,
  z.strictObject({
    generatedAt: timestamp,
    replacedAt: timestamp.nullable().describe("when a newer set replaced it; null: the current set"),
    codesUsed: count,
    lastUsedAt: timestamp.nullable(),
    codesLeft: count.describe("unused codes (a replaced set's were deleted when it was replaced)"),
  }).describe("a set of backup codes the subject made; never a code or its hash"),
);

const alertHandled = subjectRecord(
  "alerts_handled",
  digits,
  z.strictObject({
    alertId: z.number().int(),
    severity,
    type: z.enum(["SECURITY", "COMPLIANCE", "PERFORMANCE", "SYSTEM"]),
    title: z.string(),
    source: z.string(),
    createdAt: timestamp,
    acknowledgedAt: timestamp.optional(),
    acknowledgementNotes: z.string().optional(),
    resolvedAt: timestamp.optional(),
    resolutionNotes: z.string().optional(),
    organizationId: uuid.optional(),
  }).describe(
    "an alert the subject acknowledged or resolved: what they did and wrote (absent: not theirs, or none)",
  ),
  timestamp.nullable(),
);

const alertAbout = subjectRecord(
  "alerts_about",
  digits,
  z.strictObject({
    alertId: z.number().int(),
    severity,
    type: z.enum(["SECURITY", "COMPLIANCE", "PERFORMANCE", "SYSTEM"]),
    title: z.string(),
    description: z.string().optional(),
    source: z.string(),
    status: z.string(),
    metadata: jsonObject,
    occurrences: count,
    createdAt: timestamp,
    lastSeenAt: timestamp,
    acknowledgedAt: timestamp.optional(),
    resolvedAt: timestamp.optional(),
    organizationId: uuid.optional(),
  }).describe(
    "an alert that names the subject (a ban of user:<id>): what it says and when it was handled, not who " +
      "handled it",
  ),
);

const performanceMetric = subjectRecord(
  "performance_metrics",
  digits,
  z.strictObject({
    recordedAt: timestamp,
    metricName: z.string(),
    value: z.number(),
    unit: z.enum(["ms", "bytes", "count", "percent", "score"]),
    page: z.string().nullable(),
    appVersion: z.string().nullable(),
    metadata: jsonObject,
    organizationId: uuid.nullable(),
  }),
);

const webVital = subjectRecord(
  "web_vitals",
  digits,
  z.strictObject({
    recordedAt: timestamp,
    metric: z.enum(["LCP", "FID", "CLS", "FCP", "TTFB"]),
    value: z.number(),
    rating: z.enum(["good", "needs-improvement", "poor"]),
    page: z.string().nullable(),
    navigationType: z.enum([
      "navigate",
      "reload",
      "back-forward",
      "back-forward-cache",
      "prerender",
      "restore",
    ])
      .nullable(),
    appVersion: z.string().nullable(),
    organizationId: uuid.nullable(),
  }),
);

/** One record of the export (a json `records` item, an NDJSON line). */
export const SubjectRecord = z.discriminatedUnion("category", [
  profile,
  auditEvent,
  auditEventAbout,
  phiAccess,
  session,
  protocolAccess,
  aiAudit,
  rateLimitViolation,
  securityEvent,
  mfaEnrollment,
  mfaChallenge,
  mfaBackupCode,
  mfaBackupCodeSet,
  alertHandled,
  alertAbout,
  performanceMetric,
  webVital,
]);

/** What the export says about itself (formats.ts ExportHeader). */
export const ExportHeader = z.strictObject({
  requestId: z.string().describe("this request's id (X-Request-Id); its audit event carries it"),
  generatedAt,
  subject: z.strictObject({
    id: uuid,
    pseudonym: uuid.nullable().describe(
      "the subject's audit pseudonym; null if the audit trail never saw them",
    ),
  }),
  scope: z.enum(["self", "organization", "patient"]).describe(
    "self: one's own records, in every organization; organization: another person's, of the caller's " +
      "organization only; patient: a patient whom other organizations' accounts or records name as well — " +
      "only the caller's organization's PHI accesses to them and its events about them",
  ),
  organizationId: uuid.nullable().describe("the organization whose records are in reach; null: all"),
  pseudonymisation: z.enum(PSEUDONYM_STRATEGIES),
  counts: z.partialRecord(z.enum(SUBJECT_RECORD_CATEGORIES), count).describe(
    "records per category (categories without records are absent)",
  ),
  total: count,
});

export const ExportDocument = z.strictObject({
  export: ExportHeader,
  records: z.array(SubjectRecord).describe("by category, oldest first within a category"),
  total: count.describe("records sent; the audited count and X-Export-Records say the same"),
});

// ── FHIR R4 (the fhir format: fhir_records.ts, core/export/fhir.ts) ────────────────────────────────

const Coding = z.strictObject({ system: z.string(), code: z.string(), display: z.string().optional() });
const Identifier = z.strictObject({ system: z.string(), value: z.string() });
const Reference = z.strictObject({ identifier: Identifier });
const Extension = z.strictObject({
  url: z.string(),
  valueString: z.string().describe("the record's data, as JSON"),
});

const FhirAuditEvent = z.strictObject({
  resourceType: z.literal("AuditEvent"),
  id: uuid,
  type: Coding,
  subtype: z.array(Coding).optional(),
  action: z.enum(["C", "R", "U", "D", "E"]),
  recorded: timestamp,
  outcome: z.enum(["0", "4", "8", "12"]),
  outcomeDesc: z.string().optional(),
  agent: z.array(z.strictObject({
    type: z.strictObject({ coding: z.array(Coding) }).optional(),
    role: z.array(z.strictObject({ coding: z.array(Coding).optional(), text: z.string().optional() }))
      .optional(),
    who: Reference.optional(),
    altId: z.string().optional(),
    requestor: z.boolean(),
    network: z.strictObject({ address: z.string(), type: z.literal("2") }).optional(),
  })),
  source: z.strictObject({
    site: z.string().optional(),
    observer: z.strictObject({ identifier: Identifier.optional(), display: z.string().optional() }),
    type: z.array(Coding).optional(),
  }),
  entity: z.array(z.strictObject({
    what: Reference.optional(),
    type: Coding.optional(),
    role: Coding.optional(),
    query: z.string().optional(),
    detail: z.array(z.strictObject({ type: z.string(), valueString: z.string() })).optional(),
  })),
}).describe("audit events, PHI accesses, protocol searches, AI trail entries, security events");

const FhirPerson = z.strictObject({
  resourceType: z.literal("Person"),
  id: uuid,
  identifier: z.array(Identifier),
  active: z.boolean(),
  name: z.array(z.strictObject({ text: z.string() })).optional(),
  telecom: z.array(z.strictObject({ system: z.literal("email"), value: z.string() })).optional(),
  managingOrganization: Reference.optional(),
  extension: z.array(Extension),
}).describe("the profile");

const FhirBasic = z.strictObject({
  resourceType: z.literal("Basic"),
  id: uuid,
  code: z.strictObject({ coding: z.array(Coding) }),
  subject: Reference,
  created: z.iso.date().optional(),
  extension: z.array(Extension),
}).describe("every other record (sessions, MFA, limiter records, alerts handled or naming them, telemetry)");

/** The fhir format's body: a searchset Bundle, one entry per record. */
export const FhirBundle = z.strictObject({
  resourceType: z.literal("Bundle"),
  id: z.string().describe("the request's id"),
  meta: z.strictObject({ lastUpdated: generatedAt }),
  type: z.literal("searchset"),
  timestamp: generatedAt,
  entry: z.array(z.strictObject({
    fullUrl: z.string().regex(/^urn:uuid:/),
    resource: z.discriminatedUnion("resourceType", [FhirAuditEvent, FhirPerson, FhirBasic]),
    search: z.strictObject({ mode: z.literal("match") }),
  })).min(1).optional().describe("absent when there is no record (FHIR JSON has no empty arrays)"),
  total: count,
});

// ── erasure and reveal ─────────────────────────────────────────────────────────────────────────────

export const ErasureSummary = z.strictObject({
  subjectId: uuid,
  erased: z.literal(true),
  reason: z.enum(ERASURE_REASONS),
  alreadyErased: z.boolean().describe("erased before by this organization: this run swept what came back"),
  deleted: z.strictObject({
    user_sessions: count,
    performance_metrics: count,
    web_vitals: count,
    rate_limit_violations: count,
    rate_limit_tracking: count,
    mfa_backup_codes: count,
    mfa_backup_code_sets: count,
    mfa_challenges: count,
    mfa_enrollments: count,
    users: count,
    auth_users: count,
  }).describe("rows deleted, by table"),
  anonymised: z.strictObject({
    security_events: count,
    rate_limit_violations: count,
    alerts: count,
    protocol_access: count,
  }).describe("rows kept for security and operations that no longer name the subject, by table"),
  linkage: z.partialRecord(z.enum(["user", "session", "ip", "user_agent", "patient"]), count).describe(
    "pseudonym mappings destroyed, by kind: the subject's audit rows no longer resolve to anyone",
  ),
  kept: z.strictObject({ audit_events: count, phi_access: count, ai_audit: count }).describe(
    "audit rows left untouched (the sealed trail still verifies), countable under the pseudonym",
  ),
  sessionsRevoked: count.describe("the subject's sessions ended in Redis: their tokens stop working now"),
});

const Revealed = z.discriminatedUnion("opened", [
  z.strictObject({
    pseudonym: z.string(),
    opened: z.literal(true),
    value: z.string().describe(
      "what the pseudonym stands for: an audit pseudonym (uuid) or the value itself",
    ),
    original: z.string().nullable().describe(
      "the person's identifier, as far as the caller may see it and the person is not erased",
    ),
  }),
  z.strictObject({
    pseudonym: z.string(),
    opened: z.literal(false).describe("not sealed with this key for the caller's organization"),
    value: z.null(),
    original: z.null(),
  }),
]);

export const RevealResults = z.strictObject({
  results: z.array(Revealed).describe("one per pseudonym asked, in order"),
});

// ── the routes ─────────────────────────────────────────────────────────────────────────────────────

export const gdprExportContract = {
  export: contract({
    method: "GET",
    path: "/",
    query: exportQuerySchema,
    operation: "export",
    summary: "Everything held about a data subject (GDPR access and portability), audited before it leaves",
    description: "One's own records by default: any signed-in person may export themselves. Another person " +
      "(`subject`) needs the gdpr.export.any permission in their organization (organization_role) and a " +
      "sign-in with a second factor (aal2), and gets only that organization's records; a subject of another " +
      "organization is 404 SUBJECT_NOT_FOUND, like an unknown id, and one this organization erased is 410 " +
      "SUBJECT_ERASED. A patient whom this organization's PHI-access log names is its subject too (scope " +
      "patient when other organizations' accounts or records name them as well). Other people's " +
      "identifiers in the records are pseudonymised by `pseudonymise`. The " +
      "body is streamed; every format carries X-Export-Records (the record count, also in the audit event) " +
      'and Content-Disposition: attachment; filename="gdpr-export-<UTC stamp>.<json|csv|ndjson|fhir.json>".',
    access: "user",
    response: {
      description: "The export, in the format asked for; format=json (the default) as application/json",
      json: ExportDocument,
      media: {
        // Keyed by the exact Content-Type the function sends (formats.ts).
        "text/csv; charset=utf-8; header=present": {
          description: "format=csv: RFC 4180 with CRLF line ends and a header row " +
            "category,record_id,occurred_at,organization_id,data — one row per record, data as JSON; cells " +
            "a spreadsheet would run as formulas get a leading apostrophe",
        },
        "application/x-ndjson; charset=utf-8": {
          description: "format=ndjson: one record per line, as the json format's records",
          schema: SubjectRecord,
        },
        "application/fhir+json; charset=utf-8; fhirVersion=4.0": {
          description: "format=fhir: a FHIR R4 searchset Bundle — AuditEvent for audit records, Person for " +
            "the profile, Basic for the rest",
          schema: FhirBundle,
        },
      },
    },
    errors: {
      401: ["UNAUTHENTICATED"],
      403: ["FORBIDDEN", "MFA_REQUIRED"],
      404: ["SUBJECT_NOT_FOUND"],
      410: ["SUBJECT_ERASED"],
      503: ["EXPORT_BUSY"],
    },
  }),
  erase: contract({
    method: "POST",
    path: "/erase",
    body: eraseBodySchema,
    operation: "erase",
    summary: "Erase a data subject (GDPR right to erasure), keeping the audit trail intact",
    description: "For holders of the gdpr.erase permission (organization_role), signed in with a second " +
      "factor (aal2), over subjects of their organization. Deletes the subject's account and personal rows, " +
      "anonymises what security and operations keep, destroys the pseudonym linkage (their audit rows stay " +
      "byte for byte and still verify, but resolve to nobody) and ends their sessions. The erasure and its " +
      "audit event are one transaction. Idempotent: erasing again answers alreadyErased: true. Nobody " +
      "erases themselves (409 SELF_ERASURE); someone who holds or held a privileged role (admin, medical " +
      "director), and a patient whom other organizations' accounts or records name as well, are the " +
      "platform operator's decision (409 PRIVILEGED_SUBJECT, SHARED_SUBJECT).",
    access: "privileged",
    response: { description: "What the erasure did", json: ErasureSummary },
    errors: {
      400: ["VALIDATION_ERROR"],
      401: ["UNAUTHENTICATED"],
      403: ["FORBIDDEN", "MFA_REQUIRED"],
      404: ["SUBJECT_NOT_FOUND"],
      409: ["SELF_ERASURE", "PRIVILEGED_SUBJECT", "SHARED_SUBJECT"],
    },
  }),
  reveal: contract({
    method: "POST",
    path: "/reveal",
    body: revealBodySchema,
    operation: "reveal",
    summary: "Open encrypted pseudonyms (e1.…) from this organization's exports: an audited investigation",
    description: "For holders of the gdpr.reveal permission (organization_role), signed in with a second " +
      "factor (aal2). A pseudonym opens only with the key context of the organization whose export sealed " +
      "it; another's answers opened: false. Audited before the answer leaves, with the reason, the " +
      "reference and the audit pseudonyms revealed — never the originals.",
    access: "privileged",
    response: { description: "Each pseudonym, opened or not", json: RevealResults },
    errors: { 401: ["UNAUTHENTICATED"], 403: ["FORBIDDEN", "MFA_REQUIRED"] },
  }),
} as const;
