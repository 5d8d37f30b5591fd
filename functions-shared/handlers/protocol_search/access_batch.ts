/**
 * The search's protocol_access rows, batched like the audit writer: a search only enqueues its row; rows
 * gathered for a few ms (or up to maxBatch) go to Postgres in one app.record_protocol_searches call, after
 * the response. While a write is in flight the next rows wait and go together when it ends (group commit),
 * so at most one write per isolate holds a pooled connection, instead of one transaction per search.
 *
 * - A lost connection is retried at once (a pooled connection that died while idle); a batch the database
 *   refuses (SQLSTATE class 22/23) is written row by row, so only the refused row is dropped, logged.
 * - Any other failure (Postgres down) keeps the rows in memory, bounded (oldest kept), and tries again after
 *   retryMs or on the next flush; a search never fails for it.
 * - The pending work (from the row that opens a batch on, and each retry while rows are held) is handed to
 *   EdgeRuntime.waitUntil, which keeps the isolate alive for it; when the runtime is about to end the
 *   isolate (`beforeunload`) everything queued or held is sent at once. Rows that attempt cannot write
 *   (Postgres down when the isolate ends) are lost, logged, and settle as not written; no retry is armed
 *   after it, so the isolate can end: analytics, not the audit trail, so there is no spool.
 * - Once nothing is held, a pending retry is cancelled and its waitUntil promise settled at once.
 */
import { edgeWaitUntil, isolateUnload, type OnUnload, type WaitUntil } from "../../core/runtime.ts";
import { consoleLogger, describeError, type Logger } from "../../core/log.ts";
import { writeSeparatingRejectsOnceMore } from "../../pipeline/audit/store.ts";
import {
  databaseProtocolSearchWriter,
  type ProtocolSearchRow,
  type WriteProtocolSearches,
} from "../../platform/protocol_use.ts";

export interface SearchAccessBatcherOptions {
  /** Default: app.record_protocol_searches on the isolate's pool. */
  readonly write?: WriteProtocolSearches;
  /** How long the first row of a batch waits for company (default 5 ms). */
  readonly batchDelayMs?: number;
  /** A batch is sent as soon as it holds this many rows (default 500; the function takes 1000). */
  readonly maxBatch?: number;
  /** Rows held in memory while Postgres fails (default 5000); newer ones are dropped, logged. */
  readonly maxRetained?: number;
  /** After a failed write, the next try (default 1000 ms). */
  readonly retryMs?: number;
  readonly waitUntil?: WaitUntil;
  /** Where the isolate's end is announced (the shared batcher: the runtime's beforeunload); none: not heard. */
  readonly onUnload?: OnUnload;
  readonly logger?: Logger;
}

export interface SearchAccessBatcher {
  /** Queues the row; settles true when written, false when that id was already there, undefined if dropped. */
  enqueue(row: ProtocolSearchRow): Promise<boolean | undefined>;
  /** The row's outcome, sending its batch now; undefined at once for an id this isolate is not writing. */
  settled(id: string): Promise<boolean | undefined>;
  /** Sends everything queued or held and resolves when this attempt is over. */
  flush(): Promise<void>;
  /** Rows held in memory after a failed write. */
  readonly retained: number;
  /** Calls made to the database writer (successful or not). */
  readonly calls: number;
}

interface Pending {
  readonly row: ProtocolSearchRow;
  readonly settle: (written: boolean | undefined) => void;
  readonly done: Promise<boolean | undefined>;
}

