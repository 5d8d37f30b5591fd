/**
 * /reports and /reports/:id: compliance reports, each call one audit event written in the same
 * transaction as the read (or the build) before anything leaves (readAudited). A report is rendered
 * as CSV or HTML only after that commit, from the rows the transaction read.
 *
 *   GET  /reports       the organization's reports (RLS decides which), in keyset pages
 *   GET  /reports/:id   one report: json | csv | html; another organization's → 403, unknown → 404
 *   POST /reports       build one now for any past period (the database checks the period)
 */
import { ErrorCode, HttpError } from "../../../core/errors.ts";
import type { Context } from "../../../core/context.ts";
import { jsonResponse } from "../../../pipeline/mod.ts";
import { readAudited } from "../audited_read.ts";
import { requireOrganization, requireOversight } from "../access.ts";
import { ORGANIZATION_MISMATCH, ORGANIZATION_REQUIRED } from "../filters.ts";
import {
  REPORT_NOT_FOUND,
  type ReportFormat,
  type reportGenerateBodySchema,
  type reportListQuerySchema,
} from "./contract.ts";
import type { z } from "zod";
import * as sql from "./queries.ts";
import { reportCsv } from "./csv.ts";
import { decodeReportCursor, encodeReportCursor, reportFiltersFingerprint } from "./cursor.ts";
import { invalidCursor } from "../cursor.ts";
import { REPORT_PAGE_CSP, reportHtml } from "./html.ts";

/** A build reads the period's whole chain (audit.verify), as POST /verify does. */
const BUILD_TIMEOUT_MS = 120_000;
const READ_TIMEOUT_MS = 15_000;

type Ctx<Query = unknown, Body = undefined, Params = Record<string, string>> = Context<Query, Body, Params>;

function requireReportReader(ctx: Ctx<unknown, unknown>): void {
  requireOversight(ctx);
  requireOrganization(ctx, "Reports are kept");
}

/** GET /reports: one keyset page (cursor.ts), newest period first. */
export async function listReports(ctx: Ctx<z.output<typeof reportListQuerySchema>>) {
  requireReportReader(ctx);
  const { kind, before, limit } = ctx.query;
  const fingerprint = reportFiltersFingerprint({ kind, before });
  const cursor = ctx.query.cursor === undefined
    ? undefined
    : decodeReportCursor(ctx.query.cursor, fingerprint);
  const page = await readAudited(
    ctx,
    READ_TIMEOUT_MS,
    async (tx) => {
      const page = await sql.listReports(tx, { kind, before, limit, afterId: cursor?.afterId });
      if (!page.known) throw invalidCursor(); // no report of the caller's has that id: nowhere to go on from
      return page;
    },
    (page) => ({
      kind: kind ?? null,
      before: before ?? null,
      limit,
      page: cursor ? "next" : "first",
      rows: page.reports.length,
      has_more: page.hasMore,
    }),
  );
  const last = page.reports.at(-1);
  const nextCursor = page.hasMore && last
    ? encodeReportCursor({ afterId: last.id, filters: fingerprint })
    : null;
  return { reports: page.reports, nextCursor };
}

/** GET /reports/:id?format=json|csv|html */
export async function getReport(ctx: Ctx<{ format: ReportFormat }, undefined, { id: string }>) {
  requireReportReader(ctx);
  const { id } = ctx.params; // a uuid: the route's params (pipeline)
  const { format } = ctx.query;
  const report = await readAudited(ctx, READ_TIMEOUT_MS, async (tx) => {
    const found = await sql.readReport(tx, id);
    if (found) return found;
    // Not visible: another organization's (403, as for the trail) or none at all (404).
    if (await sql.reportExists(tx, id)) {
      throw new HttpError(403, ORGANIZATION_MISMATCH, "This report belongs to another organization.");
    }
    throw new HttpError(404, REPORT_NOT_FOUND, "No compliance report has this id.");
  }, (report) => ({
    report_id: report.id,
    report_hash: report.reportHash,
    kind: report.kind,
    period_from: report.periodStart,
    period_to: report.periodEnd,
    format,
    integrity_ok: report.integrity.ok,
  }));
  if (format === "json") return report;
  const stamp = report.periodStart.slice(0, 10);
  const name = `compliance-report-${stamp}-${report.id.slice(0, 8)}`;
  if (format === "csv") {
    return new Response(reportCsv(report), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8; header=present",
        "Content-Disposition": `attachment; filename="${name}.csv"`,
      },
    });
  }
  return new Response(reportHtml(report), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `inline; filename="${name}.html"`,
      "Content-Security-Policy": REPORT_PAGE_CSP,
    },
  });
}

/** POST /reports { from, to } */
export async function generateReport(ctx: Ctx<unknown, z.output<typeof reportGenerateBodySchema>>) {
  requireReportReader(ctx);
  const { from, to } = ctx.body;
  const summary = await readAudited(
    ctx,
    BUILD_TIMEOUT_MS,
    (tx) => sql.generateReport(tx, { from, to }).catch((error) => Promise.reject(periodRefusal(error))),
    (summary) => ({
      report_id: summary.id,
      report_hash: summary.reportHash,
      kind: summary.kind,
      period_from: summary.periodStart,
      period_to: summary.periodEnd,
    }),
  );
  return jsonResponse(summary, { status: 201 });
}

/**
 * The database's refusal (22023, naming what it refused): a period → 400 with that field; an organization
 * the database does not know (a token naming one that was never registered) → 403.
 */
function periodRefusal(error: unknown): unknown {
  const pg = error as { code?: string; column_name?: string; message?: string };
  if (pg?.code !== "22023") return error;
  if (pg.column_name === "organization_id") {
    return new HttpError(403, ORGANIZATION_REQUIRED, "This account's organization is not registered.");
  }
  const field = pg.column_name === "from" ? "from" : "to";
  return new HttpError(400, ErrorCode.VALIDATION_ERROR, "Request validation failed.", [
    { path: field, code: "invalid_period", message: pg.message ?? "invalid period" },
  ]);
}
