/**
 * Rate limiting against the real stack: the real @upstash/ratelimit over the Upstash bridge and Redis,
 * limits and violations in Postgres. Limit tables are injected where a test needs its own numbers, so
 * the shared rate_limit_config rows are never changed under other tests.
 */
import assert from "node:assert/strict";
import { closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { asService } from "../../functions-shared/platform/db.ts";
import { defineFunction, type FunctionRateLimitClass, route } from "../../functions-shared/pipeline/mod.ts";
import {
  BAN_KEY_PREFIX,
  cachedLimits,
  type ClassLimit,
  createFailoverLimiter,
  createPostgresLimiter,
  createUpstashLimiter,
  databaseLimiterEvents,
  type DegradedDecision,
  type LimiterEvents,
  LimiterUnavailable,
  type LimitTable,
  loadLimits,
  type RateLimiter,
} from "../../functions-shared/pipeline/rate_limit/mod.ts";
import { defaultFailMode } from "../../functions-shared/pipeline/rate_limit/limits.ts";
import { RATE_LIMIT_CLASSES } from "../../functions-shared/core/rate_limit_class.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { startUpstashBridge } from "../../scripts/upstash/bridge.ts";
import { stackEnv } from "../support/env.ts";
import { clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { callUntilRefused, clearOfWindowEnd } from "../support/fixed_window.ts";
import { userToken } from "../support/jwt.ts";
import { freePort } from "../../scripts/stack/run.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const redis = createRedis({ timeoutMs: 3000 });
const noop = { record() {} };
/** For tests about decisions, not budgets: no stall on a busy machine reaches it. */
const NO_BUDGET = 30_000;
const HOUR = 3600;

function limit(className: string, maxRequests: number, extra: Partial<ClassLimit> = {}): ClassLimit {
  return {
    className,
    maxRequests,
    // An hour: @upstash/ratelimit's sliding window counts the previous window's requests rounded down, so a
    // run that straddles a window's end may be allowed one more; tests that assert exact sequences also
    // start clear of the end (clearOfWindowEnd), and an hour's window makes that wait rare.
    windowSeconds: HOUR,
    message: `${className} limit reached`,
    failMode: "open",
    ...extra,
  };
}

function table(...limits: ClassLimit[]): () => Promise<LimitTable> {
  return () => Promise.resolve(new Map(limits.map((l) => [l.className, l])));
}

/** Unique class names per test: the Redis windows are keyed by class, so tests never share one. */
function uniqueClass(base: string) {
  const letters = Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => String.fromCharCode(65 + (b % 26)),
  );
  return `${base}_${letters.join("")}`;
}

const recordedEvents = () => {
  const violations: string[] = [];
  const degraded: DegradedDecision[] = [];
  const events: LimiterEvents = {
    violation: (v) => (violations.push(v.identity.key), Promise.resolve({})),
    degraded: (e) => (degraded.push(e), Promise.resolve()),
  };
  return { events, violations, degraded };
};

function limitedFunction(limiter: RateLimiter, rateLimitClass: string, name = "limited") {
  return defineFunction({
    name,
    // Classes with unique names keep each test's Redis windows apart; functions may name seeded ones only.
    rateLimitClass: rateLimitClass as FunctionRateLimitClass,
    routes: [
      route({
        method: "GET",
        path: "/",
        audit: { action: "dosing.list", resource: "formulary" },
        handler: () => ({ ok: true }),
      }),
    ],
  }, { rateLimiter: limiter, auditSink: noop, metricsSink: noop });
}

function call(
  fn: { fetch(r: Request): Promise<Response> },
  name: string,
  headers: Record<string, string> = {},
) {
  return fn.fetch(
    new Request(`http://localhost/${name}`, { headers: { "X-Forwarded-For": "198.51.100.20", ...headers } }),
  );
}

Deno.test(
  "the 11th request in a 10-per-window class is 429 with the class message and headers",
  options,
  async () => {
    const cls = uniqueClass("TEN");
    const limiter = createUpstashLimiter({
      redis,
      limits: table(limit(cls, 10)),
      events: recordedEvents().events,
      budgetMs: NO_BUDGET,
    });
    const fn = limitedFunction(limiter, cls);
    await clearOfWindowEnd(HOUR);
    for (let i = 1; i <= 10; i++) {
      const res = await call(fn, "limited");
      assert.equal(res.status, 200, `request ${i}`);
      assert.equal(res.headers.get("X-RateLimit-Limit"), "10");
      assert.equal(res.headers.get("X-RateLimit-Remaining"), String(10 - i));
      await res.body?.cancel();
    }
    const refused = await call(fn, "limited");
    assert.equal(refused.status, 429);
    const body = await refused.json();
    assert.equal(body.error.code, "RATE_LIMITED");
    assert.equal(body.error.message, `${cls} limit reached`);
    assert.equal(refused.headers.get("X-RateLimit-Remaining"), "0");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    assert.ok(retryAfter >= 1 && retryAfter <= HOUR, `Retry-After ${retryAfter}`);
    const reset = Number(refused.headers.get("X-RateLimit-Reset"));
    assert.ok(
      reset * 1000 > Date.now() && reset * 1000 <= Date.now() + (HOUR + 1) * 1000,
      "reset is an epoch second within the window",
    );
  },
);

Deno.test(
  "GLOBAL binds across functions; users and anonymous fingerprints are counted apart",
  options,
  async () => {
    const global = uniqueClass("GLOBAL");
    const limits: LimitTable = new Map([
      ["GLOBAL", limit(global, 3)],
      ["DOSING", limit("DOSING_X", 100)],
      ["CHAT", limit("CHAT_X", 100)],
    ]);
    // The GLOBAL row is looked up by name; its window key uses the unique class name.
    const limiter = createUpstashLimiter({
      redis,
      limits: () => Promise.resolve(limits),
      events: recordedEvents().events,
      budgetMs: NO_BUDGET,
    });
    const dosing = limitedFunction(limiter, "DOSING", "dosing");
    const chat = limitedFunction(limiter, "CHAT", "chat");
    const ip = { "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 200)}` };
    const statuses = [];
    await clearOfWindowEnd(HOUR);
    for (
      const [fn, name] of [[dosing, "dosing"], [chat, "chat"], [dosing, "dosing"], [chat, "chat"]] as const
    ) {
      const res = await call(fn, name, ip);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(
      statuses,
      [200, 200, 200, 429],
      "the fourth request overall is refused, in another function",
    );

    const otherBrowser = await call(chat, "chat", {
      ...ip,
      "User-Agent": "another-browser",
      "Accept-Language": "fr",
    });
    assert.equal(
      otherBrowser.status,
      429,
      "another user agent or language behind the same address buys no new window",
    );
    await otherBrowser.body?.cancel();
    const otherAddress = await call(chat, "chat", { "X-Forwarded-For": "198.51.100.250, 192.0.2.251" });
    assert.equal(otherAddress.status, 200, "another address (the trusted last entry) has its own window");
    await otherAddress.body?.cancel();
    const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
    const asUser = await call(chat, "chat", { ...ip, Authorization: `Bearer ${token}` });
    assert.equal(asUser.status, 200, "an authenticated user is counted by user id, not by address");
    await asUser.body?.cancel();
  },
);

Deno.test(
  "the limits come from rate_limit_config and an edit takes effect when the cache expires",
  options,
  async () => {
    const cls = uniqueClass("CFG");
    await sql`insert into public.rate_limit_config (class, max_requests, window_seconds, message, fail_mode)
    values (${cls}, 7, 60, 'cfg test', 'open')`;
    try {
      let clock = 0;
      const reloads: Promise<unknown>[] = [];
      const limits = cachedLimits(() => asService((tx) => loadLimits(tx)), {
        now: () => clock,
        waitUntil: (p) => reloads.push(p),
      });
      assert.equal((await limits()).get(cls)?.maxRequests, 7);
      await sql`update public.rate_limit_config set max_requests = 9 where class = ${cls}`;
      clock += 60_000;
      assert.equal((await limits()).get(cls)?.maxRequests, 7, "still cached after a minute");
      assert.equal(reloads.length, 0);
      clock += 5 * 60_000;
      assert.equal(
        (await limits()).get(cls)?.maxRequests,
        7,
        "after five minutes, answered at once from the cache",
      );
      assert.equal(reloads.length, 1, "while it reloads in the background");
      await Promise.all(reloads.splice(0));
      assert.equal((await limits()).get(cls)?.maxRequests, 9, "reloaded: the edit holds from the next call");
      await sql`update public.rate_limit_config set enabled = false where class = ${cls}`;
      clock += 5 * 60_000;
      await limits();
      await Promise.all(reloads.splice(0));
      assert.equal((await limits()).has(cls), false, "a disabled row is not enforced");
    } finally {
      await sql`delete from public.rate_limit_config where class = ${cls}`;
    }
  },
);

Deno.test(
  "with no table to read, each class fails as its row was seeded to (defaultFailMode)",
  options,
  async () => {
    // A cold isolate that cannot read rate_limit_config has only this copy of the rows' fail modes.
    const rows = await sql<{ class: string; fail_mode: string }[]>`select class, fail_mode
    from public.rate_limit_config where class in ${sql([...RATE_LIMIT_CLASSES])} order by class`;
    assert.equal(rows.length, RATE_LIMIT_CLASSES.length, "every class of the vocabulary is seeded");
    assert.deepEqual(
      rows.map((r) => [r.class, defaultFailMode(r.class)]),
      rows.map((r) => [r.class, r.fail_mode]),
    );
  },
);

Deno.test(
  "repeated violations ban the client (403 BANNED), recorded in Postgres; the ban ends",
  options,
  async () => {
    const cls = uniqueClass("BAN");
    let clock = Date.now();
    const afterResponse: Promise<unknown>[] = [];
    const limiter = createUpstashLimiter({
      redis,
      limits: table(limit(cls, 1)),
      events: databaseLimiterEvents(asService),
      now: () => clock,
      budgetMs: NO_BUDGET,
      waitUntil: (p) => afterResponse.push(p),
    });
    const fn = limitedFunction(limiter, cls);
    const ip = { "X-Forwarded-For": "192.0.2.222", "User-Agent": `ban-test-${cls}` };
    await clearOfWindowEnd(HOUR);
    const first = await call(fn, "limited", ip);
    assert.equal(first.status, 200);
    await first.body?.cancel();
    // Nine rejections take reputation from 100 to 10: the ninth bans. Violations are recorded after the
    // response, so each is awaited before the next.
    let status = 0;
    for (let i = 0; i < 9; i++) {
      const res = await call(fn, "limited", ip);
      status = res.status;
      await res.body?.cancel();
      await Promise.all(afterResponse.splice(0));
    }
    assert.equal(status, 429);
    const banned = await call(fn, "limited", ip);
    assert.equal(banned.status, 403);
    const body = await banned.json();
    assert.equal(body.error.code, "BANNED");
    assert.ok(Date.parse(body.error.details.bannedUntil) > Date.now());
    const [row] = await sql`select identifier, reputation, banned_until from public.rate_limit_violations
    where identifier like 'fp:%' and last_class = ${cls}`;
    assert.equal(row.reputation, 10);
    const [event] = await sql`select count(*)::int as n from public.security_events
    where event_type = 'rate_limit.ban' and identifier = ${row.identifier}`;
    assert.equal(event.n, 1);

    clock = row.banned_until.getTime() + 61_000; // the ban is over (the window, on the real clock, may not be)
    const after = await call(fn, "limited", ip);
    assert.notEqual(after.status, 403, "no longer banned");
    await after.body?.cancel();
  },
);

Deno.test(
  "a revoked session's refusals record nothing: its token cannot get its user banned",
  options,
  async () => {
    const cls = uniqueClass("REVOKED");
    const afterResponse: Promise<unknown>[] = [];
    const limiter = createUpstashLimiter({
      redis,
      limits: table(limit(cls, 1)),
      events: databaseLimiterEvents(asService),
      budgetMs: NO_BUDGET,
      waitUntil: (p) => afterResponse.push(p),
    });
    const fn = limitedFunction(limiter, cls);
    const userId = crypto.randomUUID();
    const [revoked, live] = [crypto.randomUUID(), crypto.randomUUID()];
    await sql`insert into public.user_sessions (session_id, user_id, ended_at, end_reason)
              values (${revoked}, ${userId}, now(), 'revoked'), (${live}, ${userId}, null, null)`;
    const as = async (sessionId: string) => ({
      Authorization: `Bearer ${await userToken(userId, { role: "paramedic" }, { session_id: sessionId })}`,
    });
    const statuses: number[] = [];
    await clearOfWindowEnd(HOUR); // CI run 235 crossed a minute's end mid-loop and got a second 401
    for (let i = 0; i < 12; i++) { // past the nine refusals that ban a live session's user
      const res = await call(fn, "limited", await as(revoked));
      statuses.push(res.status);
      await res.body?.cancel();
      await Promise.all(afterResponse.splice(0));
    }
    // Under the limit the session step answers (401); past it the limiter does, before the session step, and
    // never bans (403), though eleven refusals are past the nine that ban a live session's user.
    assert.deepEqual(statuses, [401, ...Array(11).fill(429)]);
    const rows = () =>
      sql`select violation_count from public.rate_limit_violations where identifier = ${`user:${userId}`}`;
    assert.deepEqual([...await rows()], [], "no violation recorded against the user");
    const res = await call(fn, "limited", await as(live));
    assert.equal(res.status, 429);
    await res.body?.cancel();
    await Promise.all(afterResponse.splice(0));
    assert.deepEqual((await rows()).map((r) => r.violation_count), [1], "the live session's refusal counts");
    await sql`delete from public.user_sessions where session_id in (${revoked}, ${live})`;
  },
);

Deno.test(
  "a ban the Postgres limiter started while Redis was down reaches Redis at the client's next refusal",
  options,
  async () => {
    const cls = uniqueClass("MIRROR");
    const address = "192.0.2.223";
    const key = clientAddressKey(address, loadConfig(Deno.env.toObject()).clientKeySecret)!;
    // Nine violations recorded in Postgres alone (as the Postgres limiter records them): banned there.
    for (let i = 0; i < 9; i++) {
      await sql`select * from public.record_rate_limit_violation(${key}, 'fingerprint', ${cls}, null, null)`;
    }
    const afterResponse: Promise<unknown>[] = [];
    const fn = limitedFunction(
      createUpstashLimiter({
        redis,
        limits: table(limit(cls, 1)),
        events: databaseLimiterEvents(asService),
        budgetMs: NO_BUDGET,
        waitUntil: (p) => afterResponse.push(p),
      }),
      cls,
    );
    const statuses: number[] = [];
    await clearOfWindowEnd(HOUR);
    for (let i = 0; i < 3; i++) {
      const res = await call(fn, "limited", { "X-Forwarded-For": address });
      statuses.push(res.status);
      await res.body?.cancel();
      await Promise.all(afterResponse.splice(0));
    }
    assert.deepEqual(statuses, [200, 429, 403], "Redis learns the ban from the first refusal it sees");
    assert.ok(await redis.get(`${BAN_KEY_PREFIX}${key}`));
  },
);

Deno.test(
  "Redis down or slow: every class is limited by Postgres instead; the budget, not the client, decides",
  options,
  async () => {
    // A bridge in front of a Redis port where nothing listens: the real client gets real errors.
    const deadPort = freePort(); // nothing listens there
    const bridge = startUpstashBridge({ redisHost: "127.0.0.1", redisPort: deadPort, port: 0, token: "t" });
    // And an "Upstash" that never answers while the test runs: only the budget can end the wait.
    const hung = Promise.withResolvers<void>();
    const silent = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async () => {
      await hung.promise;
      return Response.json([]);
    });
    try {
      // The dead bridge answers with an error however long it takes (a budget no stall reaches); only
      // the silent one tests the budget, since nothing but the budget can end that wait.
      const cases = [
        { url: bridge.url, budgetMs: NO_BUDGET, reason: "redis unavailable" },
        { url: `http://127.0.0.1:${silent.addr.port}`, budgetMs: 50, reason: "no answer within 50 ms" },
      ];
      for (const { url, budgetMs, reason } of cases) {
        const dosingClass = uniqueClass("DOSING");
        const phiClass = uniqueClass("PHI");
        const limits = table(
          limit(dosingClass, 30, { failMode: "open" }),
          limit(phiClass, 2, { failMode: "closed" }),
        );
        const recorded = recordedEvents();
        const limiter = createFailoverLimiter({
          limiters: [
            createUpstashLimiter({
              redis: createRedis({ url, token: "t", timeoutMs: NO_BUDGET }),
              limits,
              events: recorded.events,
              budgetMs,
            }),
            createPostgresLimiter({ service: asService, limits, events: recorded.events }),
          ],
          events: recorded.events,
          openFallbackBudgetMs: NO_BUDGET,
        });
        const dosing = await call(limitedFunction(limiter, dosingClass), "limited");
        assert.equal(dosing.status, 200, `DOSING answers with Redis unavailable (${url})`);
        assert.equal(dosing.headers.get("X-RateLimit-Limit"), "30", "and is limited by Postgres");
        await dosing.body?.cancel();
        const phi = limitedFunction(limiter, phiClass);
        const run = await callUntilRefused(
          () => call(phi, "limited", { "User-Agent": `phi-${phiClass}` }),
          5,
        );
        assert.equal(run.allowedInWindow, 2, `PHI: two answered in the refusing window (${run.statuses})`);
        assert.equal((await run.refused!.json()).error.code, "RATE_LIMITED");
        assert.deepEqual(
          run.statuses.filter((s) => s !== 200 && s !== 429),
          [],
          "PHI is never refused with 503",
        );
        assert.deepEqual(
          [...new Set(recorded.degraded.map((d) => `${d.outcome}: ${d.reason}`))],
          [`fallback: ${reason}`],
          "each decision is recorded as answered by the fallback, with Redis' failure as the reason",
        );
        assert.equal(recorded.degraded.length, 1 + run.statuses.length, "one event per decision");
      }
    } finally {
      hung.resolve();
      await bridge.close();
      await silent.shutdown();
    }
  },
);

Deno.test(
  "Redis past its budget but answering, the fallback stuck in line for a connection: Redis' answer decides",
  options,
  async () => {
    // An "Upstash" that holds every answer of the real bridge until the fallback has been asked, and a
    // Postgres limiter whose transaction never gets a connection (as under load, behind the writes).
    const upstream = stackEnv("UPSTASH_REDIS_REST_URL");
    const fallbackAsked = Promise.withResolvers<void>();
    const slow = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
      const forwarded = await fetch(`${upstream}${new URL(req.url).pathname}`, {
        method: "POST",
        headers: req.headers,
        body: await req.text(),
      });
      await fallbackAsked.promise;
      return forwarded;
    });
    try {
      const cls = uniqueClass("DOSING");
      const limits = table(limit(cls, 30, { failMode: "open" }), limit(uniqueClass("PHI"), 2));
      const recorded = recordedEvents();
      const limiter = createFailoverLimiter({
        limiters: [
          createUpstashLimiter({
            redis: createRedis({
              url: `http://127.0.0.1:${slow.addr.port}`,
              token: stackEnv("UPSTASH_REDIS_REST_TOKEN"),
              timeoutMs: NO_BUDGET,
            }),
            limits,
            events: recorded.events,
            budgetMs: 1,
          }),
          createPostgresLimiter({
            service: () => {
              fallbackAsked.resolve();
              return new Promise<never>(() => {});
            },
            limits,
            events: recorded.events,
          }),
        ],
        events: recorded.events,
        // Before Redis' late answer counted, only this budget ended the wait: answered, but unlimited.
        openFallbackBudgetMs: NO_BUDGET,
      });
      const res = await call(limitedFunction(limiter, cls), "limited");
      assert.equal(res.status, 200);
      assert.equal(
        res.headers.get("X-RateLimit-Limit"),
        "30",
        "limited: by Redis, the only one that answered",
      );
      assert.equal(res.headers.get("X-RateLimit-Remaining"), "29");
      await res.body?.cancel();
      assert.deepEqual(recorded.degraded, [], "Redis decided: no degraded decision to record");
    } finally {
      fallbackAsked.resolve();
      await slow.shutdown();
    }
  },
);

