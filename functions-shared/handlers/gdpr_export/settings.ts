/**
 * The gdpr-export function's secrets. A function that cannot pseudonymise must not serve: the pipeline
 * refuses every request 503 CONFIG_ERROR while either is missing or malformed (core/required_config.ts
 * declares them), and this reader, used on first need, refuses too — never a default anyone could
 * recompute.
 *
 *   GDPR_PSEUDONYM_SALT    ≥ 32 characters: the hash strategy's salt (third parties in exports, the
 *                          erased-subjects list)
 *   GDPR_ENCRYPTION_KEY    32 bytes, base64: the encryption strategy's key (reversible pseudonyms)
 */
import { ENCRYPTION_KEY_BYTES, MIN_SALT_LENGTH } from "./pseudonymise.ts";

export interface GdprSettings {
  readonly salt: string;
  readonly encryptionKey: Uint8Array;
}

export class GdprConfigError extends Error {
  override readonly name = "GdprConfigError";
}

const SALT_PROBLEM = `GDPR_PSEUDONYM_SALT must be set to a secret of at least ${MIN_SALT_LENGTH} characters`;

/** The salt alone, as the function reads it (the operator's erasure needs no other secret). */
export function loadPseudonymSalt(env: Record<string, string | undefined>): string {
  const salt = env.GDPR_PSEUDONYM_SALT?.trim() ?? "";
  if (salt.length < MIN_SALT_LENGTH) throw new GdprConfigError(`${SALT_PROBLEM}.`);
  return salt;
}

/** Names the variables at fault, never their values. */
export function loadGdprSettings(env: Record<string, string | undefined>): GdprSettings {
  const problems: string[] = [];
  const salt = env.GDPR_PSEUDONYM_SALT?.trim() ?? "";
  if (salt.length < MIN_SALT_LENGTH) problems.push(SALT_PROBLEM);
  const key = decodeKey(env.GDPR_ENCRYPTION_KEY);
  if (!key) problems.push(`GDPR_ENCRYPTION_KEY must be ${ENCRYPTION_KEY_BYTES} bytes, base64-encoded`);
  if (problems.length > 0) throw new GdprConfigError(`gdpr-export cannot start: ${problems.join("; ")}.`);
  return Object.freeze({ salt, encryptionKey: key! });
}

function decodeKey(value: string | undefined): Uint8Array | undefined {
  if (!value) return undefined;
  try {
    const bytes = Uint8Array.from(atob(value.trim()), (c) => c.charCodeAt(0));
    return bytes.length === ENCRYPTION_KEY_BYTES ? bytes : undefined;
  } catch {
    return undefined;
  }
}
