/**
 * The session step's decisions with a stand-in store (no Redis: every request asks the store, as
 * without Upstash): expired and ended sessions → 401 SESSION_EXPIRED with the reason; guests and service
 * callers pass, and a user's token without a session never gets here (401 TOKEN_INVALID); a store outage lets
 * the request through. With a stand-in
 * Redis: the request due a write of last activity waits for Postgres's answer, and a session Postgres
 * ended or no longer holds (erased) is refused and ended in Redis.
 */
import assert from "node:assert/strict";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import {
  createSessionGuard,
  SESSION_EXPIRED,
  sessionExpired,
  sessionSubject,
  spokenDuration,
} from "../../functions-shared/pipeline/sessions/guard.ts";
import { parseTouch } from "../../functions-shared/pipeline/sessions/redis_session.ts";
import type {
  CheckedSession,
  SessionStore,
  SessionSubject,
} from "../../functions-shared/pipeline/sessions/store.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/policy.ts";
import type { RequestContext } from "../../functions-shared/core/context.ts";
import type { Redis } from "../../functions-shared/platform/redis.ts";

const USER = "7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87";
const SESSION = "0f6d9c1e-aaaa-4bbb-8ccc-123456789abc";

function ctxWith(claims: Record<string, unknown> | null): RequestContext {
  const identity = claims ? identityFromClaims({ exp: 2e9, ...claims }) : GUEST_IDENTITY;
  return { identity, requestId: crypto.randomUUID() } as unknown as RequestContext;
}

const userClaims = (extra: Record<string, unknown> = {}) => ({
  sub: USER,
  role: "authenticated",
  session_id: SESSION,
  app_metadata: { role: "paramedic" },
  ...extra,
});

function store(answer: CheckedSession | Error) {
  const seen: SessionSubject[] = [];
  const s: SessionStore = {
    check: (
      subject,
    ) => (seen.push(subject), answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)),
    touch: () => Promise.resolve(new Map()),
    end: () => Promise.resolve(),
    policy: () => Promise.resolve(DEFAULT_SESSION_POLICY),
  };
  return { seen, store: s };
}

const active: CheckedSession = { status: "active", reason: null, startedAt: 0, lastActivityAt: 0 };
const quiet = () => {};

Deno.test("an active session passes and is checked with the token's user, session and sign-in time", async () => {
  const { seen, store: s } = store(active);
  const guard = createSessionGuard({ store: s, policy: DEFAULT_SESSION_POLICY, logger: quiet });
  await guard.check(ctxWith(userClaims({ amr: [{ method: "password", timestamp: 1_800_000_000 }] })));
  assert.equal(seen.length, 1);
  assert.deepEqual([seen[0].sessionId, seen[0].userId, seen[0].startedHint], [
    SESSION,
    USER,
    1_800_000_000_000,
  ]);
});

for (const reason of ["timeout_idle", "timeout_max_duration"] as const) {
  Deno.test(`an expired session (${reason}) → 401 SESSION_EXPIRED naming the reason`, async () => {
    const { store: s } = store({ status: "expired", reason, startedAt: 0, lastActivityAt: 0 });
    const guard = createSessionGuard({ store: s, policy: DEFAULT_SESSION_POLICY, logger: quiet });
    await assert.rejects(guard.check(ctxWith(userClaims())), (error) => {
      assert.ok(error instanceof HttpError);
      assert.deepEqual([error.status, error.code, (error.details as { reason: string }).reason], [
        401,
        SESSION_EXPIRED,
        reason,
      ]);
      return true;
    });
  });
}

Deno.test("guests and service callers are not session-checked; a user's token without a uuid session_id is refused before", async () => {
  const { seen, store: s } = store(active);
  const guard = createSessionGuard({ store: s, policy: DEFAULT_SESSION_POLICY, logger: quiet });
  await guard.check(ctxWith(null));
  await guard.check(ctxWith({ role: "service_role" }));
  assert.equal(seen.length, 0);
  assert.equal(sessionSubject(ctxWith(userClaims())) !== null, true);
  // Such a token could be neither timed out nor ended (core/identity.ts): 401 TOKEN_INVALID.
  for (const session_id of [undefined, "", "not-a-uuid", 42]) {
    assert.throws(
      () => ctxWith(userClaims({ session_id })),
      (e: unknown) =>
        e instanceof HttpError && e.status === 401 && e.code === "TOKEN_INVALID" &&
        /names no session/.test(e.message),
    );
  }
});

Deno.test("the session store down → the request goes through (fail open)", async () => {
  const { store: s } = store(new Error("connection refused"));
  const guard = createSessionGuard({ store: s, policy: DEFAULT_SESSION_POLICY, logger: quiet });
  await guard.check(ctxWith(userClaims()));
});

Deno.test("a session store that hangs (Postgres down) holds a request for at most the database budget", async () => {
  const s: SessionStore = {
    check: () => new Promise(() => {}), // a connect attempt that never answers
    touch: () => Promise.resolve(new Map()),
    end: () => Promise.resolve(),
    policy: () => Promise.resolve(DEFAULT_SESSION_POLICY),
  };
  const guard = createSessionGuard({
    store: s,
    policy: DEFAULT_SESSION_POLICY,
    logger: quiet,
    dbBudgetMs: 100,
  });
  const started = performance.now();
  await guard.check(ctxWith(userClaims())); // the store never answers: only the budget can end the wait
  const waited = performance.now() - started;
  assert.ok(waited >= 90, `went through before its budget (${waited} ms)`);
});

