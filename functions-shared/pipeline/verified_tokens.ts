/**
 * Verified tokens, per isolate: a client sends the same bearer token with every request until it
 * refreshes it, and verifying it again (decode, HMAC or signature, claims) costs each request the same.
 * A token that verified is kept, with the Identity made from it, until its `exp` — never longer — or
 * `maxAgeMs` (default 5 minutes; the composition root passes auth.ts KEY_TRUST_MS, so that with jose's
 * key-set cache of the same age a key withdrawn from the JWKS stops admitting its tokens within 10
 * minutes, as before tokens were kept). Bounded (least recently used goes first). Only
 * identification is cached: revocation is the session step's, which still runs on every request
 * (sessions/guard.ts), so an ended session is refused whether its token was verified now or earlier.
 * Tokens that fail are never cached: each failure is answered (and counted) as before.
 */
import type { Identity } from "../core/identity.ts";

export interface VerifiedTokensOptions {
  /** Most tokens kept (default 1000); the least recently used goes first. */
  readonly maxEntries?: number;
  /** Longest a token is trusted without verifying it again (default 300 000 ms). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface VerifiedTokens {
  /** The Identity of a token verified earlier and not yet expired, else undefined. */
  get(token: string): Identity | undefined;
  /** Keeps a token that just verified; `expSeconds` is its `exp` claim. */
  set(token: string, identity: Identity, expSeconds: number): void;
  readonly size: number;
}

export function verifiedTokens(options: VerifiedTokensOptions = {}): VerifiedTokens {
  const maxEntries = Math.max(1, options.maxEntries ?? 1000);
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, { identity: Identity; until: number }>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      entries.delete(token);
      if (now() >= entry.until) return undefined;
      entries.set(token, entry);
      return entry.identity;
    },
    set(token, identity, expSeconds) {
      const at = now();
      const until = Math.min(expSeconds * 1000, at + maxAgeMs);
      if (!Number.isFinite(until) || until <= at) return;
      entries.delete(token);
      entries.set(token, { identity, until });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
