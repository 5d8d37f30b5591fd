/**
 * A transaction on a reserved postgres.js connection that survives the connection closing under it
 * (a Postgres restart, pg_terminate_backend, a reset): the base of db.ts's pipelined transactions.
 *
 * postgres.js 3.4.9 (porsager/postgres#1208) mishandles two things after a reserved connection closes:
 * a statement written to it goes to a null socket from a setImmediate, which throws outside any promise
 * (an isolate dies of it), never settles, and leaves the connection's write timer set, so it cannot
 * reconnect (CONNECT_TIMEOUT, again and again); statements it holds back behind one awaiting its Describe
 * never settle; and `release()` hands the closed connection back to the pool as open, so the next
 * caller's statement does the same. Here every statement is refused once the connection has closed (or
 * said it is gone), the held-back ones are rejected, and such a connection is never released:
 * postgres.js's own close handling has put it back among the closed ones, which it reconnects on demand.
 *
 * The close is learnt the way postgres.js's own `begin` learns it (the BEGIN's `onexecute` hands over
 * the connection, whose `onclose` is called once when it closes); tests/integration/reserved_tx.test.ts
 * pins that behaviour, so an upgrade that changes it fails there.
 */
import type postgres from "postgres";

/** Internals of postgres.js 3.4.9 used here (src/index.js reserve/begin, src/query.js). */
interface PoolConnection {
  onclose: ((error: unknown) => void) | null;
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
  /** Ends the reservation: the connection goes back to the pool unless it is gone. */
  release(): void;
}

/** Reserves a connection of `sql` and sends BEGIN (with `mode`, e.g. "read only") on it, not awaited. */
export async function reserveTx(sql: postgres.Sql, mode = ""): Promise<ReservedTx> {
  const conn = await reserve(sql);
  let connection: PoolConnection | undefined;
  let closed = false;
  let lost = false;
  let released = false;
  const lostError = () =>
    Object.assign(new Error("write CONNECTION_CLOSED: the transaction's connection was lost"), {
      code: "CONNECTION_CLOSED",
    });
  const statements = guarded(conn, {
    refusal: () =>
      closed || lost
        ? lostError()
        : released
        ? new Error("statement after the transaction ended: its connection is no longer this caller's")
        : undefined,
    failed: (error) => void (connectionLost(error) && (lost = true)),
  });
  // postgres.js rejects what it has written when the connection closes, but not the statements a
  // reserved connection holds back behind one that waits for its Describe: those are rejected here.
  const onClose = () => {
    closed = true;
    for (const statement of statements.unsettled) statement.reject(lostError());
  };
  const options = {
    // Called as BEGIN is written; true: keep writing (pipelining) behind it, as any statement would.
    onexecute: (c: PoolConnection) => (connection = c, c.onclose = onClose, true),
  };
  const begun = statements.tx
    .unsafe(`begin ${mode.replace(/[^a-z ]/gi, "")}`, [], options as postgres.UnsafeQueryOptions)
    .execute();
  return {
    tx: statements.tx,
    begun,
    gone: () => closed || lost,
    release() {
      if (released) return;
      released = true;
      if (connection?.onclose === onClose) connection.onclose = null;
      if (!closed && !lost) conn.release();
    },
  };
}

/** Per pool: how to ask again for each reservation still waiting for a connection. */
const waiting = new WeakMap<postgres.Sql, Set<() => void>>();

/**
 * When one of a pool's connections closes, postgres.js 3.4.9 reconnects it for the first request waiting
 * in line (src/index.js onclose); if that request is a reservation, the connection's type fetch forgets it
 * (src/connection.js ReadyForQuery nulls `initial`) and it is never served. Every waiting reservation asks
 * again then (see poolConnectionClosed); the first answer wins, a later one goes straight back to the pool.
 */
function reserve(sql: postgres.Sql): Promise<postgres.ReservedSql> {
  const waiters = waiting.get(sql) ?? new Set();
  waiting.set(sql, waiters);
  return new Promise((resolve, reject) => {
    let settled = false;
    const ask = () =>
      sql.reserve().then(
        (conn) => settled ? conn.release() : (settled = true, waiters.delete(ask), resolve(conn)),
        (error) => settled || (settled = true, waiters.delete(ask), reject(error)),
      );
    waiters.add(ask);
    ask();
  });
}

/**
 * To be called from the pool's `onclose` option: asks again for every reservation of `sql` still waiting,
 * after postgres.js has finished handling the close (it reconnects the closed connection synchronously).
 */
export function poolConnectionClosed(sql: postgres.Sql): void {
  const waiters = waiting.get(sql);
  if (waiters?.size) queueMicrotask(() => [...waiters].forEach((ask) => ask()));
}

/**
 * `conn` whose statements are refused with `refusal()` when it says so, checked as each one is about to
 * be written (postgres.js writes a statement a microtask after it is awaited or executed), and the
 * statements handed to it that have not settled yet.
 */
function guarded(
  conn: postgres.ReservedSql,
  on: { refusal: () => Error | undefined; failed: (error: unknown) => void },
) {
  const unsettled = new Set<PendingStatement>();
  const guard = <Q>(query: Q): Q => {
    const statement = query as unknown as PendingStatement;
    if (!(query instanceof Promise) || typeof statement.handler !== "function") return query; // a fragment's piece
    const { handler: write, resolve, reject } = statement;
    statement.handler = (q) => {
      const refused = on.refusal();
      if (refused) return q.reject(refused);
      unsettled.add(q);
      return write(q);
    };
    // Wrapped, not .then()/.catch(): those would send the statement (a fragment is never sent).
    statement.resolve = (value) => (unsettled.delete(statement), resolve(value));
    statement.reject = (error) => (unsettled.delete(statement), on.failed(error), reject(error));
    return query;
  };
  const tx = new Proxy(conn, {
    apply: (target, self, args) => guard(Reflect.apply(target, self, args)),
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      return key === "unsafe" || key === "file"
        ? (...args: unknown[]) => guard((value as (...a: unknown[]) => unknown)(...args))
        : value;
    },
  }) as unknown as postgres.TransactionSql;
  return { tx, unsettled };
}