Deno.test(
  "neither Redis nor Postgres can answer: open classes answer, closed ones 503",
  options,
  async () => {
    const recorded = recordedEvents();
    const down = (reason: string) => ({
      check: (ctx: { rateLimitClass?: string }) => {
        const failMode = ctx.rateLimitClass === "PHI" ? "closed" : "open";
        return Promise.reject(new LimiterUnavailable(ctx.rateLimitClass ?? "API", failMode, reason));
      },
    });
    const limiter = createFailoverLimiter({
      limiters: [down("redis unavailable"), down("database unavailable")],
      events: recorded.events,
    });
    const dosing = await call(limitedFunction(limiter, "DOSING"), "limited");
    assert.equal(dosing.status, 200);
    await dosing.body?.cancel();
    const phi = await call(limitedFunction(limiter, "PHI"), "limited");
    assert.equal(phi.status, 503);
    assert.equal(phi.headers.get("Retry-After"), "5");
    assert.equal((await phi.json()).error.code, "RATE_LIMIT_UNAVAILABLE");
    assert.deepEqual(recorded.degraded.map((d) => [d.outcome, d.reason]), [
      ["fail_open", "redis unavailable; database unavailable"],
      ["fail_closed", "redis unavailable; database unavailable"],
    ]);
  },
);

