/**
 * The isolate's session guard, chosen from the environment on first use: Redis (Upstash) for the hot
 * state when configured, Postgres for the rest; no database configured → no session enforcement
 * (unit tests, scripts). `sessionRider` is what the rate limiter carries in its round trip.
 */
import { config } from "../config.ts";
import { asService } from "../db.ts";
import type { RequestContext } from "../pipeline/context.ts";
import { type Redis, redis } from "../redis.ts";
import { edgeWaitUntil } from "../runtime.ts";
import { createSessionGuard, type SessionGuard } from "./guard.ts";
import { databaseSessionStore } from "./store.ts";

export { createSessionGuard, SESSION_EXPIRED, type SessionGuard, sessionSubject } from "./guard.ts";
export { databaseSessionStore, type SessionStore } from "./store.ts";
export { DEFAULT_SESSION_POLICY, type SessionPolicy } from "./policy.ts";

let chosen: SessionGuard | null | undefined;

function isolateGuard(): SessionGuard | null {
  if (chosen !== undefined) return chosen;
  const cfg = config();
  if (!cfg.dbUrl) return chosen = null;
  const hasRedis = Boolean(cfg.upstashRedisRestUrl && cfg.upstashRedisRestToken);
  chosen = createSessionGuard({
    store: databaseSessionStore(asService),
    redis: hasRedis ? redis : undefined,
    budgetMs: cfg.sessionTouchBudgetMs,
    dbBudgetMs: cfg.dbBudgetMs,
    waitUntil: edgeWaitUntil(),
  });
  return chosen;
}

export const defaultSessionGuard: SessionGuard = {
  ride: (client: Redis, ctx: RequestContext) => isolateGuard()?.ride(client, ctx),
  check: async (ctx) => await isolateGuard()?.check(ctx),
  settle: async () => await isolateGuard()?.settle(),
};

export const sessionRider = defaultSessionGuard.ride;
