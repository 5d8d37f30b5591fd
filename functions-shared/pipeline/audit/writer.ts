/**
 * The audit writer: the AuditSink that lands every request's event in public.audit_logs.
 *
 * - record() only enqueues: events gathered for a few ms (or up to MAX_BATCH) go to Postgres in one
 *   `audit.write_events` call, after the response. While such a write is in flight the next batch stays
 *   open and is sent when it ends (group commit): under load a batch holds what arrived during one write,
 *   so the per-call cost (transaction, round trips, commit) is shared by more requests, and at most one
 *   timed write per isolate is in flight. The flush is handed to EdgeRuntime.waitUntil when the runtime
 *   has it, so the isolate is kept alive for it; `flush()` awaits everything pending.
 * - A failed write never reaches the client: the batch goes to the Redis spool (drainAuditSpool lands it
 *   later); if Redis fails too the events stay in memory (bounded, oldest kept) for the next flush.
 * - Preflight requests (api.preflight) are not audited: no identity, no data, only CORS headers.
 * - Endpoints that return personal data call `auditNow(ctx)` first: the event is written before the
 *   data leaves, or the request fails with 503 AUDIT_UNAVAILABLE; the sink then skips that request.
 */
import { withinBudget } from "../../core/timing.ts";
import type { AuditSink, RequestEvent } from "../../core/audit_event.ts";
import { type DataClassification, type DbAuditEvent, toDbAuditEvent } from "./mapping.ts";
import { type AuditSpool, redisAuditSpool } from "./spool.ts";
import {
  databaseAuditWriter,
  type RejectedAuditEvent,
  type WriteAuditEvents,
  writeSeparatingRejectsOnceMore,
} from "./store.ts";
import { ErrorCode, HttpError } from "../../core/errors.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import type { AuditOutcome, Context } from "../../core/context.ts";
import { redisErrorFields } from "../../platform/redis.ts";
import { edgeWaitUntil, type WaitUntil } from "../../core/runtime.ts";
import { burstLanes } from "./lanes.ts";

export { AUDIT_SPOOL_KEY, drainAuditSpool, type DrainResult } from "./spool.ts";

export interface AuditWriterOptions {
  /** Default: audit.write_events as the server (medic_server) on the isolate's pool. */
  readonly write?: WriteAuditEvents;
  /** Default: the Redis list audit:spool on the isolate's Upstash client. */
  readonly spool?: AuditSpool;
  /** How long the first event of a batch waits for company (default 5 ms), longer while a write is in flight. */
  readonly batchDelayMs?: number;
  /** The longest a batch waits for the timed write in flight before it is sent anyway (default 250 ms). */
  readonly groupWaitMs?: number;
  /** A batch is sent as soon as it holds this many events (default MAX_BATCH). */
  readonly maxBatch?: number;
  /** Full batches (a burst) are written in this many lanes by caller (default BURST_LANES). */
  readonly lanes?: number;
  /** Events held in memory when Postgres and Redis both fail (default 5000); newer ones are dropped. */
  readonly maxRetained?: number;
  /** auditNow gives up (503) after this long (default 5000 ms). */
  readonly auditNowTimeoutMs?: number;
  /** Default: EdgeRuntime.waitUntil when that global exists. */
  readonly waitUntil?: (promise: Promise<unknown>) => void;
  readonly logger?: Logger;
}

export interface AuditNowExtra {
  readonly metadata?: Record<string, unknown>;
  readonly outcome?: AuditOutcome;
  /** Default CONFIDENTIAL (personal data); PHI for patient data. */
  readonly dataClassification?: DataClassification;
}

/** The part of a handler's ctx auditNow needs (any route's Context fits). */
export type AuditableContext = Pick<Context, "requestId" | "addAuditMetadata" | "setOutcome" | "auditEarly">;

export interface AuditWriter extends AuditSink {
  record(event: RequestEvent): void;
  /** Writes this request's event now; throws HttpError 503 AUDIT_UNAVAILABLE if it was not stored. */
  auditNow(ctx: AuditableContext, extra?: AuditNowExtra): Promise<void>;
  /** Sends the open batch, retries events held in memory, and resolves when all pending work is done. */
  flush(): Promise<void>;
  /** Events held in memory because Postgres and Redis both failed. */
  readonly retained: number;
}

