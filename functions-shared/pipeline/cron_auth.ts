/**
 * The scheduler's credential: `Authorization: Bearer <CRON_SECRET>`, which pg_cron sends with the
 * secret read from Vault. Only functions that declare `acceptsCronSecret` take it, before JWT
 * verification (the secret is not a JWT); it identifies the caller as the service, never as a person.
 */
import type { Identity } from "../core/identity.ts";

export const CRON_IDENTITY: Identity = Object.freeze({
  kind: "service",
  dbRole: "service_role",
  userRole: "guest",
  claims: Object.freeze({ role: "service_role", sub: "pg_cron", source: "cron_secret" }),
});

/** CRON_IDENTITY when the header carries exactly the secret (compared in constant time), else undefined. */
export function cronSecretIdentity(req: Request, secret: string | undefined): Identity | undefined {
  if (!secret || secret.length < 16) return undefined;
  return bearerIs(req, secret) ? CRON_IDENTITY : undefined;
}

/** The request's bearer credential is exactly `secret` (compared in constant time). */
export function bearerIs(req: Request, secret: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.get("Authorization") ?? "");
  return match !== null && timingSafeEqual(match[1], secret);
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
