/**
 * The compliance report's renderings (handlers/audit_query/reports/): the HTML page is self-contained
 * and escapes what it prints, draws a chart per figure (or says there is nothing), and says so when the
 * report or the chain failed its check; the CSV has one line per figure, spreadsheet-safe; the fixture
 * is checked against the route's own contract, so it is a report the API can send.
 */
import assert from "node:assert/strict";
import { auditQueryContract } from "../../functions-shared/handlers/audit_query/contract.ts";
import type { Report } from "../../functions-shared/handlers/audit_query/reports/contract.ts";
import { CHART_TITLES, reportHtml } from "../../functions-shared/handlers/audit_query/reports/html.ts";
import { reportCsv, reportLines } from "../../functions-shared/handlers/audit_query/reports/csv.ts";
import { escapeHtml, niceMax } from "../../functions-shared/handlers/audit_query/reports/charts.ts";
import {
  REPORT_FORMAT_VERSIONS,
  type ReportFormatVersion,
} from "../../functions-shared/handlers/audit_query/reports/formats.ts";

const PSEUDONYM = "5b3f2a4e-1111-4222-8333-444455556666";

function sampleReport(
  overrides: {
    name?: string;
    empty?: boolean;
    chainOk?: boolean;
    intact?: boolean;
    formatVersion?: ReportFormatVersion;
  } = {},
): Report {
  const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, "0")}`);
  const n = (value: number) => (overrides.empty ? 0 : value);
  return {
    id: "0b0e5a55-7a2c-4d43-9d1c-8d3c1e2f3a4b",
    organizationId: "92000000-0000-4000-8000-00000000000a",
    kind: "monthly",
    periodStart: "2026-11-01T00:00:00.000Z",
    periodEnd: "2026-12-01T00:00:00.000Z",
    generatedAt: "2026-12-01T04:25:00.123Z",
    reportHash: "a".repeat(64),
    formatVersion: overrides.formatVersion ?? 2,
    prevHash: null,
    integrity: {
      ok: overrides.intact ?? true,
      hashMatches: overrides.intact ?? true,
      chainLinked: true,
      auditEventMatches: true,
    },
    content: {
      organization: { id: "92000000-0000-4000-8000-00000000000a", name: overrides.name ?? "Test agency" },
      period: { from: "2026-11-01T00:00:00+00:00", to: "2026-12-01T00:00:00+00:00" },
      integrity: {
        ok: overrides.chainOk ?? true,
        firstBadSeq: overrides.chainOk === false ? 42 : null,
        problem: overrides.chainOk === false ? "row modified" : null,
        fromSeq: 1,
        toSeq: 100,
        sealsChecked: 3,
        rowsChecked: 100,
        unsealedRows: 0,
      },
      anchors: {
        seals: 3,
        anchored: 3,
        unanchored: 0,
        newestAnchoredSealId: 3,
        lastAnchoredAt: "2026-11-30T23:59:00+00:00",
      },
      activity: days.map((day, i) => ({
        day,
        events: n(i % 7),
        failures: n(i % 3 === 0 ? 1 : 0),
        failedSignIns: n(i % 5 === 0 ? 1 : 0),
      }))
        .map((d) => ({ ...d, failures: Math.min(d.failures, d.events) })),
      authentication: { failedSignIns: n(6), distinctAddresses: n(2), bans: n(1) },
      auditDataAccess: overrides.empty ? [] : [{
        actorPseudonym: PSEUDONYM,
        role: "medical_director",
        action: "audit.query",
        events: 4,
        failures: 0,
      }],
      personalDataAccess: overrides.empty ? [] : [{
        actorPseudonym: null,
        role: "authenticated/paramedic",
        action: "phi.update:patients",
        events: 2,
        failures: 0,
      }],
      releases: { auditExports: n(1), personalDataExports: n(1), reveals: 0, erasures: 0, refused: 0 },
      mfa: {
        privilegedUsers: n(3),
        required: n(3),
        compliant: n(1),
        gracePeriod: n(1),
        nonCompliant: n(1),
        notRequired: 0,
        withFactor: n(1),
        asOf: "2026-12-01T04:25:00.123+00:00",
      },
      retention: { runs: 30, archivedRows: 0, purgedRows: 0, aiTrailRuns: 30 },
      deadLetters: { alerts: 0, occurrences: 0, mostWaiting: 0 },
      alerts: {
        total: n(2),
        organization: n(1),
        platform: n(1),
        open: 0,
        bySeverity: { CRITICAL: 0, HIGH: n(2), MEDIUM: 0, LOW: 0 },
      },
      listLimit: 200,
    },
  };
}

Deno.test("the fixture is a report the route's contract accepts", () => {
  for (
    const report of [sampleReport(), sampleReport({ empty: true }), sampleReport({ formatVersion: 1 })]
  ) {
    const parsed = auditQueryContract.getReport.response.json.safeParse(report);
    assert.ok(parsed.success, parsed.error?.message);
  }
});

Deno.test("the HTML page is self-contained: no script, no external asset, its own CSP", () => {
  const html = reportHtml(sampleReport());
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
  assert.doesNotMatch(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', ""), /https?:\/\//);
  assert.match(html, /@page/);
  assert.match(html, /break-inside: avoid/);
});

Deno.test("every chart is there with its title, and draws bars from the figures", () => {
  const html = reportHtml(sampleReport());
  for (const title of Object.values(CHART_TITLES)) {
    assert.ok(html.includes(`<figcaption>${escapeHtml(title)}</figcaption>`), title);
    assert.ok(html.includes(`>${escapeHtml(title)}</title>`), `${title}: the SVG's own title`);
  }
  assert.equal((html.match(/<figure class="chart"/g) ?? []).length, Object.keys(CHART_TITLES).length);
  assert.ok((html.match(/class="bar"/g) ?? []).length > 20);
  assert.ok(html.includes(PSEUDONYM), "people by pseudonym");
  assert.ok(html.includes("Audit chain verified"));
});

