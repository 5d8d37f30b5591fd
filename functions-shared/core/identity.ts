/**
 * Who is asking: the Identity every step and handler sees, built from verified JWT claims, and the
 * role guard. Roles come from the server-controlled `app_metadata`, never from `user_metadata`, which
 * the user can edit. Verifying the token is pipeline/auth.ts's job; this is the model it produces.
 */
import type { JWTPayload } from "jose";
import { ErrorCode, HttpError } from "./errors.ts";
import { isUuid } from "./uuid.ts";

export const USER_ROLES = ["paramedic", "emt", "medical_director", "admin", "guest"] as const;
export type UserRole = typeof USER_ROLES[number];

/**
 * The JWT roles a request may carry (Supabase's). The functions take anon or authenticated as such; a
 * service_role caller runs as the server's own role with these claims (platform/db.ts SERVER_ROLE).
 */
export const DB_ROLES = ["anon", "authenticated", "service_role"] as const;
export type DbRole = typeof DB_ROLES[number];

export type IdentityKind = "guest" | "anon" | "user" | "service";

export type JwtClaims = JWTPayload & Record<string, unknown>;

export interface Identity {
  /** guest: no token; anon: the project's anon key; user: a signed-in user; service: service_role key. */
  readonly kind: IdentityKind;
  readonly dbRole: DbRole;
  /** End-user role, from `app_metadata.role` only. */
  readonly userRole: UserRole;
  readonly userId?: string;
  readonly sessionId?: string;
  readonly organizationId?: string;
  readonly claims: Readonly<JwtClaims>;
  readonly token?: string;
}

export const GUEST_IDENTITY: Identity = Object.freeze({
  kind: "guest",
  dbRole: "anon",
  userRole: "guest",
  // What PostgREST would see for the anon role; platform/db.ts sends these claims.
  claims: Object.freeze({ role: "anon" }),
});

/** Verified claims → Identity. Throws 401 TOKEN_INVALID for a role this API does not serve. */
export function identityFromClaims(claims: JwtClaims, token?: string): Identity {
  const frozen = Object.freeze({ ...claims });
  switch (claims.role) {
    case "anon":
      return Object.freeze({ kind: "anon", dbRole: "anon", userRole: "guest", claims: frozen, token });
    case "service_role":
      // A service caller is not a person: no end-user role; check `kind === "service"` instead.
      return Object.freeze({
        kind: "service",
        dbRole: "service_role",
        userRole: "guest",
        claims: frozen,
        token,
      });
    case "authenticated": {
      if (typeof claims.sub !== "string" || claims.sub === "") {
        throw unauthorized(ErrorCode.TOKEN_INVALID, "Token has no subject.");
      }
      // Supabase Auth names the session in every user's access token. One that names none could not be
      // timed out, ended, or ended by an erasure (pipeline/sessions/guard.ts): usable until it expires.
      if (!isUuid(claims.session_id)) {
        throw unauthorized(ErrorCode.TOKEN_INVALID, "Token names no session (session_id): sign in again.");
      }
      const appMetadata = asRecord(claims.app_metadata);
      return Object.freeze({
        kind: "user",
        dbRole: "authenticated",
        userRole: toUserRole(appMetadata.role), // never user_metadata: the user can edit it
        userId: claims.sub,
        sessionId: optionalString(claims.session_id),
        organizationId: optionalString(appMetadata.organization_id),
        claims: frozen,
        token,
      });
    }
    default:
      throw unauthorized(ErrorCode.TOKEN_INVALID, "Token role is not allowed.");
  }
}

export function toUserRole(value: unknown): UserRole {
  return (USER_ROLES as readonly unknown[]).includes(value) ? value as UserRole : "guest";
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Guards a handler by end-user role: no token or the anon key → 401 UNAUTHENTICATED (sign in first);
 * a signed-in user without one of `roles` → 403 FORBIDDEN (audited as auth.unauthorized). Service
 * callers are not people and hold no end-user role, so they get 403 too: endpoints that serve them
 * check `identity.kind === "service"` instead.
 */
export function requireRole(ctx: { readonly identity: Identity }, roles: readonly UserRole[]): void {
  const { identity } = ctx;
  if (identity.kind === "guest" || identity.kind === "anon") {
    throw unauthorized(ErrorCode.UNAUTHENTICATED, "Sign in to use this endpoint.");
  }
  if (identity.kind !== "user" || !roles.includes(identity.userRole)) {
    throw new HttpError(403, ErrorCode.FORBIDDEN, "Your role does not allow this request.");
  }
}

/**
 * Guards what releases audit or personal data in bulk, reveals pseudonyms or erases: the person must have
 * signed in with a second factor — the JWT's `aal` is `aal2`, as Supabase Auth issues it after an MFA
 * challenge — or gets 403 MFA_REQUIRED (audited like every answer). Call it after the role or permission
 * check, so that someone who may not do this at all hears FORBIDDEN. Service callers are not people.
 */
export function requireMfa(ctx: { readonly identity: Identity }): void {
  if (ctx.identity.kind !== "user" || ctx.identity.claims.aal === "aal2") return;
  throw new HttpError(
    403,
    ErrorCode.MFA_REQUIRED,
    "This needs a sign-in with a second factor. Verify your second factor (MFA) and try again.",
  );
}

function unauthorized(code: string, message: string): HttpError {
  return new HttpError(401, code, message);
}
