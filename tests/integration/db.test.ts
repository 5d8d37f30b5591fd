/**
 * db.ts against a real Postgres with Supabase's roles (anon, authenticated, service_role) and an
 * `auth.uid()` that reads request.jwt.claims — the local stack provides both. SUPABASE_DB_URL must
 * point at it as the database owner (postgres), as in Supabase.
 *
 *   SUPABASE_DB_URL=postgres://postgres:…@127.0.0.1:54322/postgres deno test -A tests/integration/db.test.ts
 */
import assert from "node:assert/strict";
import net from "node:net";
import { Duplex } from "node:stream";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import { stackEnv } from "../support/env.ts";
import {
  asAuditReaderPipelined,
  asOperator,
  asService,
  asUser,
  closeDb,
  copyOut,
  createSql,
  db,
} from "../../functions-shared/platform/db.ts";

const DB_URL = Deno.env.get("SUPABASE_DB_URL");
if (!DB_URL) {
  throw new Error(
    "SUPABASE_DB_URL is not set: tests/integration/db.test.ts needs the local stack's Postgres",
  );
}

const USER_ID = "5f0e8a62-1c3b-4c1e-9d7a-2b6f4e8c1a90";
const user = identityFromClaims({
  sub: USER_ID,
  role: "authenticated",
  session_id: "5f0e8a62-1c3b-4c1e-9d7a-00000000005e",
  app_metadata: { role: "paramedic" },
  exp: Math.floor(Date.now() / 1000) + 600,
});

