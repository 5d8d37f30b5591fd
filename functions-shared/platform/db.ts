/**
 * db: one postgres.js pool per isolate, and the two ways functions talk to Postgres.
 *
 * `asUser` runs a transaction the way PostgREST does — role and request.jwt.claims set with
 * set_config(..., true) — so the same RLS policies protect the functions, the dashboard and
 * supabase-js. The settings are transaction-local: nothing survives into the next use of a pooled
 * connection. `prepare: false` keeps it working through Supabase's transaction pooler (port 6543); the
 * audited door's own pool prepares its statements where it can (doorDb).
 *
 * Three logins, each a pool of its own (20261205120000_door_and_jobs_logins.sql): the request path's
 * (medic_edge, `db()`), the audited door's (medic_audit, `doorDb()`) and the scheduled jobs' (medic_jobs,
 * `jobsDb()`). A login's memberships bound what a statement injected into its transactions can become; each
 * pool also refuses, before it sends anything, a role its login may not take (refuseRoleOffLogin).
 */
import type { Readable } from "node:stream";
import postgres from "postgres";
import { DB_ROLES, type DbRole, type Identity, type JwtClaims } from "../core/identity.ts";
import { config } from "../core/config.ts";
import { DOOR_LOGIN_USER, FUNCTIONS_LOGIN_USER, JOBS_LOGIN_USER } from "../core/required_config.ts";
import { DB_TRANSACTION, observeTiming } from "../core/timing.ts";
import { connectionLost, reserveTx } from "./reserved_tx.ts";

export { connectionLost };

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

export interface CreateSqlOptions {
  readonly url?: string;
  readonly max?: number;
  /** Named prepared statements (postgres.js `prepare`); off unless asked for, see doorDb. */
  readonly prepare?: boolean;
}

/** A new pool. Prefer `db()`; tests and scripts use this for a dedicated pool (e.g. max: 1). */
export function createSql(options: CreateSqlOptions = {}): Sql {
  const url = options.url ?? config().dbUrl;
  if (!url) throw new Error("MEDIC_EDGE_DB_URL is not set");
  return createPool(url, options);
}

/**
 * A new pool of its own on the audited door's login, for reads whose transaction outlives a request's
 * (gdpr-export's streamed exports); never falls back to medic_edge, as doorDb.
 */
export function createDoorSql(options: Omit<CreateSqlOptions, "url"> = {}): Sql {
  const url = config().auditDbUrl;
  if (!url) throw new Error(DOOR_URL_MISSING);
  return createPool(url, options);
}

const DOOR_URL_MISSING = "MEDIC_AUDIT_DB_URL is not set: the audited door has no login of its own";

function createPool(url: string, options: CreateSqlOptions): Sql {
  const sql: Sql = postgres(url, {
    prepare: options.prepare ?? false,
    max: options.max ?? config().dbPoolMax,
    idle_timeout: 20, // seconds; edge isolates are short-lived, don't hold pooler slots
    connect_timeout: 10,
    connection: { application_name: "medic-bot-edge" },
    onnotice: () => {},
    onclose: () => skipTypeFetchOnReconnect(sql),
    backoff: reconnectDelaySeconds,
  });
  return sql;
}

/**
 * postgres.js 3.4.9 fetches the array types again on every connect, in a promise nothing handles: a
 * connection closed during that fetch (or reconnected still holding a terminated backend's FATAL) throws
 * an unhandled rejection, which ends an isolate. The types are the pool's once fetched (its options hold
 * the parsers), so once they are, a reconnect skips the fetch.
 */
function skipTypeFetchOnReconnect(sql: Sql): void {
  const options = sql.options as unknown as { fetch_types: boolean; shared: { typeArrayMap: object } };
  if (Object.keys(options.shared.typeArrayMap).length > 0) options.fetch_types = false;
}

/** The longest a closed connection waits before it reconnects: well inside a request's DB budget (1 s). */
export const RECONNECT_DELAY_MAX_SECONDS = 0.25;

