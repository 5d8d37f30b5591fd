/**
 * What one flush-metrics run does, in order, each step on its own so one failure does not stop the rest:
 *   1. metrics   this isolate's pending increments → Redis; every hour in Redis → public.metrics (upsert)
 *   2. audit     spooled audit events → audit_logs (drainAuditSpool); dead letters retried (retryDeadLetters);
 *                spooled AI-trail rows → ai_audit_trails (drainAiTrailSpool)
 *   3. anchors   new audit seals signed and written to Storage (anchors.ts; also every minute: POST /anchors)
 *   4. health    database, Redis, audit, model → public.system_health
 *   5. alerts    public.evaluate_alert_rules (with the spool backlog), evaluate_audit_loss_rules (with
 *                the dead letters left) and evaluate_database_health_rules (the database row of step 4),
 *                then deliveries
 * The summary says what each step did or why it failed (the message only: no stack, no values).
 */
import {
  AI_TRAIL_DEAD_KEY,
  type AiTrailDrainResult,
  databaseAiTrailWriter,
  drainAiTrailSpool,
} from "../../pipeline/audit/ai_trail_spool.ts";
import {
  drainAuditSpool,
  type DrainResult,
  retryDeadLetters,
  type RetryResult,
} from "../../pipeline/audit/spool.ts";
import { databaseAuditWriter } from "../../pipeline/audit/store.ts";
import type { Config } from "../../core/config.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import { deliverPendingAlerts, type DeliverySummary } from "./alert_delivery.ts";
import {
  checkAudit,
  checkDatabase,
  checkModel,
  checkRedis,
  type HealthResult,
  recordHealth,
} from "./health_checks.ts";
import { flushMetricBuckets, type MetricsFlushResult } from "../../pipeline/metrics/flush.ts";
import type { Redis } from "../../platform/redis.ts";
import { storageAnchorStore } from "../../platform/anchor_store.ts";
import { storageClient } from "../../platform/storage.ts";
import { anchorNewSeals, type AnchorRunResult } from "./anchors.ts";

export interface FlushJobDeps {
  readonly config: Config;
  readonly service: ServiceQuery;
  /** undefined when Upstash is not configured. */
  readonly redis?: Redis;
  /** Sends what this isolate gathered before the buckets are read. */
  readonly flushLocal?: () => Promise<void>;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

type Step<T> = { ok: true; result: T } | { ok: false; error: string };

export interface FlushSummary {
  readonly ok: boolean;
  readonly metrics: Step<MetricsFlushResult | { skipped: string }>;
  readonly auditSpool: Step<
    | (DrainResult & { deadLetters: RetryResult; aiTrail: AiTrailDrainResult; deadLettersWaiting: number })
    | { skipped: string }
  >;
  readonly anchors: Step<AnchorRunResult | { skipped: string }>;
  readonly health: Step<{ component: string; status: string }[]>;
  readonly alerts: Step<
    { raised: { rule: string; alertId: number; outcome: string }[]; deliveries: DeliverySummary }
  >;
}

async function step<T>(work: () => Promise<T>): Promise<Step<T>> {
  try {
    return { ok: true, result: await work() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.split(", command was:")[0].slice(0, 300) };
  }
}

export async function runFlushJob(deps: FlushJobDeps): Promise<FlushSummary> {
  const { service, redis } = deps;
  const metrics = await step(async () => {
    if (!redis) return { skipped: "Upstash is not configured" };
    await deps.flushLocal?.();
    return await flushMetricBuckets({ redis, service, now: deps.now?.() });
  });
  const auditSpool = await step(async () => {
    if (!redis) return { skipped: "Upstash is not configured" };
    // The drains write as the job (origin spool, backdated): the request path's role may not backdate.
    const write = databaseAuditWriter({ service });
    const drained = await drainAuditSpool({ redis, write });
    const deadLetters = await retryDeadLetters({ redis, write });
    const aiTrail = await drainAiTrailSpool({ redis, write: databaseAiTrailWriter(service) });
    // Audit events and AI-trail rows the database refused for good, both still waiting.
    const deadLettersWaiting = deadLetters.remaining + await redis.llen(AI_TRAIL_DEAD_KEY);
    return { ...drained, deadLetters, aiTrail, deadLettersWaiting };
  });
  const backlog = auditSpool.ok && "remaining" in auditSpool.result ? auditSpool.result.remaining : null;
  const deadLetters = auditSpool.ok && "deadLettersWaiting" in auditSpool.result
    ? auditSpool.result.deadLettersWaiting
    : null;
  const anchors = await step(() => runAnchorJob(deps));
  const health = await step(async () => {
    const results: HealthResult[] = await Promise.all([
      checkDatabase(service),
      checkRedis(redis),
      checkAudit(service, backlog),
      Promise.resolve(checkModel(deps.config)),
    ]);
    await recordHealth(service, results);
    return results.map((r) => ({ component: r.component, status: r.status }));
  });
  const alerts = await step(async () => {
    const raised = await service((tx) =>
      tx<{ rule: string; alert_id: number; outcome: string }[]>`
        select rule, alert_id, outcome from public.evaluate_alert_rules(${
        JSON.stringify({ audit_spool_backlog: backlog })
      }::text::jsonb)
        union all
        select rule, alert_id, outcome from public.evaluate_audit_loss_rules(${
        JSON.stringify({ audit_dead_letters: deadLetters })
      }::text::jsonb)
        union all
        select rule, alert_id, outcome from public.evaluate_database_health_rules()`
    );
    const deliveries = await deliverPendingAlerts({
      service,
      webhookSecret: deps.config.alertWebhookSecret,
      email: deps.config.alertEmail,
      fetch: deps.fetch,
      outbound: { allowLoopback: deps.config.isDevelopment && deps.config.alertAllowLoopback },
    });
    return {
      raised: raised.map((r) => ({ rule: r.rule, alertId: Number(r.alert_id), outcome: r.outcome })),
      deliveries,
    };
  });
  return {
    ok: metrics.ok && auditSpool.ok && anchors.ok && health.ok && alerts.ok,
    metrics,
    auditSpool,
    anchors,
    health,
    alerts,
  };
}

/** Anchors new seals, when Storage and both seal keys are configured. */
export async function runAnchorJob(
  deps: Pick<FlushJobDeps, "config" | "service">,
): Promise<AnchorRunResult | { skipped: string }> {
  const { storage, sealSigningKey, sealPublicKey } = deps.config;
  if (!storage || !sealSigningKey || !sealPublicKey) {
    return { skipped: "SEAL_SIGNING_KEY, SEAL_PUBLIC_KEY or SUPABASE_URL is not configured" };
  }
  return await anchorNewSeals({
    service: deps.service,
    store: storageAnchorStore(storageClient(storage)),
    signingKey: sealSigningKey,
    publicKey: sealPublicKey,
  });
}

/**
 * What POST /anchors' audit event says of a run, and whether it fell short: a seal the database refused to
 * let the job anchor (a re-sealed trail) makes the outcome partial.
 */
export function anchorRunAudit(
  result: AnchorRunResult | { skipped: string },
): { metadata: Record<string, unknown>; partial: boolean } {
  if (!("anchored" in result)) return { metadata: result, partial: false };
  const { refused } = result;
  return {
    metadata: {
      anchored: result.anchored,
      last_seal_id: result.lastSealId,
      ...(refused ? { refused_seal_id: refused.sealId, overlaps_seal_id: refused.overlapsSealId } : {}),
    },
    partial: refused !== null,
  };
}