/**
 * 503 AUDIT_UNAVAILABLE for a request whose audit event could not be stored before its personal data
 * would leave (auditNow, audit-query's audited reads); the cause goes to the server log only.
 */
export function auditUnavailable(requestId: string, cause: unknown, log: Logger = consoleLogger): HttpError {
  log("error", "audit write failed before releasing personal data; answering 503", {
    requestId,
    ...describeError(cause),
  });
  return new HttpError(
    503,
    ErrorCode.AUDIT_UNAVAILABLE,
    "This data cannot be released while the audit trail is unavailable. Please retry shortly.",
    undefined,
    { "Retry-After": "5" },
  );
}

/**
 * Under a burst, bigger batches amortise each call's fixed cost (transaction, key, plans, commit) and
 * pseudonymise a repeated identifier once per call (scripts/bench/audit_ingest.ts). At ordinary load a
 * batch closes after batchDelayMs, far below this.
 */
export const MAX_BATCH = 1000;

interface OpenBatch {
  readonly events: RequestEvent[];
  /** full: closed by its size (a burst), else by its timer or a flush. */
  send(full: boolean): void;
}

/** The writer's burst lanes unless told otherwise: DB_POOL_MAX's default, a lane per pooled connection. */
export const BURST_LANES = 3;

/** The caller an event belongs to, for the burst lanes: the user, else the client address. */
export function callerOf(event: RequestEvent): string {
  return (event.identity.kind === "user" ? event.identity.userId : undefined) ?? event.ip ?? "";
}

