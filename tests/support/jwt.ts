/** Tokens as Supabase Auth issues them, signed with the local stack's secret (or a forged one). */
import { type JWTPayload, SignJWT } from "jose";
import { stackEnv } from "./env.ts";

export async function signToken(
  claims: JWTPayload & Record<string, unknown>,
  options: { secret?: string; expiresIn?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? stackEnv("JWT_SECRET")));
}

export function userToken(
  sub: string,
  appMetadata: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return signToken({
    sub,
    role: "authenticated",
    aud: "authenticated",
    session_id: crypto.randomUUID(),
    aal: "aal2", // signed in with a second factor, unless a test says otherwise (MFA_REQUIRED tests)
    app_metadata: appMetadata,
    user_metadata: {},
    ...extra,
  });
}
