/**
 * The AI trail's spool: rows the database cannot take wait in Redis sealed (no raw user or session id
 * there), flush-metrics' drain lands them once, and a row refused for good goes to ai_trail:dead (which
 * the dead-letter alert counts) instead of being dropped.
 */
import assert from "node:assert/strict";
import {
  databaseAiTrailWriter,
  drainAiTrailSpool,
  spoolAiTrail,
} from "../../functions-shared/pipeline/audit/ai_trail_spool.ts";
import { SEALED_PREFIX } from "../../functions-shared/pipeline/audit/spool_cipher.ts";
import { closeDb, createSql } from "../../functions-shared/platform/db.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/** A test's own spool and dead-letter keys, the owner's connection to look, and what ends them. */
function spoolFixture() {
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  const redis = createRedis({ timeoutMs: 3000 });
  const id = crypto.randomUUID();
  const keys = { spool: `test:ai_trail:spool:${id}`, dead: `test:ai_trail:dead:${id}` };
  const close = async () => {
    await redis.del(keys.spool, keys.dead);
    await sql.end();
    await closeDb();
  };
  return { sql, redis, id, keys, close };
}

Deno.test(
  "AI-trail rows wait sealed in Redis, land once, and a refused one is dead-lettered",
  options,
  async () => {
    const { sql, redis, id, keys, close } = spoolFixture();
    const user = crypto.randomUUID();
    const row = (outcome: string) => ({
      message_id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      user_id: user,
      session_id: `session-${id}`,
      prompt_version: "v1",
      mode: "retrieval-only",
      outcome,
      correlation_id: id,
    });
    const good = row("offline");
    const bad = row("teleported");
    try {
      await spoolAiTrail([good, bad], { redis, ...keys });
      const raw = await redis.lrange<string>(keys.spool, 0, -1);
      assert.equal(raw.length, 2);
      assert.ok(raw.every((entry) => entry.startsWith(SEALED_PREFIX) && !entry.includes(user)), "sealed");

      assert.deepEqual(await drainAiTrailSpool({ redis, ...keys }), {
        landed: 1,
        remaining: 0,
        deadLettered: 1,
      });
      const rows =
        await sql`select message_id::text from public.ai_audit_trails where correlation_id = ${id}`;
      assert.deepEqual(rows.map((r) => r.message_id), [good.message_id]);
      const dead = await redis.lrange<string>(keys.dead, 0, -1);
      assert.equal(dead.length, 1, "the refused row is kept, not dropped");
      assert.ok(dead[0].startsWith(SEALED_PREFIX) && !dead[0].includes(user));

      await spoolAiTrail([good], { redis, ...keys }); // a crash between write and trim: landed again
      assert.deepEqual(await drainAiTrailSpool({ redis, ...keys }), {
        landed: 0,
        remaining: 0,
        deadLettered: 0,
      });
      assert.equal((await sql`select 1 from public.ai_audit_trails where correlation_id = ${id}`).length, 1);
    } finally {
      await close();
    }
  },
);

Deno.test(
  "a row an hour old, which the request path's writer refuses, lands through the jobs' drain with its own time",
  options,
  async () => {
    const { sql, redis, id, keys, close } = spoolFixture();
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const row = {
      message_id: crypto.randomUUID(),
      timestamp: hourAgo,
      prompt_version: "v1",
      mode: "retrieval-only",
      outcome: "offline",
      correlation_id: id,
    };
    try {
      // The chat's inline writer (medic_server on the request login): the database bounds the time.
      await assert.rejects(databaseAiTrailWriter()([row]), (error: { code?: string; message?: string }) => {
        assert.equal(error.code, "22023");
        assert.match(
          String(error.message),
          /role medic_server may not write an AI audit entry older than 15 minutes/,
        );
        return true;
      });
      // Spooled as the chat does when Postgres refuses; flush-metrics' drain (medic_job_writer) lands it.
      await spoolAiTrail([row], { redis, ...keys });
      assert.deepEqual(await drainAiTrailSpool({ redis, ...keys }), {
        landed: 1,
        remaining: 0,
        deadLettered: 0,
      });
      const [landed] = await sql`select "timestamp", created_at - "timestamp" >= interval '59 minutes' as late
        from public.ai_audit_trails where correlation_id = ${id}`;
      assert.equal((landed.timestamp as Date).toISOString(), hourAgo, "kept with the chat's own time");
      assert.equal(landed.late, true, "its created_at shows the delay");
    } finally {
      await close();
    }
  },
);
