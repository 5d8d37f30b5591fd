/**
 * Who a limit counts against: the user id when the caller is signed in, otherwise the client's address
 * key (ctx.clientKey: a keyed HMAC of the trusted X-Forwarded-For entry, core/client_key.ts). Headers
 * the client chooses (user agent, language) never open a new bucket. A guest without an address — only
 * possible off the platform, whose gateway always appends one — shares the bucket of all such guests.
 */
import type { RequestContext } from "../../core/context.ts";

export interface LimitIdentity {
  /** "user:<uuid>" or "fp:<32 hex>". Used as the Redis key suffix and in rate_limit_violations. */
  readonly key: string;
  readonly kind: "user" | "fingerprint";
}

export const UNKNOWN_CLIENT_KEY = "fp:unknown";

/** A signed-in user's key (public.rate_limit_violations' identifier too). */
export const userLimitKey = (userId: string) => `user:${userId}`;

export function limitIdentity(ctx: Pick<RequestContext, "identity" | "clientKey">): LimitIdentity {
  if (ctx.identity.kind === "user" && ctx.identity.userId) {
    return { key: userLimitKey(ctx.identity.userId), kind: "user" };
  }
  return { key: ctx.clientKey ?? UNKNOWN_CLIENT_KEY, kind: "fingerprint" };
}
