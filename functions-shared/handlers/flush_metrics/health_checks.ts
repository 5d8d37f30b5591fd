/**
 * Health checks that flush-metrics records in public.system_health every hour: the database (its figures
 * and thresholds from public.database_health_snapshot), Redis, the audit trail (spool backlog, sealing
 * lag, open integrity alerts) and the model configuration (Bedrock credentials present, or the
 * chat runs retrieval-only). Each check has a time budget and never throws.
 */
import { withinBudget } from "../../core/timing.ts";
import type { Config } from "../../core/config.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import type { Redis } from "../../platform/redis.ts";

export type HealthStatus = "healthy" | "degraded" | "unhealthy";

export interface HealthResult {
  readonly component: "database" | "redis" | "model" | "audit";
  readonly status: HealthStatus;
  readonly responseTimeMs: number | null;
  readonly details: Record<string, unknown>;
  readonly error?: string;
}

const SLOW_MS = 500;
/** Rows still unsealed after this long mean the audit-seal job is not running. */
const SEAL_LAG_MS = 5 * 60_000;

/** The clock a check is timed by: performance.now, or a test's own. */
export type Clock = () => number;

/**
 * Runs a probe within its budget and times it, once. A probe that names its status keeps it; one that
 * does not is healthy, or degraded when it answered slower than SLOW_MS.
 */
async function timed(
  component: HealthResult["component"],
  probe: () => Promise<Record<string, unknown> & { status?: HealthStatus }>,
  now: Clock = () => performance.now(),
  timeoutMs = 5000,
): Promise<HealthResult> {
  const started = now();
  try {
    const { status, ...details } = await withinBudget(probe(), timeoutMs);
    const ms = Math.round((now() - started) * 100) / 100;
    return {
      component,
      status: status ?? (ms > SLOW_MS ? "degraded" : "healthy"),
      responseTimeMs: ms,
      details,
    };
  } catch (error) {
    const ms = Math.round((now() - started) * 100) / 100;
    const message = (error instanceof Error ? error.message : String(error)).split(", command was:")[0];
    return { component, status: "unhealthy", responseTimeMs: ms, details: {}, error: message.slice(0, 300) };
  }
}

/**
 * The database's own figures (connections, hit ratios, bloat, sizes, longest query, pg_cron failures)
 * and the status their thresholds give: public.database_health_snapshot decides both, in SQL. Healthy by
 * its figures, the row is still degraded by a slow answer (timed's rule, on timed's one measurement).
 */
export function checkDatabase(service: ServiceQuery, now?: Clock): Promise<HealthResult> {
  return timed("database", async () => {
    const [row] = await service((tx) =>
      tx<{ status: HealthStatus; details: Record<string, unknown> }[]>`
        select status, details from public.database_health_snapshot()`
    );
    return { ...row.details, status: row.status === "healthy" ? undefined : row.status };
  }, now);
}

export function checkRedis(redis: Redis | undefined): Promise<HealthResult> {
  if (!redis) {
    return Promise.resolve({
      component: "redis",
      status: "degraded",
      responseTimeMs: null,
      details: { configured: false, note: "rate limits and metrics fall back or are off without Upstash" },
    });
  }
  return timed("redis", async () => ({ reply: await redis.ping() }));
}

export function checkAudit(service: ServiceQuery, spoolBacklog: number | null): Promise<HealthResult> {
  return timed("audit", async () => {
    const [row] = await service((tx) =>
      tx<{ unsealed: string; oldest_unsealed: Date | null; integrity_alerts: string }[]>`
        select unsealed::text, oldest_unsealed, audit.integrity_alerts_open()::text as integrity_alerts
        from audit.seal_status()`
    );
    const lagMs = row.oldest_unsealed ? Date.now() - row.oldest_unsealed.getTime() : 0;
    const degraded = (spoolBacklog ?? 0) > 0 || lagMs > SEAL_LAG_MS;
    // An open alert about the trail's integrity, at any severity (tamper rule, anchor refusal): not healthy
    // until someone deals with it and resolves the alert.
    const integrityAlerts = Number(row.integrity_alerts);
    return {
      status: integrityAlerts > 0 ? "unhealthy" : degraded ? "degraded" : "healthy",
      integrity_alerts_open: integrityAlerts,
      spool_backlog: spoolBacklog,
      unsealed_rows: Number(row.unsealed),
      seal_lag_seconds: Math.round(lagMs / 1000),
    };
  });
}

/** No network call: whether the chat can reach a model or answers retrieval-only. */
export function checkModel(config: Config): HealthResult {
  const configured = Boolean(config.awsCredentials && config.bedrockModelId && config.awsRegion);
  return {
    component: "model",
    status: configured ? "healthy" : "degraded",
    responseTimeMs: null,
    details: {
      mode: configured ? "model" : "retrieval-only",
      model_id: config.bedrockModelId ?? null,
      region: config.awsRegion ?? null,
      credentials: Boolean(config.awsCredentials),
    },
  };
}

export async function recordHealth(service: ServiceQuery, results: readonly HealthResult[]): Promise<void> {
  const rows = results.map((r) => ({
    component: r.component,
    status: r.status,
    response_time_ms: r.responseTimeMs,
    details: r.details,
    error: r.error ?? null,
  }));
  await service((tx) =>
    tx`insert into public.system_health (component, status, response_time_ms, details, error)
      select component, status, response_time_ms, details, error
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as x(component text, status text,
        response_time_ms double precision, details jsonb, error text)`
  );
}
