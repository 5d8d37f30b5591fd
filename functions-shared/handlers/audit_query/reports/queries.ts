/**
 * The reports' SQL (postgres.js tagged templates, every value a bind parameter). Run inside
 * asAuditReader as the caller: RLS on audit.compliance_reports decides which reports exist at all.
 * Building and checking a report are the database's (20261203001310_compliance_reports.sql).
 */
import type { Tx } from "../../../platform/db.ts";
import type { Report, ReportContent, ReportSummary } from "./contract.ts";

const ISO_MILLIS = `YYYY-MM-DD"T"HH24:MI:SS.MS"Z"`;

function summaryColumns(tx: Tx) {
  return tx`
    r.id, r.organization_id as "organizationId", r.kind,
    to_char(r.period_start at time zone 'UTC', ${ISO_MILLIS}) as "periodStart",
    to_char(r.period_end at time zone 'UTC', ${ISO_MILLIS}) as "periodEnd",
    to_char(r.generated_at at time zone 'UTC', ${ISO_MILLIS}) as "generatedAt",
    encode(r.report_hash, 'hex') as "reportHash"`;
}

export interface ReportListCriteria {
  readonly kind?: ReportSummary["kind"];
  readonly before?: string;
  /** Only reports ordered after this one (a cursor's): keyset on (period_start, chain_seq). */
  readonly afterId?: string;
  readonly limit: number;
}

/**
 * One page of reports, newest period first, then newest built first; fetches `limit + 1` to know whether
 * there is more. With `afterId`, the reports after that one, whose position the database looks up (a
 * report the caller cannot see, or none has that id: `known` false, and no row).
 */
export async function listReports(
  tx: Tx,
  criteria: ReportListCriteria,
): Promise<{ reports: ReportSummary[]; hasMore: boolean; known: boolean }> {
  const after = criteria.afterId;
  const [rows, [{ known }]] = await Promise.all([
    tx<ReportSummary[]>`
      select ${summaryColumns(tx)} from audit.compliance_reports r
      where true
        ${criteria.kind ? tx`and r.kind = ${criteria.kind}` : tx``}
        ${criteria.before ? tx`and r.period_start < ${criteria.before}::timestamptz` : tx``}
        ${
      after
        ? tx`and (r.period_start, r.chain_seq) < (select c.period_start, c.chain_seq
            from audit.compliance_reports c where c.id = ${after}::uuid)`
        : tx``
    }
      order by r.period_start desc, r.chain_seq desc
      limit ${criteria.limit + 1}`,
    after
      ? tx<{ known: boolean }[]>`
        select exists (select 1 from audit.compliance_reports c where c.id = ${after}::uuid) as known`
      : Promise.resolve([{ known: true }]),
  ]);
  return { reports: rows.slice(0, criteria.limit), hasMore: rows.length > criteria.limit, known };
}

/**
 * The report with its integrity as the database checks it now; null when the caller may not see it.
 * Both statements go in one round trip: the check answers no row for a report the caller cannot see.
 */
export async function readReport(tx: Tx, id: string): Promise<Report | null> {
  const [[row], [integrity]] = await Promise.all([
    tx<(Omit<Report, "integrity" | "content"> & { content: ReportContent })[]>`
      select ${summaryColumns(tx)}, r.format_version as "formatVersion",
        encode(r.prev_hash, 'hex') as "prevHash", r.content
      from audit.compliance_reports r where r.id = ${id}`,
    tx<Report["integrity"][]>`
      select ok, hash_matches as "hashMatches", chain_linked as "chainLinked",
        audit_event_matches as "auditEventMatches"
      from audit.compliance_report_integrity(${id}::uuid)`,
  ]);
  return row ? { ...row, integrity } : null;
}

/** Whether the id names a report at all (of any organization). */
export async function reportExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx<{ exists: boolean }[]>`select audit.compliance_report_exists(${id}::uuid) as exists`;
  return row.exists;
}

/** Builds a report of the caller's organization (audit.generate_compliance_report checks the caller). */
export async function generateReport(tx: Tx, period: { from: string; to: string }): Promise<ReportSummary> {
  const [{ id }] = await tx<{ id: string }[]>`
    select id from audit.generate_compliance_report(${period.from}::timestamptz, ${period.to}::timestamptz)`;
  const [summary] = await tx<ReportSummary[]>`
    select ${summaryColumns(tx)} from audit.compliance_reports r where r.id = ${id}`;
  return summary;
}
