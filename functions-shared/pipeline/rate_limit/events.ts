/**
 * Where the limiter's side effects land: rejections in public.rate_limit_violations (reputation and
 * bans are decided by record_rate_limit_violation in SQL), degraded decisions in security_events.
 * Both run after the response and never fail a request.
 */
import type { ServiceQuery } from "../../platform/db.ts";
import type { LimitIdentity } from "./identifier.ts";

export interface Violation {
  readonly identity: LimitIdentity;
  readonly className: string;
  readonly ip: string | null;
  readonly requestId: string;
  /**
   * The signed-in caller's session (the token's session_id), null for a guest: a user's refusal counts toward
   * a ban only while that session is live (record_rate_limit_violation, 20261207000000), so a revoked or erased
   * session's token cannot get its user banned.
   */
  readonly sessionId: string | null;
}

/**
 * A decision made without the preferred limiter: a fallback limiter decided (`fallback`), or none could
 * and the class's fail mode applied (`fail_open`, `fail_closed`). Stored as `rate_limit.<outcome>`.
 */
export type DegradedOutcome = "fallback" | "fail_open" | "fail_closed";

export interface DegradedDecision {
  readonly className: string;
  readonly outcome: DegradedOutcome;
  readonly reason: string;
  readonly requestId: string;
}

export interface LimiterEvents {
  /**
   * Records a rejection; returns the ban end while the client is banned — started by this rejection
   * or earlier, e.g. by the Postgres limiter while Redis was down, so the caller can mirror it.
   */
  violation(v: Violation): Promise<{ bannedUntil?: string }>;
  degraded(e: DegradedDecision): Promise<void>;
}

const SEVERITY: Record<DegradedOutcome, string> = {
  fallback: "MEDIUM", // limits still hold, but the hot path is degraded
  fail_open: "MEDIUM",
  fail_closed: "HIGH", // callers are being refused
};

export function databaseLimiterEvents(service: ServiceQuery): LimiterEvents {
  return {
    async violation(v) {
      const [row] = await service((tx) =>
        tx<{ banned_until: Date | null; newly_banned: boolean }[]>`
          select banned_until, newly_banned from public.record_rate_limit_violation(
            ${v.identity.key}, ${v.identity.kind}, ${v.className}, ${validIp(v.ip)}::inet, ${v.requestId},
            ${v.sessionId}::uuid)`
      );
      const banned = row?.banned_until && row.banned_until.getTime() > Date.now();
      return banned ? { bannedUntil: row.banned_until!.toISOString() } : {};
    },
    async degraded(e) {
      await service((tx) =>
        tx`select public.record_security_event(
          ${`rate_limit.${e.outcome}`}, ${SEVERITY[e.outcome]}, null,
          ${e.requestId}, ${tx.json({ class: e.className, reason: e.reason })})`
      );
    },
  };
}

function validIp(ip: string | null): string | null {
  if (!ip) return null;
  return /^[0-9a-fA-F.:]{2,45}$/.test(ip) ? ip : null;
}
