/**
 * Pseudonymisation strategies — no I/O, Web Crypto only:
 *
 *   hash        HMAC-SHA256 keyed with a secret salt: the same value always gives the same pseudonym
 *               (records stay countable and joinable), and nobody without the salt can recompute it.
 *               A missing or short salt throws: there is no default salt.
 *   token       a random token per distinct value, consistent within one use (one export) and
 *               unlinkable across uses.
 *   encryption  AES-256-GCM with a context bound as additional data: reversible with `reveal`, by the
 *               same key and for the same context only — the authorised investigation, which its
 *               caller audits.
 *
 * Pseudonyms say how they were made: "h1.<64 hex>", "t1.<base64url>", "e1.<base64url>".
 */
import { fromBase64Url, toBase64Url, toHex } from "../../core/encoding.ts";

export const PSEUDONYM_STRATEGIES = ["hash", "token", "encryption"] as const;
export type PseudonymStrategy = typeof PSEUDONYM_STRATEGIES[number];

export interface Pseudonymiser {
  readonly strategy: PseudonymStrategy;
  pseudonymise(value: string): Promise<string>;
}

/** A strategy cannot be built from what it was given (missing salt, malformed key). */
export class PseudonymConfigError extends Error {
  override readonly name = "PseudonymConfigError";
}

/** An encrypted pseudonym that this key and context cannot open (tampered, or not ours). */
export class RevealError extends Error {
  override readonly name = "RevealError";
}

export const MIN_SALT_LENGTH = 32;
export const ENCRYPTION_KEY_BYTES = 32;
const ENCRYPTED_PREFIX = "e1.";
const IV_BYTES = 12;

export interface HashPseudonymiser extends Pseudonymiser {
  readonly strategy: "hash";
  /** The bare HMAC (64 hex) of `value` under `domain`, for stored keys such as the erased-subjects list. */
  hex(value: string, domain?: string): Promise<string>;
}

/**
 * Deterministic and salted. `domain` separates uses: the same value pseudonymised for an export and for
 * the erased-subjects list gives unrelated results.
 */
export async function hashPseudonymiser(
  salt: string | undefined,
  options: { readonly domain?: string } = {},
): Promise<HashPseudonymiser> {
  if (salt === undefined || salt.trim().length < MIN_SALT_LENGTH) {
    throw new PseudonymConfigError(
      `The hash strategy needs a secret salt of at least ${MIN_SALT_LENGTH} characters; none was configured.`,
    );
  }
  const key = await crypto.subtle.importKey("raw", utf8(salt), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const defaultDomain = options.domain ?? "pseudonym";
  const hex = async (value: string, domain = defaultDomain) =>
    toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(`${domain}\n${value}`))));
  return {
    strategy: "hash",
    hex,
    pseudonymise: async (value) => `h1.${await hex(value)}`,
  };
}

/**
 * Random, remembered per value for this instance's life (one export), up to `maxEntries` values; past
 * that, new values still get fresh tokens, but memory stays bounded.
 */
export function tokenPseudonymiser(
  options: { readonly maxEntries?: number; readonly random?: (bytes: Uint8Array) => Uint8Array } = {},
): Pseudonymiser & { readonly strategy: "token" } {
  const maxEntries = options.maxEntries ?? 10_000;
  const random = options.random ?? ((bytes: Uint8Array) => crypto.getRandomValues(bytes));
  const known = new Map<string, string>();
  return {
    strategy: "token",
    pseudonymise(value) {
      const seen = known.get(value);
      if (seen !== undefined) return Promise.resolve(seen);
      const token = `t1.${toBase64Url(random(new Uint8Array(16)))}`;
      if (known.size < maxEntries) known.set(value, token);
      return Promise.resolve(token);
    },
  };
}

/** A random token on its own (e.g. what replaces an erased subject's id in free-form fields). */
export function randomToken(prefix: string, bytes = 16): string {
  return `${prefix}${toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)))}`;
}

export interface EncryptionPseudonymiser extends Pseudonymiser {
  readonly strategy: "encryption";
  /** The original value, or RevealError if `pseudonym` was not made with this key and context. */
  reveal(pseudonym: string): Promise<string>;
}

/** `key`: 32 bytes. `context` (e.g. the organization) is authenticated: reveal needs the same one. */
export async function encryptionPseudonymiser(
  key: Uint8Array | undefined,
  context: string,
): Promise<EncryptionPseudonymiser> {
  if (!key || key.length !== ENCRYPTION_KEY_BYTES) {
    throw new PseudonymConfigError(`The encryption strategy needs a ${ENCRYPTION_KEY_BYTES}-byte key.`);
  }
  const aesKey = await crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  const additionalData = utf8(context);
  return {
    strategy: "encryption",
    async pseudonymise(value) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData }, aesKey, utf8(value)),
      );
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, IV_BYTES);
      return ENCRYPTED_PREFIX + toBase64Url(out);
    },
    async reveal(pseudonym) {
      if (!pseudonym.startsWith(ENCRYPTED_PREFIX)) throw new RevealError("Not an encrypted pseudonym.");
      let bytes: Uint8Array;
      try {
        bytes = fromBase64Url(pseudonym.slice(ENCRYPTED_PREFIX.length)) as Uint8Array<ArrayBuffer>;
      } catch {
        throw new RevealError("Not an encrypted pseudonym.");
      }
      if (bytes.length <= IV_BYTES + 16) throw new RevealError("Not an encrypted pseudonym.");
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES), additionalData },
          aesKey,
          bytes.slice(IV_BYTES),
        );
        return new TextDecoder("utf-8", { fatal: true }).decode(plain);
      } catch {
        throw new RevealError("This pseudonym cannot be revealed with this key and context.");
      }
    },
  };
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}
