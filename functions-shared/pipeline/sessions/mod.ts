/**
 * Session timeouts: the guard (sessions/guard.ts), its Redis hot state and its Postgres store. The
 * isolate's guard is chosen in pipeline/seams.ts.
 */
export { createSessionGuard, SESSION_EXPIRED, type SessionGuard, sessionSubject } from "./guard.ts";
export { databaseSessionStore, type SessionStore } from "./store.ts";
export { DEFAULT_SESSION_POLICY, type SessionPolicy } from "./policy.ts";
export { markEnded } from "./redis_session.ts";
