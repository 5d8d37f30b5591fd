/**
 * The rate limiter's round trip carries the metric increments and the session touch: one HTTP request
 * to Upstash per request for the class + GLOBAL windows, the ban lookup, the pending metrics and the
 * session — measured by counting the requests the client sends.
 */
import assert from "node:assert/strict";
import type { RequestEvent } from "../../functions-shared/core/audit_event.ts";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { createMetricsRecorder } from "../../functions-shared/pipeline/metrics/recorder.ts";
import type { RequestContext } from "../../functions-shared/core/context.ts";
import {
  type ClassLimit,
  createUpstashLimiter,
  type LimiterEvents,
} from "../../functions-shared/pipeline/rate_limit/mod.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { createSessionGuard } from "../../functions-shared/pipeline/sessions/guard.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/policy.ts";
import { seedSession } from "../../functions-shared/pipeline/sessions/redis_session.ts";
import type { SessionStore } from "../../functions-shared/pipeline/sessions/store.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const quiet: LimiterEvents = { violation: () => Promise.resolve({}), degraded: () => Promise.resolve() };
const limit = (className: string): ClassLimit => ({
  className,
  maxRequests: 1000,
  windowSeconds: 60,
  message: "m",
  failMode: "open",
});
const noStore: SessionStore = {
  check: () => Promise.reject(new Error("Postgres must not be asked for a known session")),
  touch: () => Promise.resolve(new Map()),
  end: () => Promise.resolve(),
  policy: () => Promise.resolve(DEFAULT_SESSION_POLICY),
};

/** Counts HTTP requests to the Upstash endpoint while `work` runs. */
async function upstashRequests(work: () => Promise<void>): Promise<number> {
  const base = stackEnv("UPSTASH_REDIS_REST_URL");
  const original = globalThis.fetch;
  let n = 0;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input instanceof Request ? input.url : input).startsWith(base)) n++;
    return original(input, init);
  }) as typeof fetch;
  try {
    await work();
  } finally {
    globalThis.fetch = original;
  }
  return n;
}

Deno.test(
  "limiter + ban + metric increments + session touch: one HTTP request to Upstash",
  options,
  async () => {
    const redis = createRedis({ timeoutMs: 3000 });
    const recorder = createMetricsRecorder({ redis: () => redis, flushDelayMs: 60_000, logger: () => {} });
    const guard = createSessionGuard({
      store: noStore,
      redis: () => redis,
      policy: DEFAULT_SESSION_POLICY,
      budgetMs: 30_000, // a test of the round trip, not of a budget
    });
    const cls = `RT_${crypto.randomUUID().slice(0, 8).toUpperCase().replace(/[^A-Z]/g, "X")}`;
    const limiter = createUpstashLimiter({
      redis,
      limits: () => Promise.resolve(new Map([[cls, limit(cls)], ["GLOBAL", limit(`${cls}_G`)]])),
      events: quiet,
      budgetMs: 30_000, // a test of the round trip, not of a budget
      riders: [(r) => recorder.ride(r), guard.ride],
    });
    const sessionId = crypto.randomUUID();
    const identity = identityFromClaims({
      exp: 2e9,
      sub: crypto.randomUUID(),
      role: "authenticated",
      session_id: sessionId,
      app_metadata: { role: "paramedic" },
    });
    await seedSession(redis, sessionId, Date.now(), Date.now(), DEFAULT_SESSION_POLICY);
    const ctx = () =>
      ({
        req: new Request("http://localhost/x"),
        identity,
        ip: "198.51.100.9",
        requestId: crypto.randomUUID(),
        rateLimitClass: cls,
      }) as unknown as RequestContext;

    // Warm up: script SHAs computed and loaded (the metrics script too, whatever ran before this
    // test in the stack's Redis), limit tables cached.
    for (let i = 0; i < 3; i++) {
      recorder.record(
        { functionName: "warm-up", status: 200, durationMs: 1, startedAt: Date.now() } as RequestEvent,
      );
      const c = ctx();
      await limiter.check(c);
      await guard.check(c);
    }
    const fn = `rt${crypto.randomUUID().slice(0, 6)}`;
    const startedAt = Date.now();
    recorder.record({ functionName: fn, status: 200, durationMs: 3, startedAt } as RequestEvent);
    const requests = await upstashRequests(async () => {
      const c = ctx();
      const decision = await limiter.check(c);
      assert.equal(decision.allowed, true);
      await guard.check(c); // the touch already came back with the limiter's answer
    });
    assert.equal(requests, 1, "everything in the limiter's round trip");
    // The increment is bucketed by the request's own start, which may be in the previous hour by now.
    const hour = new Date(startedAt).toISOString().slice(0, 13).replace(/[-T]/g, "");
    assert.equal(await redis.hget(`metrics:h:${hour}`, `c|requests.${fn}.2xx`), 1, "the increments landed");
  },
);
