/**
 * audit-query's published contract (core/contract.ts): one entry per route, keyed by the typed client's
 * call name. Request schemas are the ones the function validates with (filters.ts); response schemas
 * say exactly what handlers.ts sends (read from queries.ts, export.ts, anchor_check.ts and the SQL they
 * call), every object strict, so an undocumented field fails the client's `validate: true`.
 *
 * Who may call: admins and medical directors of the caller's own organization, signed in with a second
 * factor (aal2); /verify is for admins only. Row-level security in Postgres decides the
 * rows; a filter never widens them.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "../../core/audit_vocabulary.ts";
import { Constants } from "../../core/database.types.ts";
import { USER_ROLES } from "../../core/identity.ts";
import { INVALID_CURSOR } from "./cursor.ts";
import {
  dailyStatsQuerySchema,
  EXPORT_INTERRUPTED,
  exportQuerySchema,
  failedAuthQuerySchema,
  listQuerySchema,
  MAX_STATS_DAYS,
  ORGANIZATION_MISMATCH,
  ORGANIZATION_REQUIRED,
  QUERY_TIMEOUT,
  TRAIL_WINDOW_HOURS,
  userIdParamSchema,
  verifyBodySchema,
  windowQuerySchema,
} from "./filters.ts";
import { reportsContract } from "./reports/contract.ts";
import { usageContract } from "./usage_contract.ts";

const OVERSIGHT = "Admins and medical directors of the caller's own organization, signed in with a second " +
  "factor (aal2); anyone else 403 (FORBIDDEN, or MFA_REQUIRED with one factor).";

// ---------------------------------------------------------------------------------------------------
// Building blocks

/** A uuid as Postgres prints it (any version: ids and pseudonyms come from the database). */
const uuid = () => z.guid();
/** UTC, to the microsecond, as Postgres keeps it: 2026-11-21T10:00:00.123456Z. */
const micros = () => z.iso.datetime({ precision: 6 });
/** UTC, to the millisecond (the window the query ran over): 2026-11-21T10:00:00.000Z. */
const millis = () => z.iso.datetime({ precision: 3 });
const count = () => z.number().int().min(0);
/** A duration figure in milliseconds; null when no event in the group had a duration. */
const durationMs = (what: string) =>
  z.number().nullable().describe(`${what}, milliseconds (null: no durations)`);

const window = z.strictObject({
  from: millis().describe("start of the window, inclusive"),
  to: millis().describe("end of the window"),
}).describe("The time window the query ran over (defaults applied)");

/** One audit_logs row as the API returns it (core/audit_vocabulary.ts AuditEntry). */
const auditEntrySchema = z.strictObject({
  seq: z.number().int().min(1).describe("position in the tamper-evident chain; unique"),
  eventId: uuid(),
  timestamp: micros().describe("when the event happened"),
  organizationId: uuid().nullable(),
  userId: z.string().nullable().describe(
    "the acting user's id, resolved from actorPseudonym; null for anonymous callers and once the user is erased",
  ),
  actorPseudonym: uuid().nullable().describe("the user as the trail stores them; stays after erasure"),
  userRole: z.enum(USER_ROLES).nullable(),
  sessionId: z.string().nullable().describe("resolved session id; null when none or erased"),
  action: z.enum(AUDIT_ACTIONS),
  resource: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  metadata: z.record(z.string(), z.unknown()).describe(
    "the event's own details (identifiers, counts, filters)",
  ),
  ipAddress: z.string().nullable().describe("resolved client address; null when none or erased"),
  ipPseudonym: uuid().nullable(),
  userAgent: z.string().nullable().describe("resolved user agent; null when none or erased"),
  errorMessage: z.string().nullable(),
  durationMs: z.number().int().min(0).nullable(),
  correlationId: z.string().nullable().describe("the request id of the call that wrote the event"),
  dataClassification: z.enum(Constants.public.Enums.data_classification),
  eventVersion: z.number().int(),
  createdAt: micros().describe("when the row was written"),
});

