/**
 * Compliance reports in audit-query (issue 20): /reports and /reports/:id. The content is built by the
 * database (audit.compliance_report_content, 20261203001310_compliance_reports.sql), camelCase as it
 * stores it; these schemas say exactly what it holds, strict, so a drift fails the typed client.
 *
 * People appear by their audit pseudonym only: a report is immutable and must not resolve to a person
 * once that person is erased.
 */
import { z } from "zod";
import { contract } from "../../../core/contract.ts";
import { AUDIT_ACTIONS } from "../../../core/audit_vocabulary.ts";
import { USER_ROLES } from "../../../core/identity.ts";
import { ORGANIZATION_MISMATCH, ORGANIZATION_REQUIRED, QUERY_TIMEOUT } from "../filters.ts";
import { ALERT_WORDS, REPORT_FORMAT_VERSIONS } from "./formats.ts";
import { INVALID_CURSOR, MAX_CURSOR_LENGTH } from "../cursor.ts";

export const REPORT_NOT_FOUND = "REPORT_NOT_FOUND";
export const REPORT_FORMATS = ["json", "csv", "html"] as const;
export type ReportFormat = typeof REPORT_FORMATS[number];
export const REPORT_KINDS = ["monthly", "on_demand"] as const;
export const MAX_REPORT_LIST = 100;

const OVERSIGHT = "Admins and medical directors of the caller's own organization, signed in with a second " +
  "factor (aal2); anyone else 403 (FORBIDDEN, or MFA_REQUIRED with one factor).";

const count = () => z.number().int().min(0);
const pseudonym = () =>
  z.guid().nullable().describe("the person as the audit trail stores them (null: anonymous)");
/** Timestamps as the database writes them into the content (UTC, with offset). */
const stamp = () => z.iso.datetime({ offset: true });
const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);

const accessRow = z.strictObject({
  actorPseudonym: pseudonym(),
  role: z.string().nullable().describe("the end-user role (audit trail) or database role (PHI log)"),
  action: z.string().describe("an audit action, or phi.<operation>:<table> for the PHI-access log"),
  events: count(),
  failures: count().describe("refused or failed attempts among them"),
});

