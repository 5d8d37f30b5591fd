// Brings a database to the repository's schema: the platform bootstrap (scripts/sql/bootstrap.sql),
// then supabase/migrations and the seed through the real Supabase CLI, which records what it applied in
// supabase_migrations.schema_migrations exactly as on a hosted project.
import { dbUrl, type PostgresOptions, psql } from "./postgres.ts";
import { runReachingRegistry } from "./run.ts";
import { storeVaultSecrets } from "./vault.ts";

export const SUPABASE_CLI = "supabase@3.1.0";
const ROOT = new URL("../../", import.meta.url).pathname;
const BOOTSTRAP = new URL("../sql/bootstrap.sql", import.meta.url).pathname;

export async function hasMigrationHistory(pg: PostgresOptions): Promise<boolean> {
  const r = await psql(pg, [
    "-Atc",
    "select to_regclass('supabase_migrations.schema_migrations') is not null",
  ]);
  return r.stdout.trim() === "t";
}

export async function applyBootstrap(pg: PostgresOptions): Promise<void> {
  await psql(pg, ["-f", BOOTSTRAP]);
}

/** npm's words for a registry it could not reach (the CLI's first run on a machine fetches it). */
export const NPM_UNREACHED =
  /^npm (?:ERR!|error) (?:code (?:ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|EPIPE|ERR_SOCKET_TIMEOUT|UNABLE_TO_\w+|\w*CERT\w*)|network )/m;

/**
 * Runs the Supabase CLI against a database URL; a failing migration throws with its file and message. When
 * npx could not fetch the CLI (NPM_UNREACHED) nothing ran yet, so it is tried again (runReachingRegistry).
 */
export async function supabaseCli(args: string[], check = true) {
  const r = await runReachingRegistry(NPM_UNREACHED, "npx", ["-y", SUPABASE_CLI, ...args], {
    cwd: ROOT,
    env: { PGSSLMODE: "disable", SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  }, { pauseMs: 2_000 });
  const output = (r.stdout + r.stderr).split("\n").filter((l) => !l.includes("npm warn")).join("\n").trim();
  if (check && r.code !== 0) throw new Error(`supabase ${args[0]} ${args[1] ?? ""} failed:\n${output}`);
  return { code: r.code, output };
}

export async function pushMigrations(pg: PostgresOptions, opts: { seed: boolean }): Promise<string> {
  const args = ["db", "push", `--remote=${dbUrl(pg)}`, "--yes"];
  if (opts.seed) args.push("--include-seed");
  const { output } = await supabaseCli(args);
  return output;
}

/**
 * `vault`: what the pg_cron jobs read (project_url, cron_secret), stored between the bootstrap (which makes
 * Vault) and the push (which schedules the jobs), as the README's deployment orders it: a job that ran
 * mid-push without them failed, and an hourly one (flush-metrics-hourly) kept that failed run, and
 * deploy:check's line for it, until its next hour.
 */
export async function migrateDatabase(
  pg: PostgresOptions,
  opts: { seed: boolean; vault?: Record<string, string> },
): Promise<string> {
  await applyBootstrap(pg);
  if (opts.vault) await storeVaultSecrets(dbUrl(pg), opts.vault);
  return await pushMigrations(pg, opts);
}