const listResponse = z.strictObject({
  entries: z.array(auditEntrySchema).describe("newest first (timestamp, then seq)"),
  nextCursor: z.string().nullable().describe(
    "pass as `cursor` (with the same filters) for the next page; null on the last page",
  ),
  window: window.describe("the window of the first page, which later pages keep"),
  total: z.strictObject({
    value: count(),
    kind: z.enum(["exact", "estimated"]).describe("estimated: the planner's row estimate, instant"),
  }).optional().describe("present when total=exact or total=estimated was asked"),
});

const eventCount = z.strictObject({
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  events: count(),
  distinctUsers: count().describe("distinct actors (pseudonyms); anonymous events count as none"),
  avgDurationMs: durationMs("mean duration, rounded to 2 decimals"),
  p95DurationMs: durationMs("95th percentile duration (interpolated)"),
});

const failedAuthRow = z.strictObject({
  ipPseudonym: uuid().nullable().describe("one pseudonym of the address (null: no address recorded)"),
  ipAddress: z.string().nullable().describe("the client address; null when erased or not recorded"),
  attempts: count(),
  distinctUsers: count().describe("distinct users (pseudonyms) the failures named"),
  firstAttempt: micros(),
  lastAttempt: micros(),
});

const dailyRow = z.strictObject({
  day: z.iso.date().describe("UTC day"),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  events: count(),
  avgDurationMs: durationMs("mean duration, rounded to 2 decimals"),
  p50DurationMs: durationMs("median duration"),
  p95DurationMs: durationMs("95th percentile duration"),
  p99DurationMs: durationMs("99th percentile duration"),
});

const tokens = z.strictObject({ prompt: count(), completion: count(), total: count() });
const usd = z.strictObject({ prompt: z.number(), completion: z.number(), total: z.number() })
  .describe("USD at list price (ai_model_prices); unpriced messages count as 0");

/** audit.get_ai_cost_analytics, as the database builds it (snake_case). */
const aiCostsSchema = z.strictObject({
  organization_id: uuid(),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  currency: z.literal("USD"),
  totals: z.strictObject({
    messages: count(),
    model_messages: count().describe("answered by a model"),
    retrieval_only_messages: count().describe("answered from retrieval alone (no model)"),
    unpriced_messages: count().describe("used tokens of a model without a price row: not in the cost"),
    tokens,
    cost: usd,
  }),
  days: z.array(z.strictObject({ day: z.iso.date(), messages: count(), tokens, cost: usd }))
    .describe("every UTC day of the window, days without messages included"),
  by_model: z.array(z.strictObject({
    model: z.string().describe("the Bedrock model id; `none` when no model was asked"),
    messages: count(),
    tokens,
    cost: usd,
  })).describe("ordered by model"),
});

const MFA_COMPLIANCE = ["compliant", "grace_period", "non_compliant", "not_required"] as const;

const mfaRow = z.strictObject({
  userId: uuid(),
  role: z.enum(USER_ROLES),
  mfaRequired: z.boolean().describe("the role's MFA policy requires a second factor"),
  activeMethods: z.array(z.string()).describe(
    "verified factor types in Supabase Auth (totp, phone, webauthn)",
  ),
  backupCodesLeft: count(),
  enrollBy: micros().describe("end of the grace period to enrol a factor"),
  lastSuccessfulChallenge: micros().nullable(),
  compliance: z.enum(MFA_COMPLIANCE),
});

/** How many missing seqs /verify lists (the count is always whole). */
export const MISSING_SEQS_LISTED = 100;

const latestSeal = z.strictObject({
  sealId: z.number().int(),
  toSeq: z.number().int().describe("last seq the seal covers"),
  sealHash: z.string().regex(/^[0-9a-f]{64}$/).describe("hex SHA-256: keep it outside the database"),
  sealedAt: micros(),
});