/**
 * Seconds a closed pool connection waits before reconnecting, after `retries` closes with a socket error.
 * postgres.js 3.4.9's default grows to 20 s, and its count is pool-wide and reset only when a connection
 * opens for a plain query that succeeds: never when it opens for a reservation, nor when the reconnect's
 * first query fails (it inherits the killed backend's FATAL). Backends terminated mid-transaction
 * (ECONNRESET) drove it to 10: every connection of the pool sat out 10–20 s while requests queued and
 * timed out (the fault test's stall). Still doubling, so a refusing server is not hammered.
 */
function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.01 * 2 ** retries, RECONNECT_DELAY_MAX_SECONDS) * (0.5 + Math.random() / 2);
}

/** The stream postgres.js 3.4.9 makes for COPY … TO STDOUT: its `_read` resumes the connection's socket. */
type CopyStream = Readable & { _read(size?: number): void };

/**
 * `query` (a COPY … TO STDOUT) as the stream of its data, with the connection it runs on left readable.
 * postgres.js 3.4.9 stops reading the socket when a CopyData fills the stream's buffer and resumes it only
 * when the stream asks for more; when the COPY's end came in the same read, the stream never asks again,
 * the socket stays paused, and the connection's next statement is never answered: the pool hands it
 * statements that wait for good (porsager/postgres#499, #1016; `bench audit_ingest` hung so). Here the
 * socket is resumed once the COPY's end is pushed, and data arriving for a stream already destroyed (its
 * reader gone) is dropped instead of pausing it. The stream keeps its backpressure until then. Every COPY TO
 * of the functions and scripts comes through here (tests/unit/copy_out_guard.test.ts reads their source).
 */
export async function copyOut(query: postgres.PendingQuery<postgres.Row[]>): Promise<Readable> {
  const stream = await query.readable() as CopyStream;
  const resume = () => {
    try {
      stream._read(); // postgres.js's read(): socket.resume() on the connection's socket
    } catch { /* the connection has no socket any more (closed): nothing to resume */ }
  };
  const push = stream.push;
  stream.push = function (chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      const pushed = push.call(this, chunk, encoding);
      resume();
      return pushed;
    }
    return stream.destroyed || push.call(this, chunk, encoding);
  };
  // A consumer that lets go mid-COPY (a `for await` left at a yield: the client gone) destroys the stream
  // while its full buffer holds the socket paused; nothing would read on, and the server, blocked sending the
  // rest, acts on no cancel and answers no statement queued behind (ROLLBACK): the connection hung for good.
  // Destroyed, the rest is read and dropped (push above), so a cancel takes effect and the connection frees.
  stream.once("close", resume);
  // The answer that resolved `query` may have held the COPY's end already (pushed before this ran): the
  // socket may be paused with nothing left to resume it. If the COPY goes on, its next full buffer pauses
  // it again, so backpressure holds.
  resume();
  return stream;
}

let shared: Sql | undefined;
let door: Sql | undefined;
let doorCancel: Sql | undefined;
let jobs: Sql | undefined;

/** The isolate's pool, created on first use. */
export function db(): Sql {
  shared ??= createSql();
  return shared;
}

