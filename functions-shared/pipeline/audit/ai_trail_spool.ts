/**
 * The AI trail takes the audit events' path: an ai_audit_trails row the database cannot take now waits in
 * Redis, sealed like the audit spool (spool_cipher.ts), and flush-metrics lands it later
 * (public.write_ai_audit_trails is idempotent on message_id). A row refused for good goes to
 * ai_trail:dead, which the dead-letter alert counts with audit:dead. It was dropped before.
 *
 *   ai_trail:spool  sealed JSON rows, RPUSH at the tail, drained from the head
 *   ai_trail:dead   sealed { event, reason }
 */
import { asService } from "../../platform/db.ts";
import { type Redis, redis as isolateRedis } from "../../platform/redis.ts";
import { isolateSpoolCipher, RELEASE_LOCK } from "./spool.ts";
import type { SpoolCipher } from "./spool_cipher.ts";
import { writeSeparatingRejects } from "./store.ts";

export const AI_TRAIL_SPOOL_KEY = "ai_trail:spool";
export const AI_TRAIL_DEAD_KEY = "ai_trail:dead";
const BATCH = 500;
const LOCK_MS = 60_000;

/** One ai_audit_trails row as public.write_ai_audit_trails takes it (hashes and lengths, never text). */
export type AiTrailRow = Readonly<Record<string, unknown>>;
export type WriteAiTrail = (rows: readonly AiTrailRow[]) => Promise<number>;

export interface AiTrailSpoolOptions {
  readonly redis?: Redis;
  readonly cipher?: SpoolCipher;
  readonly spool?: string;
  readonly dead?: string;
  /** Default: public.write_ai_audit_trails as service_role on the isolate's pool. */
  readonly write?: WriteAiTrail;
}

export const databaseAiTrailWriter = (): WriteAiTrail => async (rows) =>
  await asService(async (tx) => {
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

export interface AiTrailDrainResult {
  readonly landed: number;
  readonly remaining: number;
  readonly deadLettered: number;
}

/** Lands spooled rows, oldest first, one drain at a time; throws if Postgres is unreachable. */
export async function drainAiTrailSpool(options: AiTrailSpoolOptions = {}): Promise<AiTrailDrainResult> {
  const client = options.redis ?? isolateRedis();
  const spoolKey = options.spool ?? AI_TRAIL_SPOOL_KEY;
  const deadKey = options.dead ?? AI_TRAIL_DEAD_KEY;
  const cipher = options.cipher ?? isolateSpoolCipher();
  const write = options.write ?? databaseAiTrailWriter();
  const lockKey = `${spoolKey}:drain-lock`;
  const token = crypto.randomUUID();
  if (await client.set(lockKey, token, { nx: true, px: LOCK_MS }) !== "OK") {
    return { landed: 0, remaining: await client.llen(spoolKey), deadLettered: 0 };
  }
  let landed = 0;
  let deadLettered = 0;
  try {
    for (;;) {
      const raw = await client.lrange<string>(spoolKey, 0, BATCH - 1);
      if (raw.length === 0) break;
      const rows: AiTrailRow[] = [];
      const unreadable: { event: unknown; reason: string }[] = [];
      for (const entry of raw) {
        try {
          rows.push(JSON.parse(await cipher.open(String(entry))));
        } catch {
          unreadable.push({ event: entry, reason: "unreadable spool entry" });
        }
      }
      const { inserted, rejected } = await writeSeparatingRejects(write, rows);
      const dead = [...rejected, ...unreadable];
      if (dead.length > 0) {
        const sealed = await Promise.all(dead.map((d) => cipher.seal(JSON.stringify(d))));
        await client.rpush(deadKey, sealed[0], ...sealed.slice(1));
      }
      await client.ltrim(spoolKey, raw.length, -1);
      landed += inserted;
      deadLettered += dead.length;
    }
  } finally {
    await client.eval(RELEASE_LOCK, [lockKey], [token]).catch(() => {});
  }
  return { landed, remaining: await client.llen(spoolKey), deadLettered };
}
