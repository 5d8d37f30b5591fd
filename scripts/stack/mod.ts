// The local stack as one unit: Postgres (+ pg_cron, pgTAP), Redis, the Upstash REST bridge and the
// functions server. `dev` uses the fixed ports of .env.example under .local/dev; `test` gets its own
// directory and free ports so that it never touches a running `dev`. The Postgres cluster sits where the
// postgres OS user can reach it (postgres.ts, clusterDir).
import { type DaemonSpec, isDaemonRunning, startDaemon, stopDaemon } from "./daemon.ts";
import {
  LOCAL_ALERT_WEBHOOK_SECRET,
  LOCAL_ANON_KEY,
  LOCAL_CRON_SECRET,
  LOCAL_GDPR_ENCRYPTION_KEY,
  LOCAL_GDPR_PSEUDONYM_SALT,
  LOCAL_JWT_SECRET,
  LOCAL_S3_ACCESS_KEY_ID,
  LOCAL_S3_SECRET_ACCESS_KEY,
  LOCAL_SEAL_PUBLIC_KEY,
  LOCAL_SEAL_SIGNING_KEY,
  LOCAL_SERVICE_ROLE_KEY,
  LOCAL_UPSTASH_TOKEN,
} from "./keys.ts";
import { hasMigrationHistory, migrateDatabase } from "./migrate.ts";
import {
  clusterDir,
  createDatabase,
  databaseExists,
  dbUrl,
  initCluster,
  isRunning,
  type PostgresOptions,
  startPostgres,
  stopPostgres,
} from "./postgres.ts";
import { PG_BIN, provision, type Requirement } from "./provision.ts";
import { SetupError } from "./errors.ts";
import { isRedisRunning, type RedisOptions, startRedis, stopRedis } from "./redis.ts";
import { freeServicePorts } from "./run.ts";
import { prefetchFunctions } from "../functions/prefetch.ts";
import { functionsDbUrls, setFunctionsRolePassword } from "./functions_role.ts";

export const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

export interface StackConfig {
  dir: string; // absolute, under .local/
  pgDir: string; // absolute: the Postgres cluster and its log (postgres.ts, clusterDir)
  pgPort: number;
  redisPort: number;
  upstashPort: number;
  /** The local S3 API server (s3rver): the cold archive's object storage. */
  s3Port: number;
  functionsPort: number;
  database: string;
  allowedOrigins: string;
  /** Added to the functions' environment (test runs: their budgets). */
  extraEnv?: Record<string, string>;
}

export function devConfig(env = Deno.env.toObject()): StackConfig {
  const dir = `${ROOT}/.local/dev`;
  return {
    dir,
    pgDir: clusterDir(ROOT, dir, "dev"),
    pgPort: Number(env.DB_PORT ?? 54322),
    redisPort: Number(env.REDIS_PORT ?? 54379),
    upstashPort: Number(env.UPSTASH_PORT ?? 54380),
    // Beside the bridge unless set: a .env that moved the other ports moves this one with them.
    s3Port: Number(env.S3_PORT ?? Number(env.UPSTASH_PORT ?? 54380) + 10),
    functionsPort: Number(env.FUNCTIONS_PORT ?? 54321),
    database: "postgres",
    allowedOrigins: env.ALLOWED_ORIGINS ?? "",
  };
}

export function isolatedConfig(label: string, extraEnv: Record<string, string> = {}): StackConfig {
  const dir = `${ROOT}/.local/${label}-${Deno.pid}`;
  const [pgPort, redisPort, upstashPort, s3Port, functionsPort] = freeServicePorts(5);
  return {
    dir,
    pgDir: clusterDir(ROOT, dir, `${label}-${Deno.pid}`),
    pgPort,
    redisPort,
    upstashPort,
    s3Port,
    functionsPort,
    database: "postgres",
    allowedOrigins: "",
    extraEnv,
  };
}

export const pgOptions = (c: StackConfig): PostgresOptions => ({
  dataDir: `${c.pgDir}/pgdata`,
  port: c.pgPort,
  database: c.database,
});
export const redisOptions = (c: StackConfig): RedisOptions => ({ dir: `${c.dir}/redis`, port: c.redisPort });

