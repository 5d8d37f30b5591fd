/**
 * Byte encodings used across the code base: base64url (cursors, pseudonym tokens) and lower-case hex
 * (digests, fingerprints). One home each, so every caller encodes the same way.
 */

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Strict: only the base64url alphabet, no padding, no length that cannot come from whole bytes. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  if (toBase64Url(bytes) !== text) throw new Error("not canonical base64url"); // stray trailing bits
  return bytes;
}

/**
 * A key as an operator pastes it into a secret (SEAL_SIGNING_KEY, SEAL_PUBLIC_KEY): base64url as documented,
 * but with the padding, standard base64's `+` and `/`, and the surrounding space that common tools print
 * accepted too (`basenc --base64url` pads). The bytes must still be whole; cursors and tokens stay strict.
 */
export function fromKeyText(text: string): Uint8Array {
  return fromBase64Url(text.trim().replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"));
}

/** Lower-case hex of `bytes` (or of a digest's ArrayBuffer). */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return Array.from(view, (b) => b.toString(16).padStart(2, "0")).join("");
}
