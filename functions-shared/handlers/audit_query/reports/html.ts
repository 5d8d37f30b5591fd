/**
 * A compliance report as one self-contained HTML page: inline CSS, inline SVG charts (charts.ts), no
 * script, no font, image or style from anywhere (its own Content-Security-Policy says so), laid out to
 * print on A4/Letter from a browser's "Save as PDF" (sections and charts never split across pages).
 */
import type { Report } from "./contract.ts";
import { barChart, escapeHtml, horizontalBars, type Part, shareBar } from "./charts.ts";
import { ALERT_WORDS } from "./formats.ts";

/** The page needs nothing from anywhere: its own styles, data: images at most; no script, no fetch. */
export const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The charts' titles, as the page shows them (the browser test looks for each). */
export const CHART_TITLES = {
  activity: "Audit events per day",
  failedSignIns: "Refused tokens and forbidden requests per day",
  access: "Access to audit and personal data, by action",
  mfa: "MFA coverage of privileged users",
  alerts: "Alerts by severity",
} as const;

const COLORS = {
  ok: "#2e7d32",
  events: "#1f5fa8",
  failures: "#c62828",
  warn: "#ef8f00",
  muted: "#8a94a3",
  audit: "#5b3fa0",
  personal: "#00838f",
} as const;

const STYLE = `
@page { size: auto; margin: 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; background: #fff; }
main { max-width: 900px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; border-bottom: 2px solid #1f5fa8; padding-bottom: 2px; }
section { margin: 18px 0; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; break-inside: avoid; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #d0d4da; vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.verdict { padding: 6px 10px; border-radius: 4px; font-weight: 600; display: inline-block; }
.verdict.ok { background: #e6f4ea; color: #1e5e24; }
.verdict.bad { background: #fdecea; color: #8e1c1c; }
figure.chart { margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { width: 100%; height: auto; display: block; border: 1px solid #d0d4da; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; }
footer { margin-top: 24px; font-size: 11px; color: #4a5260; }
@media print { main { padding: 0; max-width: none; } h2 { break-after: avoid; } }
`;

const day = (iso: string) => iso.slice(0, 10);
const yesNo = (value: boolean) => (value ? "yes" : "no");

function figures(rows: readonly (readonly [string, string | number | null])[]): string {
  return `<table><tbody>${
    rows.map(([name, value]) =>
      `<tr><th scope="row">${escapeHtml(name)}</th><td class="n">${
        escapeHtml(String(value ?? "—"))
      }</td></tr>`
    ).join("")
  }</tbody></table>`;
}

function accessTable(rows: Report["content"]["personalDataAccess"], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  return `<table><thead><tr><th>Person (pseudonym)</th><th>Role</th><th>Action</th><th>Events</th>` +
    `<th>Refused</th></tr></thead><tbody>${
      rows.map((r) =>
        `<tr><td class="mono">${escapeHtml(r.actorPseudonym ?? "anonymous")}</td><td>${
          escapeHtml(r.role ?? "—")
        }</td>` +
        `<td>${escapeHtml(r.action)}</td><td class="n">${r.events}</td><td class="n">${r.failures}</td></tr>`
      ).join("")
    }</tbody></table>`;
}

/** Events per action over both lists, most first (the access chart). */
function accessByAction(report: Report): Part[] {
  const totals = new Map<string, { value: number; color: string }>();
  const add = (action: string, events: number, color: string) => {
    const entry = totals.get(action) ?? { value: 0, color };
    entry.value += events;
    totals.set(action, entry);
  };
  for (const r of report.content.auditDataAccess) add(r.action, r.events, COLORS.audit);
  for (const r of report.content.personalDataAccess) add(r.action, r.events, COLORS.personal);
  return [...totals].map(([label, { value, color }]) => ({ label, value, color }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)).slice(0, 12);
}

