/**
 * The rate-limit classes: the rows public.rate_limit_config is seeded with
 * (20261122000300_rate_limits.sql); tests/integration/vocabularies.test.ts compares them. A function
 * declares one of them as its own; GLOBAL applies to every request besides. A new class arrives by
 * migration first, then here — a function naming a class the database does not know is a compile error.
 */
export const RATE_LIMIT_CLASSES = ["CHAT", "API", "DOSING", "AUTH", "PHI", "GLOBAL"] as const;
export type RateLimitClass = typeof RATE_LIMIT_CLASSES[number];

/** What a function may declare: any class but GLOBAL, which every request is held to anyway. */
export type FunctionRateLimitClass = Exclude<RateLimitClass, "GLOBAL">;
