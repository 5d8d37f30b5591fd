/**
 * The session step: a signed-in user's request is refused with 401 SESSION_EXPIRED once their session
 * (the JWT's session_id) has been idle, or open, longer than app.session_policy allows (seeded: 15 minutes
 * idle, 8 hours open), and the session is ended with that reason (audited in SQL).
 *
 * Cost per request, with Upstash: the touch is one EVALSHA that rides in the rate limiter's round trip
 * (`ride`, issued in the limiter's tick), so it adds no round trip. Only a session's first request (or
 * one Redis has forgotten) waits for Postgres (check_session, which also begins and audits the session),
 * and, once per persist interval (a minute) per session, the request that writes last activity
 * (touch_sessions): its answer names the sessions Postgres has ended or no longer holds (an erasure deletes
 * them, whoever ran it and whether Redis answered then), so such a session is refused at the latest one
 * persist interval after Postgres ended it, not at its timeouts. Without Upstash every request runs
 * check_session: one Postgres round trip.
 *
 * If the touch fails or exceeds its budget, Postgres decides, as when Redis has forgotten the session
 * (the rate limiter falls back the same way): an ended session stays ended through a Redis outage. If
 * Postgres cannot answer within dbBudgetMs either, the request goes through (fail open, like the
 * clinical rate-limit classes) and the server log says so: a medic is never locked out by an outage.
 */
import { isUuid } from "../audit/mapping.ts";
import type { Identity } from "../../core/identity.ts";
import { HttpError } from "../../core/errors.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import type { RequestContext } from "../../core/context.ts";
import { adaptiveBudget, withinBudget } from "../../core/timing.ts";
import type { Redis } from "../../platform/redis.ts";
import { cachedPolicy, DEFAULT_SESSION_POLICY, type SessionPolicy } from "./policy.ts";
import { type EndReason, markEnded, seedSession, type TouchResult, touchSession } from "./redis_session.ts";
import type { SessionStore, SessionSubject } from "./store.ts";

export const SESSION_EXPIRED = "SESSION_EXPIRED";

export interface SessionGuard {
  /** Issues this request's touch on `redis` in the caller's tick (a RoundTripRider). */
  ride(redis: Redis, ctx: RequestContext): void;
  /** Throws 401 SESSION_EXPIRED for an ended or expired session; otherwise returns. */
  check(ctx: RequestContext): Promise<void>;
  /** Waits for the Postgres writes in flight (tests, scripts). */
  settle(): Promise<void>;
}

export interface SessionGuardOptions {
  readonly store: SessionStore;
  /** Redis for the hot state; undefined → every request asks Postgres. */
  readonly redis?: () => Redis | undefined;
  /** Fixed timeouts (tests); default: the database's, cached per isolate. */
  readonly policy?: SessionPolicy;
  /**
   * How long to wait for the touch before Postgres decides: never less than `budgetMs` (default 50 ms),
   * raised after slow round trips up to `budgetMaxMs` (default: `budgetMs`, a fixed budget).
   */
  readonly budgetMs?: number;
  readonly budgetMaxMs?: number;
  /** How long a request waits for Postgres's check_session before it goes through (default 1 s). */
  readonly dbBudgetMs?: number;
  readonly waitUntil?: (promise: Promise<unknown>) => void;
  readonly logger?: Logger;
  readonly now?: () => number;
  /**
   * Last activity waits this long for other sessions' before it goes to Postgres, in one statement (default
   * 0: the writes due in the same turn of the event loop). The request that is due it waits for the answer.
   */
  readonly persistBatchMs?: number;
}

/** "15 minutes", "8 hours": a duration as the policy states it, for the caller's message. */
export function spokenDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 60 !== 0) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = minutes / 60;
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

/** 401 SESSION_EXPIRED, its message stating the policy in force (app.session_policy), not a copy of it. */
export function sessionExpired(
  reason: string | null,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): HttpError {
  const message = reason === "timeout_idle"
    ? `Your session ended after ${spokenDuration(policy.idleMs)} without activity. Sign in again.`
    : reason === "timeout_max_duration"
    ? `Your session reached its limit of ${spokenDuration(policy.maxMs)} open. Sign in again.`
    : "Your session has ended. Sign in again.";
  return new HttpError(401, SESSION_EXPIRED, message, { reason: reason ?? "ended" });
}

/** The user's session, if the request carries one this guard can enforce. */
export function sessionSubject(ctx: Pick<RequestContext, "identity" | "requestId">): SessionSubject | null {
  const id: Identity = ctx.identity;
  if (id.kind !== "user" || !id.userId || !isUuid(id.sessionId) || !isUuid(id.userId)) return null;
  return {
    sessionId: id.sessionId!.toLowerCase(),
    userId: id.userId,
    organizationId: isUuid(id.organizationId) ? id.organizationId : null,
    userRole: id.userRole,
    startedHint: signInTime(id.claims.amr),
    requestId: ctx.requestId,
  };
}

/** Supabase puts the authentication methods and their times (epoch s) in `amr`; the earliest is sign-in. */
function signInTime(amr: unknown): number | null {
  if (!Array.isArray(amr)) return null;
  const times = amr.map((e) => Number((e as { timestamp?: unknown })?.timestamp)).filter((t) => t > 0);
  return times.length ? Math.min(...times) * 1000 : null;
}

