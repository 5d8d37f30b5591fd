/**
 * identify: Authorization header → verified JWT → Identity.
 *
 * HS256 tokens are checked against JWT_SECRET; ES256/RS256 against the JWKS at JWT_JWKS_URL. Each key
 * is only ever used with its own algorithms, and the token header's `alg` is checked against that
 * list before any verification, so `alg: none` and HS/RS confusion never reach a verifier.
 * No Authorization header → the guest identity; a bad one → 401, never a silent downgrade to guest.
 */
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from "jose";
import { ErrorCode, HttpError } from "./errors.ts";

export const USER_ROLES = ["paramedic", "emt", "medical_director", "admin", "guest"] as const;
export type UserRole = typeof USER_ROLES[number];

/** Postgres roles a request may run as (Supabase's); nothing else is ever `set role`. */
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
  // What PostgREST would see for the anon role; db.ts sends these claims.
  claims: Object.freeze({ role: "anon" }),
});

export const HS_ALGORITHMS = ["HS256"] as const;
export const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256"] as const;

export interface AuthOptions {
  /** HS256 secret; undefined → HS256 tokens are refused. */
  readonly hsSecret?: string;
  /** Key resolver for ES256/RS256 (remote JWKS in production, a local set in tests). */
  readonly jwks?: JWTVerifyGetKey;
  /** Seconds of clock skew tolerated on exp/nbf between Auth and this isolate. */
  readonly clockToleranceSeconds?: number;
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

/** One remote key set per URL per isolate, so keys are fetched once and cached by jose. */
export function remoteJwks(url: string): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    remoteKeySets.set(url, keySet);
  }
  return keySet;
}

export function allowedAlgorithms(options: AuthOptions): string[] {
  return [...(options.hsSecret ? HS_ALGORITHMS : []), ...(options.jwks ? ASYMMETRIC_ALGORITHMS : [])];
}

const unauthorized = (code: string, message: string) => new HttpError(401, code, message);

/** `Bearer <token>` → token; no header → null; anything else → 401 AUTH_HEADER_MALFORMED. */
export function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(authorization);
  if (!match) {
    throw unauthorized(ErrorCode.AUTH_HEADER_MALFORMED, "Authorization header must be 'Bearer <token>'.");
  }
  return match[1];
}

export async function identify(req: Request, options: AuthOptions): Promise<Identity> {
  const token = bearerToken(req.headers.get("Authorization"));
  if (token === null) return GUEST_IDENTITY;
  const claims = await verifyToken(token, options);
  return identityFromClaims(claims, token);
}

export async function verifyToken(token: string, options: AuthOptions): Promise<JwtClaims> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw unauthorized(ErrorCode.TOKEN_INVALID, "Token is malformed.");
  }
  if (token.split(".").length !== 3) throw unauthorized(ErrorCode.TOKEN_INVALID, "Token is malformed.");

  const allowed = allowedAlgorithms(options);
  if (allowed.length === 0) {
    // Server misconfiguration, not the client's fault: surfaces as a logged 500.
    throw new Error("JWT verification is not configured: set JWT_SECRET and/or JWT_JWKS_URL");
  }
  if (!alg || !allowed.includes(alg)) {
    throw unauthorized(
      ErrorCode.TOKEN_ALG_NOT_ALLOWED,
      `Token algorithm '${alg ?? "missing"}' is not allowed.`,
    );
  }

  const verifyOptions = { requiredClaims: ["exp"], clockTolerance: options.clockToleranceSeconds ?? 5 };
  try {
    const { payload } = (HS_ALGORITHMS as readonly string[]).includes(alg)
      ? await jwtVerify(token, new TextEncoder().encode(options.hsSecret), {
        ...verifyOptions,
        algorithms: [...HS_ALGORITHMS],
      })
      : await jwtVerify(token, options.jwks!, { ...verifyOptions, algorithms: [...ASYMMETRIC_ALGORITHMS] });
    return payload as JwtClaims;
  } catch (error) {
    throw classifyJoseError(error);
  }
}

function classifyJoseError(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) return unauthorized(ErrorCode.TOKEN_EXPIRED, "Token has expired.");
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthorized(ErrorCode.TOKEN_ALG_NOT_ALLOWED, "Token algorithm is not allowed.");
  }
  if (error instanceof errors.JWKSTimeout) {
    return new HttpError(503, ErrorCode.AUTH_UNAVAILABLE, "Token keys are temporarily unavailable.");
  }
  if (error instanceof errors.JOSEError) return unauthorized(ErrorCode.TOKEN_INVALID, "Token is invalid.");
  return error; // network failure fetching JWKS, bugs: a logged 500
}

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