export const reportContentSchema = z.strictObject({
  organization: z.strictObject({ id: z.guid(), name: z.string() }).nullable(),
  period: z.strictObject({ from: stamp(), to: stamp() }).describe("[from, to), UTC"),
  integrity: z.strictObject({
    ok: z.boolean().describe(
      "audit.verify found nothing wrong over the period's seqs and, in reports that carry anchorsAgree, " +
        "the recorded anchors agree with the seals",
    ),
    firstBadSeq: z.number().int().nullable().describe(
      "audit.verify's first problem; else the first seq of the anchored seal that disagrees",
    ),
    problem: z.string().nullable(),
    anchorsAgree: z.boolean().optional().describe(
      "every seal recorded as anchored (audit.anchors) over the period's seqs, and up to the first anchored " +
        "seal after them, is still in audit.seals with its id, range and hash, and no seal of another id " +
        "overlaps its range (a re-sealed trail fails this). Absent in reports built before migration " +
        "20261206090200, whose ok did not ask the anchors",
    ),
    disagreeingSealId: z.number().int().nullable().optional().describe(
      "the first anchored seal that disagrees (null: none); absent as anchorsAgree is",
    ),
    missingSeqs: count().optional().describe(
      "seqs the seals covering the period's seqs record as missing: rolled-back writes, or rows deleted " +
        "together with their write-ledger entries before the seal (POST /verify names the rows deleted " +
        "without). Absent as anchorsAgree is",
    ),
    fromSeq: z.number().int().nullable().describe("first seq written in the period (null: none)"),
    toSeq: z.number().int().nullable(),
    sealsChecked: count(),
    rowsChecked: count(),
    unsealedRows: count().describe("rows of the period no seal covered yet when the report was built"),
  }).describe("the audit chain over the seqs written in the period (all organizations share one chain)"),
  anchors: z.strictObject({
    seals: count().describe("seals covering the period's seqs"),
    anchored: count().describe("of them, signed and written outside the database"),
    unanchored: count(),
    newestAnchoredSealId: z.number().int().nullable(),
    lastAnchoredAt: stamp().nullable(),
  }),
  activity: z.array(z.strictObject({
    day: z.iso.date(),
    events: count(),
    failures: count(),
    failedSignIns: count(),
  })).describe("every UTC day of the period, the organization's events"),
  authentication: z.strictObject({
    failedSignIns: count().describe("auth.failure and auth.unauthorized, outcome failure"),
    distinctAddresses: count().describe("distinct client-address pseudonyms among them"),
    bans: count().describe("rate_limit.ban events"),
  }),
  auditDataAccess: z.array(
    accessRow.extend({ action: z.enum(AUDIT_ACTIONS), role: z.enum(USER_ROLES).nullable() }),
  )
    .describe("reads of audit data per person and action, most first (at most listLimit rows)"),
  personalDataAccess: z.array(accessRow).describe(
    "exports, reveals and erasures of personal data, and PHI-table accesses, per person and action, most first",
  ),
  releases: z.strictObject({
    auditExports: count(),
    personalDataExports: count(),
    reveals: count(),
    erasures: count(),
    refused: count().describe("attempts of any of these that were refused"),
  }),
  mfa: z.strictObject({
    privilegedUsers: count().describe("admins and medical directors of the organization"),
    required: count(),
    compliant: count(),
    gracePeriod: count(),
    nonCompliant: count(),
    notRequired: count(),
    withFactor: count().describe("with at least one verified factor"),
    asOf: stamp().describe("MFA coverage is the state when the report was built"),
  }),
  retention: z.strictObject({
    runs: count().describe("audit.retention runs (platform-wide)"),
    archivedRows: count(),
    purgedRows: count(),
    aiTrailRuns: count(),
  }),
  deadLetters: z.strictObject({
    alerts: count().describe("audit_dead_letters alerts raised in the period"),
    occurrences: count(),
    mostWaiting: count().describe("the most dead letters an alert reported waiting"),
  }),
  alerts: z.strictObject({
    total: count().describe(
      `the alerts counted (open and bySeverity count the same ones), by formatVersion: 1, ${
        ALERT_WORDS[1].counted
      }; 2, ${ALERT_WORDS[2].counted}`,
    ),
    organization: count(),
    platform: count().describe(
      "alerts without an organization, by formatVersion: 1, every platform-wide alert; 2, the platform's " +
        "COMPLIANCE alerts only (about the audit trail every organization keeps; the platform's other alerts " +
        "are the operator's)",
    ),
    open: count().describe("not resolved yet"),
    bySeverity: z.strictObject({ CRITICAL: count(), HIGH: count(), MEDIUM: count(), LOW: count() }),
  }),
  listLimit: count().describe("the most rows each per-person list holds"),
});
export type ReportContent = z.infer<typeof reportContentSchema>;

const reportSummary = z.strictObject({
  id: z.guid(),
  organizationId: z.guid(),
  kind: z.enum(REPORT_KINDS),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  generatedAt: z.iso.datetime(),
  reportHash: hex64().describe("SHA-256 over the stored report; also in the audit event that produced it"),
});
export type ReportSummary = z.infer<typeof reportSummary>;

const reportSchema = reportSummary.extend({
  formatVersion: z.literal(REPORT_FORMAT_VERSIONS).describe(
    "what the content counts, fixed when the report was built (reports are immutable): 1, alerts.total and " +
      "alerts.platform include every platform-wide alert; 2 (built since migration 20261205114000), only the " +
      "platform's COMPLIANCE alerts, as the organization's admins read them",
  ),
  prevHash: hex64().nullable().describe("the organization's previous report's hash (null: the first)"),
  integrity: z.strictObject({
    ok: z.boolean(),
    hashMatches: z.boolean().describe("the stored report hashes to reportHash"),
    chainLinked: z.boolean().describe("prevHash is the hash of the organization's previous report"),
    auditEventMatches: z.boolean().describe(
      "the report's compliance_report.generate event recorded this hash",
    ),
  }).describe("checked by the database as the report was read"),
  content: reportContentSchema,
});
export type Report = z.infer<typeof reportSchema>;

