/**
 * platform/reserved_tx.ts against a real Postgres: a transaction's connection terminated under it
 * (pg_terminate_backend) refuses further statements instead of writing them to a closed socket,
 * rejects the statements it held back, and is not handed back to the pool as open — with a pool of one
 * connection, the next query succeeds only if all three hold (postgres.js 3.4.9 would otherwise throw
 * outside any promise, which fails the test run, or leave the query unanswered).
 */
import assert from "node:assert/strict";
import net from "node:net";
import { Duplex } from "node:stream";
import postgres from "postgres";
import {
  asUser,
  createSql,
  RECONNECT_DELAY_MAX_SECONDS,
  type Sql,
} from "../../functions-shared/platform/db.ts";
import { connectionLost, type ReservedTx, reserveTx } from "../../functions-shared/platform/reserved_tx.ts";

const DB_URL = Deno.env.get("SUPABASE_DB_URL");
if (!DB_URL) throw new Error("SUPABASE_DB_URL is not set (run through `deno task test`)");
const options = { sanitizeOps: false, sanitizeResources: false };

/** Settles as `work` does; a regression that leaves it unanswered fails here instead of hanging the run. */
async function answered<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in 30 s`)), 30_000);
  });
  try {
    return await Promise.race([work, never]);
  } finally {
    clearTimeout(timer);
  }
}

async function terminate(admin: Sql, pid: number): Promise<void> {
  const [row] = await admin<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok`;
  assert.equal(row.ok, true);
}

/** A turn of the event loop: Deno reports a rejection nothing handled once the task that rejected it ended. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The rejections nothing handled while `work` ran (Deno's unhandledrejection event), recorded instead of
 * failing the run: the test says which one it was. In the edge runtime such a rejection ends the isolate.
 */
async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
  const reasons: unknown[] = [];
  const record = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    reasons.push(event.reason);
  };
  globalThis.addEventListener("unhandledrejection", record);
  try {
    await work();
    await nextTask();
  } finally {
    globalThis.removeEventListener("unhandledrejection", record);
  }
  return reasons;
}

/** Polls (bounded) until the reservation has seen its connection close. */
async function untilGone(gone: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !gone(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(gone(), "the connection's close was never seen");
}

/**
 * A pool of one connection with a transaction reserved on it (its backend's pid read), and an admin pool to
 * terminate that backend; both pools are ended whatever `work` does.
 */
async function withReservedPool(
  work: (pool: { sql: Sql; admin: Sql; reserved: ReservedTx; pid: number }) => Promise<void>,
): Promise<void> {
  const sql = createSql({ url: DB_URL, max: 1 });
  const admin = createSql({ url: DB_URL, max: 1 });
  try {
    const reserved = await reserveTx(sql);
    const [, [{ pid }]] = await Promise.all([reserved.begun, reserved.tx`select pg_backend_pid() as pid`]);
    await work({ sql, admin, reserved, pid });
  } finally {
    await admin.end();
    await sql.end({ timeout: 1 });
  }
}

Deno.test({
  name: "reserveTx: after its connection is terminated, a statement is refused and the pool serves again",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ sql, admin, reserved, pid }) => {
      assert.equal(reserved.gone(), false);
      await terminate(admin, pid); // idle in transaction: nothing of ours is in flight
      await untilGone(reserved.gone);
      await assert.rejects(
        answered(reserved.tx`select ${1}::int as one`.execute(), "statement after the close"),
        (error: unknown) => connectionLost(error),
      );
      reserved.release();
      // The pool's only connection: a closed one handed back as open would take this query and never answer.
      const [row] = await answered(sql`select ${2}::int as two, pg_backend_pid() as pid`, "the next query");
      assert.equal(row.two, 2);
      assert.notEqual(row.pid, pid);
    });
  },
});

