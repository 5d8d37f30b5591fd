/**
 * The one declared list of what each function needs from its environment. The pipeline checks it once
 * per isolate (a function missing any of it answers 503 CONFIG_ERROR and logs the names once, instead of
 * running with a part switched off); `deno task deploy:check` prints it as the secrets to set; the
 * README's deploy section repeats it. Names only, never values.
 *
 * Supabase's edge runtime itself provides SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY and
 * SUPABASE_DB_URL (`providedByPlatform`); the rest are set with `supabase secrets set`.
 */
import { isPublicKeyText, isSigningKeyText } from "./seal_anchor.ts";

export const FUNCTION_NAMES = [
  "audit-query",
  "bedrock-ai-chat",
  "dosing",
  "flush-metrics",
  "gdpr-export",
  "protocol-search",
] as const;
export type FunctionName = typeof FUNCTION_NAMES[number];

export interface Requirement {
  /** Any one of these names satisfies it (e.g. an HS256 secret or a JWKS URL). */
  readonly anyOf: readonly string[];
  /** Why the function needs it, for the log line and the checklist. */
  readonly why: string;
  /** The edge runtime sets it on every project; an operator never does. */
  readonly providedByPlatform?: boolean;
  /** A value of the right shape, else the name is reported as invalid (never the value). */
  readonly valid?: (value: string) => boolean;
}

/** The functions' login (20261202001200_functions_role.sql); `medic_edge.<project ref>` through the pooler. */
export const FUNCTIONS_LOGIN_USER = "medic_edge";

/** The audited door's login (20261205120000); `medic_audit.<project ref>` through the pooler. */
export const DOOR_LOGIN_USER = "medic_audit";

/** The scheduled jobs' login (20261205120000); `medic_jobs.<project ref>` through the pooler. */
export const JOBS_LOGIN_USER = "medic_jobs";

const base64Bytes = (length: number) => (value: string): boolean => {
  try {
    return atob(value.trim()).length === length;
  } catch {
    return false;
  }
};
const httpUrl = (value: string): boolean => /^https?:\/\/[^\s/]+/.test(value.trim());
/**
 * A database URL that logs in as `login`, directly or through Supabase's pooler (`<login>.<project ref>`):
 * the owner's URL pasted in its place would work, and quietly give an injected statement the owner (review).
 */
const loginUrl = (login: string) => (value: string): boolean => {
  try {
    return decodeURIComponent(new URL(value.trim()).username).split(".")[0] === login;
  } catch {
    return false;
  }
};

/** Every function: its database login, token verification, the shared hot state, the platform's own. */
const EVERY_FUNCTION: readonly Requirement[] = [
  {
    anyOf: ["MEDIC_EDGE_DB_URL"],
    why: `the functions' own database login (role ${FUNCTIONS_LOGIN_USER})`,
    valid: loginUrl(FUNCTIONS_LOGIN_USER),
  },
  { anyOf: ["JWT_SECRET", "JWT_JWKS_URL"], why: "verifying users' access tokens" },
  { anyOf: ["UPSTASH_REDIS_REST_URL"], why: "rate limits, sessions and the audit spool", valid: httpUrl },
  { anyOf: ["UPSTASH_REDIS_REST_TOKEN"], why: "Upstash REST authentication" },
  { anyOf: ["SUPABASE_URL"], why: "the project's own address", providedByPlatform: true, valid: httpUrl },
  {
    anyOf: ["SUPABASE_SERVICE_ROLE_KEY"],
    why: "the key that stands for the service (Storage, client-address keys)",
    providedByPlatform: true,
  },
];

/** The audited door's login: every read of the trail (audit-query; gdpr-export's export and reveal). */
const DOOR_LOGIN: Requirement = {
  anyOf: ["MEDIC_AUDIT_DB_URL"],
  why: `the audited door's own database login (role ${DOOR_LOGIN_USER})`,
  valid: loginUrl(DOOR_LOGIN_USER),
};

