/**
 * The AI trail takes the audit events' path: an ai_audit_trails row the database cannot take now waits in
 * Redis, sealed like the audit spool (spool_cipher.ts), and flush-metrics lands it later
 * (public.write_ai_audit_trails is idempotent on message_id). A row refused for good goes to
 * ai_trail:dead, which the dead-letter alert counts with audit:dead. It was dropped before.
 *
 *   ai_trail:spool  sealed JSON rows, RPUSH at the tail, drained from the head
 *   ai_trail:dead   sealed { event, reason }
 */
import { asJobs, asService, type ServiceQuery } from "../../platform/db.ts";
import { type Redis, redis as isolateRedis } from "../../platform/redis.ts";
import { consoleLogger } from "../../core/log.ts";
import { type DrainResult, drainSealedList, isolateSpoolCipher } from "./spool.ts";
import type { SpoolCipher } from "./spool_cipher.ts";

export const AI_TRAIL_SPOOL_KEY = "ai_trail:spool";
export const AI_TRAIL_DEAD_KEY = "ai_trail:dead";
const BATCH = 500;
const MAX_PER_DRAIN = 5000;

/** One ai_audit_trails row as public.write_ai_audit_trails takes it (hashes and lengths, never text). */
export type AiTrailRow = Readonly<Record<string, unknown>>;
export type WriteAiTrail = (rows: readonly AiTrailRow[]) => Promise<number>;

export interface AiTrailSpoolOptions {
  readonly redis?: Redis;
  readonly cipher?: SpoolCipher;
  readonly spool?: string;
  readonly dead?: string;
  /**
   * Default: public.write_ai_audit_trails as the jobs' role on their login (asJobs): a spooled row lands with
   * the chat's time, backdated, which the request path's role may not write (20261206010000).
   */
  readonly write?: WriteAiTrail;
}

export const databaseAiTrailWriter = (service: ServiceQuery = asService): WriteAiTrail => async (rows) =>
  await service(async (tx) => {
    const [row] = await tx`select public.write_ai_audit_trails(${
      JSON.stringify(rows)
    }::text::jsonb) as inserted`;
    return Number(row.inserted);
  });

export async function spoolAiTrail(
  rows: readonly AiTrailRow[],
  options: AiTrailSpoolOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const cipher = options.cipher ?? isolateSpoolCipher();
  const sealed = await Promise.all(rows.map((row) => cipher.seal(JSON.stringify(row))));
  await (options.redis ?? isolateRedis()).rpush(
    options.spool ?? AI_TRAIL_SPOOL_KEY,
    sealed[0],
    ...sealed.slice(1),
  );
}

export type AiTrailDrainResult = DrainResult;

/** Lands spooled rows, oldest first (drainSealedList); throws if Postgres is unreachable. */
export async function drainAiTrailSpool(options: AiTrailSpoolOptions = {}): Promise<AiTrailDrainResult> {
  return await drainSealedList<AiTrailRow>({
    client: options.redis ?? isolateRedis(),
    listKey: options.spool ?? AI_TRAIL_SPOOL_KEY,
    deadKey: options.dead ?? AI_TRAIL_DEAD_KEY,
    cipher: options.cipher ?? isolateSpoolCipher(),
    write: options.write ?? databaseAiTrailWriter(asJobs),
    limit: MAX_PER_DRAIN,
    batch: BATCH,
    what: "AI-trail rows",
    log: consoleLogger,
  });
}
