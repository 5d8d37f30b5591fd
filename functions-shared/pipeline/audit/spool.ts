/**
 * audit spool: where audit events wait in Redis while Postgres cannot take them, and the drain that
 * lands them later (the flush-metrics function calls `drainAuditSpool`).
 *
 *   audit:spool  list of JSON DbAuditEvents (RPUSH at the tail, drained from the head)
 *   audit:dead   list of { event, reason } the database refused for good (bounded), for inspection
 *
 * Spooled events still hold raw identifiers (user, session, ip, user agent) until Postgres pseudonymises
 * them, so every entry is encrypted before it reaches Redis (spool_cipher.ts). The drain relies on write_events being idempotent: LRANGE → write → LTRIM, so a
 * crash between the write and the trim only re-writes events that insert nothing the second time.
 */
import type { DbAuditEvent } from "./mapping.ts";
import {
  databaseAuditWriter,
  MAX_EVENTS_PER_CALL,
  type Rejected,
  type RejectedAuditEvent,
  type WriteAuditEvents,
  writeSeparatingRejects,
} from "./store.ts";
import { consoleLogger, type Logger } from "../../core/log.ts";
import { type Redis, redis as isolateRedis } from "../../platform/redis.ts";
import { config } from "../../core/config.ts";
import { asJobs } from "../../platform/db.ts";
import { type SpoolCipher, spoolCipher } from "./spool_cipher.ts";

export const AUDIT_SPOOL_KEY = "audit:spool";
export const AUDIT_DEAD_KEY = "audit:dead";
/** The dead-letter list keeps the newest this many entries. */
export const MAX_DEAD_LETTERS = 10_000;
/** Events per RPUSH, to keep each REST request well under Upstash's request size limit. */
const PUSH_CHUNK = 500;
const DRAIN_LOCK_MS = 60_000;

export interface AuditSpoolKeys {
  readonly spool?: string;
  readonly dead?: string;
  /** Default: the isolate's cipher from the configured secret (isolateSpoolCipher). */
  readonly cipher?: SpoolCipher;
}

let isolateCipher: SpoolCipher | undefined;
/** The isolate's spool cipher; throws without a secret, so nothing is ever spooled in clear. */
export function isolateSpoolCipher(): SpoolCipher {
  const secret = config().spoolKeySecret;
  if (!secret) {
    throw new Error("no key to encrypt the audit spool (SPOOL_KEY_SECRET or SUPABASE_SERVICE_ROLE_KEY)");
  }
  return (isolateCipher ??= spoolCipher(secret));
}

export interface AuditSpool {
  push(events: readonly DbAuditEvent[]): Promise<void>;
  deadLetter(rejected: readonly RejectedAuditEvent[]): Promise<void>;
}

/** The Redis spool; `client` is resolved on use so a missing Redis config fails the push, not the import. */
export function redisAuditSpool(client: () => Redis = isolateRedis, keys: AuditSpoolKeys = {}): AuditSpool {
  const spoolKey = keys.spool ?? AUDIT_SPOOL_KEY;
  const deadKey = keys.dead ?? AUDIT_DEAD_KEY;
  const cipher = () => keys.cipher ?? isolateSpoolCipher();
  const seal = (values: readonly unknown[]) =>
    Promise.all(values.map((value) => cipher().seal(JSON.stringify(value))));
  return {
    async push(events) {
      for (let i = 0; i < events.length; i += PUSH_CHUNK) {
        const [first, ...rest] = await seal(events.slice(i, i + PUSH_CHUNK));
        await client().rpush(spoolKey, first, ...rest);
      }
    },
    async deadLetter(rejected) {
      await pushDeadLetters(client(), deadKey, cipher(), rejected);
    },
  };
}

export interface DrainOptions extends AuditSpoolKeys {
  /** Most events landed per call (default 5000). */
  readonly limit?: number;
  readonly redis?: Redis;
  /**
   * Default: audit.write_events as the jobs' role on their login (asJobs): a spooled event lands backdated,
   * which the request path's role may not write (20261205120100).
   */
  readonly write?: WriteAuditEvents;
  readonly logger?: Logger;
}

