/**
 * Export formats: media type, file name and an encoder (head, one piece per entry, tail) for each of
 * csv, ndjson, fhir-ndjson and fhir-bundle. Encoders hold no rows: a million-row export costs what
 * one row costs.
 */
import { csvTable } from "../../core/export/csv.ts";
import type { AuditEntry } from "../../core/audit_vocabulary.ts";
import { bundleWriter, toAuditEvent } from "../../core/export/fhir.ts";
import type { ExportFormat } from "./filters.ts";

export interface ExportEncoder {
  readonly head: string;
  row(entry: AuditEntry): string;
  tail(): string;
}

interface FormatSpec {
  readonly contentType: string;
  readonly extension: string;
  encoder(options: { readonly id: string; readonly timestamp: string }): ExportEncoder;
}

/** CSV columns: the view's names (what an auditor knows from SQL), metadata as JSON, last. */
const CSV = csvTable<AuditEntry>([
  { name: "seq", value: (e) => e.seq },
  { name: "event_id", value: (e) => e.eventId },
  { name: "timestamp", value: (e) => e.timestamp },
  { name: "organization_id", value: (e) => e.organizationId },
  { name: "user_id", value: (e) => e.userId },
  { name: "actor_pseudonym", value: (e) => e.actorPseudonym },
  { name: "user_role", value: (e) => e.userRole },
  { name: "session_id", value: (e) => e.sessionId },
  { name: "action", value: (e) => e.action },
  { name: "resource", value: (e) => e.resource },
  { name: "outcome", value: (e) => e.outcome },
  { name: "ip_address", value: (e) => e.ipAddress },
  { name: "ip_pseudonym", value: (e) => e.ipPseudonym },
  { name: "user_agent", value: (e) => e.userAgent },
  { name: "error_message", value: (e) => e.errorMessage },
  { name: "duration_ms", value: (e) => e.durationMs },
  { name: "correlation_id", value: (e) => e.correlationId },
  { name: "data_classification", value: (e) => e.dataClassification },
  { name: "event_version", value: (e) => e.eventVersion },
  { name: "created_at", value: (e) => e.createdAt },
  { name: "metadata", value: (e) => e.metadata },
]);

const FORMATS: Readonly<Record<ExportFormat, FormatSpec>> = {
  csv: {
    contentType: "text/csv; charset=utf-8; header=present",
    extension: "csv",
    encoder: () => ({ head: CSV.header, row: CSV.row, tail: () => "" }),
  },
  ndjson: {
    contentType: "application/x-ndjson; charset=utf-8",
    extension: "ndjson",
    encoder: () => ({ head: "", row: (entry) => JSON.stringify(entry) + "\n", tail: () => "" }),
  },
  "fhir-ndjson": {
    // FHIR Bulk Data's media type for one resource per line.
    contentType: "application/fhir+ndjson",
    extension: "fhir.ndjson",
    encoder: () => ({ head: "", row: (entry) => JSON.stringify(toAuditEvent(entry)) + "\n", tail: () => "" }),
  },
  "fhir-bundle": {
    contentType: "application/fhir+json; charset=utf-8; fhirVersion=4.0",
    extension: "fhir.json",
    encoder: (options) => {
      const bundle = bundleWriter(options);
      return { head: bundle.head, row: (entry) => bundle.entry(toAuditEvent(entry)), tail: bundle.tail };
    },
  },
};

export function exportFormat(format: ExportFormat): FormatSpec {
  return FORMATS[format];
}

/** audit-export-20261122T101500Z.csv */
export function exportFilename(format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  return `audit-export-${stamp}.${FORMATS[format].extension}`;
}

export function exportHeaders(format: ExportFormat, at: Date): Headers {
  return new Headers({
    "Content-Type": FORMATS[format].contentType,
    "Content-Disposition": `attachment; filename="${exportFilename(format, at)}"`,
  });
}
