/**
 * A compliance report as CSV: one line per figure, `section,name,subject,role,value`, so that every
 * section — single figures, per-day series, per-person lists — reads into one spreadsheet table.
 * Cells go through core/export/csv.ts (RFC 4180, formula injection neutralised).
 */
import { csvRow, type CsvValue } from "../../../core/export/csv.ts";
import type { Report } from "./contract.ts";
import { ALERT_WORDS } from "./formats.ts";

const HEADER = ["section", "name", "subject", "role", "value"] as const;

type Line = readonly [section: string, name: string, subject: CsvValue, role: CsvValue, value: CsvValue];

/** The report's figures in the page's order. */
export function reportLines(report: Report): Line[] {
  const c = report.content;
  const lines: Line[] = [
    ["report", "id", null, null, report.id],
    ["report", "organization_id", null, null, report.organizationId],
    ["report", "organization_name", null, null, c.organization?.name ?? null],
    ["report", "kind", null, null, report.kind],
    ["report", "period_start", null, null, report.periodStart],
    ["report", "period_end", null, null, report.periodEnd],
    ["report", "generated_at", null, null, report.generatedAt],
    ["report", "format_version", null, null, report.formatVersion],
    ["report", "report_hash", null, null, report.reportHash],
    ["report", "prev_hash", null, null, report.prevHash],
    ["report", "integrity_ok", null, null, report.integrity.ok],
    ["report", "hash_matches", null, null, report.integrity.hashMatches],
    ["report", "chain_linked", null, null, report.integrity.chainLinked],
    ["report", "audit_event_matches", null, null, report.integrity.auditEventMatches],
  ];
  const figures = (
    section: string,
    record: Readonly<Record<string, unknown>>,
    names: Readonly<Record<string, string>> = {},
  ) => {
    for (const [name, value] of Object.entries(record)) {
      if (value !== null && typeof value === "object") continue;
      lines.push([section, names[name] ?? name, null, null, value as CsvValue]);
    }
  };
  figures("integrity", c.integrity);
  figures("anchors", c.anchors);
  figures("authentication", c.authentication);
  figures("releases", c.releases);
  figures("mfa", c.mfa);
  figures("retention", c.retention);
  figures("dead_letters", c.deadLetters);
  // alerts.platform counted different alerts in each format: its name says which.
  figures("alerts", c.alerts, { platform: ALERT_WORDS[report.formatVersion].platformCsvName });
  for (const [severity, n] of Object.entries(c.alerts.bySeverity)) {
    lines.push(["alerts", "severity", severity, null, n]);
  }
  for (const day of c.activity) {
    lines.push(["activity", "events", day.day, null, day.events]);
    lines.push(["activity", "failures", day.day, null, day.failures]);
    lines.push(["activity", "failed_sign_ins", day.day, null, day.failedSignIns]);
  }
  for (const row of c.auditDataAccess) {
    lines.push(["audit_data_access", row.action, row.actorPseudonym, row.role, row.events]);
  }
  for (const row of c.personalDataAccess) {
    lines.push(["personal_data_access", row.action, row.actorPseudonym, row.role, row.events]);
  }
  return lines;
}

export function reportCsv(report: Report): string {
  return csvRow(HEADER) + reportLines(report).map((line) => csvRow(line)).join("");
}
