/**
 * Session timeouts through the functions server: a signed-in medic's requests keep their session alive;
 * once it has been idle over 15 minutes (or open over 8 hours) the next request is 401 SESSION_EXPIRED
 * and the session is ended in Postgres with that reason. The clock is moved by editing the session's
 * state in Redis, where the hot path keeps it.
 */
import assert from "node:assert/strict";
import { createSql } from "../../functions-shared/platform/db.ts";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const redis = createRedis({ timeoutMs: 3000 });

async function signedIn() {
  const sessionId = crypto.randomUUID();
  const token = await userToken(crypto.randomUUID(), { role: "paramedic" }, { session_id: sessionId });
  return { sessionId, call: () => apiClient(token).dosing.list() };
}

async function endReason(sessionId: string): Promise<string | null | undefined> {
  for (let i = 0; i < 200; i++) {
    const [row] = await sql<{ end_reason: string | null }[]>`
      select end_reason from public.user_sessions where session_id = ${sessionId}`;
    if (row?.end_reason) return row.end_reason;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

for (
  const [label, edit, reason] of [
    ["idle over 15 minutes", () => ({ l: Date.now() - 15 * 60_000 - 5000 }), "timeout_idle"],
    ["open over 8 hours", () => ({ s: Date.now() - 8 * 3600_000 - 5000 }), "timeout_max_duration"],
  ] as const
) {
  Deno.test(`${label} → 401 SESSION_EXPIRED, session ended (${reason})`, options, async () => {
    const { sessionId, call } = await signedIn();
    assert.equal((await call()).error, null, "first request: the session begins");
    assert.equal((await call()).error, null, "and stays alive");
    // A request that found no session in Redis seeds it after its answer; such a seed (at most one per
    // request above) may land after our edit and undo it once. Each later request finds the session in
    // Redis and seeds nothing, so within three tries an edit holds.
    let outcome;
    for (let attempt = 0; attempt < 3; attempt++) {
      await redis.hset(`sess:${sessionId}`, edit());
      outcome = await call();
      if (outcome.error) break;
    }
    const refused = await errorBody(outcome!.error);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, "SESSION_EXPIRED");
    assert.equal(refused.body.error.details.reason, reason);
    assert.equal(await endReason(sessionId), reason);
    assert.equal(
      (await errorBody((await call()).error)).body.error.code,
      "SESSION_EXPIRED",
      "and stays ended",
    );
  });
}

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