const anchorCheck = z.strictObject({
  ok: z.boolean(),
  anchors: count().describe(
    "anchored seals compared: those the database recorded as anchored and any other anchor in Storage",
  ),
  recorded: count().describe(
    "of them, recorded as anchored in the database (audit.anchors): each must still have its object",
  ),
  newestAnchoredSealId: z.number().int().nullable(),
  firstDivergence: z.strictObject({
    sealId: z.number().int().describe("the seal whose anchor or seal no longer agrees"),
    fromSeq: z.number().int().describe("its first seq (0 when its object is unreadable and unrecorded)"),
    toSeq: z.number().int(),
    problem: z.string().describe(
      "for people: anchor missing from Storage, anchor unreadable, anchor not signed by the seal key, " +
        "anchor differs from what the database recorded, the anchored seal is gone (trail re-sealed), " +
        "seal differs from its anchor (trail rewritten)",
    ),
  }).nullable(),
  unavailable: z.string().optional().describe(
    "set when Storage or the anchors' record could not be read: nothing was compared",
  ),
}).describe(
  "the seals recorded as anchored against their signed objects in Storage and the seals now; " +
    "a seal not anchored yet is no failure",
);

const verifyResponse = z.strictObject({
  ok: z.boolean().describe("the chain and its anchors are intact over the range"),
  firstBadSeq: z.number().int().nullable().describe("the first seq that no longer matches; null when ok"),
  problem: z.string().nullable().describe(
    "for people, e.g. row modified, row deleted, row inserted, seal altered, seal chain broken, or an " +
      "anchor's problem; null when ok",
  ),
  sealsChecked: count(),
  rowsChecked: count(),
  range: z.strictObject({ fromSeq: z.number().int().nullable(), toSeq: z.number().int().nullable() })
    .describe("the range asked for; null: open end"),
  missingSeqs: z.strictObject({
    count: count().describe("how many seqs of the range its seals record as missing"),
    seals: count().describe("how many seals record them"),
    first: z.array(z.strictObject({
      seq: z.number().int().min(1),
      sealId: z.number().int().describe("the seal that records the seq as missing"),
    })).max(MISSING_SEQS_LISTED).describe(
      `the lowest ${MISSING_SEQS_LISTED}, ascending (count says how many there are in all)`,
    ),
  }).describe(
    "seqs in the range that no committed row held when their seal was built: a rolled-back write's, or a row " +
      "deleted with its write-ledger entry before the seal. audit.verify accepts them (it fails a gap the " +
      "write ledger says was written): information for the auditor, not part of ok",
  ),
  latestSeal: latestSeal.nullable().describe("the newest seal (null: nothing sealed yet)"),
  anchors: anchorCheck.nullable().describe("null when anchoring is not configured for this deployment"),
});

// FHIR R4 (core/export/fhir.ts): JSON without nulls or empty values, so absent fields are left out.
const coding = z.strictObject({ system: z.string(), code: z.string(), display: z.string().optional() });
const identifier = z.strictObject({ system: z.string(), value: z.string() });

const fhirAuditEventSchema = z.strictObject({
  resourceType: z.literal("AuditEvent"),
  id: z.string().describe("the event's eventId"),
  type: coding,
  subtype: z.array(coding).min(1).describe("always includes our own action code"),
  action: z.enum(["C", "R", "U", "D", "E"]),
  recorded: micros(),
  outcome: z.enum(["0", "4", "8", "12"]).describe("0 success, 4 partial, 8 failure"),
  outcomeDesc: z.string().optional(),
  agent: z.array(z.strictObject({
    type: z.strictObject({ coding: z.array(coding) }).optional(),
    role: z.array(z.strictObject({ coding: z.array(coding), text: z.string() })).optional(),
    who: z.strictObject({ identifier }).optional().describe("the user id, or the pseudonym once erased"),
    altId: z.string().optional(),
    requestor: z.literal(true),
    network: z.strictObject({ address: z.string(), type: z.literal("2") }).optional(),
  })).length(1),
  source: z.strictObject({
    site: z.string().optional().describe("the organization id"),
    observer: z.strictObject({ identifier, display: z.string() }),
    type: z.array(coding),
  }),
  entity: z.array(z.strictObject({
    what: z.strictObject({ identifier }),
    type: coding,
    query: z.string().optional().describe("base64 of the filters, for audit queries and searches"),
    detail: z.array(z.strictObject({ type: z.string(), valueString: z.string() })).optional(),
  })).length(1),
});

