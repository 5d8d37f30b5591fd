// A per-checkout Postgres 15 cluster: initdb, start, stop, readiness, and (re)creating the app
// database. Where it lives is clusterDir's rule below.
import { createHash } from "node:crypto";
import { lastLine, SetupError } from "./errors.ts";
import { PG_BIN } from "./provision.ts";
import { isRoot, run, runAsPostgres, tcpOpen, waitFor } from "./run.ts";

/** Debian's home of the postgres OS user (postgresql-common creates it with the user). */
export const POSTGRES_HOME = "/var/lib/postgresql";

/**
 * The folder that holds one stack's cluster (`pgdata/`) and its log. As ourselves it is the stack's own
 * folder under .local/. As root, Postgres runs as the postgres OS user, which may not be allowed into the
 * checkout at all (a clone in a mode-700 home, or in `mktemp -d`): the cluster then lives in that user's
 * home, in a folder named after the checkout — its name and a hash of its path, so two checkouts never
 * share one — and no permission of the user's own folders is widened.
 */
export function clusterDir(root: string, stackDir: string, label: string): string {
  if (!isRoot()) return stackDir;
  return `${checkoutClustersDir(root)}/${label}`;
}

/** As root: the folder of every cluster this checkout made (dev, and each test run while it runs). */
export function checkoutClustersDir(root: string): string {
  const name = root.replace(/\/+$/, "").split("/").at(-1)?.replace(/[^A-Za-z0-9._-]/g, "_") || "checkout";
  const hash = createHash("sha256").update(root).digest("hex").slice(0, 10);
  return `${POSTGRES_HOME}/medic-bot-edge/${name}-${hash}`;
}

export interface PostgresOptions {
  dataDir: string; // absolute
  port: number;
  database: string; // the app database; pg_cron runs its jobs there
  /**
   * The cluster's bootstrap superuser, which psql() connects as (default `postgres`, which then also owns
   * what the migrations make). A cluster shaped like a Supabase project's has `supabase_admin` here and a
   * `postgres` that is no superuser (tests/support/platform_owner.sql).
   */
  superuser?: string;
}

export function dbUrl(opts: PostgresOptions, database = opts.database): string {
  return `postgresql://postgres:postgres@127.0.0.1:${opts.port}/${database}`;
}

/** The cluster's superuser's URL: dbUrl's unless the cluster's superuser is not `postgres`. */
export function superuserUrl(opts: PostgresOptions, database = opts.database): string {
  if (!opts.superuser) return dbUrl(opts, database);
  return `postgresql://${opts.superuser}@127.0.0.1:${opts.port}/${database}`;
}