export interface DrainResult {
  /** Rows inserted; events already in audit_logs (a re-drain) count as 0. */
  readonly landed: number;
  /** Events still in the spool afterwards. */
  readonly remaining: number;
  /** Events the database refused for good, moved to the dead-letter list. */
  readonly deadLettered: number;
}

/**
 * Lands up to `limit` spooled events, oldest first (drainSealedList), each marked as replayed: write_events
 * bounds unmarked backdating. Throws if Postgres is unreachable; what it did not land stays in the spool.
 */
export async function drainAuditSpool(options: DrainOptions = {}): Promise<DrainResult> {
  return await drainSealedList<DbAuditEvent>({
    client: options.redis ?? isolateRedis(),
    listKey: options.spool ?? AUDIT_SPOOL_KEY,
    deadKey: options.dead ?? AUDIT_DEAD_KEY,
    cipher: options.cipher ?? isolateSpoolCipher(),
    write: options.write ?? databaseAuditWriter({ service: asJobs }),
    limit: options.limit ?? MAX_EVENTS_PER_CALL,
    batch: MAX_EVENTS_PER_CALL,
    what: "audit events",
    log: options.logger ?? consoleLogger,
    prepare: (event) => ({ ...event, origin: "spool" }),
  });
}

export interface SealedListDrain<E> {
  readonly client: Redis;
  readonly listKey: string;
  readonly deadKey: string;
  readonly cipher: SpoolCipher;
  readonly write: (rows: readonly E[]) => Promise<number>;
  /** Most entries landed per call. */
  readonly limit: number;
  /** Entries per write. */
  readonly batch: number;
  /** For the log line, e.g. "audit events". */
  readonly what: string;
  readonly log: Logger;
  readonly prepare?: (row: E) => E;
}

/**
 * Lands a sealed Redis list (the audit spool, the AI-trail spool), oldest first: LRANGE → write →
 * LTRIM, under a lock, since two drains reading the same head would each trim it and the second trim
 * would drop unlanded entries. A crash between write and trim only re-writes entries that insert
 * nothing the second time (both writers are idempotent). What the database refuses for good goes to
 * the dead-letter list, sealed.
 */
export async function drainSealedList<E>(d: SealedListDrain<E>): Promise<DrainResult> {
  const lockKey = `${d.listKey}:drain-lock`;
  const lockToken = crypto.randomUUID();
  if (await d.client.set(lockKey, lockToken, { nx: true, px: DRAIN_LOCK_MS }) !== "OK") {
    return { landed: 0, remaining: await d.client.llen(d.listKey), deadLettered: 0 };
  }
  let landed = 0;
  let deadLettered = 0;
  try {
    let budget = Math.max(1, Math.floor(d.limit));
    while (budget > 0) {
      const raw = await d.client.lrange<unknown>(d.listKey, 0, Math.min(budget, d.batch) - 1);
      if (raw.length === 0) break;
      const { events, unreadable } = await parseSpooled<E>(raw, d.cipher);
      const { inserted, rejected } = await writeSeparatingRejects(
        d.write,
        d.prepare ? events.map(d.prepare) : events,
      );
      const dead = [...rejected, ...unreadable];
      if (dead.length > 0) {
        d.log("error", `${d.what} refused by the database; moved to the dead-letter list`, {
          count: dead.length,
          reasons: [...new Set(dead.map((entry) => entry.reason))].slice(0, 5),
        });
        await pushDeadLetters(d.client, d.deadKey, d.cipher, dead);
      }
      await d.client.ltrim(d.listKey, raw.length, -1);
      landed += inserted;
      deadLettered += dead.length;
      budget -= raw.length;
    }
  } finally {
    await d.client.eval(RELEASE_LOCK, [lockKey], [lockToken]).catch(() => {}); // else it expires
  }
  return { landed, remaining: await d.client.llen(d.listKey), deadLettered };
}

