/**
 * The flush-metrics function's published contract (core/contract.ts): the hourly housekeeping run and the
 * audit-seal anchoring pg_cron calls, with the service-role key or the cron secret. The answers are the
 * run summaries of job.ts (FlushSummary, AnchorRunResult). Schemas and words only: apps bundle it.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";

const Count = z.number().int().min(0);
const Skipped = z.strictObject({
  skipped: z.string().describe("Why the step did nothing (what is not configured)"),
});

/** One step of a run: what it did, or why it failed (the message only). */
function step<T extends z.ZodType>(result: T) {
  return z.discriminatedUnion("ok", [
    z.strictObject({ ok: z.literal(true), result }),
    z.strictObject({
      ok: z.literal(false),
      error: z.string().describe("Why the step failed (no stack, no values)"),
    }),
  ]);
}

const Drained = {
  landed: Count.describe("Rows written this run (already present ones count 0)"),
  remaining: Count.describe("Still in the spool afterwards"),
  deadLettered: Count.describe("Refused by the database for good, moved to the dead-letter list"),
};

const AnchorRun = z.strictObject({
  anchored: Count.describe("Audit seals signed and recorded as anchored this run"),
  alreadyStored: Count.describe("Of those, seals whose anchor object was already in Storage"),
  lastSealId: z.number().int().nullable().describe("The newest seal anchored; null when there was none"),
  refused: z.strictObject({
    sealId: z.number().int(),
    fromSeq: z.number().int(),
    toSeq: z.number().int(),
    overlapsSealId: z.number().int().describe("The anchored seal of another id whose range it overlaps"),
    problem: z.string(),
    alertId: z.number().int().describe("The CRITICAL alert raised for it (dedup'd per seal)"),
  }).nullable().describe(
    "The seal the database refused to let the job anchor (audit.seals_to_anchor): its range overlaps an " +
      "anchored seal of another id, so the trail was re-sealed. Nothing from it on is anchored, run after " +
      "run, until someone deals with the trail. null: nothing refused",
  ),
});

const FlushSummary = z.strictObject({
  ok: z.boolean().describe("Every step succeeded (false: the run is audited as partial)"),
  metrics: step(z.union([
    z.strictObject({
      hours: z.array(z.string()).describe("UTC hours (YYYYMMDDHH) found in Redis with metric data"),
      rows: Count.describe("Metric rows upserted into public.metrics"),
      inserted: Count,
      updated: Count,
      unchanged: Count,
      retired: z.array(z.string()).describe("Hours closed and removed from Redis's set of pending hours"),
    }),
    Skipped,
  ])).describe(
    "Request metrics: this isolate's increments to Redis, every hour in Redis into public.metrics",
  ),
  auditSpool: step(z.union([
    z.strictObject({
      ...Drained,
      deadLetters: z.strictObject({
        landed: Count.describe("Dead letters the database took this time"),
        stillRefused: Count,
        remaining: Count.describe("Length of the dead-letter list now"),
      }),
      aiTrail: z.strictObject(Drained).describe("The spooled AI-trail rows"),
      deadLettersWaiting: Count.describe("Audit events and AI-trail rows still refused, both lists together"),
    }),
    Skipped,
  ])).describe(
    "Audit events spooled while Postgres was unavailable, landed in audit_logs; dead letters retried",
  ),
  anchors: step(z.union([AnchorRun, Skipped])).describe("New audit seals signed and written to Storage"),
  health: step(z.array(z.strictObject({
    component: z.enum(["database", "redis", "model", "audit"]),
    status: z.enum(["healthy", "degraded", "unhealthy"]),
  }))).describe("Health checks, recorded in public.system_health"),
  alerts: step(z.strictObject({
    raised: z.array(z.strictObject({
      rule: z.string().describe("The alert rule that fired, e.g. error_rate, audit_spool_backlog"),
      alertId: z.number().int(),
      outcome: z.enum(["new", "renotify", "suppressed"]).describe(
        "new alert; renotify: a repeat after the suppression window; suppressed: a repeat within it",
      ),
    })),
    deliveries: z.strictObject({
      alerts: Count.describe("Alerts that were waiting for delivery"),
      delivered: Count,
      failed: Count,
    }),
  })).describe("Alert rules evaluated, pending alerts delivered to their channels"),
});

export const flushMetricsContract = {
  flush: contract({
    method: "POST",
    path: "/",
    operation: "flush",
    summary: "The hourly housekeeping run: metrics, audit spool, seal anchors, health checks, alerts",
    description:
      "Called by pg_cron every hour. Each step runs on its own, so one failure does not stop the rest; the " +
      "answer is 200 with each step's result or error. Idempotent: a second run for the same hour changes " +
      "nothing.",
    access: "service",
    response: { description: "What each step did, or why it failed", json: FlushSummary },
  }),
  anchor: contract({
    method: "POST",
    path: "/anchors",
    operation: "anchor",
    summary: "Sign new audit seals and write them to Storage",
    description: "Called by pg_cron every minute; skipped when the seal keys or Storage are not configured.",
    access: "service",
    response: {
      description: "The seals anchored, or why nothing was done",
      json: z.union([AnchorRun, Skipped]),
    },
  }),
} as const;
