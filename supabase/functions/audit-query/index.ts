// audit-query: the audit trail for the people who oversee it — admins and medical directors of the
// caller's own organization (RLS on audit_logs enforces that in Postgres; requireRole answers 401/403
// early). Every route writes its own audit event before any row leaves (auditNow). What each route takes
// and answers is its published contract (handlers/audit_query/contract.ts).
//
//   GET  /                     filtered list, keyset pages (nextCursor), optional total
//   GET  /users/:userId/trail  one user's events (default: last 30 days)
//   GET  /summary              events per action and outcome in a window
//   GET  /failed-auth          failed authentication per client address, last `hours`
//   GET  /stats/daily          daily statistics per action and outcome
//   POST /verify               tamper check over a seq range, and the latest seal (admins only)
//   GET  /ai-costs             the chat's model cost: totals, per day, per model
//   GET  /ai-trail/:messageId  the AI trail of one chat answer
//   GET  /protocol-usage       protocols searched, viewed and cited per week; zero-result searches; ratings
//   GET  /mfa-compliance       who meets their role's MFA policy (Supabase Auth's factors)
//   GET  /export               csv | ndjson | fhir-ndjson | fhir-bundle, streamed, no page limit
//   GET  /reports              compliance reports of the organization (monthly, on demand)
//   GET  /reports/:id          one report: json | csv | html (self-contained page)
//   POST /reports              build a report for any past period now
import { defineFunction, route } from "@shared/pipeline/mod.ts";
import { auditQueryContract as contract } from "@shared/handlers/audit_query/contract.ts";
import * as handle from "@shared/handlers/audit_query/handlers.ts";
import * as reports from "@shared/handlers/audit_query/reports/handlers.ts";
import * as usage from "@shared/handlers/audit_query/usage.ts";

const query = { action: "audit.query", resource: "audit_logs" } as const;

export default defineFunction({
  name: "audit-query",
  rateLimitClass: "PHI",
  routes: [
    route({ ...contract.list, audit: query, handler: (ctx) => handle.listPage(ctx) }),
    route({ ...contract.userTrail, audit: query, handler: handle.userTrail }),
    route({ ...contract.summary, audit: query, handler: handle.summary }),
    route({ ...contract.failedAuth, audit: query, handler: handle.failedAuth }),
    route({ ...contract.dailyStats, audit: query, handler: handle.dailyStats }),
    route({ ...contract.aiCosts, audit: query, handler: handle.aiCosts }),
    route({
      ...contract.aiTrail,
      audit: { action: "audit.query", resource: "ai_audit_trails" },
      handler: usage.aiTrail,
    }),
    route({
      ...contract.protocolUsage,
      audit: { action: "audit.query", resource: "protocol_access" },
      handler: usage.protocolUsage,
    }),
    route({
      ...contract.mfaCompliance,
      audit: { action: "audit.query", resource: "users" },
      handler: handle.mfaCompliance,
    }),
    route({
      ...contract.verify,
      audit: { action: "audit.verify", resource: "audit_logs" },
      handler: handle.verify,
    }),
    route({
      ...contract.export,
      audit: { action: "audit.export", resource: "audit_logs" },
      handler: handle.exportEntries,
    }),
    ...reportRoutes(),
  ],
});

function reportRoutes() {
  const read = { action: "compliance_report.read", resource: "compliance_reports" } as const;
  return [
    route({ ...contract.listReports, audit: read, handler: reports.listReports }),
    route({ ...contract.getReport, audit: read, handler: reports.getReport }),
    route({
      ...contract.generateReport,
      audit: { action: "compliance_report.generate", resource: "compliance_reports" },
      handler: reports.generateReport,
    }),
  ];
}