export function reportHtml(report: Report): string {
  const c = report.content;
  const org = c.organization?.name ?? report.organizationId;
  const period = `${day(report.periodStart)} – ${
    day(new Date(Date.parse(report.periodEnd) - 1).toISOString())
  }`;
  const days = c.activity.map((d) => d.day.slice(5));
  const intact = report.integrity.ok && c.integrity.ok;
  const verdict = intact
    ? `<p class="verdict ok">Audit chain verified for the period; this report is as it was built.</p>`
    : `<p class="verdict bad">Attention: ${
      !c.integrity.ok
        ? `the audit chain failed verification at seq ${c.integrity.firstBadSeq} (${
          escapeHtml(c.integrity.problem ?? "")
        })${
          c.integrity.disagreeingSealId != null
            ? `; anchored seal ${c.integrity.disagreeingSealId} disagrees with the trail`
            : ""
        }`
        : "this report no longer matches its recorded hash"
    }.</p>`;
  const sev = c.alerts.bySeverity;
  // A stored report says what it counted when it was built (formats.ts).
  const alertWords = ALERT_WORDS[report.formatVersion];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_PAGE_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance report — ${escapeHtml(org)} — ${escapeHtml(period)}</title>
<style>${STYLE}</style></head>
<body><main>
<header>
<h1>Compliance report</h1>
<dl class="meta">
<dt>Organization</dt><dd>${escapeHtml(org)}</dd>
<dt>Period (UTC)</dt><dd>${escapeHtml(period)}</dd>
<dt>Kind</dt><dd>${report.kind === "monthly" ? "Monthly (scheduled)" : "On demand"}</dd>
<dt>Built</dt><dd>${escapeHtml(report.generatedAt)}</dd>
<dt>Format</dt><dd>${report.formatVersion}</dd>
<dt>Report hash</dt><dd class="mono">${escapeHtml(report.reportHash)}</dd>
</dl>
${verdict}
</header>
<section id="integrity"><h2>Audit chain and anchors</h2>
${
    figures([
      ["Chain verified", yesNo(c.integrity.ok)],
      [
        "Seqs of the period",
        c.integrity.fromSeq === null ? "none" : `${c.integrity.fromSeq} – ${c.integrity.toSeq}`,
      ],
      ["Rows checked", c.integrity.rowsChecked],
      ["Seals checked", c.integrity.sealsChecked],
      ["Rows not yet sealed at build", c.integrity.unsealedRows],
      // Reports built before 20261206090200 did not ask these: the rows are left out, not guessed.
      ...(c.integrity.anchorsAgree === undefined ? [] : [
        ["Anchors agree with the seals", yesNo(c.integrity.anchorsAgree)],
        ["First anchored seal disagreeing", c.integrity.disagreeingSealId ?? "none"],
        [
          "Seqs the seals record as missing (rolled back or deleted with their ledger entry)",
          c.integrity.missingSeqs ?? null,
        ],
      ] as const),
      ["Seals covering the period", c.anchors.seals],
      ["Of them anchored outside the database", c.anchors.anchored],
      ["Not anchored", c.anchors.unanchored],
      ["Last anchored", c.anchors.lastAnchoredAt],
      ["Report hash matches", yesNo(report.integrity.hashMatches)],
      ["Linked to the previous report", yesNo(report.integrity.chainLinked)],
      ["Hash recorded in the audit trail", yesNo(report.integrity.auditEventMatches)],
    ])
  }
</section>
<section id="activity"><h2>Activity</h2>
${
    barChart("activity", CHART_TITLES.activity, days, [
      { label: "succeeded", color: COLORS.events, values: c.activity.map((d) => d.events - d.failures) },
      { label: "failed or refused", color: COLORS.failures, values: c.activity.map((d) => d.failures) },
    ])
  }
</section>
<section id="authentication"><h2>Refused tokens, forbidden requests and bans</h2>
${
    figures([
      [
        "Refused tokens and forbidden requests (auth.failure, auth.unauthorized)",
        c.authentication.failedSignIns,
      ],
      ["Distinct client addresses", c.authentication.distinctAddresses],
      ["Bans", c.authentication.bans],
    ])
  }
${
    barChart("failed-sign-ins", CHART_TITLES.failedSignIns, days, [
      { label: "refused or forbidden", color: COLORS.warn, values: c.activity.map((d) => d.failedSignIns) },
    ])
  }
</section>
<section id="access"><h2>Access to audit data and personal data</h2>
${horizontalBars("access", CHART_TITLES.access, accessByAction(report))}
<h3>Audit data, per person and action</h3>
${accessTable(c.auditDataAccess, "No reads of audit data in this period.")}
<h3>Personal data, per person and action</h3>
${accessTable(c.personalDataAccess, "No exports, reveals, erasures or PHI-table accesses in this period.")}
</section>
<section id="releases"><h2>Exports, reveals and erasures</h2>
${
    figures([
      ["Audit-trail exports", c.releases.auditExports],
      ["Personal-data exports", c.releases.personalDataExports],
      ["Pseudonym reveals", c.releases.reveals],
      ["Erasures", c.releases.erasures],
      ["Refused attempts", c.releases.refused],
    ])
  }
</section>
<section id="mfa"><h2>MFA coverage of privileged users</h2>
${
    shareBar("mfa", CHART_TITLES.mfa, [
      { label: "compliant", value: c.mfa.compliant, color: COLORS.ok },
      { label: "in grace period", value: c.mfa.gracePeriod, color: COLORS.warn },
      { label: "non-compliant", value: c.mfa.nonCompliant, color: COLORS.failures },
      { label: "not required", value: c.mfa.notRequired, color: COLORS.muted },
    ])
  }
${
    figures([
      ["Admins and medical directors", c.mfa.privilegedUsers],
      ["MFA required by policy", c.mfa.required],
      ["With a verified factor", c.mfa.withFactor],
      ["As of", c.mfa.asOf],
    ])
  }
</section>
<section id="operations"><h2>Retention, dead letters and alerts</h2>
${
    figures([
      ["Retention runs", c.retention.runs],
      ["Rows archived", c.retention.archivedRows],
      ["Rows purged", c.retention.purgedRows],
      ["AI-trail retention runs", c.retention.aiTrailRuns],
      ["Dead-letter alerts", c.deadLetters.alerts],
      ["Dead-letter occurrences", c.deadLetters.occurrences],
      ["Most dead letters waiting", c.deadLetters.mostWaiting],
      [
        `Alerts (organization / ${alertWords.platformLabel})`,
        `${c.alerts.organization} / ${c.alerts.platform}`,
      ],
      ["Alerts still open", c.alerts.open],
    ])
  }
${
    horizontalBars("alerts", CHART_TITLES.alerts, [
      { label: "critical", value: sev.CRITICAL, color: "#8e1c1c" },
      { label: "high", value: sev.HIGH, color: COLORS.failures },
      { label: "medium", value: sev.MEDIUM, color: COLORS.warn },
      { label: "low", value: sev.LOW, color: COLORS.muted },
    ])
  }
<p>Alerts counted: ${escapeHtml(alertWords.counted)}.</p>
</section>
<footer>
<p>People are named by their audit pseudonym: the report is immutable, and a person erased under GDPR must not be
identifiable from it. Lists hold at most ${c.listLimit} rows each. Report ${escapeHtml(report.id)}; previous
report hash <span class="mono">${escapeHtml(report.prevHash ?? "none (first report)")}</span>.</p>
</footer>
</main></body></html>
`;
}