Deno.test("touch replies from the Redis script", () => {
  assert.deepEqual(parseTouch(["active"]), { status: "active", persist: false });
  assert.deepEqual(parseTouch(["active", "persist"]), { status: "active", persist: true });
  assert.deepEqual(parseTouch(["unknown"]), { status: "unknown" });
  assert.deepEqual(parseTouch(["ended", "logout"]), { status: "ended", reason: "logout" });
  assert.deepEqual(parseTouch(["expired", "timeout_idle", 1800000000000]), {
    status: "expired",
    reason: "timeout_idle",
    endedAt: 1800000000000,
  });
  assert.equal(parseTouch("OK").status, "error");
});

Deno.test("the 401 states the policy in force, not a copy of the seeded one", () => {
  assert.equal(spokenDuration(15 * 60_000), "15 minutes");
  assert.equal(spokenDuration(8 * 3600_000), "8 hours");
  assert.equal(spokenDuration(60_000), "1 minute");
  const stricter = { idleMs: 10 * 60_000, maxMs: 12 * 3600_000, persistMs: 60_000 };
  assert.match(sessionExpired("timeout_idle", stricter).message, /after 10 minutes without activity/);
  assert.match(sessionExpired("timeout_max_duration", stricter).message, /its limit of 12 hours open/);
  assert.match(sessionExpired("timeout_idle").message, /after 15 minutes without activity/);
  assert.equal(sessionExpired("revoked").message, "Your session has ended. Sign in again.");
});

/** Redis whose session touch answers `reply`; records the hash writes (markEnded). */
function touchRedis(reply: unknown[]) {
  const writes: [string, Record<string, unknown>][] = [];
  const fake = {
    eval: () => Promise.resolve(reply),
    evalsha: () => Promise.resolve(reply),
    hset: (key: string, value: Record<string, unknown>) => (writes.push([key, value]), Promise.resolve(1)),
    pexpire: () => Promise.resolve(1),
    pexpireat: () => Promise.resolve(1),
  };
  return { redis: fake as unknown as Redis, writes };
}

function touchStore(touch: SessionStore["touch"]): SessionStore & { touched: string[][] } {
  const touched: string[][] = [];
  return {
    touched,
    check: () => Promise.reject(new Error("a session Redis knows is not checked in Postgres")),
    touch: (activity) => (touched.push(activity.map((a) => a.sessionId)), touch(activity)),
    end: () => Promise.resolve(),
    policy: () => Promise.resolve(DEFAULT_SESSION_POLICY),
  };
}

const guardOver = (s: SessionStore, redis: Redis, dbBudgetMs = 30_000) =>
  createSessionGuard({
    store: s,
    redis: () => redis,
    policy: DEFAULT_SESSION_POLICY,
    logger: quiet,
    dbBudgetMs,
  });

Deno.test("a session due its write of last activity that Postgres no longer holds → 401 revoked, ended in Redis", async () => {
  const { redis, writes } = touchRedis(["active", "persist"]);
  const s = touchStore(() => Promise.resolve(new Map([[SESSION, "revoked" as const]])));
  const guard = guardOver(s, redis);
  await assert.rejects(guard.check(ctxWith(userClaims())), (error) => {
    assert.ok(error instanceof HttpError);
    assert.deepEqual([error.status, error.code, (error.details as { reason: string }).reason], [
      401,
      SESSION_EXPIRED,
      "revoked",
    ]);
    return true;
  });
  await guard.settle();
  assert.deepEqual(s.touched, [[SESSION]], "the request's own write asked Postgres");
  assert.deepEqual(writes, [[`sess:${SESSION}`, { e: "revoked" }]], "and Redis refuses the next requests");
});

Deno.test("a session due its write that Postgres still holds passes once the write is answered", async () => {
  const { redis, writes } = touchRedis(["active", "persist"]);
  const s = touchStore(() => Promise.resolve(new Map()));
  const guard = guardOver(s, redis);
  await guard.check(ctxWith(userClaims()));
  assert.deepEqual(s.touched, [[SESSION]], "written before the request went on");
  await guard.settle();
  assert.deepEqual(writes, []);
});

Deno.test("a session not due a write asks nothing of Postgres", async () => {
  const { redis } = touchRedis(["active"]);
  const s = touchStore(() => Promise.reject(new Error("not due")));
  const guard = guardOver(s, redis);
  await guard.check(ctxWith(userClaims()));
  await guard.settle();
  assert.deepEqual(s.touched, []);
});

Deno.test("the write due hangs (Postgres down) → the request goes through after the database budget", async () => {
  const { redis } = touchRedis(["active", "persist"]);
  const s = touchStore(() => new Promise(() => {}));
  const guard = guardOver(s, redis, 50);
  await guard.check(ctxWith(userClaims())); // only the budget can end the wait: the store never answers
  assert.deepEqual(s.touched, [[SESSION]]);
});