// Tests share one single-connection pool, so "the next query" really runs on the same connection.
const sql = createSql({ url: DB_URL, max: 1 });
const table = `db_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

const options = { sanitizeOps: false, sanitizeResources: false };

async function sessionState() {
  const [row] = await sql`
    select current_user as "user",
           current_setting('role') as role,
           nullif(current_setting('request.jwt.claims', true), '') as claims,
           nullif(current_setting('request.method', true), '') as method,
           auth.uid() as uid
  `;
  return row;
}

Deno.test({
  name: "setup: scratch table writable by the API roles",
  ...options,
  fn: async () => {
    await sql.unsafe(`create table public.${table} (id int primary key, note text)`);
    await sql.unsafe(`grant select, insert on public.${table} to anon, authenticated, service_role`);
  },
});

Deno.test({
  name: "asUser runs as the identity's role with its claims (current_user, auth.uid())",
  ...options,
  fn: async () => {
    const before = await sessionState();
    const inside = await asUser(user, async (tx) => {
      const [row] = await tx`
        select current_user as "user", auth.uid() as uid,
               current_setting('request.jwt.claims', true)::jsonb ->> 'session_id' as session
      `;
      return row;
    }, { sql });
    assert.deepEqual({ ...inside }, {
      user: "authenticated",
      uid: USER_ID,
      session: "5f0e8a62-1c3b-4c1e-9d7a-00000000005e",
    });
    assert.notEqual(before.user, "authenticated");
  },
});

Deno.test({
  name: "asUser from a handler ctx sets request.method/path/headers the PostgREST way, credentials left out",
  ...options,
  fn: async () => {
    const req = new Request("http://127.0.0.1/dosing/42", {
      method: "POST",
      headers: { Authorization: "Bearer secret-token", "X-Client-Info": "ipad-app/1.0" },
    });
    const row = await asUser({ identity: user, req }, async (tx) => {
      const [r] = await tx`
        select current_setting('request.method') as method,
               current_setting('request.path') as path,
               current_setting('request.headers')::jsonb as headers
      `;
      return r;
    }, { sql });
    assert.equal(row.method, "POST");
    assert.equal(row.path, "/dosing/42");
    assert.equal(row.headers["x-client-info"], "ipad-app/1.0");
    assert.equal(row.headers.authorization, undefined);
  },
});

Deno.test({
  name: "nothing leaks to the next query on the same pooled connection",
  ...options,
  fn: async () => {
    const before = await sessionState();
    await asUser(user, (tx) => tx`select 1`, { sql });
    const after = await sessionState();
    assert.deepEqual({ ...after }, { ...before });
    assert.equal(after.claims, null);
    assert.equal(after.uid, null);
    assert.equal(after.role, "none");
  },
});

Deno.test({
  name: "older single claims planted for the session do not speak for the next caller on the connection",
  ...options,
  fn: async () => {
    const planted = { sub: "00000000-0000-4000-8000-00000000000c", role: "service_role" };
    const other = identityFromClaims({
      sub: "7d1c5a3e-2b4f-4e6a-9c8d-0e1f2a3b4c5d",
      role: "authenticated",
      session_id: crypto.randomUUID(),
      app_metadata: { role: "paramedic" },
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    try {
      // What one injected statement could leave on a pooled connection: session-wide, not local.
      await asUser(user, (tx) =>
        tx`select set_config('request.jwt.claim', ${JSON.stringify(planted)}, false),
                  set_config('request.jwt.claim.sub', ${planted.sub}, false),
                  set_config('request.jwt.claim.role', 'service_role', false),
                  set_config('request.jwt.claim.email', 'planted@example.com', false)`, { sql });
      const seen = async (tx: Parameters<Parameters<typeof asUser>[1]>[0]) =>
        (await tx`select auth.uid()::text as uid, auth.role() as role, auth.jwt() ->> 'sub' as sub,
                         auth.email() as email`)[0];
      const asOther = await asUser(other, seen, { sql });
      assert.deepEqual({ ...asOther }, {
        uid: other.claims.sub,
        role: "authenticated",
        sub: other.claims.sub,
        email: null,
      });
      const asAnon = await asUser({ role: "anon" }, seen, { sql });
      assert.deepEqual({ ...asAnon }, { uid: null, role: "anon", sub: null, email: null });
    } finally {
      await sql`select set_config('request.jwt.claim', '', false), set_config('request.jwt.claim.sub', '', false),
                       set_config('request.jwt.claim.role', '', false), set_config('request.jwt.claim.email', '', false)`;
    }
  },
});

Deno.test({
  name: "anon and the server: guest/anon identities and asService (medic_server)",
  ...options,
  fn: async () => {
    const anon = await asUser(
      { role: "anon" },
      async (tx) => (await tx`select current_user as u, auth.uid() as uid`)[0],
      {
        sql,
      },
    );
    assert.deepEqual({ ...anon }, { u: "anon", uid: null });
    const service = await asService(async (tx) => (await tx`select current_user as u`)[0].u, { sql });
    assert.equal(service, "medic_server");
  },
});

Deno.test({
  name: "on the functions' login: the server's work runs as medic_server, and service_role is refused twice",
  ...options,
  fn: async () => {
    const edge = createSql({ url: stackEnv("MEDIC_EDGE_DB_URL"), max: 1 });
    try {
      const [who] = await asService(
        (tx) =>
          tx`select session_user as login, current_user as "user",
            current_setting('request.jwt.claims')::jsonb ->> 'role' as claimed`,
        { sql: edge },
      );
      assert.deepEqual({ ...who }, { login: "medic_edge", user: "medic_server", claimed: "service_role" });
      // platform/db.ts refuses before a statement is sent...
      await assert.rejects(
        asOperator((tx) => tx`select 1`, { sql: edge }),
        /Refusing to run as service_role on the medic_edge login/,
      );
      // ...and Postgres refuses whoever sends it anyway: medic_edge is no member of service_role.
      await assert.rejects(
        edge.begin((tx) => tx`select set_config('role', 'service_role', true)`),
        /permission denied to set role "service_role"/,
      );
    } finally {
      await edge.end({ timeout: 5 });
    }
  },
});

Deno.test({
  name: "asService sets what asUser sets for the service role, as a statement without parameters",
  ...options,
  fn: async () => {
    const settings = (tx: postgres.TransactionSql) =>
      tx`select current_user as "user", current_setting('role') as role,
            current_setting('request.jwt.claims') as claims, current_setting('request.method') as method,
            current_setting('request.path') as path, current_setting('request.headers') as headers`;
    // Every statement the pool builds, with its parameters (postgres.js's debug hook).
    const built: { query: string; parameters: unknown[] }[] = [];
    const watched = postgres(DB_URL, {
      max: 1,
      prepare: false,
      onnotice: () => {},
      debug: (_connection, query, parameters) => built.push({ query, parameters }),
    });
    try {
      const [viaUser] = await asUser({ role: "service_role" }, settings, { sql: watched });
      built.length = 0;
      const [viaService] = await asService(settings, { sql: watched });
      assert.deepEqual({ ...viaService }, { ...viaUser });
      assert.deepEqual({ ...viaService }, {
        user: "medic_server",
        role: "medic_server",
        claims: '{"role":"service_role"}',
        method: "",
        path: "",
        headers: "{}",
      });
      const setConfig = built.filter((b) => b.query.includes("set_config('role'"));
      assert.equal(setConfig.length, 1);
      assert.deepEqual(setConfig[0].parameters, [], "no parameters: no Describe round trip before it runs");
      const [after] = await watched`select nullif(current_setting('request.jwt.claims', true), '') as claims`;
      assert.equal(after.claims, null, "nothing leaks to the next query on that connection");
    } finally {
      await watched.end({ timeout: 5 });
    }
  },
});

Deno.test({
  name: "an error inside asUser rolls back its writes and rethrows; the connection stays clean",
  ...options,
  fn: async () => {
    const boom = new Error("handler failed after writing");
    await assert.rejects(
      asUser(user, async (tx) => {
        await tx.unsafe(`insert into public.${table} (id, note) values (1, 'should vanish')`);
        await tx`select set_config('medic.session_marker', 'set-in-failed-tx', false)`;
        throw boom;
      }, { sql }),
      (error) => error === boom,
    );
    const [{ count }] = await sql.unsafe(`select count(*)::int as count from public.${table}`);
    assert.equal(count, 0);
    const state = await sessionState();
    assert.notEqual(state.user, "authenticated");
    assert.equal(state.claims, null);
    const [{ marker }] =
      await sql`select nullif(current_setting('medic.session_marker', true), '') as marker`;
    assert.equal(marker, null, "even a session-level SET inside the failed transaction is undone");

    await asUser(user, (tx) => tx.unsafe(`insert into public.${table} (id, note) values (2, 'kept')`), {
      sql,
    });
    const [{ kept }] = await sql.unsafe(`select count(*)::int as kept from public.${table}`);
    assert.equal(kept, 1);
  },
});

Deno.test({
  name:
    "asAuditReaderPipelined: a failed statement sent with COMMIT is the caller's error before its connection serves anyone else",
  ...options,
  fn: async () => {
    const admin = identityFromClaims({
      sub: crypto.randomUUID(),
      role: "authenticated",
      session_id: crypto.randomUUID(),
      aal: "aal2",
      app_metadata: { role: "admin", organization_id: crypto.randomUUID() },
    });
    let issued!: (next: { answer: Promise<{ one: number }[]> }) => void;
    const nextCaller = new Promise<{ answer: Promise<{ one: number }[]> }>((resolve) => (issued = resolve));
    let settled = false;
    const failed = asAuditReaderPipelined(admin, (tx) => {
      // The pool's only connection is this transaction's: this query is answered only after it has ended.
      issued({ answer: sql<{ one: number }[]>`select 1 as one`.execute() });
      // A parameter: postgres.js waits for its Describe, so what the caller sends next is held back.
      return Promise.resolve({ result: "rows", last: [tx`select 1 / ${"0"}::int`] });
    }, { sql }).finally(() => (settled = true));
    failed.catch(() => {});
    // (a transaction that never started fails here rather than waiting for `issued`)
    const { answer } = await Promise.race([nextCaller, failed.then(() => assert.fail("the read succeeded"))]);
    const [row] = await answer;
    assert.equal(row.one, 1);
    // Was: a ROLLBACK sent behind the COMMIT was never written once COMMIT had ended the transaction, and
    // the caller waited for the idle connection to close (20 s), or for good once another caller had it.
    assert.ok(settled, "the failed read had not settled when its connection answered the next caller");
    await assert.rejects(failed, /division by zero/);
  },
});

Deno.test({
  name:
    "asAuditReaderPipelined: a setting the server refuses is the error thrown, and what was sent behind it is not kept",
  ...options,
  fn: async () => {
    // COMMIT now goes out with the work's statements, before the settings are answered: a refused setting
    // aborts the transaction, the server answers that COMMIT with a rollback, and the setting's error, not
    // the 25P02 of the statements behind it, is what the caller hears. A login that may not take the
    // door's role is refused at its first setting.
    const login = `door_refused_${crypto.randomUUID().replaceAll("-", "")}`;
    const password = crypto.randomUUID();
    await sql.unsafe(`create role ${login} login password '${password}'`);
    const url = new URL(DB_URL!);
    url.username = login;
    url.password = password;
    const pool = createSql({ url: url.toString(), max: 1, prepare: true });
    const table = `public.door_refused_${login.slice(-8)}`;
    await sql.unsafe(`create table ${table} (n int)`);
    await sql.unsafe(`grant insert on ${table} to ${login}`);
    try {
      // Three times on one connection: the first prepares the settings' statements (a round trip each),
      // the later ones send everything in one flight, where the refusal and the aborted statements behind
      // it are answered together and must still be reported in the order they were sent.
      for (let attempt = 1; attempt <= 3; attempt++) {
        const reading = asAuditReaderPipelined(
          user,
          (tx) => Promise.resolve({ result: "rows", last: [tx.unsafe(`insert into ${table} values (1)`)] }),
          { sql: pool },
        );
        await assert.rejects(reading, /permission denied to set role/, `attempt ${attempt}`);
      }
      const [{ n }] = await sql.unsafe(`select count(*)::int as n from ${table}`);
      assert.equal(n, 0, "the inserts sent behind the refused setting rolled back with their COMMIT");
    } finally {
      await pool.end();
      await sql.unsafe(`drop table ${table}`);
      await sql.unsafe(`drop role ${login}`);
    }
  },
});

Deno.test({
  name:
    "asAuditReaderPipelined: a statement the work issued and nobody awaited fails: the door throws its error, not the result",
  ...options,
  fn: async () => {
    // Its COMMIT is answered with a rollback (no error): returning the result would pass off rows whose
    // transaction, and so their audit event, was never kept.
    const pool = createSql({ url: DB_URL, max: 1 });
    try {
      const reading = asAuditReaderPipelined(user, async (tx) => {
        await tx`select 1`; // the settings have gone out before it
        void tx`select 1 / ${0}::int`.execute();
        return { result: "rows", last: [] };
      }, { sql: pool });
      await assert.rejects(reading, (error: { code?: string }) => error.code === "22012");
    } finally {
      await pool.end({ timeout: 5 });
    }
  },
});

Deno.test({
  name: "a role outside the allowlist is refused before any SQL runs",
  ...options,
  fn: async () => {
    await assert.rejects(
      asUser({ role: "postgres" }, (tx) => tx`select 1`, { sql }),
      /Refusing to run as database role/,
    );
  },
});

Deno.test({
  name: "db() is one lazy pool per isolate from SUPABASE_DB_URL; closeDb() ends it",
  ...options,
  fn: async () => {
    assert.equal(db(), db());
    const uid = await asUser(user, async (tx) => (await tx`select auth.uid() as uid`)[0].uid);
    assert.equal(uid, USER_ID);
    const first = db();
    await closeDb();
    assert.notEqual(db(), first);
    await closeDb();
  },
});

/**
 * A socket to the test Postgres that hands postgres.js each of the server's answers whole, in one chunk,
 * as TCP may (postgres.js's `socket` option): a COPY's last data, its end and its ReadyForQuery arrive in
 * one read, deterministically. `split` may cut a COPY's answer (its messages) into the chunks it is given
 * in; `hold` delivers a chunk only when the promise it returns resolves.
 */
interface AnswerSocket {
  readonly socket: Duplex;
  /** The chunks of COPY answers not delivered yet, each with its delivery. */
  readonly held: Array<() => void>;
}

function answerSocket(
  split: (messages: Uint8Array[]) => Uint8Array[][] = (messages) => [messages],
): () => Promise<AnswerSocket> {
  const url = new URL(DB_URL!);
  return async () => {
    const tcp = net.connect(Number(url.port || 5432), url.hostname);
    await new Promise<void>((resolve, reject) => tcp.once("connect", resolve).once("error", reject));
    const held: Array<() => void> = [];
    const socket = new Duplex({
      read() {},
      write: (chunk, _encoding, callback) => void tcp.write(chunk, callback),
      final: (callback) => (tcp.end(), callback()),
      destroy: (error, callback) => (tcp.destroy(), callback(error)),
    });
    Object.defineProperty(socket, "readyState", { get: () => tcp.readyState });
    let pending: Uint8Array = new Uint8Array(0);
    let answer: Uint8Array[] = []; // the messages of the answer being gathered
    let copying = false;
    tcp.on("data", (data: Uint8Array) => {
      pending = concat(pending, data);
      let at = 0;
      while (pending.length - at >= 5) {
        const length = new DataView(pending.buffer, pending.byteOffset + at + 1, 4).getUint32(0);
        if (pending.length - at < length + 1) break;
        const type = pending[at];
        answer.push(pending.slice(at, at + length + 1));
        at += length + 1;
        if (type === 72) copying = true; // H: CopyOutResponse
        if (copying && type !== 90) continue; // gathered up to the COPY's ReadyForQuery (Z)
        const chunks = copying ? split(answer) : [answer];
        copying = false;
        answer = [];
        const [first, ...rest] = chunks.map((messages) => messages.reduce(concat, new Uint8Array(0)));
        socket.push(first);
        for (const chunk of rest) held.push(() => socket.push(chunk));
      }
      pending = pending.slice(at);
    });
    tcp.on("close", () => socket.destroy());
    tcp.on("error", (error) => socket.destroy(error));
    return { socket, held };
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A pool of one connection over answerSocket; `sockets` gets each socket it opens. */
function wholeAnswersPool(sockets: AnswerSocket[], split?: (messages: Uint8Array[]) => Uint8Array[][]) {
  const open = answerSocket(split);
  return postgres(DB_URL!, {
    max: 1,
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    socket: async () => {
      const made = await open();
      sockets.push(made);
      return made.socket;
    },
  } as postgres.Options<Record<string, postgres.PostgresType>>);
}

// Far more than a stream's buffer (highWaterMark) holds: the COPY's pushes fill it before its end arrives.
const COPY_ROWS = 400;
const COPY_BIG = `copy (select repeat('x', 999) from generate_series(1, ${COPY_ROWS})) to stdout`;

async function readAll(stream: AsyncIterable<unknown>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Uint8Array).length;
  return bytes;
}

Deno.test({
  name: "copyOut: a COPY whose end came in the read that filled its stream leaves the connection readable",
  ...options,
  fn: async () => {
    const sockets: AnswerSocket[] = [];
    const pool = wholeAnswersPool(sockets);
    try {
      const stream = await copyOut(pool.unsafe(COPY_BIG));
      assert.equal(await readAll(stream), COPY_ROWS * 1000);
      assert.equal(sockets.length, 1);
      // postgres.js paused it when the first pushes filled the stream; with plain .readable() nothing
      // resumes it, and the pool's next statement on this connection is never answered.
      assert.equal(sockets[0].socket.isPaused(), false, "the connection's socket was left paused");
      const [row] = await pool`select ${5}::int as five`;
      assert.equal(row.five, 5);
    } finally {
      await pool.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name: "copyOut: a COPY's stream abandoned by its reader still lets the rest of the COPY be read",
  ...options,
  fn: async () => {
    const sockets: AnswerSocket[] = [];
    // The answer in three reads: the head and enough data to fill the stream, more data, then the end.
    const third = Math.floor(COPY_ROWS / 3);
    const pool = wholeAnswersPool(
      sockets,
      (m) => [m.slice(0, third), m.slice(third, 2 * third), m.slice(2 * third)],
    );
    try {
      const stream = await copyOut(pool.unsafe(COPY_BIG));
      for await (const _ of stream) break; // the reader gone (a client that hung up): the stream destroyed
      assert.equal(stream.destroyed, true);
      const [{ held }] = sockets;
      assert.equal(held.length, 2);
      held.shift()!(); // more data for the destroyed stream: with plain .readable() it pauses the socket
      await new Promise((resolve) => setTimeout(resolve, 0)); // delivered (Duplex emits on the next tick)
      assert.equal(sockets[0].socket.readableLength, 0, "the data was not delivered");
      assert.equal(sockets[0].socket.isPaused(), false, "the socket was paused for a stream nobody reads");
      held.shift()!(); // the COPY's end and its ReadyForQuery
      const [row] = await pool`select ${6}::int as six`;
      assert.equal(row.six, 6);
    } finally {
      await pool.end({ timeout: 1 });
    }
  },
});

Deno.test({
  name:
    "a pipelined door read that fails answers by its COMMIT's answer, not when its connection next closes",
  ...options,
  fn: async () => {
    // prepare: false, one connection: a statement with parameters goes out only once the one before it is
    // answered, so the event's statement and COMMIT wait in reserved_tx's queue behind the failing read.
    const pool = createSql({ url: DB_URL, max: 1 });
    try {
      let settled = false;
      const failing = asAuditReaderPipelined(user, (tx) => {
        const read = tx`select 1 / ${0}::int as boom`;
        return Promise.resolve({ result: read, last: [read, tx`select set_config('x.y', ${"1"}, true)`] });
      }, { sql: pool }).finally(() => (settled = true));
      failing.catch(() => {});
      // The connection goes back to the pool with COMMIT's answer; these run on it after that.
      await pool`select 1`;
      await pool`select 1`;
      assert.equal(settled, true, "a ROLLBACK sent behind the COMMIT waited for the connection to close");
      await assert.rejects(failing, (error: { code?: string }) => error.code === "22012");
    } finally {
      await pool.end({ timeout: 5 });
    }
  },
});

Deno.test({
  name: "a pipelined door read that fails: its own error, not the refusals of the statements behind it",
  ...options,
  fn: async () => {
    // Prepared statements go out together and are answered together: the event's statement, refused by
    // the aborted transaction (25P02), settles before the read, which reaches the caller a few microtasks
    // after its statement (as readAuditedInOneTrip's `reading` does).
    const pool = createSql({ url: DB_URL, max: 1, prepare: true });
    try {
      for (let i = 0; i < 3; i++) { // the first use of each statement on the connection describes it first
        const failing = asAuditReaderPipelined(user, (tx) => {
          // Awaited, as a read does (readAuditedInOneTrip's `reading`): a direct .then() would send it
          // before the settings, which postgres.js sends a microtask later.
          const reading = (async () => await tx`select 1 / ${0}::int as boom`)().then((rows) => rows).then((
            rows,
          ) => rows);
          return Promise.resolve({
            result: reading,
            last: [reading, tx`select set_config('x.y', ${"1"}, true)`],
          });
        }, { sql: pool });
        await assert.rejects(
          failing,
          (error: { code?: string }) => error.code === "22012",
          `attempt ${i + 1}`,
        );
      }
    } finally {
      await pool.end({ timeout: 5 });
    }
  },
});

Deno.test({
  name: "teardown",
  ...options,
  fn: async () => {
    await sql.unsafe(`drop table if exists public.${table}`);
    await sql.end({ timeout: 5 });
  },
});
