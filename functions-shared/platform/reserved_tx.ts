/**
 * A transaction on a connection of a postgres.js pool that survives the connection closing under it
 * (a Postgres restart, pg_terminate_backend, a reset): the base of db.ts's transactions.
 *
 * The connection is taken the way postgres.js's own `begin` takes it: BEGIN goes through the pool like any
 * query, and the connection it is written to is kept (`onexecute`; its `reserved` callback feeds it this
 * transaction's statements; postgres.js hands it back to the pool once the server says the transaction
 * is over). Not `sql.reserve()`: postgres.js 3.4.9 keeps a waiting reservation in its queue while it
 * also connects a closed connection for it, and when that connection answers it with the FATAL its
 * terminated backend left behind (a close does not clear it), the refused reservation is later handed
 * a connection that is then lost to the pool for good; a reservation that reconnects a connection is also
 * forgotten by its type fetch. A BEGIN refused that way has run nothing, so it is sent again.
 *
 * Not `sql.begin()` either (porsager/postgres#1208): after the connection closes it writes the next
 * statement to it — to a null socket from a setImmediate (an error outside every promise ends an
 * isolate), or into the startup of the connection it has become for another caller — and never settles
 * the statements it held back. Here every statement is refused once the connection has closed (or said
 * it is gone) and the held-back ones are rejected, as are those still held when an answer ends the
 * transaction (a statement queued behind COMMIT). A statement rejected while the transaction lasts (the
 * server refused it, or the connection is gone) is never an unhandled rejection, whenever the answer comes:
 * its caller may not have awaited it yet (as postgres.js's begin catches every statement), and failure()
 * reports it to the transaction; tests/integration/reserved_tx.test.ts pins the
 * postgres.js behaviour this relies on, so an upgrade that changes it fails there.
 */
import type postgres from "postgres";

/** Internals of postgres.js 3.4.9 used here (src/connection.js; src/index.js begin, onclose). */
interface PoolConnection {
  /** Called once when the connection closes; postgres.js's `begin` uses it the same way. */
  onclose: ((error: unknown) => void) | null;
  /** Set: the connection is this transaction's, and is called when it can take the next statement. */
  reserved: (() => void) | null;
  /** Writes a statement; false when the next one must wait for `reserved` (e.g. behind a Describe). */
  execute(statement: PendingStatement): boolean;
}
interface PendingStatement {
  handler: (query: PendingStatement) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const CONNECTION_LOST = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown: the server closes the connection right after
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "ECONNRESET",
  "EPIPE",
]);

/** The error says the connection is gone (closed, reset, the server shut down), not that the query failed. */
export function connectionLost(error: unknown): boolean {
  return CONNECTION_LOST.has(String((error as { code?: unknown } | null)?.code));
}

export interface ReservedTx {
  /** The transaction's query interface; refuses statements once the connection is gone or released. */
  readonly tx: postgres.TransactionSql;
  /** BEGIN's answer. */
  readonly begun: Promise<unknown>;
  /** The connection closed (or a statement said it is gone): nothing to roll back, nothing to write. */
  gone(): boolean;
  /** The first error of a statement made through `tx`, if one failed: the transaction is aborted. */
  failure(): unknown;
  /**
   * Ends the reservation: the connection goes back to the pool unless it is gone. Settles (never rejects)
   * once the ROLLBACK it sends for a transaction left open has its answer: runners need not wait for it.
   */
  release(): Promise<void>;
}

/** How often a BEGIN refused with a lost connection's error, before it was written, is sent again. */
const BEGIN_ATTEMPTS = 3;

/** Sends BEGIN (with `mode`, e.g. "read only") through the pool and keeps its connection; BEGIN not awaited. */
export async function reserveTx(sql: postgres.Sql, mode = ""): Promise<ReservedTx> {
  let connection: PoolConnection | undefined;
  let closed = false;
  let lost = false;
  let released = false;
  let failure: unknown;
  // Statements waiting for the connection (behind one that awaits its Describe), as in postgres.js's begin.
  const held: PendingStatement[] = [];
  let holding = false;
  const next = () => held.length ? void connection!.execute(held.shift()!) : void (holding = false);
  const lostError = () =>
    Object.assign(new Error("write CONNECTION_CLOSED: the transaction's connection was lost"), {
      code: "CONNECTION_CLOSED",
    });
  // release()'s own ROLLBACK: checked a microtask after release() set `released`, it is let through.
  let releasing: PendingStatement | undefined;
  const statements = guarded(sql, {
    refusal: (statement) => {
      if (closed || lost) return lostError();
      // Over: postgres.js hands the connection back once the server says the transaction has ended.
      if ((released && statement !== releasing) || connection?.reserved !== next) {
        return new Error("statement after the transaction ended: its connection is no longer this caller's");
      }
    },
    write: (statement) => holding ? held.push(statement) : connection!.execute(statement) || (holding = true),
    failed: (error) => {
      failure ??= error;
      if (connectionLost(error)) lost = true;
    },
    settled: () => {
      // postgres.js hands the connection back when a statement's answer says the transaction ended
      // (COMMIT, ROLLBACK), after settling it and without asking `next` again: what is still held here
      // would wait for a connection that is no longer this transaction's. Checked once that answer's
      // handling is done, a microtask later.
      if (held.length > 0) queueMicrotask(rejectStranded);
    },
  });
  function rejectStranded(): void {
    if (held.length === 0 || !connection || connection.reserved === next) return;
    for (const statement of held.splice(0)) {
      statement.reject(new Error("statement held behind the one that ended the transaction: never sent"));
    }
    holding = false;
  }
  // postgres.js rejects what it has written when the connection closes, not what waits here.
  const onClose = () => {
    closed = true;
    held.length = 0;
    for (const statement of statements.unsettled) statement.reject(lostError());
  };
  const { begun } = await beginOn(sql, mode, (c) => {
    connection = c;
    c.reserved = next;
    c.onclose = onClose;
  });
  return {
    tx: statements.tx,
    begun,
    gone: () => closed || lost,
    failure: () => failure,
    release() {
      if (released) return Promise.resolve();
      let rolledBack = Promise.resolve();
      // Still in a transaction (the caller ended neither way): rolled back, then postgres.js gives it back.
      if (!closed && !lost && connection?.reserved === next) {
        const rollback = statements.tx`rollback`;
        releasing = rollback as unknown as PendingStatement;
        rolledBack = rollback.execute().then(() => {}, () => {});
      }
      released = true;
      if (connection?.onclose === onClose) connection.onclose = null;
      return rolledBack;
    },
  };
}