const OWN: Readonly<Record<FunctionName, readonly Requirement[]>> = {
  "audit-query": [
    DOOR_LOGIN,
    { anyOf: ["SEAL_PUBLIC_KEY"], why: "checking the seal anchors in /verify", valid: isPublicKeyText },
  ],
  "bedrock-ai-chat": [],
  dosing: [],
  "flush-metrics": [
    {
      anyOf: ["MEDIC_JOBS_DB_URL"],
      why: `the scheduled jobs' own database login (role ${JOBS_LOGIN_USER})`,
      valid: loginUrl(JOBS_LOGIN_USER),
    },
    { anyOf: ["CRON_SECRET"], why: "authenticating the pg_cron calls (Vault's cron_secret holds the same)" },
    { anyOf: ["SEAL_SIGNING_KEY"], why: "signing the seal anchors", valid: isSigningKeyText },
    { anyOf: ["SEAL_PUBLIC_KEY"], why: "checking an anchor before it is stored", valid: isPublicKeyText },
    { anyOf: ["ALERT_WEBHOOK_SECRET"], why: "signing alert webhook bodies" },
  ],
  "gdpr-export": [
    DOOR_LOGIN,
    {
      anyOf: ["GDPR_PSEUDONYM_SALT"],
      why: "the pseudonyms' salt (at least 32 characters)",
      valid: (value) => value.trim().length >= 32,
    },
    {
      anyOf: ["GDPR_ENCRYPTION_KEY"],
      why: "reversible pseudonyms (32 bytes, base64)",
      valid: base64Bytes(32),
    },
  ],
  "protocol-search": [],
};

/** Settings a function runs without, by design; when given, a group is given whole. */
export interface OptionalSetting {
  readonly names: readonly string[];
  readonly why: string;
}

const OPTIONAL: Readonly<Partial<Record<FunctionName, readonly OptionalSetting[]>>> = {
  "bedrock-ai-chat": [
    {
      names: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      why: "Bedrock answers; without them every answer is the labelled retrieval-only one",
    },
    { names: ["AWS_REGION"], why: "Bedrock's region (default us-west-2)" },
    { names: ["BEDROCK_MODEL_ID"], why: "the model or inference profile (default: core/config.ts)" },
  ],
};

/** Every function: browsers' origins (apps send none) — without it, browsers are refused. */
const OPTIONAL_EVERY: readonly OptionalSetting[] = [
  { names: ["ALLOWED_ORIGINS"], why: "the web origins allowed to call from a browser (comma-separated)" },
];

export function optionalSettingsOf(name: FunctionName): readonly OptionalSetting[] {
  return [...OPTIONAL_EVERY, ...(OPTIONAL[name] ?? [])];
}

/** What `name` needs, shared requirements first. */
export function requirementsOf(name: FunctionName): readonly Requirement[] {
  return [...EVERY_FUNCTION, ...OWN[name]];
}

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

export interface ConfigProblem {
  /** The names, joined with " or " when any one would do. */
  readonly name: string;
  readonly problem: "missing" | "invalid";
  readonly why: string;
}

/** What `name`'s environment lacks; empty when it is complete. Unknown functions need the shared list. */
export function configProblems(name: string, env: Record<string, string | undefined>): ConfigProblem[] {
  const requirements = isFunctionName(name) ? requirementsOf(name) : EVERY_FUNCTION;
  const problems: ConfigProblem[] = [];
  for (const requirement of requirements) {
    const present = requirement.anyOf.filter((n) => (env[n] ?? "").trim() !== "");
    const label = requirement.anyOf.join(" or ");
    if (present.length === 0) problems.push({ name: label, problem: "missing", why: requirement.why });
    else if (requirement.valid && !present.some((n) => requirement.valid!(env[n]!))) {
      problems.push({ name: label, problem: "invalid", why: requirement.why });
    }
  }
  // A group half given (one AWS key without the other) is a mistake, not the optional mode.
  for (const group of isFunctionName(name) ? OPTIONAL[name] ?? [] : []) {
    const given = group.names.filter((n) => (env[n] ?? "").trim() !== "").length;
    if (given > 0 && given < group.names.length) {
      problems.push({
        name: group.names.join(" and "),
        problem: "invalid",
        why: `${group.why} (set all or none)`,
      });
    }
  }
  return problems;
}

/** The names an operator sets with `supabase secrets set` for all functions, sorted, without duplicates. */
export function secretsToSet(): string[] {
  const names = new Set<string>();
  for (const fn of FUNCTION_NAMES) {
    for (const r of requirementsOf(fn)) if (!r.providedByPlatform) names.add(r.anyOf.join(" or "));
  }
  return [...names].sort();
}
