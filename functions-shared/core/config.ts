/**
 * One typed reader for the environment the pipeline depends on.
 *
 * `loadConfig(env)` is pure (tests hand it a plain object); `config()` reads `Deno.env` once per
 * isolate, lazily, so importing a function module never throws on a missing variable — only the first
 * request that needs it does, with a clear message in the server log.
 */
import { z } from "zod";

/** Comma-separated list → trimmed, non-empty entries. */
const csv = z.string().optional().transform((value) =>
  (value ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0)
);

const optionalText = z.string().optional().transform((value) => value?.trim() || undefined);

/** An http(s) URL; blank counts as unset. */
const optionalHttpUrl = z.preprocess(
  (value) => typeof value === "string" && value.trim() === "" ? undefined : value,
  z.url({ protocol: /^https?$/ }).optional(),
);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().optional().default(fallback);

const EnvSchema = z.object({
  APP_ENV: optionalText,
  ENVIRONMENT: optionalText,
  ALLOWED_ORIGINS: csv,
  JWT_SECRET: optionalText,
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_AUDIENCE: csv,
  MEDIC_EDGE_DB_URL: optionalText,
  MEDIC_AUDIT_DB_URL: optionalText,
  MEDIC_JOBS_DB_URL: optionalText,
  DB_POOL_MAX: positiveInt(3),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
  UPSTASH_REDIS_REST_URL: optionalHttpUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalText,
  RATE_LIMIT_BUDGET_MS: positiveInt(50),
  RATE_LIMIT_BUDGET_MAX_MS: positiveInt(200),
  SESSION_TOUCH_BUDGET_MS: z.coerce.number().int().positive().optional(),
  DB_BUDGET_MS: positiveInt(1000),
  TRUSTED_PROXY_HOPS: positiveInt(1),
  CLIENT_KEY_SECRET: optionalText,
  SPOOL_KEY_SECRET: optionalText,
  SUPABASE_URL: optionalHttpUrl,
  SEAL_SIGNING_KEY: optionalText,
  SEAL_PUBLIC_KEY: optionalText,
  SUPABASE_SERVICE_ROLE_KEY: optionalText,
  CHAT_MODEL_BUDGET_MS: positiveInt(20_000),
  CRON_SECRET: optionalText,
  ALERT_WEBHOOK_SECRET: optionalText,
  ALERT_ALLOW_LOOPBACK: optionalText,
  ALERT_EMAIL_API_URL: optionalHttpUrl,
  ALERT_EMAIL_API_KEY: optionalText,
  ALERT_EMAIL_FROM: optionalText,
  SERVER_TIMING: optionalText,
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  BEDROCK_MODEL_ID: optionalText,
  BEDROCK_ENDPOINT: optionalHttpUrl,
});

/**
 * Claude Sonnet 4.5 through the US geographic inference profile: Claude 4.x models are invoked through
 * an inference profile, and "us." keeps inference in US regions (a "global." profile may not).
 */
export const DEFAULT_BEDROCK_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
export const DEFAULT_AWS_REGION = "us-west-2";
/** The audience Supabase Auth writes into every user access token. */
export const DEFAULT_JWT_AUDIENCE = "authenticated";

