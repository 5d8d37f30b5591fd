/**
 * identify: Authorization header → verified JWT → Identity.
 *
 * HS256 tokens are checked against JWT_SECRET; ES256/RS256 against the JWKS at JWT_JWKS_URL. Each key
 * is only ever used with its own algorithms, and the token header's `alg` is checked against that
 * list before any verification, so `alg: none` and HS/RS confusion never reach a verifier.
 * A token that carries `aud` must name an accepted audience (Supabase Auth's user tokens say
 * "authenticated"); the project's anon and service-role API keys carry none and are accepted as before.
 * No Authorization header → the guest identity; a bad one → 401, never a silent downgrade to guest.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { DEFAULT_JWT_AUDIENCE } from "../core/config.ts";
import { ErrorCode, HttpError } from "../core/errors.ts";
import { GUEST_IDENTITY, type Identity, identityFromClaims, type JwtClaims } from "../core/identity.ts";
import type { VerifiedTokens } from "./verified_tokens.ts";

export {
  DB_ROLES,
  type DbRole,
  GUEST_IDENTITY,
  type Identity,
  identityFromClaims,
  type IdentityKind,
  type JwtClaims,
  requireMfa,
  requireRole,
  toUserRole,
  USER_ROLES,
  type UserRole,
} from "../core/identity.ts";

export const HS_ALGORITHMS = ["HS256"] as const;
export const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256"] as const;

export interface AuthOptions {
  /** HS256 secret; undefined → HS256 tokens are refused. */
  readonly hsSecret?: string;
  /** Key resolver for ES256/RS256 (remote JWKS in production, a local set in tests). */
  readonly jwks?: JWTVerifyGetKey;
  /**
   * Audiences a token's `aud` must include when it has one (Config jwtAudiences, from JWT_AUDIENCE);
   * undefined → Supabase Auth's "authenticated". A token without `aud` (the API keys) is not checked.
   */
  readonly audiences?: readonly string[];
  /** Seconds of clock skew tolerated on exp/nbf between Auth and this isolate. */
  readonly clockToleranceSeconds?: number;
  /** Tokens verified earlier in this isolate (verified_tokens.ts); undefined → every token is verified. */
  readonly verified?: VerifiedTokens;
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

/**
 * How long a fetched key set is trusted, and how long a token verified against it is kept
 * (verified_tokens.ts): a key withdrawn from the JWKS stops admitting tokens within twice this, the 10
 * minutes jose's own default cache allowed before verified tokens were kept.
 */
export const KEY_TRUST_MS = 300_000;

/** One remote key set per URL per isolate, so keys are fetched once and cached by jose. */
export function remoteJwks(url: string): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: KEY_TRUST_MS,
    });
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
  const known = options.verified?.get(token);
  if (known) return known;
  const claims = await verifyToken(token, options);
  const identity = identityFromClaims(claims, token);
  options.verified?.set(token, identity, Number(claims.exp));
  return identity;
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
  let claims: JwtClaims;
  try {
    const { payload } = (HS_ALGORITHMS as readonly string[]).includes(alg)
      ? await jwtVerify(token, new TextEncoder().encode(options.hsSecret), {
        ...verifyOptions,
        algorithms: [...HS_ALGORITHMS],
      })
      : await jwtVerify(token, options.jwks!, { ...verifyOptions, algorithms: [...ASYMMETRIC_ALGORITHMS] });
    claims = payload as JwtClaims;
  } catch (error) {
    throw classifyJoseError(error);
  }
  requireAcceptedAudience(claims.aud, options.audiences ?? [DEFAULT_JWT_AUDIENCE]);
  return claims;
}

/**
 * A token issued for another audience is not ours to accept, even signed with our key. Checked here rather
 * than with jose's `audience` option, which would also refuse the API keys: they carry no `aud` at all.
 */
function requireAcceptedAudience(aud: unknown, accepted: readonly string[]): void {
  if (aud === undefined) return;
  const named = Array.isArray(aud) ? aud : [aud];
  if (named.some((entry) => typeof entry === "string" && accepted.includes(entry))) return;
  throw unauthorized(ErrorCode.TOKEN_INVALID, "Token audience (aud) is not accepted here.");
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
