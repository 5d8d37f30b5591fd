/**
 * The per-request cost of the metrics sink and of the session touch, against a no-op baseline in the
 * same run: one pipeline handler, a signed-in user, the Upstash limiter (class + GLOBAL + ban) in every
 * variant, so each figure is what that feature adds on top of the limiter's round trip.
 *   baseline             no-op metrics sink, no session check
 *   + metrics            the recorder; increments ride the limiter's round trip
 *   + session            the Redis touch rides the limiter's round trip
 *   + metrics + session  both (the default pipeline)
 *   session, own trip    the touch without a limiter to ride (its own Redis request)
 *   session, Postgres    check_session per request (deployments without Upstash)
 * Notes give Upstash HTTP requests per pipeline request, counted at fetch.
 */
import { SignJWT } from "jose";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { asService } from "../../functions-shared/platform/db.ts";
import type { MetricsSink } from "../../functions-shared/core/metrics_event.ts";
import { createMetricsRecorder } from "../../functions-shared/pipeline/metrics/recorder.ts";
import { defineFunction, type FunctionRateLimitClass, route } from "../../functions-shared/pipeline/mod.ts";
import { createUpstashLimiter, type RateLimiter } from "../../functions-shared/pipeline/rate_limit/mod.ts";
import type { RoundTripRider } from "../../functions-shared/platform/round_trip.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { createSessionGuard, type SessionGuard } from "../../functions-shared/pipeline/sessions/guard.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/policy.ts";
import { databaseSessionStore } from "../../functions-shared/pipeline/sessions/store.ts";
import { nothingMeasured, requireAnswered } from "./failures.ts";
import { quietLimiterEvents, unlimited } from "./limiter_fixtures.ts";
import { type Figure, round, summarize } from "./stats.ts";
import { timeAnswers } from "./statuses.ts";

const REQUESTS = Number(Deno.env.get("BENCH_METRICS_REQUESTS") ?? 2000);
const quiet = quietLimiterEvents;
const limit = unlimited;
const noopSink: MetricsSink = { record() {} };

interface Variant {
  readonly name: string;
  readonly metrics: boolean;
  readonly session: "none" | "redis" | "postgres";
  readonly ride: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: "baseline: limiter, no-op metrics sink, no session check",
    metrics: false,
    session: "none",
    ride: true,
  },
  {
    name: "+ metrics sink (increments ride the limiter's round trip)",
    metrics: true,
    session: "none",
    ride: true,
  },
  { name: "+ session touch (rides the limiter's round trip)", metrics: false, session: "redis", ride: true },
  {
    name: "+ metrics sink + session touch (the default pipeline)",
    metrics: true,
    session: "redis",
    ride: true,
  },
  { name: "+ session touch in a round trip of its own", metrics: false, session: "redis", ride: false },
  { name: "+ session check in Postgres (no Upstash)", metrics: false, session: "postgres", ride: false },
];

async function token(secret: string): Promise<string> {
  return await new SignJWT({
    sub: crypto.randomUUID(),
    role: "authenticated",
    aud: "authenticated", // as Supabase Auth issues it
    session_id: crypto.randomUUID(),
    app_metadata: { role: "paramedic" },
  }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("2h")
    .sign(new TextEncoder().encode(secret));
}

function countingFetch(base: string) {
  const original = globalThis.fetch;
  const counter = { n: 0, restore: () => void (globalThis.fetch = original) };
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input instanceof Request ? input.url : input).startsWith(base)) counter.n++;
    return original(input, init);
  }) as typeof fetch;
  return counter;
}

async function measure(v: Variant, secret: string) {
  const redis = createRedis({ timeoutMs: 2000 });
  const recorder = v.metrics ? createMetricsRecorder({ redis: () => redis, flushDelayMs: 1000 }) : undefined;
  const guard: SessionGuard | undefined = v.session === "none" ? undefined : createSessionGuard({
    store: databaseSessionStore(asService),
    redis: v.session === "redis" ? () => redis : undefined,
    policy: DEFAULT_SESSION_POLICY,
    budgetMs: 1000,
  });
  const riders: RoundTripRider[] = [];
  if (recorder) riders.push((r) => recorder.ride(r));
  if (guard && v.ride) riders.push(guard.ride);
  const cls = `MB_${crypto.randomUUID().slice(0, 6).toUpperCase().replace(/[^A-Z]/g, "Q")}`;
  const limiter: RateLimiter = createUpstashLimiter({
    redis,
    limits: () => Promise.resolve(new Map([[cls, limit(cls)], ["GLOBAL", limit(`${cls}_G`)]])),
    events: quiet,
    budgetMs: 1000,
    riders,
  });
  const fn = defineFunction({
    name: "bench",
    rateLimitClass: cls as FunctionRateLimitClass, // a class of its own, so no benchmark shares a window
    routes: [route({
      method: "GET",
      path: "/",
      audit: { action: "dosing.list", resource: "formulary" },
      handler: () => ({ ok: true }),
    })],
  }, {
    config: loadConfig({ APP_ENV: "development", JWT_SECRET: secret }),
    rateLimiter: limiter,
    auditSink: { record() {} },
    metricsSink: recorder ?? noopSink,
    sessionGuard: guard ?? null,
  });
  const auth = `Bearer ${await token(secret)}`;
  const call = async () => {
    const res = await fn.fetch(new Request("http://localhost/bench", { headers: { Authorization: auth } }));
    await res.body?.cancel();
    return res.status;
  };
  // warm-up, and the session's first (Postgres) request
  for (let i = 0; i < 50; i++) await call().catch(() => {});
  await guard?.settle();
  const counter = countingFetch(Deno.env.get("UPSTASH_REDIS_REST_URL")!);
  let timed;
  try {
    timed = await timeAnswers(REQUESTS, call, 0);
  } finally {
    counter.restore();
  }
  await recorder?.flush();
  await guard?.settle();
  return {
    stats: summarize(timed.samples),
    statuses: timed.statuses,
    upstashPerRequest: counter.n / REQUESTS,
  };
}

export async function run(): Promise<Figure[]> {
  const secret = Deno.env.get("JWT_SECRET")!;
  const results = [];
  for (const v of VARIANTS) results.push({ v, ...(await measure(v, secret)) });
  const base = results[0].stats;
  // Latency of 2xx answers only; the counts of the others ride along (scripts/bench/statuses.ts).
  const compared = (i: number) => i > 0 && base.n > 0;
  return requireAnswered(results.map(({ v, stats, statuses, upstashPerRequest }, i): Figure => {
    if (stats.n === 0) return nothingMeasured("metrics and sessions", v.name, "ms", statuses);
    return {
      bench: "metrics and sessions",
      name: v.name,
      unit: "ms",
      p50: round(stats.p50),
      p99: round(stats.p99),
      ...(compared(i) ? { baseline: "limiter only", ratio: round(stats.p50 / base.p50, 2) } : {}),
      note: `${stats.n} sequential requests; ${round(upstashPerRequest, 3)} Upstash requests per request` +
        (compared(i)
          ? `; added p50 ${round(stats.p50 - base.p50)} ms, p99 ${round(stats.p99 - base.p99)} ms`
          : ""),
      statuses,
    };
  }));
}
