/**
 * db.ts against a real Postgres with Supabase's roles (anon, authenticated, service_role) and an
 * `auth.uid()` that reads request.jwt.claims — the local stack provides both. SUPABASE_DB_URL must
 * point at it as the database owner (postgres), as in Supabase.
 *
 *   SUPABASE_DB_URL=postgres://postgres:…@127.0.0.1:54322/postgres deno test -A tests/integration/db.test.ts
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import {
  asAuditReaderPipelined,
  asService,
  asUser,
  closeDb,
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
  session_id: "session-1",
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
    assert.deepEqual({ ...inside }, { user: "authenticated", uid: USER_ID, session: "session-1" });
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
  name: "anon and service_role: guest/anon identities and asService",
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
    assert.equal(service, "service_role");
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
        user: "service_role",
        role: "service_role",
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
