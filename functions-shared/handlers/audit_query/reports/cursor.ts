/**
 * The keyset cursor of GET /reports: the id of the last report of a page, and a fingerprint of the filters
 * (kind, before) it was issued for. The page after it holds the reports ordered after that one, newest
 * period first, then newest built first (period_start desc, chain_seq desc, the table's index): the
 * database looks the report's position up by its id, so reports sharing a periodStart, or one to the
 * microsecond that the summary shows to the millisecond, are each reached once. The envelope (opaque,
 * checksummed, 400 INVALID_CURSOR when anything does not check) is the audit list's (../cursor.ts).
 */
import { decodeToken, encodeToken, filtersFingerprint, invalidCursor } from "../cursor.ts";

export interface ReportCursor {
  /** The last report of the page the cursor ends. */
  readonly afterId: string;
  /** reportFiltersFingerprint() of the filters the cursor belongs to. */
  readonly filters: string;
}

const VERSION = 1;
const DOMAIN = "medic-bot/audit-query/reports-cursor/v1\n";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The filters a report cursor is tied to: the same kind and before on every page. */
export function reportFiltersFingerprint(filters: { kind?: string; before?: string }): string {
  return filtersFingerprint({ kind: filters.kind, before: filters.before });
}

export function encodeReportCursor(cursor: ReportCursor): string {
  if (!UUID.test(cursor.afterId) || !HEX_SHA256.test(cursor.filters)) {
    throw new Error("encodeReportCursor: not a valid cursor");
  }
  return encodeToken(DOMAIN, { v: VERSION, r: cursor.afterId, h: cursor.filters });
}

/** The cursor a client sent back, for the request's own filters' fingerprint. Throws 400 INVALID_CURSOR. */
export function decodeReportCursor(token: string, filters: string): ReportCursor {
  const raw = decodeToken(token, DOMAIN);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalidCursor();
  const record = raw as Record<string, unknown>;
  if (Object.keys(record).sort().join(",") !== "h,r,v" || record.v !== VERSION) throw invalidCursor();
  const { r, h } = record;
  if (typeof r !== "string" || !UUID.test(r) || typeof h !== "string" || h !== filters) throw invalidCursor();
  return { afterId: r, filters: h };
}
