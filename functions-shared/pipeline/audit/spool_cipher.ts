/**
 * What waits in Redis is ciphertext. A spooled audit event still holds raw identifiers (user, session,
 * address, user agent) until Postgres pseudonymises it, and Redis is another processor (Upstash): so each
 * entry is sealed with AES-256-GCM under a key derived from the functions' secret (SPOOL_KEY_SECRET, else
 * the service-role key) — "enc:v1:" + base64url(iv ‖ ciphertext). Entries written before this existed
 * (plain JSON) are still read.
 */
import { fromBase64Url, toBase64Url } from "../../core/encoding.ts";

export const SEALED_PREFIX = "enc:v1:";

export interface SpoolCipher {
  seal(plain: string): Promise<string>;
  open(stored: string): Promise<string>;
}

export function spoolCipher(secret: string): SpoolCipher {
  let key: Promise<CryptoKey> | undefined;
  const aesKey = () => (key ??= deriveKey(secret));
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(), new TextEncoder().encode(plain)),
      );
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return SEALED_PREFIX + toBase64Url(out);
    },
    async open(stored) {
      if (!stored.startsWith(SEALED_PREFIX)) return stored; // plain JSON from before
      const bytes = new Uint8Array(fromBase64Url(stored.slice(SEALED_PREFIX.length)));
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.slice(0, 12) },
        await aesKey(),
        bytes.slice(12),
      );
      return new TextDecoder().decode(plain);
    },
  };
}

/** HMAC-SHA256(secret, label): the spool's own key, unrelated to any other use of the secret. */
async function deriveKey(secret: string): Promise<CryptoKey> {
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const raw = await crypto.subtle.sign(
    "HMAC",
    hmacKey,
    new TextEncoder().encode("medic-bot-edge audit spool v1"),
  );
  return await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}
