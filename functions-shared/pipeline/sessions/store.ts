/**
 * Sessions in Postgres (public.user_sessions), through the SQL functions that own the rules:
 * check_session (begin / expire / touch, audited), touch_sessions (batched last activity) and
 * end_session (audited). All run as the server (medic_server).
 */
import type { ServiceQuery } from "../../platform/db.ts";
import type { SessionPolicy } from "./policy.ts";
import type { EndReason } from "./redis_session.ts";

export interface SessionSubject {
  readonly sessionId: string;
  readonly userId: string;
  readonly organizationId: string | null;
  readonly userRole: string;
  /** When the user signed in, if the token says (Supabase's amr timestamps); else now. */
  readonly startedHint: number | null;
  readonly requestId: string;
}

export interface CheckedSession {
  readonly status: "active" | "expired" | "ended";
  readonly reason: EndReason | null;
  readonly startedAt: number;
  readonly lastActivityAt: number;
}

export interface SessionStore {
  check(subject: SessionSubject): Promise<CheckedSession>;
  /** Persists last activity; returns the sessions Postgres has already ended, with their reason. */
  touch(activity: readonly { sessionId: string; at: number }[]): Promise<Map<string, EndReason>>;
  end(sessionId: string, reason: EndReason, endedAt: number, requestId: string): Promise<void>;
  policy(): Promise<SessionPolicy>;
}

export function databaseSessionStore(service: ServiceQuery): SessionStore {
  return {
    async check(s) {
      const [row] = await service((tx) =>
        tx<
          {
            status: CheckedSession["status"];
            reason: EndReason | null;
            started_at: Date;
            last_activity_at: Date;
          }[]
        >`
          select status, reason, started_at, last_activity_at from public.check_session(
            ${s.sessionId}::uuid, ${s.userId}::uuid, ${s.organizationId}::uuid, ${s.userRole}::public.user_role,
            ${s.startedHint === null ? null : new Date(s.startedHint)}, ${s.requestId})`
      );
      return {
        status: row.status,
        reason: row.reason,
        startedAt: row.started_at.getTime(),
        lastActivityAt: row.last_activity_at.getTime(),
      };
    },
    async touch(activity) {
      if (activity.length === 0) return new Map();
      const json = JSON.stringify(activity.map((a) => ({ session_id: a.sessionId, at: new Date(a.at) })));
      const rows = await service((tx) =>
        tx<{ session_id: string; end_reason: EndReason }[]>`
          select session_id, end_reason from public.touch_sessions(${json}::text::jsonb)`
      );
      return new Map(rows.map((r) => [r.session_id, r.end_reason]));
    },
    async end(sessionId, reason, endedAt, requestId) {
      await service((tx) =>
        tx`select public.end_session(${sessionId}::uuid, ${reason}, ${new Date(endedAt)}, ${requestId})`
      );
    },
    async policy() {
      const [row] = await service((tx) =>
        tx<{ idle_seconds: number; max_seconds: number; persist_seconds: number }[]>`
          select idle_seconds, max_seconds, persist_seconds from app.session_policy_seconds()`
      );
      return {
        idleMs: row.idle_seconds * 1000,
        maxMs: row.max_seconds * 1000,
        persistMs: row.persist_seconds * 1000,
      };
    },
  };
}