/** What the pg_cron jobs that call the functions read from Vault: this stack's URL and cron secret. */
export function cronVaultSecrets(c: StackConfig): Record<string, string> {
  const env = functionEnv(c);
  return { project_url: env.SUPABASE_URL, cron_secret: env.CRON_SECRET };
}

/** The environment the functions (and tests) see: what Supabase's edge runtime provides, plus ours. */
export function functionEnv(c: StackConfig): Record<string, string> {
  return {
    APP_ENV: "development",
    SUPABASE_URL: `http://127.0.0.1:${c.functionsPort}`,
    SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    // The platform gives every function the owner's URL; ours use their own logins (medic_edge, and
    // medic_audit for the audited door, medic_jobs for the jobs). As on a project, every function sees all.
    SUPABASE_DB_URL: dbUrl(pgOptions(c)),
    ...functionsDbUrls(pgOptions(c)),
    JWT_SECRET: LOCAL_JWT_SECRET,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${c.upstashPort}`,
    UPSTASH_REDIS_REST_TOKEN: LOCAL_UPSTASH_TOKEN,
    REDIS_URL: `redis://127.0.0.1:${c.redisPort}`,
    ALLOWED_ORIGINS: c.allowedOrigins,
    CRON_SECRET: LOCAL_CRON_SECRET,
    ALERT_WEBHOOK_SECRET: LOCAL_ALERT_WEBHOOK_SECRET,
    SEAL_SIGNING_KEY: LOCAL_SEAL_SIGNING_KEY,
    SEAL_PUBLIC_KEY: LOCAL_SEAL_PUBLIC_KEY,
    ALERT_ALLOW_LOOPBACK: "true", // local receivers only; honoured with APP_ENV=development
    GDPR_PSEUDONYM_SALT: LOCAL_GDPR_PSEUDONYM_SALT,
    GDPR_ENCRYPTION_KEY: LOCAL_GDPR_ENCRYPTION_KEY,
    ...c.extraEnv,
  };
}

/** The bucket the cold archive writes to, created by the local S3 server at start. */
export const LOCAL_ARCHIVE_BUCKET = "audit-archive";

/**
 * The cold archive's storage settings (scripts/audit/cold_archive.ts): for the archiver, `audit:restore`,
 * tests and benchmarks only — never in the functions' environment, and never in the database.
 */
export function archiveEnv(c: StackConfig): Record<string, string> {
  return {
    AUDIT_ARCHIVE_S3_ENDPOINT: `http://127.0.0.1:${c.s3Port}`,
    AUDIT_ARCHIVE_S3_BUCKET: LOCAL_ARCHIVE_BUCKET,
    AUDIT_ARCHIVE_S3_REGION: "us-east-1",
    AUDIT_ARCHIVE_S3_ACCESS_KEY_ID: LOCAL_S3_ACCESS_KEY_ID,
    AUDIT_ARCHIVE_S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET_ACCESS_KEY,
  };
}

function s3Daemon(c: StackConfig): DaemonSpec {
  return {
    name: "s3",
    dir: c.dir,
    port: c.s3Port,
    env: {},
    args: [
      "run",
      "-A",
      `${ROOT}/scripts/s3/main.ts`,
      "--port",
      String(c.s3Port),
      "--dir",
      `${c.dir}/s3`,
      "--bucket",
      LOCAL_ARCHIVE_BUCKET,
    ],
  };
}

function bridgeDaemon(c: StackConfig): DaemonSpec {
  return {
    name: "upstash-bridge",
    dir: c.dir,
    port: c.upstashPort,
    env: { UPSTASH_REDIS_REST_TOKEN: LOCAL_UPSTASH_TOKEN },
    args: [
      "run",
      "-A",
      `${ROOT}/scripts/upstash/main.ts`,
      "--redis-port",
      String(c.redisPort),
      "--port",
      String(c.upstashPort),
    ],
  };
}

/** The functions server's environment: the functions', and where Storage's stand-in keeps its objects. */
export function functionsServerEnv(c: StackConfig): Record<string, string> {
  return { ...functionEnv(c), STORAGE_DIR: `${c.dir}/storage` };
}