const fhirBundleSchema = z.strictObject({
  resourceType: z.literal("Bundle"),
  id: z.string().describe("the request id"),
  meta: z.strictObject({ lastUpdated: millis() }),
  type: z.literal("searchset"),
  timestamp: millis(),
  entry: z.array(z.strictObject({
    fullUrl: z.string(),
    resource: fhirAuditEventSchema,
    search: z.strictObject({ mode: z.literal("match") }),
  })).optional().describe("absent when nothing matched"),
  total: count(),
});

// ---------------------------------------------------------------------------------------------------
// The routes

const listDescription =
  "Filters narrow, they never authorise: naming another organization is 403 ORGANIZATION_MISMATCH. " +
  "Repeat `action`/`outcome` (or separate with commas) to match any of several. `metadata` is a JSON " +
  "object matched by containment. Pages are keyset pages: pass `nextCursor` back as `cursor` with the " +
  "same filters; a cursor that does not decode or belongs to other filters is 400 INVALID_CURSOR. " +
  "Each call writes its own audit.query event before any row leaves.";

export const auditQueryContract = {
  ...usageContract, // usage_contract.ts: /protocol-usage, /ai-trail/:messageId
  list: contract({
    method: "GET",
    path: "/",
    query: listQuerySchema(),
    operation: "list",
    summary: "Audit events of the caller's organization, filtered, newest first, in keyset pages",
    description: `${OVERSIGHT} Default window: the last 24 hours. ${listDescription}`,
    access: "privileged",
    response: { description: "One page of audit events", json: listResponse },
    errors: { 400: [INVALID_CURSOR], 403: [ORGANIZATION_MISMATCH], 503: [QUERY_TIMEOUT] },
  }),
  userTrail: contract({
    method: "GET",
    path: "/users/:userId/trail",
    params: userIdParamSchema,
    query: listQuerySchema({ userFilter: false, defaultWindowHours: TRAIL_WINDOW_HOURS }),
    operation: "userTrail",
    summary: "One user's audit events (the list, fixed to that user)",
    description: `${OVERSIGHT} userId is a uuid (else 400). Default window: the last 30 days. The subject ` +
      `is recorded in the query's own event by pseudonym, never by id. ${listDescription}`,
    access: "privileged",
    response: { description: "One page of the user's audit events", json: listResponse },
    errors: { 400: [INVALID_CURSOR], 403: [ORGANIZATION_MISMATCH], 503: [QUERY_TIMEOUT] },
  }),
  summary: contract({
    method: "GET",
    path: "/summary",
    query: windowQuerySchema(),
    operation: "summary",
    summary: "Events per action and outcome in a window, with latency",
    description: `${OVERSIGHT} Default window: the last 24 hours.`,
    access: "privileged",
    response: {
      description: "Counts per action and outcome",
      json: z.strictObject({
        window,
        rows: z.array(eventCount).describe("ordered by action, then outcome"),
      }),
    },
    errors: { 503: [QUERY_TIMEOUT] },
  }),
  failedAuth: contract({
    method: "GET",
    path: "/failed-auth",
    query: failedAuthQuerySchema,
    operation: "failedAuth",
    summary: "Failed authentication per client address over the last `hours`",
    description: `${OVERSIGHT} Brute force and token probing: auth.failure and auth.unauthorized events ` +
      "with outcome failure, grouped by client address (by pseudonym where the address cannot be read).",
    access: "privileged",
    response: {
      description: "Failures per client address, most first",
      json: z.strictObject({
        hours: z.number().int().min(1).describe("the window asked for, in hours back from now"),
        rows: z.array(failedAuthRow),
      }),
    },
    errors: { 503: [QUERY_TIMEOUT] },
  }),
  dailyStats: contract({
    method: "GET",
    path: "/stats/daily",
    query: dailyStatsQuerySchema(),
    operation: "dailyStats",
    summary: "Daily statistics per action and outcome (UTC days, inclusive)",
    description: `${OVERSIGHT} Default: the last 30 days; at most 366. Refreshed nightly, so today is not ` +
      "in it yet.",
    access: "privileged",
    response: {
      description: "One row per day, action and outcome",
      json: z.strictObject({
        from: z.iso.date(),
        to: z.iso.date(),
        rows: z.array(dailyRow).describe("newest day first, then action and outcome"),
      }),
    },
    errors: { 503: [QUERY_TIMEOUT] },
  }),
  aiCosts: contract({
    method: "GET",
    path: "/ai-costs",
    query: windowQuerySchema({ maxDays: MAX_STATS_DAYS }),
    operation: "aiCosts",
    summary: "The chat's model cost: totals, per day, per model",
    description: `${OVERSIGHT} From the AI trail of bedrock-ai-chat (no question or answer text). ` +
      "Default window: the last 24 hours; at most 366 days.",
    access: "privileged",
    response: {
      description: "Messages, tokens and cost of the caller's organization",
      json: z.strictObject({ window, costs: aiCostsSchema }),
    },
    errors: { 403: [ORGANIZATION_REQUIRED], 503: [QUERY_TIMEOUT] },
  }),
  mfaCompliance: contract({
    method: "GET",
    path: "/mfa-compliance",
    operation: "mfaCompliance",
    summary: "Who in the organization meets their role's MFA policy",
    description: `${OVERSIGHT} From the factors Supabase Auth keeps (a factor counts once verified). ` +
      "The user directory leaves only through this audited door (audit.query on resource users).",
    access: "privileged",
    response: {
      description: "Counts per compliance state, and one row per user",
      json: z.strictObject({
        counts: z.partialRecord(z.enum(MFA_COMPLIANCE), count()).describe("only states that occur"),
        rows: z.array(mfaRow).describe("ordered by compliance, role, user"),
      }),
    },
    errors: { 503: [QUERY_TIMEOUT] },
  }),
  verify: contract({
    method: "POST",
    path: "/verify",
    body: verifyBodySchema,
    operation: "verify",
    summary: "Tamper check over a seq range, the newest seal, and the signed anchors",
    description: "Admins only: holders of the audit.verify permission of the caller's organization " +
      "(organization_role; its admins by default), signed in with a second factor (aal2). Checks the " +
      "whole chain across organizations and answers only seqs, counts and hashes. Omit fromSeq/toSeq for " +
      "the whole trail. A broken chain is a 200 with ok false. missingSeqs says which seqs of the range " +
      "the seals record as missing (no committed row), whatever ok says.",
    access: "privileged",
    response: { description: "The verdict", json: verifyResponse },
    errors: { 503: [QUERY_TIMEOUT] },
  }),
  export: contract({
    method: "GET",
    path: "/export",
    query: exportQuerySchema(),
    operation: "export",
    summary: "Every matching audit event, streamed as CSV, NDJSON or FHIR",
    description: `${OVERSIGHT} The list's filters (default window: the last 24 hours) without paging: ` +
      "every row, newest first, streamed. `format` chooses the body; Content-Disposition names the file " +
      "(audit-export-<UTC stamp>.<ext>). The audit.export event is written before the first byte.",
    access: "privileged",
    response: {
      description: "The export, as `format` asks",
      media: {
        "text/csv; charset=utf-8; header=present": {
          description: "format=csv: a header line, then one CRLF-ended line per event; columns named as in " +
            "audit.audit_log_entries (seq, event_id, timestamp, …, created_at), metadata last as a JSON cell",
        },
        "application/x-ndjson; charset=utf-8": {
          description: "format=ndjson: one audit event per line, as the list's entries",
          schema: auditEntrySchema,
        },
        "application/fhir+ndjson": {
          description: "format=fhir-ndjson: one FHIR R4 AuditEvent per line (FHIR Bulk Data)",
          schema: fhirAuditEventSchema,
        },
        "application/fhir+json; charset=utf-8; fhirVersion=4.0": {
          description: "format=fhir-bundle: one FHIR R4 searchset Bundle of AuditEvents",
          schema: fhirBundleSchema,
        },
      },
    },
    errors: { 403: [ORGANIZATION_MISMATCH], 503: [QUERY_TIMEOUT, EXPORT_INTERRUPTED] },
  }),
  // Compliance reports (/reports, /reports/:id): their own folder, reports/.
  ...reportsContract,
} as const;
