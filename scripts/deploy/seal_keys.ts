/**
 * A new Ed25519 key pair for the seal anchors, printed as the two secrets to set (README, "Deploy"):
 *
 *   deno task deploy:seal-keys   →   SEAL_SIGNING_KEY=<base64url PKCS#8>  SEAL_PUBLIC_KEY=<base64url raw>
 *
 * The signing key goes only into `supabase secrets set`; the public key is also published for auditors.
 */
import { toBase64Url } from "../../functions-shared/core/encoding.ts";

export async function newSealKeys(): Promise<{ signingKey: string; publicKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  return {
    signingKey: toBase64Url(new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey))),
    publicKey: toBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey))),
  };
}

if (import.meta.main) {
  const { signingKey, publicKey } = await newSealKeys();
  console.log(`SEAL_SIGNING_KEY=${signingKey}\nSEAL_PUBLIC_KEY=${publicKey}`);
}
