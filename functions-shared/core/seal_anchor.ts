/**
 * A seal anchor: the database's newest audit seals, signed with an Ed25519 key the database never holds
 * and kept outside it (Supabase Storage), so a rewrite of the trail that also rebuilds the hash chain
 * still disagrees with what was anchored. Pure: the signing and checking only (WebCrypto), no I/O.
 *
 * What is signed is this text, UTF-8, with the seal's hash in lower-case hex:
 *   medic-bot-edge seal anchor v1\n<sealId>\n<fromSeq>\n<toSeq>\n<sealHash>
 * An auditor checks an anchor with the public key alone (scripts/audit/verify_anchor.ts).
 */
import { fromBase64Url, fromKeyText, toBase64Url, toHex } from "./encoding.ts";

export interface SealRef {
  readonly sealId: number;
  readonly fromSeq: number;
  readonly toSeq: number;
  /** Lower-case hex of audit.seals.seal_hash. */
  readonly sealHash: string;
}

export interface SealAnchor extends SealRef {
  readonly version: 1;
  /** base64url Ed25519 signature over anchorText(). */
  readonly signature: string;
  /** First 16 hex of SHA-256 of the raw public key: which key signed it. */
  readonly keyId: string;
  readonly anchoredAt: string;
}

export function anchorText(seal: SealRef): string {
  return `medic-bot-edge seal anchor v1\n${seal.sealId}\n${seal.fromSeq}\n${seal.toSeq}\n${seal.sealHash}`;
}

const ED25519_OID = [0x06, 0x03, 0x2b, 0x65, 0x70]; // 1.3.101.112, as DER

const decodedKey = (text: string): Uint8Array | null => {
  try {
    return fromKeyText(text);
  } catch {
    return null;
  }
};

/** SEAL_PUBLIC_KEY's shape, checked when a function starts: 32 raw bytes once decoded. */
export function isPublicKeyText(text: string): boolean {
  return decodedKey(text)?.length === 32;
}

/** SEAL_SIGNING_KEY's shape, checked when a function starts: a PKCS#8 DER structure naming Ed25519. */
export function isSigningKeyText(text: string): boolean {
  const der = decodedKey(text);
  if (!der || der.length < 48 || der[0] !== 0x30) return false;
  return der.some((_, i) => ED25519_OID.every((byte, j) => der[i + j] === byte));
}

/** The signing key from its secret: base64url PKCS#8 (SEAL_SIGNING_KEY). */
export async function importSigningKey(pkcs8: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "pkcs8",
    new Uint8Array(fromKeyText(pkcs8)),
    { name: "Ed25519" },
    false,
    [
      "sign",
    ],
  );
}

/** The public key: base64url of its 32 raw bytes (SEAL_PUBLIC_KEY, published for auditors). */
export async function importPublicKey(raw: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey("raw", new Uint8Array(fromKeyText(raw)), { name: "Ed25519" }, true, [
    "verify",
  ]);
}

export async function keyIdOf(publicKeyRaw: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(fromKeyText(publicKeyRaw)));
  return toHex(digest).slice(0, 16);
}

export async function signSeal(
  seal: SealRef,
  key: CryptoKey,
  keyId: string,
  anchoredAt = new Date(),
): Promise<SealAnchor> {
  const signature = await crypto.subtle.sign(
    { name: "Ed25519" },
    key,
    new TextEncoder().encode(anchorText(seal)),
  );
  return {
    version: 1,
    sealId: seal.sealId,
    fromSeq: seal.fromSeq,
    toSeq: seal.toSeq,
    sealHash: seal.sealHash,
    signature: toBase64Url(new Uint8Array(signature)),
    keyId,
    anchoredAt: anchoredAt.toISOString(),
  };
}

/** Whether `anchor` was signed by `publicKey` over exactly its own seal fields. */
export async function anchorIsSigned(anchor: SealAnchor, publicKey: CryptoKey): Promise<boolean> {
  try {
    return await crypto.subtle.verify(
      { name: "Ed25519" },
      publicKey,
      new Uint8Array(fromBase64Url(anchor.signature)),
      new TextEncoder().encode(anchorText(anchor)),
    );
  } catch {
    return false;
  }
}

/** The Storage object name of a seal's anchor: zero-padded, so names sort as seal ids do. */
export function anchorObjectName(sealId: number): string {
  return `seal-${String(sealId).padStart(15, "0")}.json`;
}
