/**
 * Session timeouts on the real stack (Redis through the bridge, Postgres): a session begins on its first
 * request (Postgres, audited), is then checked in Redis only, and ends with its reason — idle over 15
 * minutes or open over 8 hours — as 401 SESSION_EXPIRED and a row ended in Postgres (audited). The same
 * without Redis, and after Redis forgot a session.
 */
import assert from "node:assert/strict";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { asService, createSql, type Tx } from "../../functions-shared/platform/db.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import type { RequestContext } from "../../functions-shared/core/context.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { createSessionGuard, SESSION_EXPIRED } from "../../functions-shared/pipeline/sessions/guard.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/policy.ts";
import { sessionKey } from "../../functions-shared/pipeline/sessions/redis_session.ts";
import { databaseSessionStore } from "../../functions-shared/pipeline/sessions/store.ts";
import { startUpstashBridge } from "../../scripts/upstash/bridge.ts";
import { stackEnv } from "../support/env.ts";
import { freePort } from "../../scripts/stack/run.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const service = <T>(work: (tx: Tx) => Promise<T>) => asService(work, { sql });
const redis = createRedis({ timeoutMs: 3000 });
const store = databaseSessionStore(service);
const quiet = () => {};

function session() {
  const sessionId = crypto.randomUUID();
  const identity = identityFromClaims({
    exp: 2e9,
    sub: crypto.randomUUID(),
    role: "authenticated",
    session_id: sessionId,
    app_metadata: { role: "paramedic" },
  });
  const ctx = () => ({ identity, requestId: crypto.randomUUID() }) as unknown as RequestContext;
  return { sessionId, ctx };
}

async function expectExpired(work: Promise<void>, reason: string) {
  await assert.rejects(work, (e) => {
    assert.ok(e instanceof HttpError);
    assert.deepEqual([e.status, e.code, (e.details as { reason: string }).reason], [
      401,
      SESSION_EXPIRED,
      reason,
    ]);
    return true;
  });
}

async function row(sessionId: string) {
  const [r] = await sql<{ end_reason: string | null; last_activity_at: Date }[]>`
    select end_reason, last_activity_at from public.user_sessions where session_id = ${sessionId}`;
  return r;
}

// As the owner's own session (the platform operator, 20261205115000): audit_log_entries resolves pseudonyms
// only for those allowed to see them, and the service role itself reads no trail (tests/sql/112).
const audited = async (action: string, sessionId: string) =>
  (await sql`select 1 from audit.audit_log_entries where action = ${action} and session_id = ${sessionId}`)
    .length;

// Budgets far beyond any stall: these tests are about decisions, not about how long an outage may cost.
const guardWith = (useRedis: boolean, client = redis) =>
  createSessionGuard({
    store,
    redis: useRedis ? () => client : undefined,
    policy: DEFAULT_SESSION_POLICY,
    budgetMs: 30_000,
    dbBudgetMs: 30_000,
    persistBatchMs: 10,
    logger: quiet,
  });

Deno.test(
  "Redis: first request begins the session in Postgres; idle over 15 minutes → 401, ended timeout_idle",
  options,
  async () => {
    const guard = guardWith(true);
    const { sessionId, ctx } = session();
    await guard.check(ctx());
    await guard.settle();
    assert.equal((await row(sessionId)).end_reason, null, "begun");
    assert.equal(await audited("user.session.start", sessionId), 1, "start audited");
    assert.ok(await redis.hget(sessionKey(sessionId), "s"), "Redis knows it now");
    await guard.check(ctx()); // Redis only from here on

    await redis.hset(sessionKey(sessionId), { l: Date.now() - 16 * 60_000 });
    await expectExpired(guard.check(ctx()), "timeout_idle");
    await guard.settle();
    assert.equal((await row(sessionId)).end_reason, "timeout_idle");
    assert.equal(await audited("user.session.end", sessionId), 1, "end audited");
    await expectExpired(guard.check(ctx()), "timeout_idle"); // refused by Redis alone from now on
  },
);

Deno.test("Redis: open over 8 hours while active → 401, ended timeout_max_duration", options, async () => {
  const guard = guardWith(true);
  const { sessionId, ctx } = session();
  await guard.check(ctx());
  await guard.settle();
  await redis.hset(sessionKey(sessionId), { s: Date.now() - 8 * 3600_000 - 60_000, l: Date.now() - 30_000 });
  await expectExpired(guard.check(ctx()), "timeout_max_duration");
  await guard.settle();
  assert.equal((await row(sessionId)).end_reason, "timeout_max_duration");
});