export function createAuditWriter(options: AuditWriterOptions = {}): AuditWriter {
  const write = options.write ?? databaseAuditWriter();
  const spool = options.spool ?? redisAuditSpool();
  const batchDelayMs = options.batchDelayMs ?? 5;
  const groupWaitMs = options.groupWaitMs ?? 250;
  const maxBatch = options.maxBatch ?? MAX_BATCH;
  const maxRetained = options.maxRetained ?? 5000;
  const auditNowTimeoutMs = options.auditNowTimeoutMs ?? 5000;
  const log = options.logger ?? consoleLogger;

  const retained: DbAuditEvent[] = [];
  const running = new Set<Promise<void>>();
  let open: OpenBatch | undefined;
  let writing: Promise<void> | undefined;
  const lanes = burstLanes<RequestEvent>({
    count: options.lanes ?? BURST_LANES,
    maxBatch,
    keyOf: callerOf,
    write: (events) => writeBatch(events),
    track: run,
  });

  function run(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((error) => log("error", "audit writer failed", describeError(error)))
      .finally(() => running.delete(tracked));
    running.add(tracked);
    waitUntilFn(options)?.(tracked);
  }

  function openBatch(): OpenBatch {
    const events: RequestEvent[] = [];
    let release!: (full: boolean) => void;
    const due = new Promise<boolean>((resolve) => release = resolve);
    // Due after batchDelayMs, or when the timed write in flight ends, whichever is later — but a write that
    // hangs (no statement timeout, no free connection) holds the batch at most groupWaitMs: then it goes
    // on its own, and to the spool if it fails, instead of gathering events held only in memory.
    const timer = setTimeout(() => {
      if (!writing) return batch.send(false);
      let waited: ReturnType<typeof setTimeout> | undefined;
      const cap = new Promise<void>((resolve) => waited = setTimeout(resolve, groupWaitMs));
      Promise.race([writing, cap]).then(() => {
        clearTimeout(waited);
        batch.send(false);
      });
    }, batchDelayMs);
    const batch: OpenBatch = {
      events,
      send(full) {
        clearTimeout(timer);
        if (open === batch) open = undefined; // later events start a new batch
        release(full);
      },
    };
    // A burst's batches go through the lanes, and so does any batch while they are busy (in order).
    run(due.then((full) => full || lanes.active ? lanes.push(events) : timedWrite(events)));
    return batch;
  }

  /** A batch closed by its timer or a flush; `writing` settles (never rejects) when it is done. */
  function timedWrite(events: readonly RequestEvent[]): Promise<void> {
    const work = writeBatch(events);
    const done: Promise<void> = work.then(() => {}, () => {}).finally(() => {
      if (writing === done) writing = undefined;
    });
    writing = done;
    return work;
  }

  async function writeBatch(events: readonly RequestEvent[]): Promise<void> {
    const fresh = await Promise.all(events.map((event) => toDbAuditEvent(event)));
    const rows = [...retained.splice(0), ...fresh]; // oldest first
    if (rows.length === 0) return;
    try {
      const { rejected } = await writeOnceMore(rows);
      if (rejected.length > 0) await deadLetter(rejected);
    } catch (error) {
      log("error", "audit write failed; spooling the batch to Redis", {
        count: rows.length,
        ...describeError(error),
      });
      await spoolOrRetain(rows);
    }
  }

  /** The batch, retried once at once if its connection was lost (writeSeparatingRejectsOnceMore). */
  function writeOnceMore(rows: readonly DbAuditEvent[]) {
    return writeSeparatingRejectsOnceMore(
      write,
      rows,
      (error) =>
        log("warn", "audit write lost its connection; retrying once", {
          count: rows.length,
          ...describeError(error),
        }),
    );
  }

  async function spoolOrRetain(rows: readonly DbAuditEvent[]): Promise<void> {
    try {
      await spool.push(rows);
    } catch (error) {
      const kept = Math.max(0, Math.min(rows.length, maxRetained - retained.length));
      retained.push(...rows.slice(0, kept));
      log("error", "AUDIT EVENTS AT RISK: Postgres and the Redis spool both failed; held in memory", {
        held: retained.length,
        dropped: rows.length - kept,
        ...redisErrorFields(error),
      });
    }
  }

  async function deadLetter(rejected: readonly RejectedAuditEvent[]): Promise<void> {
    const fields = {
      count: rejected.length,
      reasons: [...new Set(rejected.map((r) => r.reason))].slice(0, 5),
    };
    log("error", "audit events refused by the database; moved to the dead-letter list", fields);
    await spool.deadLetter(rejected).catch((error) =>
      log("error", "AUDIT EVENTS LOST: dead-letter list unavailable", {
        ...fields,
        ...redisErrorFields(error),
      })
    );
  }

  async function settle(): Promise<void> {
    while (running.size > 0) await Promise.all([...running]);
  }

  return {
    record(event) {
      if (event.action === "api.preflight" || event.auditedEarly) return;
      open ??= openBatch();
      open.events.push(event);
      if (open.events.length >= maxBatch) open.send(true);
    },

    async auditNow(ctx, extra = {}) {
      if (extra.metadata) ctx.addAuditMetadata(extra.metadata);
      if (extra.outcome) ctx.setOutcome(extra.outcome);
      try {
        await ctx.auditEarly(async (event) => {
          const row = await toDbAuditEvent(event, {
            dataClassification: extra.dataClassification ?? "CONFIDENTIAL",
          });
          await withinBudget(
            write([row]),
            auditNowTimeoutMs,
            () => new Error(`audit write timed out after ${auditNowTimeoutMs} ms`),
          );
        });
      } catch (error) {
        throw auditUnavailable(ctx.requestId, error, log);
      }
    },

    async flush() {
      open?.send(false);
      lanes.push([]); // a lane stopped by a failed chunk
      await settle();
      if (retained.length > 0) {
        run(writeBatch([]));
        await settle();
      }
    },

    get retained() {
      return retained.length;
    },
  };
}

function waitUntilFn(options: AuditWriterOptions): WaitUntil | undefined {
  return options.waitUntil ?? edgeWaitUntil();
}

let shared: AuditWriter | undefined;

/** The isolate's writer (database and Redis from the environment), created on first use. */
export function auditWriter(): AuditWriter {
  shared ??= createAuditWriter();
  return shared;
}

/**
 * Writes this request's audit event now, before the handler releases personal data; on failure throws
 * 503 AUDIT_UNAVAILABLE (so the data part must come after this call). The pipeline then writes no
 * second event for the request. Call it once authorisation and lookups have passed, right before the
 * data is returned: the row records the release as it stands now (a later failure is in the server
 * log, not in a second row).
 */
export function auditNow(ctx: AuditableContext, extra?: AuditNowExtra): Promise<void> {
  return auditWriter().auditNow(ctx, extra);
}
