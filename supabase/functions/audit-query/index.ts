// audit-query: the audit trail for the people who oversee it — admins and medical directors of the
// caller's own organization (RLS on audit_logs enforces that in Postgres; requireRole answers 401/403
// early). Every route writes its own audit event before any row leaves (auditNow).
//
//   GET  /                     filtered list, keyset pages (nextCursor), optional total
//   GET  /users/:userId/trail  one user's events (default: last 30 days)
//   GET  /summary              events per action and outcome in a window
//   GET  /failed-auth          failed authentication per client address, last `hours`
//   GET  /stats/daily          daily statistics per action and outcome
//   POST /verify               tamper check over a seq range, and the latest seal (admins only)
//   GET  /ai-costs             the chat's model cost: totals, per day, per model (admins only)
//   GET  /mfa-compliance       who meets their role's MFA policy (Supabase Auth's factors)
//   GET  /export               csv | ndjson | fhir-ndjson | fhir-bundle, streamed, no page limit
import { defineFunction, route } from "@shared/pipeline/mod.ts";
import {
  dailyStatsQuerySchema,
  exportQuerySchema,
  failedAuthQuerySchema,
  listQuerySchema,
  TRAIL_WINDOW_HOURS,
  verifyBodySchema,
  windowQuerySchema,
} from "@shared/handlers/audit_query/filters.ts";
import * as handle from "@shared/handlers/audit_query/handlers.ts";

const query = { action: "audit.query", resource: "audit_logs" } as const;

export default defineFunction({
  name: "audit-query",
  rateLimitClass: "PHI",
  routes: [
    route({
      method: "GET",
      path: "/",
      query: listQuerySchema(),
      audit: query,
      handler: (ctx) => handle.listPage(ctx),
    }),
    route({
      method: "GET",
      path: "/users/:userId/trail",
      query: listQuerySchema({ userFilter: false, defaultWindowHours: TRAIL_WINDOW_HOURS }),
      audit: query,
      handler: handle.userTrail,
    }),
    route({
      method: "GET",
      path: "/summary",
      query: windowQuerySchema(),
      audit: query,
      handler: handle.summary,
    }),
    route({
      method: "GET",
      path: "/failed-auth",
      query: failedAuthQuerySchema,
      audit: query,
      handler: handle.failedAuth,
    }),
    route({
      method: "GET",
      path: "/stats/daily",
      query: dailyStatsQuerySchema(),
      audit: query,
      handler: handle.dailyStats,
    }),
    route({
      method: "GET",
      path: "/ai-costs",
      query: windowQuerySchema(),
      audit: query,
      handler: handle.aiCosts,
    }),
    route({
      method: "GET",
      path: "/mfa-compliance",
      audit: { action: "audit.query", resource: "users" },
      handler: handle.mfaCompliance,
    }),
    route({
      method: "POST",
      path: "/verify",
      body: verifyBodySchema,
      audit: { action: "audit.verify", resource: "audit_logs" },
      handler: handle.verify,
    }),
    route({
      method: "GET",
      path: "/export",
      query: exportQuerySchema(),
      audit: { action: "audit.export", resource: "audit_logs" },
      handler: handle.exportEntries,
    }),
  ],
});