export interface Config {
  /** `APP_ENV`, else `ENVIRONMENT`, lower-cased; "production" when neither is set (fail closed). */
  readonly appEnv: string;
  readonly isDevelopment: boolean;
  /** Exact origins from `ALLOWED_ORIGINS`, as written (pipeline/cors.ts normalises them). */
  readonly allowedOrigins: readonly string[];
  /** HS256 secret (Supabase's legacy JWT secret); undefined → HS256 tokens are refused. */
  readonly jwtSecret?: string;
  /** JWKS endpoint for ES256/RS256 tokens; undefined → asymmetric tokens are refused. */
  readonly jwtJwksUrl?: string;
  /**
   * `JWT_AUDIENCE` (comma-separated; default "authenticated", what Supabase Auth writes): a token that
   * carries `aud` must name one of these (pipeline/auth.ts). The project's anon and service-role API keys
   * carry no `aud` and are not affected.
   */
  readonly jwtAudiences: readonly string[];
  /**
   * `MEDIC_EDGE_DB_URL`: the functions' own login (medic_edge: owns nothing, only takes the request
   * roles and medic_server). Never SUPABASE_DB_URL, which the platform sets to the owner's credential.
   */
  readonly dbUrl?: string;
  /**
   * `MEDIC_AUDIT_DB_URL`: the audited door's login (medic_audit: audit_reader, and medic_server for the door's
   * event), audit-query's only (platform/db.ts doorDb). Never a fallback to dbUrl.
   */
  readonly auditDbUrl?: string;
  /** `MEDIC_JOBS_DB_URL`: the scheduled jobs' login (medic_jobs: medic_job_writer), flush-metrics' only (jobsDb). */
  readonly jobsDbUrl?: string;
  readonly dbPoolMax: number;
  /** Default request-body limit; routes may override. */
  readonly maxBodyBytes: number;
  /** Upstash REST endpoint and token (rate limits, audit spool); undefined → Redis is not configured. */
  readonly upstashRedisRestUrl?: string;
  readonly upstashRedisRestToken?: string;
  /** How long the rate limiter waits for Redis before it asks the Postgres limiter instead (the floor). */
  readonly rateLimitBudgetMs: number;
  /** The most the adaptive Upstash budgets (limiter, session touch) may grow to on slow round trips. */
  readonly rateLimitBudgetMaxMs: number;
  /** How long the session step waits for its Redis touch before Postgres decides (default: the above). */
  readonly sessionTouchBudgetMs: number;
  /**
   * How long a clinical answer waits on Postgres before it goes on without it: the session check, the
   * protocol_access write, the rate limiter's fallback for open classes (default 1 s).
   */
  readonly dbBudgetMs: number;
  /** Proxies that append to X-Forwarded-For in front of the function (Supabase's gateway: 1). */
  readonly trustedProxyHops: number;
  /**
   * The HMAC key for client-address keys (core/client_key.ts): `CLIENT_KEY_SECRET`, else the service
   * role key the edge runtime always provides, else the JWT secret. Undefined only with none of them.
   */
  readonly clientKeySecret?: string;
  /** The key the Redis spools are encrypted under (pipeline/audit/spool_cipher.ts); same fallbacks. */
  readonly spoolKeySecret?: string;
  /** Supabase Storage as the service role (SUPABASE_URL and the service-role key): where seal anchors go. */
  readonly storage?: { readonly url: string; readonly serviceKey: string };
  /**
   * Ed25519 keys of the seal anchors (core/seal_anchor.ts), base64url: the private key (PKCS#8) signs in
   * flush-metrics and is never given to the database; the public key (raw) checks, here and offline.
   */
  readonly sealSigningKey?: string;
  readonly sealPublicKey?: string;
  /** The chat's time budget for the model; past it the retrieval-only answer is given. */
  readonly chatModelBudgetMs: number;
  /** `Bearer <CRON_SECRET>` is accepted by functions that pg_cron calls (flush-metrics). */
  readonly cronSecret?: string;
  /** HMAC-SHA256 key signing alert webhook bodies. */
  readonly alertWebhookSecret?: string;
  /**
   * Local development only (honoured with APP_ENV=development): alert channels may point at loopback.
   * Production never sets it: channels must be public https addresses (platform/outbound.ts).
   */
  readonly alertAllowLoopback: boolean;
  /**
   * The e-mail alert channel's transport: an HTTP mail API that takes `POST {from, to[], subject, text}`
   * with `Authorization: Bearer <key>` (Resend's /emails; others through their compatible endpoint).
   * All three of ALERT_EMAIL_API_URL, ALERT_EMAIL_API_KEY and ALERT_EMAIL_FROM, or no e-mail.
   */
  readonly alertEmail?: { readonly apiUrl: string; readonly apiKey: string; readonly from: string };
  /** `SERVER_TIMING=true`: each answer says how long each pipeline step took (benchmarks; pipeline/step_timing.ts). */
  readonly serverTiming: boolean;
  /** Bedrock runtime region (`AWS_REGION`, default us-west-2). */
  readonly awsRegion: string;
  /** Static AWS credentials; either key missing → no credentials (the chat runs offline, retrieval-only). */
  readonly awsCredentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  readonly bedrockModelId: string;
  /** Override of https://bedrock-runtime.<region>.amazonaws.com (tests: the local Bedrock server). */
  readonly bedrockEndpoint?: string;
}