export const reportListQuerySchema = z.strictObject({
  kind: z.enum(REPORT_KINDS).optional(),
  before: z.iso.datetime({ offset: true }).optional().describe(
    "only reports whose period starts before this. Not a way to page (reports may share a period start, " +
      "and those after the first would be skipped): page with `cursor`",
  ),
  limit: z.coerce.number().int().min(1).max(MAX_REPORT_LIST).default(24),
  cursor: z.string().max(MAX_CURSOR_LENGTH).optional().describe(
    "the previous page's nextCursor, with the same kind and before",
  ),
});
export const reportIdParamSchema = z.strictObject({ id: z.guid() });
export const reportGetQuerySchema = z.strictObject({ format: z.enum(REPORT_FORMATS).default("json") });
export const reportGenerateBodySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).describe("start of the period, inclusive"),
  to: z.iso.datetime({ offset: true }).describe(
    "end of the period, exclusive; at most 366 days after from, not in the future",
  ),
});

export const reportsContract = {
  listReports: contract({
    method: "GET",
    path: "/reports",
    query: reportListQuerySchema,
    operation: "listReports",
    summary: "The organization's compliance reports, newest period first",
    description:
      `${OVERSIGHT} Monthly reports are built by the database's pg_cron job (compliance-reports) for ` +
      "the month before; on-demand ones by POST /reports. Pages are keyset pages: pass `nextCursor` back " +
      "as `cursor` with the same kind and before; a cursor that does not decode, belongs to other filters " +
      "or names no report of the organization is 400 INVALID_CURSOR. Each call is a " +
      "compliance_report.read event.",
    access: "privileged",
    response: {
      description: "Reports (without their content)",
      json: z.strictObject({
        reports: z.array(reportSummary).describe("newest period first; the same period: newest built first"),
        nextCursor: z.string().nullable().describe(
          "pass as `cursor` (with the same kind and before) for the next page; null on the last page",
        ),
      }),
    },
    errors: { 400: [INVALID_CURSOR], 403: [ORGANIZATION_REQUIRED], 503: [QUERY_TIMEOUT] },
  }),
  getReport: contract({
    method: "GET",
    path: "/reports/:id",
    params: reportIdParamSchema,
    query: reportGetQuerySchema,
    operation: "getReport",
    summary: "One compliance report as JSON, CSV or a self-contained HTML page",
    description:
      `${OVERSIGHT} A report of another organization is 403 ORGANIZATION_MISMATCH; an unknown id ` +
      "404 REPORT_NOT_FOUND. The report's integrity (hash, chain, audit event) is checked as it is read. " +
      "The HTML page has no external assets (inline CSS and SVG charts) and prints to PDF from a browser. " +
      "Each read is a compliance_report.read event, written before the report leaves.",
    access: "privileged",
    response: {
      description: "The report, as `format` asks",
      json: reportSchema,
      media: {
        "text/csv; charset=utf-8; header=present": {
          description: "format=csv: one line per figure: section, name, subject, role, value",
        },
        "text/html; charset=utf-8": {
          description: "format=html: a self-contained page (inline CSS, inline SVG charts, no scripts)",
        },
      },
    },
    errors: {
      403: [ORGANIZATION_MISMATCH, ORGANIZATION_REQUIRED],
      404: [REPORT_NOT_FOUND],
      503: [QUERY_TIMEOUT],
    },
  }),
  generateReport: contract({
    method: "POST",
    path: "/reports",
    body: reportGenerateBodySchema,
    operation: "generateReport",
    summary: "Build a compliance report for any past period, now",
    description:
      `${OVERSIGHT} For the caller's own organization. The period ends after it starts, spans at ` +
      "most 366 days and ends by now (else 400 VALIDATION_ERROR naming the field). The report is stored, " +
      "hashed and chained; its compliance_report.generate event (with the id and hash) is written in the " +
      "same transaction.",
    access: "privileged",
    response: { status: 201, description: "The report built", json: reportSummary },
    errors: { 403: [ORGANIZATION_REQUIRED], 503: [QUERY_TIMEOUT] },
  }),
} as const;