Deno.test({
  name:
    "reserveTx: a statement the server refuses while its caller awaits another is no unhandled rejection; failure() reports it",
  ...options,
  fn: async () => {
    let dividing: Promise<unknown> | undefined;
    let behind: unknown;
    let failed: unknown;
    const unhandled = await unhandledDuring(() =>
      withReservedPool(async ({ reserved }) => {
        // Issued, not awaited: the caller awaits the statement behind it, which the aborted transaction
        // refuses (25P02) and which it catches, as a read that gives up on its first failure does.
        dividing = reserved.tx`select 1 / ${0}::int`.execute();
        behind = await answered(
          reserved.tx`select ${1}::int`.execute().catch((error) => error),
          "the next one",
        );
        failed = reserved.failure();
        await nextTask();
        reserved.release();
      })
    );
    assert.deepEqual(unhandled, [], "a rejection nothing handled");
    assert.equal((behind as { code?: string }).code, "25P02");
    assert.equal(
      (failed as { code?: string }).code,
      "22012",
      "failure() names the statement that aborted it",
    );
    await assert.rejects(
      answered(dividing!, "the refused statement"),
      (error: { code?: string }) => error.code === "22012",
    );
  },
});

Deno.test({
  name: "reserveTx: statements held back behind one in flight are rejected when the connection closes",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ admin, reserved, pid }) => {
      // A parameter makes postgres.js wait for its Describe; the statement behind it waits in the reservation.
      const sleeping = reserved.tx`select pg_sleep(${60})`.execute();
      const behind = reserved.tx`select ${3}::int as three`.execute();
      sleeping.catch(() => {});
      behind.catch(() => {});
      await untilRunning(admin, pid, "pg_sleep"); // else nothing is held back behind it yet
      await terminate(admin, pid);
      const settled = await answered(Promise.allSettled([sleeping, behind]), "the held-back statement");
      for (const outcome of settled) {
        assert.equal(outcome.status, "rejected");
        assert.ok(connectionLost((outcome as PromiseRejectedResult).reason));
      }
      assert.equal(reserved.gone(), true);
      reserved.release();
    });
  },
});

Deno.test({
  name:
    "reserveTx: a statement in flight and not yet awaited when the connection closes is no unhandled rejection",
  ...options,
  fn: async () => {
    let sleeping: Promise<unknown> | undefined;
    const unhandled = await unhandledDuring(() =>
      withReservedPool(async ({ admin, reserved, pid }) => {
        // Sent, and no handler until the close has been seen (a handler awaiting something else meanwhile):
        // postgres.js rejects it with its own CONNECTION_CLOSED (or ECONNRESET) from the socket's close.
        sleeping = reserved.tx`select pg_sleep(60)`.execute();
        await untilRunning(admin, pid, "pg_sleep");
        await terminate(admin, pid);
        await untilGone(reserved.gone);
        await nextTask();
        reserved.release();
      })
    );
    assert.deepEqual(unhandled, [], "a rejection nothing handled");
    // Still rejected to its caller, with an error that says the connection is gone.
    await assert.rejects(
      answered(sleeping!, "the statement in flight"),
      (error: unknown) => connectionLost(error),
    );
  },
});

/**
 * A socket to the test Postgres (postgres.js's `socket` option) that hides the server's close from
 * postgres.js: `serverClosed` settles when the TCP connection has closed, and postgres.js learns of it only
 * from its next write, which fails. The window a busy event loop may leave between a close and its event,
 * held open so that a test writes into it every time.
 */
function closeHidingSocket(): { open: () => Promise<Duplex>; serverClosed: Promise<void> } {
  const url = new URL(DB_URL!);
  let closed!: () => void;
  const serverClosed = new Promise<void>((resolve) => (closed = resolve));
  const open = async () => {
    const tcp = net.connect(Number(url.port || 5432), url.hostname);
    await new Promise<void>((resolve, reject) => tcp.once("connect", resolve).once("error", reject));
    const socket = new Duplex({
      read() {},
      // A failed write destroys this socket with the write's error: postgres.js's 'error', then 'close'.
      write: (chunk, _encoding, callback) => void tcp.write(chunk, callback),
      final: (callback) => (tcp.end(), callback()),
      destroy: (error, callback) => (tcp.destroy(), callback(error)),
    });
    Object.defineProperty(socket, "readyState", { get: () => tcp.readyState });
    tcp.on("data", (data: Uint8Array) => socket.push(data));
    tcp.on("error", () => {}); // a reset, if the kernel reports one: hidden too, the next write fails
    tcp.on("close", () => closed());
    return socket;
  };
  return { open, serverClosed };
}