export function createSearchAccessBatcher(options: SearchAccessBatcherOptions = {}): SearchAccessBatcher {
  const write = options.write ?? databaseProtocolSearchWriter();
  const batchDelayMs = options.batchDelayMs ?? 5;
  const maxBatch = options.maxBatch ?? 500;
  const maxRetained = options.maxRetained ?? 5000;
  const retryMs = options.retryMs ?? 1000;
  const log = options.logger ?? consoleLogger;
  const waitUntil = options.waitUntil ?? edgeWaitUntil();

  const queue: Pending[] = []; // oldest first: held rows go back to the front
  const byId = new Map<string, Pending>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles the promise handed to waitUntil for the pending retry (when it is done or replaced). */
  let retrySettled: (() => void) | undefined;
  let pumping: Promise<void> | undefined;
  /** After a failed write, nothing is sent before this time (ms) but by flush() or settled(); 0: no wait. */
  let retryAt = 0;
  let calls = 0;
  /** The isolate is ending (its last attempt is under way or made): a failed write is final, no retry. */
  let unloading = false;

  function kick(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (!pumping) {
      pumping = pump().finally(() => pumping = undefined);
      waitUntil?.(pumping);
    }
    return pumping;
  }

  /** One write at a time; what arrived meanwhile goes in the next. Stops at a failure (rows held). */
  async function pump(): Promise<void> {
    while (queue.length > 0 && Date.now() >= retryAt) {
      const batch = queue.splice(0, maxBatch);
      const failed = await writeBatch(batch);
      if (failed.length > 0) {
        keep(failed);
        return;
      }
    }
    if (queue.length === 0) cancelRetry(); // nothing held: the isolate need not stay for a retry
  }

  /**
   * Writes a batch and settles its rows; answers the rows to try again later. A batch the database refuses
   * goes row by row (the audit store's writeSeparatingRejects), so only the refused rows are dropped; if the
   * database goes away meanwhile the whole batch is kept (a row already written then reads as already there).
   */
  async function writeBatch(batch: readonly Pending[]): Promise<Pending[]> {
    const written = new Set<string>();
    try {
      // a pooled connection that died while idle: once more at once, as the audit writer does
      const { rejected } = await writeSeparatingRejectsOnceMore(
        async (rows: readonly ProtocolSearchRow[]) => {
          calls++;
          const ids = await write(rows);
          for (const id of ids) written.add(id);
          return ids.size;
        },
        batch.map((p) => p.row),
      );
      const refused = new Map(rejected.map((r) => [r.event.id, r.reason]));
      for (const p of batch) {
        const reason = refused.get(p.row.id);
        if (reason !== undefined) drop(p, reason);
        else finish(p, written.has(p.row.id));
      }
      return [];
    } catch (error) {
      log("error", "protocol_access batch failed after the answers; held for a retry", {
        count: batch.length,
        ...describeError(error),
      });
      return [...batch];
    }
  }

  function drop(p: Pending, reason: string): void {
    log("error", "protocol_access row refused by the database; dropped", { id: p.row.id, reason });
    finish(p, undefined);
  }

  function finish(p: Pending, written: boolean | undefined): void {
    byId.delete(p.row.id);
    p.settle(written);
  }

  /** Clears the armed retry, if any, and settles the promise handed to waitUntil for it. */
  function cancelRetry(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const settle = retrySettled;
    retrySettled = undefined;
    settle?.();
  }

  /** Failed rows back to the front of the queue (bounded), and a retry later; once unloading, lost. */
  function keep(failed: Pending[]): void {
    if (unloading) {
      cancelRetry();
      log("error", "protocol_access rows lost: the isolate is ending and their last write failed", {
        count: failed.length,
      });
      for (const p of failed) finish(p, undefined);
      return;
    }
    const room = Math.max(0, maxRetained - queue.length);
    const kept = failed.slice(0, room);
    for (const p of failed.slice(room)) {
      log("error", "protocol_access row dropped: too many held while Postgres fails", { id: p.row.id });
      finish(p, undefined);
    }
    queue.unshift(...kept);
    retryAt = Date.now() + retryMs;
    cancelRetry();
    // the isolate stays for the retry too: held rows are not left to an idle isolate's end
    const retried = new Promise<void>((resolve) => retrySettled = resolve);
    waitUntil?.(retried);
    retryTimer = setTimeout(() => {
      retryAt = 0; // due again
      const settle = retrySettled;
      retrySettled = undefined;
      kick().finally(settle);
    }, retryMs);
  }

  /**
   * The isolate is ending: what is queued or held goes now (after a write in flight), once; what that
   * attempt cannot write is lost (keep), and no retry is left armed.
   */
  async function sendBeforeUnload(): Promise<void> {
    await pumping;
    unloading = true;
    cancelRetry(); // armed by a write that failed while this one waited
    retryAt = 0;
    await kick();
  }
  options.onUnload?.(() => {
    const sending = sendBeforeUnload();
    waitUntil?.(sending);
  });

  return {
    enqueue(row) {
      let settle!: (written: boolean | undefined) => void;
      const done = new Promise<boolean | undefined>((resolve) => settle = resolve);
      const pending = { row, settle, done };
      byId.set(row.id, pending);
      queue.push(pending);
      if (queue.length >= maxBatch) kick();
      else if (!timer) {
        timer = setTimeout(kick, batchDelayMs);
        waitUntil?.(done); // the isolate stays for the batch this row opens, not only once it is sent
      }
      return done;
    },
    async settled(id) {
      const pending = byId.get(id);
      if (!pending) return undefined;
      retryAt = 0; // held after a failure: try once more now
      await kick();
      if (byId.has(id)) await kick(); // it arrived while a write was in flight: the next one
      return byId.has(id) ? undefined : await pending.done;
    },
    async flush() {
      retryAt = 0;
      await kick();
    },
    get retained() {
      return retryAt > 0 ? queue.length : 0;
    },
    get calls() {
      return calls;
    },
  };
}

let shared: SearchAccessBatcher | undefined;

/** The isolate's batcher, created on first use. */
export function searchAccessBatcher(): SearchAccessBatcher {
  shared ??= createSearchAccessBatcher({ onUnload: isolateUnload() });
  return shared;
}