/**
 * The audited door's pool (asAuditReader, asAuditReaderPipelined), created on first use, on the door's own
 * login (MEDIC_AUDIT_DB_URL, medic_audit): the only login that may take audit_reader, so a statement injected
 * into any other function's transaction cannot read the trail without the door's event. Missing, the door
 * refuses (audit-query's and gdpr-export's configurations require the URL, so they answer 503 CONFIG_ERROR
 * before any route runs): it never falls back to medic_edge, which can no longer take audit_reader anyway.
 *
 * Named prepared statements where the URL allows them: postgres.js sends an unnamed statement that has
 * parameters as Parse/Describe, waits for the parameter types, then sends Bind/Execute, and holds every
 * statement behind it until it is answered — two round trips per statement, each waiting for the isolate's
 * event loop, so a "one round trip" read and its event were 8–10. A prepared statement, once described on
 * its connection, is sent as Bind/Execute at once, and those behind it with it (the door's texts are a few
 * fixed shapes; the rest of the functions keep `prepare: false`). Not through Supabase's transaction pooler
 * (port 6543, the README's deploy URL), whose server connections do not share a client connection's
 * statements: there the pool does not prepare. Either way DOOR_POOL_MAX connections at most, beside
 * `db()`'s. Plans stay custom (asAuditReaderPipelined sets plan_cache_mode): a generic plan of a page would
 * not see the window or the subject, as the queries' comments explain. A migration that changes a prepared
 * statement's result type makes postgres.js prepare it again and send it after the statements already
 * queued (behind COMMIT): it then runs outside the transaction as the login role, which holds no grant on
 * any audit table (tests/sql/125_door_and_jobs_logins.sql), so it fails and that request answers 500;
 * postgres.js's max_lifetime (30–60 min) ends such connections.
 */
export function doorDb(): Sql {
  const url = config().auditDbUrl;
  if (!url) throw new Error(DOOR_URL_MISSING);
  door ??= createPool(url, {
    prepare: preparedStatementsAllowed(url),
    max: Math.min(DOOR_POOL_MAX, config().dbPoolMax),
  });
  return door;
}

/**
 * One connection of the door's login, apart from its pool, for cancelling the door's own statements
 * (pg_cancel_backend needs a member of the backend's login role): never through `doorDb()`, whose
 * DOOR_POOL_MAX connections may all be held by the very exports being cancelled — two abandoned at once
 * would each wait for the other's connection, and every later door read behind them (review).
 */
export function doorCancelDb(): Sql {
  doorCancel ??= createDoorSql({ max: 1 });
  return doorCancel;
}

/**
 * The scheduled jobs' pool (asJobs), created on first use, on their own login (MEDIC_JOBS_DB_URL,
 * medic_jobs): the only login that may take JOB_ROLE, so the anchors, alert deliveries, health rows and the
 * spool's backdated events are beyond a statement injected into a request's transaction. Only flush-metrics
 * (pg_cron, CRON_SECRET) uses it; missing, asJobs throws and that function answers 503 CONFIG_ERROR first.
 */
export function jobsDb(): Sql {
  const url = config().jobsDbUrl;
  if (!url) throw new Error("MEDIC_JOBS_DB_URL is not set: the scheduled jobs have no login of their own");
  jobs ??= createPool(url, { max: Math.min(JOBS_POOL_MAX, config().dbPoolMax) });
  return jobs;
}

/** The jobs' connections: a run's steps go one after another, its health checks two at a time. */
export const JOBS_POOL_MAX = 2;

/** The audited door's own connections where it prepares its statements (audit reads are an admin's). */
export const DOOR_POOL_MAX = 2;

/** False for Supabase's transaction pooler (port 6543), which cannot keep a connection's statements. */
export function preparedStatementsAllowed(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).port !== "6543";
  } catch {
    return false;
  }
}

/** Ends the isolate's pools (tests, scripts). The next `db()`, `doorDb()` or `jobsDb()` creates a new one. */
export async function closeDb(): Promise<void> {
  const closing = [shared, door, doorCancel, jobs];
  shared = undefined;
  door = undefined;
  doorCancel = undefined;
  jobs = undefined;
  await Promise.all(closing.map((pool) => pool?.end({ timeout: 5 })));
}

/** Who the transaction runs as: an Identity, raw verified claims, or a handler ctx (adds request info). */
export type Actor = Identity | JwtClaims | { readonly identity: Identity; readonly req: Request };

