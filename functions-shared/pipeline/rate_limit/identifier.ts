/**
 * Who a limit counts against: the user id when the caller is authenticated, otherwise a fingerprint —
 * SHA-256 over client ip, user agent and accept-language, truncated — so anonymous clients behind one
 * address with different browsers are told apart without storing any of those values.
 */
import type { RequestContext } from "../../core/context.ts";
import { toHex } from "../../core/encoding.ts";

export interface LimitIdentity {
  /** "user:<uuid>" or "fp:<32 hex>". Used as the Redis key suffix and in rate_limit_violations. */
  readonly key: string;
  readonly kind: "user" | "fingerprint";
}

export async function limitIdentity(
  ctx: Pick<RequestContext, "identity" | "ip" | "req">,
): Promise<LimitIdentity> {
  if (ctx.identity.kind === "user" && ctx.identity.userId) {
    return { key: `user:${ctx.identity.userId}`, kind: "user" };
  }
  const material = [
    ctx.ip ?? "",
    ctx.req.headers.get("user-agent") ?? "",
    ctx.req.headers.get("accept-language") ?? "",
  ].join("\n");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material)));
  const hex = toHex(digest.subarray(0, 16));
  return { key: `fp:${hex}`, kind: "fingerprint" };
}