Deno.test({
  name:
    "reserveTx: a statement written after the server closed the connection, before its close event, is refused and handled",
  ...options,
  fn: async () => {
    const { open, serverClosed } = closeHidingSocket();
    const sql = postgres(DB_URL!, {
      max: 1,
      fetch_types: false,
      onnotice: () => {},
      socket: open,
    } as postgres.Options<Record<string, postgres.PostgresType>>);
    const admin = createSql({ url: DB_URL, max: 1 });
    let late: Promise<unknown> | undefined;
    try {
      const unhandled = await unhandledDuring(async () => {
        const reserved = await reserveTx(sql);
        const [, [{ pid }]] = await Promise.all([
          reserved.begun,
          reserved.tx`select pg_backend_pid() as pid`,
        ]);
        await terminate(admin, pid); // idle in transaction: its FATAL rejects nothing of ours
        await serverClosed;
        // Nothing has told the reservation: this is written, and rejected by the write's error (EPIPE)
        // before any close is seen. No handler yet, as a busy handler's may have none.
        assert.equal(reserved.gone(), false);
        late = reserved.tx`select 1 as one`.execute();
        await untilGone(reserved.gone);
        await nextTask();
        reserved.release();
      });
      assert.deepEqual(unhandled, [], "a rejection nothing handled");
      await assert.rejects(
        answered(late!, "the statement written late"),
        (error: unknown) => connectionLost(error),
      );
    } finally {
      await admin.end();
      await sql.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name: "reserveTx: a statement after release is refused (the connection is another caller's by then)",
  ...options,
  fn: async () => {
    const sql = createSql({ url: DB_URL, max: 1 });
    try {
      const reserved = await reserveTx(sql);
      await Promise.all([reserved.begun, reserved.tx`commit`]);
      reserved.release();
      await assert.rejects(reserved.tx`select 1`.execute(), /after the transaction ended/);
      // Its caller's mistake, which no runner would report (they ask failure() only while the transaction
      // lasts): left loud, not marked handled like a statement the server refused inside the transaction.
      const unhandled = await unhandledDuring(() => Promise.resolve(void reserved.tx`select 1`.execute()));
      assert.match(String(unhandled[0]), /after the transaction ended/);
      const [row] = await answered(sql`select ${4}::int as four`, "the next query");
      assert.equal(row.four, 4);
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name: "reserveTx: release() rolls back a transaction its caller left open and the pool serves again",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ sql, admin, reserved, pid }) => {
      await reserved.tx`create temp table left_open (x int)`; // undone only if ROLLBACK reaches the server
      const releasing = reserved.release();
      // Made while release's ROLLBACK waits to be written: still refused, as every statement after release.
      const after = reserved.tx`select 1`.execute();
      await assert.rejects(after, /after the transaction ended/);
      // Settles with the ROLLBACK's answer (before the fix, at once with its refusal): no wait for the pool.
      await releasing;
      // The server sets the state before it sends the answer: read after it, it is the state the answer left.
      const [row] = await admin`select state from pg_stat_activity where pid = ${pid}`;
      assert.equal(row.state, "idle", "the backend was left in the transaction");
      // postgres.js hands the connection back to the pool in the handler that settles the ROLLBACK.
      const [next] = await answered(
        sql`select pg_backend_pid() as pid, to_regclass('pg_temp.left_open') is null as undone`,
        "the next query",
      );
      assert.equal(next.pid, pid, "the pool's one connection");
      assert.equal(next.undone, true);
    });
  },
});