export interface RequestInfo {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface AsUserOptions {
  /** Request details for request.method/path/headers; taken from the ctx when the actor is one. */
  readonly request?: RequestInfo | Request;
  /** Defaults to the login's pool: `db()`, or `doorDb()` for the door, `jobsDb()` for the jobs. */
  readonly sql?: Sql;
  /** Transaction modes for BEGIN, e.g. "isolation level repeatable read read only" (one snapshot). */
  readonly mode?: string;
}

/**
 * The server's own role (20261205110000_server_role.sql), which the functions' login takes for the server's
 * request-path writes and for a caller with the service-role key (claims still `{"role":"service_role"}`), and
 * the door's login for its event: never service_role itself, which on Supabase (Vault >= 0.3) may read and
 * delete Vault's secrets.
 */
export const SERVER_ROLE = "medic_server";

/** The platform operator's role: taken only by scripts on the owner's pool (asOperator), never by medic_edge. */
export const OPERATOR_ROLE = "service_role";

// The three logins' names live with the configuration that requires their URLs (core/required_config.ts).
export { DOOR_LOGIN_USER, FUNCTIONS_LOGIN_USER, JOBS_LOGIN_USER };

/** The jobs' own role (NOLOGIN): what only flush-metrics' job writes, taken on the jobs' login only. */
export const JOB_ROLE = "medic_job_writer";

/** The database role a transaction takes: a request role, the server's, the jobs', the operator's, the door's or none. */
export type SqlRole =
  | Exclude<DbRole, "service_role">
  | typeof SERVER_ROLE
  | typeof JOB_ROLE
  | typeof OPERATOR_ROLE
  | typeof AUDIT_READER
  | typeof FUNCTIONS_LOGIN;

/** Our logins, as the migrations grant them. */
export type Login = typeof FUNCTIONS_LOGIN_USER | typeof DOOR_LOGIN_USER | typeof JOBS_LOGIN_USER;

/**
 * Values PostgREST would set, but for the service role: exported for tests. Throws for a role outside
 * DB_ROLES. A service caller's claims go as they are and its role is SERVER_ROLE.
 */
export interface RequestSettings {
  readonly role: SqlRole;
  readonly claimsJson: string;
  readonly method: string;
  readonly path: string;
  readonly headersJson: string;
}

// Credentials stay out of the settings: policies never need them and they would be readable by SQL.
const REDACTED_HEADERS = new Set(["authorization", "apikey", "cookie"]);

export function requestInfo(req: Request): RequestInfo {
  const headers: Record<string, string> = {};
  req.headers.forEach((value, name) => {
    if (!REDACTED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  });
  return { method: req.method, path: new URL(req.url).pathname, headers };
}

export function requestSettings(actor: Actor, request?: RequestInfo | Request): RequestSettings {
  let claims: Readonly<JwtClaims>;
  let role: unknown;
  if (isContextActor(actor)) {
    claims = actor.identity.claims;
    role = actor.identity.dbRole;
    request ??= actor.req;
  } else if (isIdentity(actor)) {
    claims = actor.claims;
    role = actor.dbRole;
  } else {
    claims = actor as JwtClaims;
    role = claims.role;
  }
  if (!(DB_ROLES as readonly unknown[]).includes(role)) {
    throw new Error(`Refusing to run as database role ${JSON.stringify(role)}`);
  }
  const info = request instanceof Request ? requestInfo(request) : request;
  return {
    role: role === "service_role" ? SERVER_ROLE : role as Exclude<DbRole, "service_role">,
    claimsJson: JSON.stringify(claims),
    method: info?.method ?? "",
    path: info?.path ?? "",
    headersJson: JSON.stringify(info?.headers ?? {}),
  };
}

function isContextActor(actor: Actor): actor is { identity: Identity; req: Request } {
  const candidate = actor as Record<string, unknown>;
  return candidate.req instanceof Request && typeof candidate.identity === "object" &&
    candidate.identity !== null;
}

function isIdentity(actor: Actor): actor is Identity {
  const candidate = actor as Record<string, unknown>;
  return typeof candidate.kind === "string" && typeof candidate.dbRole === "string" &&
    typeof candidate.claims === "object";
}

async function applySettings(tx: Tx, s: RequestSettings): Promise<void> {
  if (s === SERVICE_SETTINGS) return void await tx.unsafe(SERVICE_SETTINGS_SQL);
  if (s === JOB_SETTINGS) return void await tx.unsafe(JOB_SETTINGS_SQL);
  // service_role (asOperator) gets here only on an owner's pool: run() refuses it on the functions' login.
  // prepare: true as a tagged statement has it: prepared where the pool prepares (the door), else not.
  await tx.unsafe(PARAMETERISED_SETTINGS_SQL, [s.role, s.claimsJson, s.method, s.path, s.headersJson], {
    prepare: true,
  });
}

/**
 * The statement that gives a transaction its role, claims and request, in one place for the parameterised
 * and the constant forms. The older single claims (request.jwt.claim, .sub, .role, .email) are emptied
 * too: Supabase's auth.jwt(), auth.uid(), auth.role() and auth.email() read them before
 * request.jwt.claims, so one set for the session by an injected statement would otherwise speak for every
 * later caller on this connection or, through the pooler, on this backend (review). An empty value falls
 * through to request.jwt.claims.
 */
function settingsSql(v: Record<keyof RequestSettings, string>): string {
  return `
    select set_config('role', ${v.role}, true),
           set_config('request.jwt.claims', ${v.claimsJson}, true),
           set_config('request.jwt.claim', '', true),
           set_config('request.jwt.claim.sub', '', true),
           set_config('request.jwt.claim.role', '', true),
           set_config('request.jwt.claim.email', '', true),
           set_config('request.method', ${v.method}, true),
           set_config('request.path', ${v.path}, true),
           set_config('request.headers', ${v.headersJson}, true)`;
}

const PARAMETERISED_SETTINGS_SQL = settingsSql({
  role: "$1",
  claimsJson: "$2",
  method: "$3",
  path: "$4",
  headersJson: "$5",
});

/** Runs `work` in a transaction as the actor's database role with its claims; RLS applies. */
export async function asUser<T>(
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
  options: AsUserOptions = {},
): Promise<T> {
  return await run(requestSettings(actor, options.request), work, options);
}

/**
 * The audited door (migration …_audited_door.sql): audit, PHI-access, AI-trail and user-directory rows
 * are readable only by this role, which no JWT can select and only the door's login (medic_audit, doorDb) may
 * take; it alone executes the routines that read or reveal the trail (20261206030000). Take it only for a
 * read that writes its own audit event (audit-query; gdpr-export's export and reveal); the caller's claims
 * still go with it, so RLS decides the rows.
 */
export const AUDIT_READER = "audit_reader";

/** `asUser` for a signed-in caller, as AUDIT_READER. */
export async function asAuditReader<T>(
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
  options: AsUserOptions = {},
): Promise<T> {
  const settings = requestSettings(actor, options.request);
  if (settings.role !== "authenticated") {
    throw new Error(`Only a signed-in caller reads through the audited door, not ${settings.role}`);
  }
  return await run({ ...settings, role: AUDIT_READER }, work, { ...options, sql: options.sql ?? doorDb() });
}

/**
 * The functions' login itself (`set role none`), taking no request role: for the writers that only the
 * login may execute, each naming its caller from the claims set beside it, which the function verified —
 * never reachable with a key over the Data API (public.record_protocol_use, 20261205093200).
 */
export const FUNCTIONS_LOGIN = "none";

/** `asUser` as FUNCTIONS_LOGIN: the actor's claims (and request) are set, its role is not taken. */
export async function asLoginFor<T>(
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
  options: AsUserOptions = {},
): Promise<T> {
  return await run({ ...requestSettings(actor, options.request), role: FUNCTIONS_LOGIN }, work, options);
}

/** What a pipelined transaction's work returns: its result, and the statements COMMIT goes out with. */
export interface PipelinedWork<T> {
  readonly result: T;
  /** Issued, not awaited: COMMIT is sent in the same round trip, and the transaction commits only if all succeed. */
  readonly last: readonly Promise<unknown>[];
}

/** Settles every one, then rejects with the first rejection in the given order (a pipeline's cause). */
async function firstRejection(steps: readonly PromiseLike<unknown>[]): Promise<void> {
  const outcomes = await Promise.allSettled(steps);
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/**
 * `asAuditReader` in one round trip or two instead of five: BEGIN, the settings and the statements `work`
 * issues travel in one pipeline, and those it hands back in `last` go out with COMMIT as soon as `work`
 * returns, without waiting for any answer — in the same flight when `work` did not await one (a one-trip
 * read), else in the next (tests/integration/audit_query_list_flights.test.ts counts them on the wire).
 * A statement of `last` that fails aborts the transaction, so the server answers the COMMIT
 * behind it with a rollback, and the failure is thrown: nothing `work` read is returned unless every
 * statement committed. For audit-query's reads, whose audit event must commit with them (readAudited):
 * on a busy machine each round trip costs milliseconds. On the door's pool (doorDb, the default) the
 * statements are prepared where the URL allows it (not through port 6543), so they do go out together;
 * with `prepare: false` each statement with parameters is sent only once the one before it is answered.
 */
export async function asAuditReaderPipelined<T>(
  actor: Actor,
  work: (tx: Tx) => Promise<PipelinedWork<T>>,
  options: AsUserOptions = {},
): Promise<T> {
  const settings = requestSettings(actor, options.request);
  if (settings.role !== "authenticated") {
    throw new Error(`Only a signed-in caller reads through the audited door, not ${settings.role}`);
  }
  const sql = options.sql ?? doorDb();
  refuseRoleOffLogin(sql, AUDIT_READER);
  const started = performance.now();
  // Guarded: a connection that closes mid-transaction takes no further statement and is not released.
  const { tx, begun, gone, failure, release } = await reserveTx(sql, options.mode);
  let inTransaction = false;
  try {
    // postgres.js sends a query when it is awaited or executed: BEGIN first (sent by reserveTx). Plans
    // custom as with unnamed statements: the door's are prepared (doorDb).
    // The first refusal in the order sent, not the first promise to reject: answered in one flight, a
    // refused setting and the "transaction is aborted" behind it settle a few microtasks apart, and
    // applySettings (async) settles after a bare statement would.
    const setup = firstRejection([
      begun,
      applySettings(tx, { ...settings, role: AUDIT_READER }),
      tx`select set_config('plan_cache_mode', 'force_custom_plan', true)`,
    ]);
    inTransaction = true;
    setup.catch(() => {}); // awaited below; a failure here also fails every statement behind it
    let done: PipelinedWork<T>;
    try {
      done = await work(tx);
    } catch (error) {
      await setup; // the first cause (a refused setting) rather than "transaction is aborted"
      throw error;
    }
    // COMMIT goes out with the statements `work` issued, not after BEGIN's and the settings' answers:
    // waiting for those made the transaction two flights, the server idle between the write and a
    // COMMIT still to come whenever the isolate was slow to read them. The server ends the transaction
    // with it (rolled back if a statement before it failed), so no ROLLBACK goes behind it (reserved_tx
    // would refuse one held there anyway). All are answered together: the first failure in the order
    // sent is the cause — a refused setting, then a statement — not a 25P02 the aborted transaction gave
    // the statements behind it (reserved_tx marks every rejection handled, so none is left unhandled).
    const committing = firstRejection([setup, ...done.last, tx`commit`]);
    inTransaction = false;
    await committing;
    // A statement `work` issued and nobody awaited failed: the server answered the COMMIT with a rollback
    // (a COMMIT of an aborted transaction is no error), so nothing of `last` was kept.
    const unawaited = failure();
    if (unawaited) throw unawaited;
    return done.result;
  } catch (error) {
    // A lost connection has nothing to roll back, and takes no statement (reserved_tx.ts says why).
    if (inTransaction && !gone() && !connectionLost(error)) await tx`rollback`.catch(() => {});
    throw error;
  } finally {
    release();
    observeTiming(DB_TRANSACTION, performance.now() - started);
  }
}

/**
 * A transaction on a guarded reservation (reserved_tx.ts), not postgres.js's `begin`: after its connection
 * closes, `begin` still writes the scope's next statement to it — to a null socket from a setImmediate
 * (an error outside every promise ends the isolate) or into the startup of the connection it has become
 * for another caller (porsager/postgres#1208). BEGIN travels with the settings, as with `begin` a statement
 * that failed fails the transaction even if `work` caught it, and a lost connection is not rolled back.
 */
async function run<T>(
  settings: RequestSettings,
  work: (tx: Tx) => Promise<T>,
  options: AsUserOptions,
): Promise<T> {
  const sql = options.sql ?? db();
  refuseRoleOffLogin(sql, settings.role);
  const started = performance.now();
  const { tx, begun, gone, failure, release } = await reserveTx(sql, options.mode);
  try {
    let result: T;
    try {
      await Promise.all([begun, applySettings(tx, settings)]);
      result = await work(tx);
      const caught = failure();
      if (caught) throw caught; // `work` caught it, but the transaction is aborted: COMMIT would roll back
    } catch (error) {
      if (!gone() && !connectionLost(error)) await tx`rollback`.catch(() => {});
      // "current transaction is aborted" says less than the statement that aborted it
      throw (error as { code?: unknown } | null)?.code === "25P02" ? failure() ?? error : error;
    }
    await tx`commit`;
    const late = failure();
    if (late) throw late; // a statement `work` left running failed before COMMIT: it rolled back
    return result;
  } finally {
    release();
    observeTiming(DB_TRANSACTION, performance.now() - started); // the "database time" histogram
  }
}

/** Runs work as the server: `asService` or `asJobs`, or a stand-in in tests (modules take it as a parameter). */
export type ServiceQuery = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * The server's own work as SERVER_ROLE with the service role's claims, never as the connection's owner:
 * bound by its grants and by the policies written `to medic_server` (it bypasses no RLS). Use only for what
 * no end user may do directly on the request path: writing audit rows, sessions, limits, observations, the AI
 * trail. What only the scheduled jobs write (metrics, alerts, health, anchors) is asJobs'.
 */
export async function asService<T>(work: (tx: Tx) => Promise<T>, options: AsUserOptions = {}): Promise<T> {
  if (options.request) return await asUser({ role: "service_role" }, work, options);
  return await run(SERVICE_SETTINGS, work, options);
}

/**
 * The scheduled jobs' work (flush-metrics: metrics, the spool drains, health, alerts, anchors) as JOB_ROLE on
 * the jobs' login (`jobsDb()` unless `options.sql`), with the service role's claims as the server's, so
 * auth.role() still names the server in the trail. Never on the request path: that login may not take it.
 */
export async function asJobs<T>(work: (tx: Tx) => Promise<T>, options: AsUserOptions = {}): Promise<T> {
  return await run(JOB_SETTINGS, work, { ...options, sql: options.sql ?? jobsDb() });
}

/**
 * The platform operator's work as `service_role`, for scripts that log in as the owner (kb import, the audit
 * backfill): on their own pool, which must not be one of the functions' logins (refused, as none of them is
 * a member of service_role either).
 */
export async function asOperator<T>(
  work: (tx: Tx) => Promise<T>,
  options: AsUserOptions & { readonly sql: Sql },
): Promise<T> {
  return await run({ ...SERVICE_SETTINGS, role: OPERATOR_ROLE }, work, options);
}

/**
 * The roles each login may take, as the migrations grant them (20261205120000): checked before anything is
 * sent, so a caller that picks the wrong pool is told so here instead of by a refused SET ROLE. The database's
 * memberships are the rule; this names the mistake. FUNCTIONS_LOGIN (`none`) is the login itself.
 */
export const LOGIN_ROLES: Readonly<Record<Login, readonly SqlRole[]>> = {
  [FUNCTIONS_LOGIN_USER]: ["anon", "authenticated", SERVER_ROLE, FUNCTIONS_LOGIN],
  [DOOR_LOGIN_USER]: [AUDIT_READER],
  [JOBS_LOGIN_USER]: [JOB_ROLE],
};

/** Throws when `sql` logs in as one of our logins and `role` is not one that login may take. */
export function refuseRoleOffLogin(sql: Sql, role: SqlRole): void {
  const login = loginOf(sql);
  if (login && !LOGIN_ROLES[login].includes(role)) {
    throw new Error(`Refusing to run as ${role} on the ${login} login`);
  }
}

/**
 * Which of our logins `sql` is: the isolate's pools by identity (whatever their URL's user name), any other
 * by its user name, directly or through the pooler (`<login>.<project ref>`); undefined for another login
 * (the owner's, in scripts and tests).
 */
export function loginOf(sql: Sql): Login | undefined {
  if (sql === shared) return FUNCTIONS_LOGIN_USER;
  if (sql === door || sql === doorCancel) return DOOR_LOGIN_USER;
  if (sql === jobs) return JOBS_LOGIN_USER;
  const user = (sql.options as { user?: unknown }).user;
  const name = typeof user === "string" ? user.split(".")[0] : undefined;
  return name === FUNCTIONS_LOGIN_USER || name === DOOR_LOGIN_USER || name === JOBS_LOGIN_USER
    ? name
    : undefined;
}

/** Any of the functions' logins (medic_edge, medic_audit, medic_jobs): never the operator's. */
export function isFunctionsLogin(sql: Sql): boolean {
  return loginOf(sql) !== undefined;
}

/**
 * The service role's settings are constants, so they go as literals: with prepare: false, postgres.js sends
 * a statement that has parameters as Parse/Describe first and waits for their types before it binds them
 * (a round trip of its own, and no statement pipelined behind it), while one without parameters goes out
 * whole in the same write as BEGIN. The audit writer, the metrics and the limiter's fallback pay one round
 * trip fewer per transaction.
 */
const SERVICE_SETTINGS: RequestSettings = requestSettings({ role: "service_role" });
const JOB_SETTINGS: RequestSettings = { ...SERVICE_SETTINGS, role: JOB_ROLE };
const JOB_SETTINGS_SQL = serviceSettingsSql(JOB_SETTINGS);
const SERVICE_SETTINGS_SQL = serviceSettingsSql(SERVICE_SETTINGS);

function serviceSettingsSql(settings: RequestSettings): string {
  return settingsSql({
    role: constantLiteral(settings.role),
    claimsJson: constantLiteral(settings.claimsJson),
    method: constantLiteral(settings.method),
    path: constantLiteral(settings.path),
    headersJson: constantLiteral(settings.headersJson),
  });
}

/**
 * The settings an audit event is written under inside a caller's transaction (the audited door's read and
 * its event): the server's role with the service key's claims, as asService, and the write's own statement
 * timeout. Literals, so the statement has no parameter and no Parse/Describe of its own.
 */
export function serverEventSettingsSql(statementTimeoutMs: number): string {
  return `select set_config('role', ${constantLiteral(SERVER_ROLE)}, true),
    set_config('request.jwt.claims', ${constantLiteral(SERVICE_SETTINGS.claimsJson)}, true),
    set_config('statement_timeout', ${constantLiteral(String(statementTimeoutMs))}, true)`;
}

/** A SQL string literal of a constant of ours; anything that would need escaping is refused, never quoted. */
function constantLiteral(value: string): string {
  if (!/^[A-Za-z0-9_{}":,]*$/.test(value)) throw new Error(`not a plain constant: ${JSON.stringify(value)}`);
  return `'${value}'`;
}
