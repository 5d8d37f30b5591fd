/**
 * Compliance reports through the functions server (issue 20): the monthly job builds last month's report
 * of an organization from what its trail holds; its medical director lists it and fetches it as JSON, CSV
 * and HTML; an admin of another organization is refused 403; every fetch is one compliance_report.read
 * event; an on-demand report is built for any past period, and a period the database refuses is a 400
 * naming the field, with nothing stored; the list pages by cursor, reaching reports that share a period start.
 */
import assert from "node:assert/strict";
import { createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { auditRowOf } from "../support/gdpr_subjects.ts";
import { userToken } from "../support/jwt.ts";
import { apiClient, ok, refused } from "../support/api_client.ts";
import { CHART_TITLES } from "../../functions-shared/handlers/audit_query/reports/html.ts";
import type { Report } from "../../functions-shared/handlers/audit_query/reports/contract.ts";
import { seedReportOrganization } from "../support/compliance_reports.ts";
import {
  encodeReportCursor,
  reportFiltersFingerprint,
} from "../../functions-shared/handlers/audit_query/reports/cursor.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const reports = (token: string) => apiClient(token)["audit-query"];
const errorCode = (body: unknown) => (body as { error: { code: string } }).error.code;

async function withSql<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

Deno.test(
  "a medical director fetches last month's report as JSON, CSV and HTML; another organization's admin gets 403; each fetch is audited",
  options,
  async () => {
    await withSql(async (sql) => {
      const seeded = await seedReportOrganization(sql);
      const built = await sql<{ n: number }[]>`select audit.build_monthly_compliance_reports() as n`;
      assert.ok(built[0].n >= 1, "the monthly job built the organization's report");
      const director = await userToken(seeded.directorId, {
        role: "medical_director",
        organization_id: seeded.org,
      });

      const listed = await ok(reports(director).listReports({ query: { kind: "monthly" } }));
      const monthly = listed.data.reports.find((r) => r.periodStart === seeded.monthStart.toISOString());
      assert.ok(monthly, `last month's report is listed: ${listed.text}`);
      assert.equal(monthly.periodEnd, seeded.monthEnd.toISOString());
      assert.equal(listed.data.reports.every((r) => r.organizationId === seeded.org), true);

      // JSON (the typed client checks it against the contract).
      const json = await ok(
        reports(director).getReport({ params: { id: monthly.id }, query: { format: "json" } }),
      );
      const report = json.data as Report;
      assert.equal(report.reportHash, monthly.reportHash);
      assert.deepEqual(report.integrity, {
        ok: true,
        hashMatches: true,
        chainLinked: true,
        auditEventMatches: true,
      });
      assert.equal(report.formatVersion, 2, "built since 20261205114000: the alerts its admins read");
      const c = report.content;
      assert.equal(c.organization?.name, seeded.orgName);
      assert.equal(c.integrity.ok, true);
      assert.equal(c.authentication.failedSignIns, 3);
      assert.equal(c.authentication.bans, 1);
      assert.equal(c.releases.personalDataExports, 1);
      assert.equal(c.releases.reveals, 1);
      assert.equal(c.releases.erasures, 0);
      assert.equal(c.alerts.organization, 1);
      assert.equal(c.alerts.bySeverity.HIGH >= 1, true);
      assert.equal(c.activity.length, Math.round((+seeded.monthEnd - +seeded.monthStart) / 86_400_000));
      assert.equal(c.activity.reduce((n, d) => n + d.events, 0), seeded.events);
      assert.equal(c.activity.reduce((n, d) => n + d.failedSignIns, 0), 3);
      const reads = c.auditDataAccess.find((r) => r.action === "audit.query");
      assert.equal(reads?.events, 2);
      assert.equal(reads?.role, "medical_director");
      assert.equal(reads?.actorPseudonym, seeded.directorPseudonym, "people appear by pseudonym only");
      assert.ok(!JSON.stringify(c).includes(seeded.directorId), "never by their id");
      assert.deepEqual(
        {
          users: c.mfa.privilegedUsers,
          compliant: c.mfa.compliant,
          grace: c.mfa.gracePeriod,
          non: c.mfa.nonCompliant,
        },
        { users: 3, compliant: 1, grace: 1, non: 1 },
      );

      // CSV
      const csv = await ok(
        reports(director).getReport({ params: { id: monthly.id }, query: { format: "csv" } }),
      );
      assert.match(csv.headers.get("Content-Type") ?? "", /^text\/csv/);
      const lines = csv.text.split("\r\n");
      assert.equal(lines[0], "section,name,subject,role,value");
      assert.ok(lines.includes(`report,report_hash,,,${monthly.reportHash}`));
      assert.ok(lines.includes("authentication,failedSignIns,,,3"));
      assert.ok(lines.includes("report,format_version,,,2"));
      assert.ok(lines.some((l) => l.startsWith("alerts,platform_compliance,")), "format 2's words");
      assert.ok(
        lines.includes(`audit_data_access,audit.query,${seeded.directorPseudonym},medical_director,2`),
      );

      // HTML: self-contained.
      const html = await ok(
        reports(director).getReport({ params: { id: monthly.id }, query: { format: "html" } }),
      );
      assert.match(html.headers.get("Content-Type") ?? "", /^text\/html/);
      assert.match(html.headers.get("Content-Security-Policy") ?? "", /default-src 'none'/);
      for (const title of Object.values(CHART_TITLES)) assert.ok(html.text.includes(title), title);
      assert.ok(html.text.includes(seeded.orgName));
      assert.doesNotMatch(
        html.text,
        /<script|<link|<img|<iframe|@import|url\(/i,
        "nothing loaded from anywhere",
      );
      assert.doesNotMatch(html.text.replaceAll('xmlns="http://www.w3.org/2000/svg"', ""), /https?:\/\//);

      // Another organization's admin.
      const otherAdmin = await userToken(crypto.randomUUID(), {
        role: "admin",
        organization_id: crypto.randomUUID(),
      });
      const denied = await refused(
        reports(otherAdmin).getReport({ params: { id: monthly.id }, query: { format: "html" } }),
      );
      assert.equal(denied.status, 403);
      assert.equal((denied.body as { error: { code: string } }).error.code, "ORGANIZATION_MISMATCH");
      const unknown = await refused(reports(director).getReport({ params: { id: crypto.randomUUID() } }));
      assert.equal(unknown.status, 404);

      // Every fetch is one compliance_report.read event, the refused ones as failures.
      const fetched = [json, csv, html].map((r) => r.headers.get("X-Request-Id")!);
      for (const [i, requestId] of fetched.entries()) {
        const row = await auditRowOf(sql, requestId);
        assert.equal(row.action, "compliance_report.read");
        assert.equal(row.outcome, "success");
        assert.equal(row.organization_id, seeded.org);
        assert.equal(row.metadata.report_id, monthly.id);
        assert.equal(row.metadata.report_hash, monthly.reportHash);
        assert.equal(row.metadata.format, ["json", "csv", "html"][i]);
      }
      const listRow = await auditRowOf(sql, listed.headers.get("X-Request-Id")!);
      assert.equal(listRow.action, "compliance_report.read");
      const deniedRow = await auditRowOf(
        sql,
        (denied.body as { error: { requestId: string } }).error.requestId,
      );
      assert.deepEqual([deniedRow.action, deniedRow.outcome], ["compliance_report.read", "failure"]);
    });
  },
);

Deno.test(
  "on demand: any past period is built, stored, hashed and audited; a refused period stores nothing",
  options,
  async () => {
    await withSql(async (sql) => {
      const seeded = await seedReportOrganization(sql);
      const director = await userToken(seeded.directorId, {
        role: "medical_director",
        organization_id: seeded.org,
      });
      const count = async () =>
        Number(
          (await sql`select count(*) from audit.compliance_reports where organization_id = ${seeded.org}`)[0]
            .count,
        );

      const before = await count();
      const future = new Date(Date.now() + 86_400_000).toISOString();
      for (
        const [body, field] of [
          [{ from: seeded.monthStart.toISOString(), to: future }, "to"],
          [{ from: seeded.monthEnd.toISOString(), to: seeded.monthStart.toISOString() }, "to"],
          [{ from: "2020-01-01T00:00:00Z", to: "2021-06-01T00:00:00Z" }, "to"],
        ] as const
      ) {
        const bad = await refused(reports(director).generateReport({ body }));
        assert.equal(bad.status, 400, JSON.stringify(bad.body));
        const details = (bad.body as { error: { details: { path: string }[] } }).error.details;
        assert.equal(details[0].path, field);
      }
      const malformed = await refused(
        reports(director).generateReport({ body: { from: "last month" } as never }),
      );
      assert.equal(malformed.status, 400);
      assert.equal(await count(), before, "a refused period stores nothing");

      const made = await ok(
        reports(director).generateReport({
          body: { from: seeded.monthStart.toISOString(), to: seeded.monthEnd.toISOString() },
        }),
      );
      assert.equal(made.data.kind, "on_demand");
      assert.equal(await count(), before + 1);
      const event = await auditRowOf(sql, made.headers.get("X-Request-Id")!);
      assert.deepEqual([event.action, event.outcome], ["compliance_report.generate", "success"]);
      assert.equal(event.metadata.report_hash, made.data.reportHash);

      const read = await ok(reports(director).getReport({ params: { id: made.data.id } }));
      const report = read.data as Report;
      assert.equal(report.integrity.ok, true, JSON.stringify(report.integrity));
      assert.equal(report.content.authentication.failedSignIns, 3);

      const medic = await userToken(crypto.randomUUID(), { role: "paramedic", organization_id: seeded.org });
      assert.equal((await refused(reports(medic).listReports())).status, 403, "medics read no reports");
      const oneFactor = await userToken(seeded.directorId, {
        role: "medical_director",
        organization_id: seeded.org,
      }, {
        aal: "aal1",
      });
      const mfa = await refused(reports(oneFactor).getReport({ params: { id: made.data.id } }));
      assert.deepEqual([mfa.status, errorCode(mfa.body)], [403, "MFA_REQUIRED"]);
      const noOrg = await userToken(crypto.randomUUID(), { role: "admin" });
      const orgless = await refused(reports(noOrg).listReports());
      assert.deepEqual([orgless.status, errorCode(orgless.body)], [403, "ORGANIZATION_REQUIRED"]);
      const unregistered = await userToken(crypto.randomUUID(), {
        role: "admin",
        organization_id: crypto.randomUUID(),
      });
      const stranger = await refused(
        reports(unregistered).generateReport({
          body: { from: seeded.monthStart.toISOString(), to: seeded.monthEnd.toISOString() },
        }),
      );
      assert.deepEqual([stranger.status, errorCode(stranger.body)], [403, "ORGANIZATION_REQUIRED"]);
      assert.equal(await count(), before + 1, "none of them built anything");
    });
  },
);

Deno.test(
  "the list pages by cursor: two reports of the same period start are both reached, newest built first",
  options,
  async () => {
    await withSql(async (sql) => {
      const seeded = await seedReportOrganization(sql);
      const director = await userToken(seeded.directorId, {
        role: "medical_director",
        organization_id: seeded.org,
      });
      const from = seeded.monthStart.toISOString();
      const build = async (to: Date) =>
        (await ok(reports(director).generateReport({ body: { from, to: to.toISOString() } }))).data;
      const first = await build(new Date(+seeded.monthStart + 86_400_000));
      const second = await build(seeded.monthEnd);
      assert.equal(first.periodStart, second.periodStart, "both reports start at the same instant");

      const page1 = await ok(reports(director).listReports({ query: { kind: "on_demand", limit: 1 } }));
      assert.deepEqual(page1.data.reports.map((r) => r.id), [second.id], "the newest built first");
      assert.ok(page1.data.nextCursor, "a cursor to the next page");
      // What `before` could do: nothing after the first of the two.
      const byBefore = await ok(
        reports(director).listReports({ query: { kind: "on_demand", before: first.periodStart } }),
      );
      assert.equal(byBefore.data.reports.some((r) => r.id === first.id), false);

      const page2 = await ok(
        reports(director).listReports({
          query: { kind: "on_demand", limit: 1, cursor: page1.data.nextCursor },
        }),
      );
      assert.deepEqual(page2.data.reports.map((r) => r.id), [first.id], "the other one, on the next page");
      assert.equal(page2.data.nextCursor, null, "the last page");
      const event = await auditRowOf(sql, page2.headers.get("X-Request-Id")!);
      assert.deepEqual(
        [event.action, event.metadata.page, event.metadata.rows, event.metadata.has_more],
        ["compliance_report.read", "next", 1, false],
      );
      const all = await ok(reports(director).listReports({ query: { kind: "on_demand", limit: 2 } }));
      assert.deepEqual(all.data.reports.map((r) => r.id), [second.id, first.id]);
      assert.equal(all.data.nextCursor, null, "no page after everything");

      // A cursor for other filters, an edited one, or one naming no report of the organization: 400.
      const cursor = page1.data.nextCursor!;
      const otherFilters = await refused(
        reports(director).listReports({ query: { kind: "monthly", limit: 1, cursor } }),
      );
      assert.deepEqual([otherFilters.status, errorCode(otherFilters.body)], [400, "INVALID_CURSOR"]);
      const edited = await refused(
        reports(director).listReports({
          query: {
            kind: "on_demand",
            limit: 1,
            cursor: cursor.slice(0, -2) + (cursor.endsWith("AA") ? "BB" : "AA"),
          },
        }),
      );
      assert.deepEqual([edited.status, errorCode(edited.body)], [400, "INVALID_CURSOR"]);
      const nowhere = encodeReportCursor({
        afterId: crypto.randomUUID(),
        filters: reportFiltersFingerprint({ kind: "on_demand" }),
      });
      const unknown = await refused(
        reports(director).listReports({ query: { kind: "on_demand", limit: 1, cursor: nowhere } }),
      );
      assert.deepEqual([unknown.status, errorCode(unknown.body)], [400, "INVALID_CURSOR"]);
    });
  },
);