Deno.test({
  name: "reserveTx: a statement held behind the one that ends the transaction is rejected, not left waiting",
  ...options,
  fn: async () => {
    const sql = createSql({ url: DB_URL, max: 1 });
    try {
      const reserved = await reserveTx(sql);
      await reserved.begun;
      // A parameter makes postgres.js wait for its Describe: COMMIT and the statement after it are held here.
      const first = reserved.tx`select ${1}::int as one`.execute();
      const commit = reserved.tx`commit`.execute();
      const stranded = reserved.tx`select ${2}::int as two`.execute();
      let outcome = "pending";
      stranded.then(() => outcome = "resolved", (error: Error) => outcome = `rejected: ${error.message}`);
      await Promise.all([first, commit]);
      // The pool's one connection answers this only after the transaction's answers: by then the statement
      // behind COMMIT has settled (before the fix it waited until the connection closed).
      const [row] = await answered(sql`select ${5}::int as five`, "the next query");
      assert.equal(row.five, 5);
      assert.match(outcome, /^rejected: statement held behind the one that ended the transaction/);
      assert.match(String(reserved.failure()), /never sent/);
      reserved.release();
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name: "reserveTx: a transaction waiting for the pool when the reserved connection is terminated is served",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ sql, admin, reserved: first, pid }) => {
      // The pool's only connection is reserved: the next transaction's BEGIN and a query behind it wait in
      // line. (A `sql.reserve()` waiting there was forgotten when the connection reconnected for it.)
      const waiting = reserveTx(sql);
      const behind = sql`select ${4}::int as four`.execute();
      await terminate(admin, pid);
      await untilGone(first.gone);
      first.release();
      const next = await answered(waiting, "the transaction waiting in line");
      const [, [row]] = await answered(
        Promise.all([next.begun, next.tx`select ${3}::int as three`]),
        "its read",
      );
      assert.equal(row.three, 3);
      await next.tx`commit`;
      next.release();
      const [after] = await answered(behind, "the query queued behind it");
      assert.equal(after.four, 4);
    });
  },
});

/**
 * The delays postgres.js asks for before reconnecting a closed connection while `work` runs: it schedules
 * its `connect` with setTimeout (src/connection.js reconnect), so the wait it chose is read, not timed.
 */
async function reconnectWaits(work: () => Promise<void>): Promise<number[]> {
  const waits: number[] = [];
  const original = globalThis.setTimeout;
  const recording = (handler: unknown, ms?: number, ...args: unknown[]) => {
    if (typeof handler === "function" && handler.name === "connect") waits.push(ms ?? 0);
    return Reflect.apply(original, globalThis, [handler, ms, ...args]);
  };
  globalThis.setTimeout = recording as typeof setTimeout;
  try {
    await work();
  } finally {
    globalThis.setTimeout = original;
  }
  return waits;
}

Deno.test({
  name: "createSql: after many connection resets, a terminated connection reconnects within the bound",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ sql, admin, reserved, pid }) => {
      // The pool-wide count of closes with a socket error, as the fault test's pool had it when every
      // connection sat out postgres.js's 10–20 s backoff (audit_query_connection_lost.test.ts). Set, not
      // produced: which close sees ECONNRESET depends on the kernel's timing, which a test cannot choose.
      (sql.options as unknown as { shared: { retries: number } }).shared.retries = 10;
      await admin`select 1`; // connected now: the only reconnect recorded below is the pool's
      const waits = await reconnectWaits(async () => {
        await terminate(admin, pid);
        await untilGone(reserved.gone);
        reserved.release();
        const [row] = await answered(sql`select ${5}::int as five`, "the query after the close");
        assert.equal(row.five, 5);
      });
      assert.equal(waits.length, 1, `one reconnect, waits asked for: ${waits}`);
      assert.ok(
        waits[0] <= RECONNECT_DELAY_MAX_SECONDS * 1000,
        `reconnect waited ${Math.round(waits[0])} ms, more than ${RECONNECT_DELAY_MAX_SECONDS} s`,
      );
    });
  },
});

