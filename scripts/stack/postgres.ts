// A project-local Postgres 15 cluster: initdb, start, stop, readiness, and (re)creating the app
// database. The data directory lives under .local/ and belongs to the postgres OS user when we are root.
import { PG_BIN } from "./provision.ts";
import { isRoot, run, runAsPostgres, tcpOpen, waitFor } from "./run.ts";

export interface PostgresOptions {
  dataDir: string; // absolute
  port: number;
  database: string; // the app database; pg_cron runs its jobs there
}

export function dbUrl(opts: PostgresOptions, database = opts.database): string {
  return `postgresql://postgres:postgres@127.0.0.1:${opts.port}/${database}`;
}

async function exists(path: string) {
  return await Deno.stat(path).then(() => true, () => false);
}

async function makeOwnedDir(path: string) {
  await Deno.mkdir(path, { recursive: true });
  if (isRoot()) await run("chown", ["postgres:postgres", path]);
}

export async function initCluster(opts: PostgresOptions): Promise<boolean> {
  if (await exists(`${opts.dataDir}/PG_VERSION`)) return false;
  await makeOwnedDir(opts.dataDir);
  await runAsPostgres(`${PG_BIN}/initdb`, [
    "-D",
    opts.dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
  ]);
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
      "shared_preload_libraries = 'pg_cron'",
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
    throw new Error(`port ${opts.port} is taken by another program; set DB_PORT to a free port`);
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
    throw new Error(`Postgres did not start (pg_ctl exit ${r.code}).\n${r.stderr}\n${tail}`);
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
    "postgres",
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
