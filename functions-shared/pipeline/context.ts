/**
 * What a handler (and each pipeline step) can see about the request in flight.
 */
import type { Identity } from "../auth.ts";

export type AuditOutcome = "success" | "failure" | "partial";

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
}

/** Query string as an object: a key given once → string, repeated → string[]. */
export type RawQuery = Record<string, string | string[]>;

/**
 * The client address as the platform's proxy reports it. The first X-Forwarded-For entry is what
 * Supabase documents; it is only as trustworthy as the proxy chain in front of the function.
 */
export function clientIp(req: Request): string | null {
  const forwarded = req.headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
  return forwarded || req.headers.get("X-Real-IP")?.trim() || null;
}
