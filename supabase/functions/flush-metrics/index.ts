// flush-metrics: the hourly housekeeping pg_cron calls (net.http_post, secret from Vault) — closed and
// current metric hours from Redis into public.metrics, spooled audit events into audit_logs, health
// checks into system_health, alert rules and deliveries. Idempotent: running it twice for the same
// hour changes nothing. Callable only with the service-role key or `Bearer <CRON_SECRET>`. The job's writes
// go on the jobs' own login (asJobs, MEDIC_JOBS_DB_URL), its request's own steps on medic_edge. The contract
// (the summaries' shapes) is functions-shared/handlers/flush_metrics/contract.ts.
//
//   POST /         → the run's summary (per step: what it did, or why it failed); audited as metrics.flush
//   POST /anchors  → new audit seals signed and written to Storage (pg_cron, every minute); audit.anchor
import { defineFunction, ErrorCode, HttpError, route } from "@shared/pipeline/mod.ts";
import { config } from "@shared/core/config.ts";
import { asJobs } from "@shared/platform/db.ts";
import { anchorRunAudit, runAnchorJob, runFlushJob } from "@shared/handlers/flush_metrics/job.ts";
import { flushIsolateMetrics } from "@shared/pipeline/mod.ts";
import { redis, redisConfigured } from "@shared/platform/redis.ts";
import { flushMetricsContract } from "@shared/handlers/flush_metrics/contract.ts";

export default defineFunction({
  name: "flush-metrics",
  rateLimitClass: "API",
  acceptsCronSecret: true,
  routes: [
    route({
      ...flushMetricsContract.flush,
      audit: { action: "metrics.flush", resource: "metrics" },
      handler: async (ctx) => {
        requireScheduler(ctx.identity.kind);
        const cfg = config();
        const summary = await runFlushJob({
          config: cfg,
          service: asJobs,
          redis: redisConfigured() ? redis() : undefined,
          flushLocal: flushIsolateMetrics,
        });
        ctx.addAuditMetadata({
          trigger: ctx.identity.claims.source === "cron_secret" ? "cron" : "service",
          ok: summary.ok,
          ...(summary.metrics.ok && "rows" in summary.metrics.result
            ? { metric_rows: summary.metrics.result.rows, hours: summary.metrics.result.hours.length }
            : {}),
          ...(summary.auditSpool.ok && "landed" in summary.auditSpool.result
            ? { audit_landed: summary.auditSpool.result.landed }
            : {}),
          ...(summary.alerts.ok ? { alerts_raised: summary.alerts.result.raised.length } : {}),
        });
        if (!summary.ok) ctx.setOutcome("partial");
        return summary;
      },
    }),
    route({
      ...flushMetricsContract.anchor,
      audit: { action: "audit.anchor", resource: "audit_seals" },
      handler: async (ctx) => {
        requireScheduler(ctx.identity.kind);
        const result = await runAnchorJob({ config: config(), service: asJobs });
        const { metadata, partial } = anchorRunAudit(result);
        ctx.addAuditMetadata(metadata);
        if (partial) ctx.setOutcome("partial");
        return result;
      },
    }),
  ],
});

function requireScheduler(kind: string): void {
  if (kind === "guest" || kind === "anon") {
    throw new HttpError(401, ErrorCode.UNAUTHENTICATED, "Send the service-role key or the cron secret.");
  }
  if (kind !== "service") {
    throw new HttpError(403, ErrorCode.FORBIDDEN, "Only the scheduler or the service role may run this.");
  }
}