async function exists(path: string) {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The data directory and the folder above it (the log's), owned by the postgres user when we are root. */
async function makeClusterDirs(dataDir: string) {
  if (isRoot() && (await run("id", ["-u", "postgres"], { check: false })).code !== 0) {
    throw new SetupError(
      `the postgres OS user does not exist; it comes with Debian's postgresql package: ` +
        `apt-get install postgresql-15, then rerun`,
    );
  }
  await Deno.mkdir(dataDir, { recursive: true });
  if (isRoot()) await run("chown", ["postgres:postgres", dataDir, `${dataDir}/..`]);
}

export async function initCluster(opts: PostgresOptions): Promise<boolean> {
  if (await exists(`${opts.dataDir}/PG_VERSION`)) return false;
  await makeClusterDirs(opts.dataDir);
  const r = await runAsPostgres(`${PG_BIN}/initdb`, [
    "-D",
    opts.dataDir,
    "-U",
    opts.superuser ?? "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
  ], { check: false });
  if (r.code !== 0) {
    throw new SetupError(
      `initdb could not create the cluster in ${opts.dataDir} (${lastLine(r.stderr || r.stdout)}); ` +
        `remove that folder if it holds a half-made cluster, check the disk has room, and rerun`,
    );
  }
  // Loopback TCP only, no unix socket: trust is safe only because nothing else can reach it.
  await Deno.writeTextFile(
    `${opts.dataDir}/pg_hba.conf`,
    "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n",
  );
  await Deno.writeTextFile(
    `${opts.dataDir}/postgresql.conf`,
    [
      "",
      "# Medic-Bot Edge local stack",
      "listen_addresses = '127.0.0.1'",
      `port = ${opts.port}`,
      "unix_socket_directories = ''",
      // pg_stat_statements as on Supabase: the load benchmark reads where the database's time goes.
      "shared_preload_libraries = 'pg_cron,pg_stat_statements'",
      `cron.database_name = '${opts.database}'`,
      "cron.use_background_workers = on",
      "max_worker_processes = 16",
      "max_connections = 200",
      "timezone = 'UTC'",
      "log_min_messages = warning",
      "",
    ].join("\n"),
    { append: true },
  );
  return true;
}

export async function isRunning(opts: PostgresOptions): Promise<boolean> {
  const r = await runAsPostgres(`${PG_BIN}/pg_ctl`, ["-D", opts.dataDir, "status"], { check: false });
  return r.code === 0;
}

export async function startPostgres(opts: PostgresOptions): Promise<boolean> {
  if (await isRunning(opts)) return false;
  if (await tcpOpen(opts.port)) {
    throw new SetupError(`port ${opts.port} is taken by another program; set DB_PORT to a free port (.env)`);
  }
  const logFile = `${opts.dataDir}/../postgres.log`;
  if (isRoot()) {
    await run("touch", [logFile]);
    await run("chown", ["postgres:postgres", logFile]);
  }
  const r = await runAsPostgres(
    `${PG_BIN}/pg_ctl`,
    ["-D", opts.dataDir, "-l", logFile, "-w", "-t", "30", "start"],
    { check: false },
  );
  if (r.code !== 0) {
    const tail = await Deno.readTextFile(logFile).then((t) => t.split("\n").slice(-15).join("\n"), () => "");
    throw new SetupError(
      `Postgres did not start (pg_ctl exit ${r.code}): ${lastLine(tail || r.stderr)}; ` +
        `its log is ${logFile}`,
    );
  }
  await waitFor("Postgres to accept connections", () => ready(opts));
  return true;
}

export async function stopPostgres(opts: PostgresOptions): Promise<void> {
  if (!(await isRunning(opts))) return;
  await runAsPostgres(`${PG_BIN}/pg_ctl`, ["-D", opts.dataDir, "-m", "fast", "-w", "stop"]);
}

export async function restartPostgres(opts: PostgresOptions): Promise<void> {
  await stopPostgres(opts);
  await startPostgres(opts);
}

async function ready(opts: PostgresOptions): Promise<boolean> {
  const r = await run(`${PG_BIN}/pg_isready`, ["-h", "127.0.0.1", "-p", String(opts.port)], { check: false });
  return r.code === 0;
}

/** psql against the cluster; stops at the first error and reports the file and Postgres' message. */
export async function psql(opts: PostgresOptions, args: string[], database = opts.database) {
  return await run(`${PG_BIN}/psql`, [
    "-X",
    "-q",
    "-v",
    "ON_ERROR_STOP=1",
    "-h",
    "127.0.0.1",
    "-p",
    String(opts.port),
    "-U",
    opts.superuser ?? "postgres",
    "-d",
    database,
    ...args,
  ]);
}

export async function databaseExists(opts: PostgresOptions): Promise<boolean> {
  const r = await psql(
    opts,
    ["-Atc", `select 1 from pg_database where datname = '${opts.database}'`],
    "template1",
  );
  return r.stdout.trim() === "1";
}

export async function createDatabase(opts: PostgresOptions): Promise<void> {
  await psql(opts, ["-c", `create database "${opts.database}"`], "template1");
}

/** Drops and recreates the app database, then restarts the server so pg_cron's launcher reattaches. */
export async function recreateDatabase(opts: PostgresOptions): Promise<void> {
  await psql(opts, ["-c", `drop database if exists "${opts.database}" with (force)`], "template1");
  await createDatabase(opts);
  await restartPostgres(opts);
}