/** Seals and appends dead letters; the list keeps the newest MAX_DEAD_LETTERS. */
async function pushDeadLetters(
  client: Redis,
  deadKey: string,
  cipher: SpoolCipher,
  entries: readonly unknown[],
) {
  if (entries.length === 0) return;
  const [first, ...rest] = await Promise.all(entries.map((entry) => cipher.seal(JSON.stringify(entry))));
  await client.rpush(deadKey, first, ...rest);
  await client.ltrim(deadKey, -MAX_DEAD_LETTERS, -1);
}

export interface RetryResult {
  /** Dead letters the database took this time. */
  readonly landed: number;
  /** Dead letters still refused (back at the list's tail) and the list's length now. */
  readonly stillRefused: number;
  readonly remaining: number;
}

/**
 * Gives up to `limit` dead letters another try (flush-metrics, every run): one the database takes after a
 * fix lands; one still refused goes back to the tail with its new reason. Under the drain's lock, so no
 * drain or second retry reads the same entries.
 */
export async function retryDeadLetters(options: DrainOptions = {}): Promise<RetryResult> {
  const client = options.redis ?? isolateRedis();
  const deadKey = options.dead ?? AUDIT_DEAD_KEY;
  const write = options.write ?? databaseAuditWriter({ service: asJobs });
  const cipher = options.cipher ?? isolateSpoolCipher();
  const lockKey = `${options.spool ?? AUDIT_SPOOL_KEY}:drain-lock`;
  const lockToken = crypto.randomUUID();
  if (await client.set(lockKey, lockToken, { nx: true, px: DRAIN_LOCK_MS }) !== "OK") {
    return { landed: 0, stillRefused: 0, remaining: await client.llen(deadKey) };
  }
  try {
    const limit = Math.max(1, Math.min(Math.floor(options.limit ?? 100), MAX_EVENTS_PER_CALL));
    const raw = await client.lrange<unknown>(deadKey, 0, limit - 1);
    if (raw.length === 0) return { landed: 0, stillRefused: 0, remaining: 0 };
    const { events: letters, unreadable } = await parseSpooled<RejectedAuditEvent>(raw, cipher);
    const events = letters.map((letter): DbAuditEvent => ({
      ...letter.event,
      origin: "spool",
    }));
    const { inserted, rejected } = await writeSeparatingRejects(write, events);
    // Back to the tail first, then the head trimmed: a crash in between leaves a copy, never a loss (the
    // write is idempotent on (event_id, timestamp)). The list's cap applies only after both.
    const again = await Promise.all([...rejected, ...unreadable].map((e) => cipher.seal(JSON.stringify(e))));
    if (again.length > 0) await client.rpush(deadKey, again[0], ...again.slice(1));
    await client.ltrim(deadKey, raw.length, -1);
    await client.ltrim(deadKey, -MAX_DEAD_LETTERS, -1);
    return {
      landed: inserted,
      stillRefused: rejected.length + unreadable.length,
      remaining: await client.llen(deadKey),
    };
  } finally {
    await client.eval(RELEASE_LOCK, [lockKey], [lockToken]).catch(() => {});
  }
}

// Deletes the lock only if it is still ours (it may have expired and been taken by another drain).
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0`;

/**
 * Entries are sealed strings (or, from before, JSON the client already parsed); one that does not open
 * or is not an event object is unreadable.
 */
async function parseSpooled<E>(raw: readonly unknown[], cipher: SpoolCipher) {
  const events: E[] = [];
  const unreadable: Rejected<E>[] = [];
  for (const item of raw) {
    let value = item;
    if (typeof value === "string") {
      try {
        value = JSON.parse(await cipher.open(value));
      } catch { /* kept as the string */ }
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      events.push(value as E);
    } else unreadable.push({ event: value as E, reason: "unreadable spool entry" });
  }
  return { events, unreadable };
}