Deno.test("a period with nothing in it says so in each chart instead of drawing nothing", () => {
  const html = reportHtml(sampleReport({ empty: true }));
  assert.equal((html.match(/class="bar"/g) ?? []).length, 0);
  assert.equal((html.match(/Nothing in this period/g) ?? []).length, 4);
  assert.ok(html.includes("No privileged users"));
  assert.ok(html.includes("No reads of audit data in this period."));
});

Deno.test("a failed chain or a report that no longer matches its hash is shown as a warning", () => {
  assert.match(
    reportHtml(sampleReport({ chainOk: false })),
    /class="verdict bad">Attention: the audit chain failed verification at seq 42 \(row modified\)/,
  );
  assert.match(
    reportHtml(sampleReport({ intact: false })),
    /class="verdict bad">Attention: this report no longer matches its recorded hash/,
  );
});

Deno.test("what the page prints is escaped", () => {
  const html = reportHtml(sampleReport({ name: `<script>alert("x")</script> & Co` }));
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co"));
});

Deno.test("CSV: one line per figure, the day series and the per-person lists included, spreadsheet-safe", () => {
  const report = sampleReport({ name: '=HYPERLINK("https://evil.example")' });
  const csv = reportCsv(report);
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "section,name,subject,role,value");
  assert.equal(lines.length - 2, reportLines(report).length, "a header, the lines, a final CRLF");
  assert.ok(lines.includes(`report,report_hash,,,${"a".repeat(64)}`));
  assert.ok(lines.includes("authentication,failedSignIns,,,6"));
  assert.ok(lines.includes("activity,events,2026-11-03,,2"));
  assert.ok(lines.includes(`audit_data_access,audit.query,${PSEUDONYM},medical_director,4`));
  assert.ok(lines.includes("personal_data_access,phi.update:patients,,authenticated/paramedic,2"));
  assert.ok(lines.includes("alerts,severity,HIGH,,2"));
  assert.ok(
    lines.includes(`report,organization_name,,,"'=HYPERLINK(""https://evil.example"")"`),
    "formula neutralised",
  );
  assert.equal(lines.filter((l) => l.startsWith("activity,")).length, 3 * 30);
});