/**
 * BEGIN through the pool; `take` is given its connection as BEGIN is written to it (before any statement
 * behind it), and the answer is BEGIN's, not awaited. A BEGIN refused before it was written (the stale
 * FATAL of a reconnected connection, see the top) is sent again.
 */
async function beginOn(
  sql: postgres.Sql,
  mode: string,
  take: (connection: PoolConnection) => void,
): Promise<{ begun: Promise<unknown> }> {
  for (let attempt = 1;; attempt++) {
    try {
      // In an object: a promise resolved with BEGIN's own would wait for its answer.
      return await new Promise<{ begun: Promise<unknown> }>((resolve, reject) => {
        let written = false;
        const onexecute = (c: PoolConnection) => {
          written = true;
          take(c);
          resolve({ begun });
          return false; // the pool puts it among the full ones: no other caller's query is sent to it
        };
        const begun: Promise<unknown> = sql
          .unsafe(`begin ${mode.replace(/[^a-z ]/gi, "")}`, [], { onexecute } as postgres.UnsafeQueryOptions)
          .execute();
        // Promise's own then, not the query's (which would send it again).
        Promise.prototype.then.call(begun, undefined, (error) => written || reject(error));
      });
    } catch (error) {
      if (!connectionLost(error) || attempt >= BEGIN_ATTEMPTS) throw error;
    }
  }
}

/**
 * The pool's query interface with this transaction's statements routed to `write` instead of the pool,
 * refused with `refusal(statement)` when it says so, checked as each one is about to be written (postgres.js
 * writes a statement a microtask after it is awaited or executed), and the statements handed to it that
 * have not settled yet. The pool's own methods (begin, reserve, end, listen…) are not the transaction's.
 */
function guarded(
  sql: postgres.Sql,
  on: {
    refusal: (statement: PendingStatement) => Error | undefined;
    write: (statement: PendingStatement) => unknown;
    failed: (error: unknown) => void;
    /** After a written statement settled, either way. */
    settled: () => void;
  },
) {
  const unsettled = new Set<PendingStatement>();
  const guard = <Q>(query: Q): Q => {
    const statement = query as unknown as PendingStatement;
    if (!(query instanceof Promise) || typeof statement.handler !== "function") return query; // a fragment's piece
    const { resolve, reject } = statement;
    statement.handler = (q) => {
      const refused = on.refusal(q);
      // A statement made after the transaction ended is its caller's mistake and no runner asks failure()
      // any more: rejected as postgres.js would, left loud if nobody awaits it.
      if (refused) return connectionLost(refused) ? q.reject(refused) : reject(refused);
      unsettled.add(q);
      return on.write(q);
    };
    // Wrapped, not .then()/.catch(): those would send the statement (a fragment is never sent).
    statement.resolve = (value) => (unsettled.delete(statement), resolve(value), on.settled());
    statement.reject = (error) => {
      unsettled.delete(statement);
      on.failed(error);
      // The server or the close, not the caller, decides when this comes: a caller that has not handled the
      // statement yet (it awaits another, which then throws, or something else) would leave an unhandled
      // rejection, which ends an isolate. Marked handled (Promise's own then: the statement's would send
      // it), it still rejects to whoever awaits it, and `failure()` reports it to the transaction, whose
      // runners (db.ts) check it before they report success.
      Promise.prototype.then.call(statement, undefined, () => {});
      reject(error);
      on.settled();
    };
    return query;
  };
  const tx = new Proxy(sql, {
    apply: (target, self, args) => guard(Reflect.apply(target, self, args)),
    get(target, key, receiver) {
      if (typeof key === "string" && POOL_ONLY.has(key)) {
        return () => {
          throw new Error(`${key}() is the pool's, not a transaction's`);
        };
      }
      const value = Reflect.get(target, key, receiver);
      return key === "unsafe" || key === "file"
        ? (...args: unknown[]) => guard((value as (...a: unknown[]) => unknown)(...args))
        : value;
    },
  }) as unknown as postgres.TransactionSql;
  return { tx, unsettled };
}

const POOL_ONLY = new Set([
  "begin",
  "reserve",
  "end",
  "close",
  "listen",
  "notify",
  "subscribe",
  "largeObject",
]);