Deno.test("degraded decisions are written as security events", options, async () => {
  const expected = { fallback: "MEDIUM", fail_open: "MEDIUM", fail_closed: "HIGH" } as const;
  for (const [outcome, severity] of Object.entries(expected)) {
    const requestId = crypto.randomUUID();
    await databaseLimiterEvents(asService).degraded({
      className: "PHI",
      outcome: outcome as keyof typeof expected,
      reason: "test",
      requestId,
    });
    const [row] =
      await sql`select event_type, severity, details from public.security_events where correlation_id = ${requestId}`;
    assert.deepEqual(row, {
      event_type: `rate_limit.${outcome}`,
      severity,
      details: { class: "PHI", reason: "test" },
    });
  }
});

Deno.test("without Upstash the Postgres limiter limits the same way, per class", options, async () => {
  const cls = uniqueClass("PG");
  const recorded = recordedEvents();
  const limiter = createPostgresLimiter({
    service: asService,
    limits: table(limit(cls, 3), limit("GLOBAL", 1000)),
    events: recorded.events,
  });
  const fn = limitedFunction(limiter, cls);
  const ip = { "X-Forwarded-For": "198.51.100.99", "User-Agent": `pg-${cls}` };
  const remaining: (string | null)[] = [];
  const run = await callUntilRefused(async () => {
    const res = await call(fn, "limited", ip);
    remaining.push(res.headers.get("X-RateLimit-Remaining"));
    return res;
  }, 7);
  // A fixed, clock-aligned window: counted in the window that refused, wherever the run began.
  assert.equal(run.allowedInWindow, 3, `statuses ${run.statuses}`);
  assert.deepEqual(remaining.slice(-4), ["2", "1", "0", "0"]);
  assert.equal(recorded.violations.length, 1);
});