Deno.test("a format the renderings do not know is not a report the contract accepts", () => {
  const parsed = auditQueryContract.getReport.response.json.safeParse({
    ...sampleReport(),
    formatVersion: 3,
  });
  assert.equal(parsed.success, false);
  assert.deepEqual([...REPORT_FORMAT_VERSIONS], [1, 2]);
});

// 20261205111000 changed what alerts.platform and alerts.total count; reports are immutable, so each
// keeps the words of the format it was built in (20261205114000 writes format 2).
Deno.test("a format-1 report's alerts are worded as it counted them: every platform-wide alert", () => {
  const report = sampleReport({ formatVersion: 1 });
  const html = reportHtml(report);
  assert.ok(html.includes("Alerts (organization / platform-wide)"));
  assert.ok(!html.includes("platform compliance"));
  assert.ok(html.includes("every platform-wide alert of the period"));
  assert.ok(html.includes("<dt>Format</dt><dd>1</dd>"));
  const lines = reportCsv(report).split("\r\n");
  assert.ok(lines.includes("report,format_version,,,1"));
  assert.ok(lines.includes("alerts,platform,,,1"));
  assert.ok(!lines.some((l) => l.startsWith("alerts,platform_compliance,")));
});

Deno.test("a format-2 report's alerts are the ones its admins read: the platform's compliance alerts", () => {
  const report = sampleReport({ formatVersion: 2 });
  const html = reportHtml(report);
  assert.ok(html.includes("Alerts (organization / platform compliance)"));
  assert.ok(!html.includes("platform-wide"));
  assert.ok(html.includes("the platform&#39;s compliance alerts of the period"));
  assert.ok(html.includes("<dt>Format</dt><dd>2</dd>"));
  const lines = reportCsv(report).split("\r\n");
  assert.ok(lines.includes("report,format_version,,,2"));
  assert.ok(lines.includes("alerts,platform_compliance,,,1"));
  assert.ok(!lines.some((l) => l.startsWith("alerts,platform,")));
  assert.ok(lines.includes("alerts,total,,,2"));
});

Deno.test("axes end on whole steps of 1, 2 or 5 that reach the largest value", () => {
  assert.deepEqual([0, 1, 3, 5, 6, 12, 48, 51, 999, 1001].map(niceMax), [
    5,
    5,
    5,
    5,
    10,
    25,
    50,
    100,
    1000,
    2500,
  ]);
});

// Auditor review H2 and H1 (20261206090200): the integrity section asks the anchors and counts the seqs
// the seals record as missing; a report built before carries neither, and is still a report.
Deno.test("a re-sealed trail's report names the anchored seal that disagrees and the missing seqs", () => {
  const base = sampleReport();
  const report: Report = {
    ...base,
    content: {
      ...base.content,
      integrity: {
        ...base.content.integrity,
        ok: false,
        firstBadSeq: 40,
        problem: "the anchored seal is gone (trail re-sealed)",
        anchorsAgree: false,
        disagreeingSealId: 3,
        missingSeqs: 5,
      },
    },
  };
  assert.equal(auditQueryContract.getReport.response.json.safeParse(report).success, true);
  const html = reportHtml(report);
  assert.ok(html.includes(
    "failed verification at seq 40 (the anchored seal is gone (trail re-sealed)); " +
      "anchored seal 3 disagrees with the trail",
  ));
  assert.ok(html.includes('Anchors agree with the seals</th><td class="n">no'), html);
  const lines = reportCsv(report).split("\r\n");
  for (
    const line of [
      "integrity,anchorsAgree,,,false",
      "integrity,disagreeingSealId,,,3",
      "integrity,missingSeqs,,,5",
    ]
  ) {
    assert.ok(lines.includes(line), line);
  }
  // Built before: no such fields, and no rows claiming what was not asked.
  assert.equal(auditQueryContract.getReport.response.json.safeParse(base).success, true);
  assert.ok(!reportHtml(base).includes("Anchors agree"));
});
