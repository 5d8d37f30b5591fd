/**
 * What a handler (and each pipeline step) can see about the request in flight.
 */
import type { AuditOutcome, RequestEvent } from "./audit_event.ts";
import type { Identity } from "./identity.ts";

export type { AuditOutcome };

/** Known before routing: enough for the rate limiter and for observing rejected requests. */
export interface RequestContext {
  readonly req: Request;
  readonly url: URL;
  readonly requestId: string;
  readonly functionName: string;
  /** Route path the function sees, with `/<functionName>` stripped ("/" at the root). */
  readonly path: string;
  readonly identity: Identity;
  readonly rateLimitClass?: string;
  /** Epoch milliseconds when the pipeline received the request. */
  readonly startedAt: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /**
   * Who the client is when no user is signed in: a keyed HMAC of its address (core/client_key.ts),
   * never the address. Guests' limits and bans count against it; null without an address or a key.
   */
  readonly clientKey: string | null;
}

/** What a route handler receives: the request context plus its validated inputs. */
export interface Context<Query = RawQuery, Body = undefined, Params = Record<string, string>>
  extends RequestContext {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  /** Adds identifiers (ids, counts, codes) to this request's audit event. Never free text or PHI. */
  addAuditMetadata(fields: Record<string, unknown>): void;
  /** Overrides the outcome of a 2xx response, e.g. "partial" for a batch with some failures. */
  setOutcome(outcome: AuditOutcome): void;
  /**
   * The hook behind auditNow (pipeline/audit/writer.ts) — call that instead. Hands `write` this request's audit
   * event as it stands now; once `write` resolves, the request counts as audited and the pipeline's
   * sink writes no second event. Does nothing if the request was already audited early.
   */
  auditEarly(write: (event: RequestEvent) => Promise<void>): Promise<void>;
}

/** Query string as an object: a key given once → string, repeated → string[]. */
export type RawQuery = Record<string, string | string[]>;

/**
 * The client address. Each proxy appends the address it received the connection from to
 * X-Forwarded-For, so only the entries added by proxies we run behind can be trusted: with
 * `trustedHops` proxies (Supabase's gateway is one), the client is the entry that many places from the
 * right. Anything further left was sent by the client and is ignored — a client cannot spoof its way
 * out of a rate limit or into someone else's audit trail.
 */
export function clientIp(req: Request, trustedHops = 1): string | null {
  const entries = (req.headers.get("X-Forwarded-For") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const entry = entries.length >= trustedHops ? entries[entries.length - trustedHops] : undefined;
  return entry && /^[0-9a-fA-F.:]{2,45}$/.test(entry) ? entry : null;
}