/** Until `pid` runs a statement containing `text` (bounded polling of pg_stat_activity, no clock). */
async function untilRunning(admin: Sql, pid: number, text: string): Promise<void> {
  for (let i = 0; i < 4800; i++) { // a bound on a hang (about 2 min), not a budget
    const [row] = await admin`select state, query from pg_stat_activity where pid = ${pid}`;
    if (row?.state === "active" && String(row.query).includes(text)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`backend ${pid} never ran ${text}`);
}

/**
 * Settles once a connection of `sql` has closed and postgres.js has rejected what it had written to it: its
 * `onclose` option, which it calls after doing so (src/index.js onclose), wrapped for one close.
 */
function nextClose(sql: Sql): Promise<void> {
  const pool = sql.options as unknown as { onclose?: (id: number) => void };
  const original = pool.onclose;
  return new Promise((resolve) => {
    pool.onclose = (id) => {
      pool.onclose = original;
      original?.(id);
      resolve();
    };
  });
}

const SERVICE = { role: "service_role" } as const;

Deno.test({
  name:
    "asUser: a statement its work issues after the connection closed is refused, and the pool serves again",
  ...options,
  fn: async () => {
    const sql = createSql({ url: DB_URL, max: 1 });
    const admin = createSql({ url: DB_URL, max: 1 });
    try {
      const unhandled = await unhandledDuring(async () => {
        const outcome = asUser(SERVICE, async (tx) => {
          const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
          const sleeping = tx.unsafe("select pg_sleep(60)").execute();
          await untilRunning(admin, pid, "pg_sleep");
          const closed = nextClose(sql);
          await terminate(admin, pid);
          // The order that once failed a loaded full run, taken every time: postgres.js rejects the statement
          // in flight with its own CONNECTION_CLOSED (or ECONNRESET) at the close, before the work handles it.
          await closed;
          await nextTask();
          // Handled late, as a handler's might be (it awaited something else); then it goes on (a fallback).
          await sleeping.catch(() => {});
          // postgres.js's begin() wrote this to the closed connection: an error outside every promise.
          return await tx`select ${6}::int as six`;
        }, { sql });
        await assert.rejects(answered(outcome, "the transaction"), (error: unknown) => connectionLost(error));
      });
      assert.deepEqual(unhandled, [], "a rejection nothing handled");
      // A transaction: the connection reconnects for it still holding the killed backend's FATAL, which
      // postgres.js answers its first request with (a refused BEGIN is sent again, reserved_tx.ts).
      const [row] = await answered(
        asUser(SERVICE, (tx) => tx`select ${7}::int as seven`, { sql }),
        "the next one",
      );
      assert.equal(row.seven, 7);
    } finally {
      await admin.end();
      await sql.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name: "asUser: a statement that failed fails the transaction even when the work caught it",
  ...options,
  fn: async () => {
    const sql = createSql({ url: DB_URL, max: 1 });
    try {
      await assert.rejects(
        asUser(SERVICE, async (tx) => {
          await tx`create temporary table reserved_tx_scratch (n int)`;
          await tx`select 1 / ${0}::int`.catch(() => "handled");
          return "done";
        }, { sql }),
        (error: unknown) => (error as { code?: string }).code === "22012", // division_by_zero
      );
      await assert.rejects(
        asUser(SERVICE, async (tx) => {
          await tx`select 1 / ${0}::int`.catch(() => "handled");
          await tx`select 1`; // refused by the server: the transaction is aborted
        }, { sql }),
        (error: unknown) => (error as { code?: string }).code === "22012", // the cause, not 25P02
      );
      // The pool's only connection, rolled back: the table made in the first transaction is not there.
      const [row] = await sql`select to_regclass('pg_temp.reserved_tx_scratch') is null as gone`;
      assert.equal(row.gone, true);
    } finally {
      await sql.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name:
    "createSql: a reconnect does not fetch the array types again (a close during that fetch is unhandled)",
  ...options,
  fn: async () => {
    await withReservedPool(async ({ sql, admin, reserved, pid }) => {
      await terminate(admin, pid);
      await untilGone(reserved.gone);
      reserved.release();
      // What the reconnected connection writes, as postgres.js builds it (its `debug` hook, read per statement).
      // Its type fetch is a promise nothing handles: a close during it is an unhandled rejection.
      const sent: string[] = [];
      const debugged = sql.options as unknown as { debug: unknown };
      debugged.debug = (_connection: number, text: string) => sent.push(text);
      const [row] = await answered(
        asUser(SERVICE, (tx) => tx`select ${9}::int as nine`, { sql }),
        "after the close",
      );
      debugged.debug = false;
      assert.equal(row.nine, 9);
      assert.ok(sent.some((text) => text.includes("$1::int as nine")), `not seen: ${sent}`);
      assert.deepEqual(
        sent.filter((text) => text.includes("pg_catalog.pg_type")),
        [],
        "the type fetch was sent again",
      );
    });
  },
});