export function functionsDaemon(c: StackConfig): DaemonSpec {
  return {
    name: "functions",
    dir: c.dir,
    port: c.functionsPort,
    env: functionsServerEnv(c),
    args: ["run", "-A", `${ROOT}/scripts/functions/main.ts`, "--port", String(c.functionsPort)],
  };
}

/** What this invocation started, so that it stops only that. */
export interface Started {
  postgres: boolean;
  redis: boolean;
  bridge: boolean;
  s3: boolean;
  functions: boolean;
}

export async function startServices(
  c: StackConfig,
  opts: { functions: boolean; log?: (l: string) => void; packages?: Requirement[] },
): Promise<Started> {
  const log = opts.log ?? console.log;
  await provision(log, opts.packages);
  const pg = pgOptions(c);
  await refuseLegacyCluster(c);
  const started: Started = { postgres: false, redis: false, bridge: false, s3: false, functions: false };
  try {
    if (await initCluster(pg)) log(`created Postgres cluster in ${pg.dataDir}`);
    started.postgres = await startPostgres(pg);
    if (!(await databaseExists(pg))) await createDatabase(pg);
    // The seed goes into a database once, on its first migration (db:reset seeds again).
    const fresh = !(await hasMigrationHistory(pg));
    const output = await migrateDatabase(pg, { seed: fresh, vault: cronVaultSecrets(c) });
    for (const line of output.split("\n")) if (/Applying|Seeding/.test(line)) log(line.trim());
    await setFunctionsRolePassword(dbUrl(pg));
    started.redis = await startRedis(redisOptions(c));
    started.bridge = await startDaemon(bridgeDaemon(c));
    started.s3 = await startDaemon(s3Daemon(c));
    if (opts.functions) {
      for (const { name, why } of await prefetchFunctions(`${ROOT}/supabase`)) {
        log(`${name}: its modules as deployed did not load; it will answer 503 BOOT_ERROR:\n${why}`);
      }
      started.functions = await startDaemon(functionsDaemon(c));
    }
    return started;
  } catch (err) {
    await stopServices(c, started);
    throw err;
  }
}

/**
 * As root, clusters used to live in the checkout (.local/<stack>/pgdata). One still running there holds
 * the port the new location needs: say so, with the command that stops it, instead of "port taken".
 */
async function refuseLegacyCluster(c: StackConfig): Promise<void> {
  const legacy = `${c.dir}/pgdata`;
  if (legacy === pgOptions(c).dataDir) return;
  if (!(await Deno.stat(`${legacy}/postmaster.pid`).then(() => true, () => false))) return;
  throw new SetupError(
    `a Postgres cluster from before the move is still running in ${legacy}; stop it with ` +
      `\`runuser -u postgres -- ${PG_BIN}/pg_ctl -D ${legacy} stop\` (and delete that folder once you no longer need ` +
      `its data), then rerun`,
  );
}

export async function stopServices(c: StackConfig, which: Started): Promise<void> {
  if (which.functions) await stopDaemon(functionsDaemon(c));
  if (which.bridge) await stopDaemon(bridgeDaemon(c));
  if (which.s3) await stopDaemon(s3Daemon(c));
  if (which.redis) await stopRedis(redisOptions(c));
  if (which.postgres) await stopPostgres(pgOptions(c));
}

/** Deletes a stopped stack's cluster (a test run's, when it is over), and the checkout's folder once empty. */
export async function removeCluster(c: StackConfig): Promise<void> {
  await Deno.remove(c.pgDir, { recursive: true }).catch(() => {});
  const checkoutDir = c.pgDir.slice(0, c.pgDir.lastIndexOf("/"));
  if (c.pgDir !== c.dir) await Deno.remove(checkoutDir).catch(() => {}); // only when empty
}

export async function runningServices(c: StackConfig): Promise<Started> {
  return {
    postgres: await isRunning(pgOptions(c)),
    redis: await isRedisRunning(redisOptions(c)),
    bridge: await isDaemonRunning(bridgeDaemon(c)),
    s3: await isDaemonRunning(s3Daemon(c)),
    functions: await isDaemonRunning(functionsDaemon(c)),
  };
}