Deno.test(
  "Redis: last activity reaches Postgres at most once a minute",
  options,
  async () => {
    const guard = guardWith(true);
    const { sessionId, ctx } = session();
    await guard.check(ctx());
    await guard.settle();
    await sql`update public.user_sessions set last_activity_at = now() - interval '5 minutes',
    started_at = now() - interval '10 minutes' where session_id = ${sessionId}`;
    await guard.check(ctx()); // persisted less than a minute ago: nothing written
    await guard.settle();
    assert.ok((await row(sessionId)).last_activity_at.getTime() < Date.now() - 4 * 60_000);
    await redis.hset(sessionKey(sessionId), { p: Date.now() - 61_000 });
    await guard.check(ctx());
    await guard.settle();
    assert.ok((await row(sessionId)).last_activity_at.getTime() > Date.now() - 10_000, "written");
  },
);

Deno.test(
  "Redis: a session Postgres no longer holds (an erasure deleted it, Redis never told) is refused at its next write",
  options,
  async () => {
    const guard = guardWith(true);
    const { sessionId, ctx } = session();
    await guard.check(ctx());
    await guard.settle();
    await sql`delete from public.user_sessions where session_id = ${sessionId}`; // what gdpr.erase_subject does
    await guard.check(ctx()); // within the persist interval Redis alone answers
    await redis.hset(sessionKey(sessionId), { p: Date.now() - DEFAULT_SESSION_POLICY.persistMs - 1000 });
    await expectExpired(guard.check(ctx()), "revoked");
    await guard.settle();
    assert.equal(await redis.hget(sessionKey(sessionId), "e"), "revoked", "ended in Redis");
    await expectExpired(guard.check(ctx()), "revoked"); // refused by Redis alone from now on
    assert.equal(await row(sessionId), undefined, "and Postgres holds no row for it again");
  },
);

Deno.test(
  "Redis: a session Postgres ended is refused at its next write, not at its timeouts",
  options,
  async () => {
    const guard = guardWith(true);
    const { sessionId, ctx } = session();
    await guard.check(ctx());
    await guard.settle();
    await sql`select public.end_session(${sessionId}::uuid, 'revoked')`;
    await redis.hset(sessionKey(sessionId), { p: Date.now() - DEFAULT_SESSION_POLICY.persistMs - 1000 });
    await expectExpired(guard.check(ctx()), "revoked");
  },
);

Deno.test("Redis forgot a session that Postgres ended → still 401", options, async () => {
  const guard = guardWith(true);
  const { sessionId, ctx } = session();
  await guard.check(ctx());
  await guard.settle();
  await sql`select public.end_session(${sessionId}::uuid, 'revoked')`;
  await redis.del(sessionKey(sessionId));
  await expectExpired(guard.check(ctx()), "revoked");
});

Deno.test("Redis unavailable: Postgres decides, so an ended session stays ended", options, async () => {
  const { sessionId, ctx } = session();
  const live = guardWith(true);
  await live.check(ctx());
  await live.settle();
  await sql`select public.end_session(${sessionId}::uuid, 'revoked')`;
  // A bridge in front of a Redis port where nothing listens: every touch fails.
  const deadPort = freePort(); // nothing listens there
  const bridge = startUpstashBridge({ redisHost: "127.0.0.1", redisPort: deadPort, port: 0, token: "t" });
  try {
    const outage = guardWith(true, createRedis({ url: bridge.url, token: "t", timeoutMs: 3000 }));
    await expectExpired(outage.check(ctx()), "revoked");
    const other = session();
    await outage.check(other.ctx()); // an active session still passes, begun in Postgres
    assert.equal((await row(other.sessionId)).end_reason, null);
  } finally {
    await bridge.close();
  }
});

Deno.test("without Redis: Postgres decides every request, both timeouts", options, async () => {
  const guard = guardWith(false);
  const idle = session();
  await guard.check(idle.ctx());
  await sql`update public.user_sessions set last_activity_at = now() - interval '16 minutes',
    started_at = now() - interval '20 minutes' where session_id = ${idle.sessionId}`;
  await expectExpired(guard.check(idle.ctx()), "timeout_idle");
  const long = session();
  await guard.check(long.ctx());
  await sql`update public.user_sessions set started_at = now() - interval '8 hours 1 minute',
    last_activity_at = now() - interval '1 minute' where session_id = ${long.sessionId}`;
  await expectExpired(guard.check(long.ctx()), "timeout_max_duration");
  assert.equal((await row(long.sessionId)).end_reason, "timeout_max_duration");
});

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