Deno.test(
  "the class check, GLOBAL and the ban lookup cost one HTTP round trip to Upstash",
  options,
  async () => {
    const paths: string[] = [];
    const upstream = stackEnv("UPSTASH_REDIS_REST_URL");
    const counting = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
      const url = new URL(req.url);
      paths.push(url.pathname);
      return await fetch(`${upstream}${url.pathname}`, {
        method: req.method,
        headers: req.headers,
        body: await req.arrayBuffer(),
      });
    });
    try {
      const cls = uniqueClass("RT");
      const limiter = createUpstashLimiter({
        redis: createRedis({
          url: `http://127.0.0.1:${counting.addr.port}`,
          token: stackEnv("UPSTASH_REDIS_REST_TOKEN"),
        }),
        limits: table(limit(cls, 100), limit("GLOBAL", 1000)),
        events: recordedEvents().events,
        budgetMs: NO_BUDGET,
      });
      const fn = limitedFunction(limiter, cls);
      await (await call(fn, "limited")).body?.cancel(); // warm: the scripts get loaded (NOSCRIPT → EVAL) once
      paths.length = 0;
      await (await call(fn, "limited")).body?.cancel();
      assert.deepEqual(paths, ["/pipeline"], "one pipelined HTTP request per check");
    } finally {
      await counting.shutdown();
    }
  },
);

globalThis.addEventListener("unload", async () => {
  await sql.end();
  await closeDb();
});
