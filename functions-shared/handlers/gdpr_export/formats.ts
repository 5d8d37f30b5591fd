/**
 * The export's formats: media type, file name and an encoder (head, one piece per record, tail). Like
 * audit-query's, the encoders hold no records, so an export costs what one record costs.
 *
 *   json     { "export": {…}, "records": [ … ], "total": n }
 *   ndjson   one record per line: { category, id, at, organizationId, data }
 *   csv      category, record_id, occurred_at, organization_id, data (JSON) — RFC 4180, spreadsheet-safe
 *   fhir     a FHIR R4 Bundle (fhir_records.ts): AuditEvent for audit records, Person, Basic
 */
import { csvTable } from "../../core/export/csv.ts";
import { bundleWriter } from "../../core/export/fhir.ts";
import { toFhirResource } from "./fhir_records.ts";
import type { EXPORT_FORMATS } from "./schemas.ts";
import type { SubjectRecord } from "./records.ts";

/** The formats a request may name: declared once, in the contract's schemas (apps import those). */
export type GdprExportFormat = typeof EXPORT_FORMATS[number];

/** What the export says about itself (the json head; the same facts go into its audit event). */
export interface ExportHeader {
  readonly requestId: string;
  readonly generatedAt: string;
  readonly subject: { readonly id: string; readonly pseudonym: string | null };
  readonly scope: string;
  readonly organizationId: string | null;
  readonly pseudonymisation: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

export interface RecordEncoder {
  readonly head: string;
  row(record: SubjectRecord): string | Promise<string>;
  tail(): string;
}

const CSV = csvTable<SubjectRecord>([
  { name: "category", value: (r) => r.category },
  { name: "record_id", value: (r) => r.id },
  { name: "occurred_at", value: (r) => r.at },
  { name: "organization_id", value: (r) => r.organizationId },
  { name: "data", value: (r) => r.data },
]);

const line = (record: SubjectRecord) =>
  JSON.stringify({
    category: record.category,
    id: record.id,
    at: record.at,
    organizationId: record.organizationId,
    data: record.data,
  });

interface FormatSpec {
  readonly contentType: string;
  readonly extension: string;
  encoder(header: ExportHeader): RecordEncoder;
}

const FORMATS: Readonly<Record<GdprExportFormat, FormatSpec>> = {
  json: {
    contentType: "application/json; charset=utf-8",
    extension: "json",
    encoder: (header) => {
      let count = 0;
      return {
        head: `{"export":${JSON.stringify(header)},"records":[`,
        row: (record) => (count++ === 0 ? "" : ",") + line(record),
        tail: () => `],"total":${count}}`,
      };
    },
  },
  ndjson: {
    contentType: "application/x-ndjson; charset=utf-8",
    extension: "ndjson",
    encoder: () => ({ head: "", row: (record) => line(record) + "\n", tail: () => "" }),
  },
  csv: {
    contentType: "text/csv; charset=utf-8; header=present",
    extension: "csv",
    encoder: () => ({ head: CSV.header, row: CSV.row, tail: () => "" }),
  },
  fhir: {
    contentType: "application/fhir+json; charset=utf-8; fhirVersion=4.0",
    extension: "fhir.json",
    encoder: (header) => {
      const bundle = bundleWriter({ id: header.requestId, timestamp: header.generatedAt });
      return {
        head: bundle.head,
        row: async (record) => bundle.entry(await toFhirResource(record, header.subject.id)),
        tail: bundle.tail,
      };
    },
  },
};

export function gdprExportFormat(format: GdprExportFormat): FormatSpec {
  return FORMATS[format];
}

/** gdpr-export-20261122T101500Z.csv */
export function gdprExportHeaders(format: GdprExportFormat, at: Date, total: number): Headers {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  return new Headers({
    "Content-Type": FORMATS[format].contentType,
    "Content-Disposition": `attachment; filename="gdpr-export-${stamp}.${FORMATS[format].extension}"`,
    "X-Export-Records": String(total),
  });
}