/** Variables whose values are malformed (e.g. a URL that is not one), by name. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly names: readonly string[]) {
    super(`Invalid environment: ${names.join(", ")}`);
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Name the variables, never their values (they may be secrets).
    throw new ConfigError([...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))]);
  }
  const e = parsed.data;
  const appEnv = (e.APP_ENV ?? e.ENVIRONMENT ?? "production").toLowerCase();
  return Object.freeze({
    appEnv,
    isDevelopment: appEnv === "development",
    allowedOrigins: Object.freeze(e.ALLOWED_ORIGINS),
    jwtSecret: e.JWT_SECRET,
    jwtJwksUrl: e.JWT_JWKS_URL,
    jwtAudiences: Object.freeze(e.JWT_AUDIENCE.length > 0 ? e.JWT_AUDIENCE : [DEFAULT_JWT_AUDIENCE]),
    dbUrl: e.MEDIC_EDGE_DB_URL,
    auditDbUrl: e.MEDIC_AUDIT_DB_URL,
    jobsDbUrl: e.MEDIC_JOBS_DB_URL,
    dbPoolMax: e.DB_POOL_MAX,
    maxBodyBytes: e.MAX_BODY_BYTES,
    upstashRedisRestUrl: e.UPSTASH_REDIS_REST_URL,
    upstashRedisRestToken: e.UPSTASH_REDIS_REST_TOKEN,
    rateLimitBudgetMs: e.RATE_LIMIT_BUDGET_MS,
    rateLimitBudgetMaxMs: Math.max(e.RATE_LIMIT_BUDGET_MAX_MS, e.RATE_LIMIT_BUDGET_MS),
    sessionTouchBudgetMs: e.SESSION_TOUCH_BUDGET_MS ?? e.RATE_LIMIT_BUDGET_MS,
    dbBudgetMs: e.DB_BUDGET_MS,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    clientKeySecret: e.CLIENT_KEY_SECRET ?? e.SUPABASE_SERVICE_ROLE_KEY ?? e.JWT_SECRET,
    spoolKeySecret: e.SPOOL_KEY_SECRET ?? e.SUPABASE_SERVICE_ROLE_KEY ?? e.JWT_SECRET,
    storage: e.SUPABASE_URL && e.SUPABASE_SERVICE_ROLE_KEY
      ? { url: e.SUPABASE_URL, serviceKey: e.SUPABASE_SERVICE_ROLE_KEY }
      : undefined,
    sealSigningKey: e.SEAL_SIGNING_KEY,
    sealPublicKey: e.SEAL_PUBLIC_KEY,
    chatModelBudgetMs: e.CHAT_MODEL_BUDGET_MS,
    cronSecret: e.CRON_SECRET,
    alertWebhookSecret: e.ALERT_WEBHOOK_SECRET,
    alertAllowLoopback: e.ALERT_ALLOW_LOOPBACK === "true",
    alertEmail: e.ALERT_EMAIL_API_URL && e.ALERT_EMAIL_API_KEY && e.ALERT_EMAIL_FROM
      ? Object.freeze({
        apiUrl: e.ALERT_EMAIL_API_URL,
        apiKey: e.ALERT_EMAIL_API_KEY,
        from: e.ALERT_EMAIL_FROM,
      })
      : undefined,
    serverTiming: e.SERVER_TIMING === "true",
    awsRegion: e.AWS_REGION ?? DEFAULT_AWS_REGION,
    awsCredentials: e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
      ? Object.freeze({
        accessKeyId: e.AWS_ACCESS_KEY_ID,
        secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
        ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
      })
      : undefined,
    bedrockModelId: e.BEDROCK_MODEL_ID ?? DEFAULT_BEDROCK_MODEL_ID,
    bedrockEndpoint: e.BEDROCK_ENDPOINT,
  });
}

let cached: Config | undefined;

/** The isolate's config, read from `Deno.env` on first use. */
export function config(): Config {
  cached ??= loadConfig(Deno.env.toObject());
  return cached;
}

/** Forget the cached config (tests and scripts that change the environment). */
export function resetConfig(): void {
  cached = undefined;
}
