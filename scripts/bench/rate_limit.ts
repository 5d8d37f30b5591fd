/**
 * The rate limiter's added latency per request: the same handler through the same pipeline with no
 * limiter (baseline), with the Upstash limiter (class + GLOBAL + ban in one round trip through the
 * local bridge), and with the Postgres-table limiter (the migration guide's approach, per class).
 */
import { asService } from "../../functions-shared/platform/db.ts";
import { defineFunction, type FunctionRateLimitClass, route } from "../../functions-shared/pipeline/mod.ts";
import {
  createPostgresLimiter,
  createUpstashLimiter,
  type RateLimiter,
} from "../../functions-shared/pipeline/rate_limit/mod.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { nothingMeasured, requireAnswered } from "./failures.ts";
import { quietLimiterEvents, unlimited } from "./limiter_fixtures.ts";
import { type Figure, round, summarize } from "./stats.ts";
import { timeAnswers, type TimedAnswers } from "./statuses.ts";

const REQUESTS = Number(Deno.env.get("BENCH_RATE_LIMIT_REQUESTS") ?? 2000);
const quiet = quietLimiterEvents;
const limit = unlimited;

function handlerWith(limiter: RateLimiter) {
  const fn = defineFunction({
    name: "bench",
    rateLimitClass: "BENCH" as FunctionRateLimitClass, // a class of its own, with unreachable limits
    routes: [
      route({
        method: "GET",
        path: "/",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: () => ({ ok: true }),
      }),
    ],
  }, { rateLimiter: limiter, auditSink: { record() {} }, metricsSink: { record() {} } });
  let i = 0;
  // A different client each time spreads keys the way real traffic does.
  return async () => {
    const res = await fn.fetch(
      new Request("http://localhost/bench", {
        headers: { "X-Forwarded-For": `10.9.${(i >> 8) & 255}.${i++ & 255}` },
      }),
    );
    await res.body?.cancel();
    return res.status;
  };
}

export async function run(): Promise<Figure[]> {
  const table = () =>
    Promise.resolve(new Map([["BENCH", limit("BENCH")], ["GLOBAL", limit("GLOBAL_BENCH")]]));
  const none = { check: () => ({ allowed: true }) };
  const upstash = createUpstashLimiter({
    redis: createRedis(),
    limits: table,
    events: quiet,
    budgetMs: 1000,
  });
  const postgres = createPostgresLimiter({ service: asService, limits: table, events: quiet });

  const unlimitedRun = await timeAnswers(REQUESTS, handlerWith(none));
  const upstashRun = await timeAnswers(REQUESTS, handlerWith(upstash));
  const postgresRun = await timeAnswers(REQUESTS, handlerWith(postgres));
  const base = summarize(unlimitedRun.samples);
  // Latency of 2xx answers only; the counts of the others ride along (scripts/bench/statuses.ts).
  const figure = (name: string, t: TimedAnswers, isBaseline = false): Figure => {
    if (t.samples.length === 0) return nothingMeasured("rate limiter", name, "ms", t.statuses);
    const s = summarize(t.samples);
    const measured = {
      bench: "rate limiter",
      name,
      unit: "ms",
      p50: round(s.p50),
      p99: round(s.p99),
    } as const;
    if (isBaseline) return { ...measured, statuses: t.statuses };
    if (base.n === 0) return { ...measured, statuses: t.statuses, note: "the baseline measured nothing" };
    return {
      ...measured,
      baseline: "no limiter",
      ratio: round(s.p50 / base.p50, 2),
      note: `${s.n} sequential requests; added p50 ${round(s.p50 - base.p50)} ms, p99 ${
        round(s.p99 - base.p99)
      } ms`,
      statuses: t.statuses,
    };
  };
  return requireAnswered([
    figure("no limiter (baseline)", unlimitedRun, true),
    figure("Upstash limiter (class + GLOBAL + ban, one round trip)", upstashRun),
    figure("Postgres-table limiter (rate_limit_hit, class + GLOBAL + ban)", postgresRun),
  ]);
}