export function createSessionGuard(options: SessionGuardOptions): SessionGuard {
  const { store } = options;
  const now = options.now ?? Date.now;
  const log = options.logger ?? consoleLogger;
  const floorMs = options.budgetMs ?? 50;
  const touchBudget = adaptiveBudget({ floorMs, ceilingMs: options.budgetMaxMs ?? floorMs });
  const dbBudgetMs = options.dbBudgetMs ?? 1000;
  const policy = options.policy
    ? { current: () => options.policy! }
    : cachedPolicy(() => store.policy(), { waitUntil: options.waitUntil, logger: log });
  // Touches issued by `ride` for requests whose check has not run yet.
  const touches = new WeakMap<object, Promise<TouchResult>>();
  const running = new Set<Promise<unknown>>();
  const activity = new Map<string, number>();
  let batch: Promise<Map<string, EndReason>> | undefined;

  function later(work: Promise<unknown>, what: string) {
    const tracked = work.catch((error) => log("error", `session ${what} failed`, describeError(error)))
      .finally(() => running.delete(tracked));
    running.add(tracked);
    options.waitUntil?.(tracked);
  }

  /**
   * Writes the session's last activity with whatever else is due (one touch_sessions statement) and
   * resolves to the reason Postgres ended it, if it did; every session the answer names is ended in Redis
   * too, so the next requests are refused there.
   */
  function persist(sessionId: string, at: number): Promise<EndReason | undefined> {
    activity.set(sessionId, at);
    batch ??= new Promise<Map<string, EndReason>>((resolve, reject) => {
      setTimeout(() => {
        batch = undefined;
        const due = [...activity].map(([id, t]) => ({ sessionId: id, at: t }));
        activity.clear();
        store.touch(due).then(resolve, reject);
      }, options.persistBatchMs ?? 0);
    }).then((ended) => {
      const redis = options.redis?.();
      if (redis) {
        later(
          Promise.all([...ended].map(([id, reason]) => markEnded(redis, id, reason, policy.current()))),
          "mark",
        );
      }
      return ended;
    });
    return batch.then((ended) => ended.get(sessionId));
  }

  /** The request due the write waits for it (at most dbBudgetMs; Postgres down → it goes through). */
  async function persistAndConfirm(subject: SessionSubject): Promise<void> {
    const write = persist(subject.sessionId, now());
    later(write, "activity write"); // logged once, and kept alive past a request that stopped waiting
    let reason;
    try {
      reason = await withinBudget(write, dbBudgetMs);
    } catch {
      log("error", "session activity write unavailable; request allowed", { requestId: subject.requestId });
      return;
    }
    if (reason) throw sessionExpired(reason, policy.current());
  }

  /** Postgres decides (first request of a session, Redis forgot it, or no Redis at all). */
  async function checkInDatabase(subject: SessionSubject, redis: Redis | undefined): Promise<void> {
    let checked;
    try {
      // Postgres down means connect attempts that last seconds: a clinical request waits at most
      // dbBudgetMs, then goes through (the check itself finishes in the background).
      const check = store.check(subject);
      options.waitUntil?.(check.catch(() => {})); // its failure is logged below, once
      checked = await withinBudget(check, dbBudgetMs);
    } catch (error) {
      log("error", "session check unavailable; request allowed", {
        requestId: subject.requestId,
        ...describeError(error),
      });
      return;
    }
    if (checked.status === "active") {
      if (redis) {
        later(seedSession(redis, subject.sessionId, checked.startedAt, now(), policy.current()), "seed");
      }
      return;
    }
    if (redis) {
      later(markEnded(redis, subject.sessionId, checked.reason ?? "revoked", policy.current()), "mark");
    }
    throw sessionExpired(checked.reason, policy.current());
  }

  return {
    ride(redis, ctx) {
      const subject = sessionSubject(ctx);
      if (subject) touches.set(ctx, touchSession(redis, subject.sessionId, now(), policy.current()));
    },

    async check(ctx) {
      const subject = sessionSubject(ctx);
      if (!subject) return;
      const redis = options.redis?.();
      if (!redis) return await checkInDatabase(subject, undefined);
      const touch = touches.get(ctx) ?? touchSession(redis, subject.sessionId, now(), policy.current());
      touches.delete(ctx);
      // The touch left with the limiter's round trip: the budget counts from here, so its samples are what
      // was left of that trip, and it mostly stays at its floor.
      const result: TouchResult = await touchBudget.run(touch)
        .catch((error) => ({ status: "error", error }) as const);
      switch (result.status) {
        case "active":
          if (result.persist) await persistAndConfirm(subject);
          return;
        case "unknown":
          return await checkInDatabase(subject, redis);
        case "ended":
          throw sessionExpired(result.reason, policy.current());
        case "expired":
          later(store.end(subject.sessionId, result.reason, result.endedAt, subject.requestId), "end");
          throw sessionExpired(result.reason, policy.current());
        case "error":
          log("warn", "session touch failed; asking Postgres", {
            requestId: subject.requestId,
            ...describeError(result.error),
          });
          return await checkInDatabase(subject, redis);
      }
    },

    async settle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

export type { EndReason };
