/**
 * What the gdpr-export handlers need from outside: the pseudonymisation strategies built from the
 * function's settings, the exports' own connection pool, and Redis to end an erased
 * subject's sessions and forget their limiter keys. Tests pass their own.
 */
import { createDoorSql, type Sql } from "../../platform/db.ts";
import { consoleLogger, describeError } from "../../core/log.ts";
import { redis, redisConfigured } from "../../platform/redis.ts";
import { eraseInRedis, type RedisErasure } from "./redis_erasure.ts";
import {
  type EncryptionPseudonymiser,
  encryptionPseudonymiser,
  type HashPseudonymiser,
  hashPseudonymiser,
  type Pseudonymiser,
  type PseudonymStrategy,
  randomToken,
  tokenPseudonymiser,
} from "./pseudonymise.ts";
import type { GdprSettings } from "./settings.ts";

export interface GdprDeps {
  /** The erased-subjects list's key for a user id (hash strategy, its own domain). */
  subjectHash(subjectId: string): Promise<string>;
  /** How other people's identifiers are written into one export; `context`: the requester's organization. */
  thirdParties(strategy: PseudonymStrategy, context: string): Promise<Pseudonymiser>;
  /** Opens encryption pseudonyms of `context` (an authorised investigation). */
  investigation(context: string): Promise<EncryptionPseudonymiser>;
  /** What replaces an erased subject's id in free-form fields (token strategy: random, unlinkable). */
  erasureToken(): string;
  /**
   * The exports' own pool, on the audited door's login (MEDIC_AUDIT_DB_URL: the export reads as
   * audit_reader), apart from the shared one: an export's transaction holds the snapshot from the
   * count to the last record while its audit event is written on the shared pool, which it can therefore
   * never wait for. Kept for the isolate's life — a connection per export cost a SCRAM sign-in, a type
   * lookup and cold PL/pgSQL plans each time (export_plan 35 ms instead of 9). At most DB_POOL_MAX exports
   * of one isolate stream at once; a client that stops reading gives its connection back after the
   * export's idle timeout; one that finds them all busy for exportConnectionWaitMs gets 503 EXPORT_BUSY.
   */
  exportSql(): Sql;
  /** How long an export waits for a connection of that pool before 503 EXPORT_BUSY (default 10 s). */
  readonly exportConnectionWaitMs?: number;
  /**
   * The erasure's Redis side (redis_erasure.ts): ends the sessions there and deletes the subject's limiter
   * keys; all zero without Redis or when it fails (Postgres ends the sessions anyway, touch_sessions).
   */
  eraseInRedis(subjectId: string, sessionIds: readonly string[]): Promise<RedisErasure>;
}

const NOTHING_IN_REDIS: RedisErasure = { sessionsRevoked: 0, limiterKeysDeleted: 0 };

/** `context` for an organization (or none) in encryption pseudonyms. */
export function organizationContext(organizationId: string | undefined | null): string {
  return `organization:${organizationId ?? "none"}`;
}

function thirdPartyHasher(salt: string): Promise<HashPseudonymiser> {
  return hashPseudonymiser(salt, { domain: "gdpr-third-party" });
}

function erasedSubjectHash(hasher: HashPseudonymiser, subjectId: string): Promise<string> {
  return hasher.hex(subjectId, "gdpr-erased-subject");
}

/** The erased-subjects list's key for a user id under `salt` (GDPR_PSEUDONYM_SALT): the operator's script. */
export async function subjectHashUnder(salt: string, subjectId: string): Promise<string> {
  return await erasedSubjectHash(await thirdPartyHasher(salt), subjectId);
}

/**
 * `readSettings` runs on first use, not when the module loads: the pipeline has checked the environment
 * by then (pipeline/config_check.ts), so a missing salt is a 503 CONFIG_ERROR, not a boot failure.
 */
export function gdprDeps(readSettings: () => GdprSettings): GdprDeps {
  let read: GdprSettings | undefined;
  const settings = () => read ??= readSettings();
  let hash: Promise<HashPseudonymiser> | undefined;
  let exportPool: Sql | undefined;
  const hashed = () => hash ??= thirdPartyHasher(settings().salt);
  return {
    subjectHash: async (subjectId) => erasedSubjectHash(await hashed(), subjectId),
    async thirdParties(strategy, context) {
      switch (strategy) {
        case "hash":
          return await hashed();
        case "token":
          return tokenPseudonymiser();
        case "encryption":
          return await encryptionPseudonymiser(settings().encryptionKey, context);
      }
    },
    investigation: (context) => encryptionPseudonymiser(settings().encryptionKey, context),
    erasureToken: () => randomToken("erased-"),
    exportSql: () => exportPool ??= createDoorSql(),
    async eraseInRedis(subjectId, sessionIds) {
      if (!redisConfigured()) return NOTHING_IN_REDIS;
      try {
        return await eraseInRedis(redis(), subjectId, sessionIds);
      } catch (error) {
        // The erasure is committed; Postgres ends the sessions at their next write of last activity, and
        // the limiter keys expire on their own.
        consoleLogger(
          "error",
          "could not erase a subject's sessions and limiter keys in Redis",
          describeError(error),
        );
        return NOTHING_IN_REDIS;
      }
    },
  };
}
