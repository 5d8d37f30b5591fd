/**
 * A Postgres cluster of a test's own, migrated like the stack's, for tests that change what is
 * cluster-wide (roles) or one-per-cluster (pg_cron's database, extensions): the shared test cluster is
 * never touched. Built with the stack's own helpers and placed as isolatedConfig places a stack. Its
 * pg_cron runs no job, so cron.job_run_details holds only what the test writes, whatever the clock says:
 * every job is scheduled for a day that never comes (holdJobs), after each migration, and what ran
 * before that is forgotten. (cron.max_running_jobs = 0 did not hold them: pg_cron 1.4 ran its jobs all
 * the same, and one that ran between the migrations and the Vault's secrets failed, audit-anchor with
 * no URL yet, failing a deploy check that expected a clean project.)
 *
 * With `platformOwner` the cluster is shaped like a Supabase project's: its superuser is `supabase_admin`
 * and the migrations are pushed as a `postgres` that is no superuser (platform_owner.sql), so what they
 * make is owned, and what their definer functions and cron jobs run is run, as on a hosted project.
 */
import postgres from "postgres";
import { applyBootstrap, migrateDatabase, pushMigrations } from "../../scripts/stack/migrate.ts";
import { isolatedConfig, pgOptions, removeCluster } from "../../scripts/stack/mod.ts";
import {
  dbUrl,
  initCluster,
  type PostgresOptions,
  psql,
  startPostgres,
  stopPostgres,
  superuserUrl,
} from "../../scripts/stack/postgres.ts";
import { storeVaultSecrets } from "../../scripts/stack/vault.ts";

export interface PrivateCluster {
  /** The owner's URL (`postgres`: the superuser, or with `platformOwner` the platform's non-superuser). */
  url: string;
  /** The cluster's superuser's URL (`postgres`, or with `platformOwner` `supabase_admin`). */
  superuserUrl: string;
  /** The platform bootstrap and every migration again: restores what bootstrap.sql creates. */
  remigrate(): Promise<void>;
  stop(): Promise<void>;
}

const PLATFORM_OWNER_SQL = new URL("./platform_owner.sql", import.meta.url).pathname;
const PLATFORM_SUPERUSER = "supabase_admin";

export async function startPrivateCluster(
  label: string,
  vault: Record<string, string>,
  options: { platformOwner?: boolean } = {},
): Promise<PrivateCluster> {
  const config = isolatedConfig(label);
  const pg: PostgresOptions = {
    ...pgOptions(config),
    ...(options.platformOwner ? { superuser: PLATFORM_SUPERUSER } : {}),
  };
  const migrate = async () => {
    if (!options.platformOwner) return await migrateDatabase(pg, { seed: false });
    await applyBootstrap(pg);
    const owner = await psql(pg, ["-Atc", "select 1 from pg_roles where rolname = 'postgres'"]);
    if (owner.stdout.trim() !== "1") await psql(pg, ["-f", PLATFORM_OWNER_SQL]);
    return await pushMigrations(pg, { seed: false });
  };
  const stop = async () => {
    await stopPostgres(pg).catch(() => {});
    await removeCluster(config);
    await Deno.remove(config.dir, { recursive: true }).catch(() => {});
  };
  try {
    await initCluster(pg);
    await startPostgres(pg);
    await migrate();
    // Held before the Vault has what the jobs read: until then a job that runs fails without queuing a
    // call, and holdJobs forgets that run; held after, a minute turning in between let audit-anchor queue one.
    await holdJobs(superuserUrl(pg));
    await storeVaultSecrets(dbUrl(pg), vault);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: dbUrl(pg),
    superuserUrl: superuserUrl(pg),
    remigrate: async () => {
      await migrate(); // cron.schedule in a migration sets a job's schedule again
      await holdJobs(superuserUrl(pg));
    },
    stop,
  };
}

/** Every job kept, active, but due only on 31 February; the runs made before are forgotten (cron.job is
 * read-only to a hosted project's postgres, so this is the superuser's). */
async function holdJobs(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`update cron.job set schedule = '0 0 31 2 *'`;
    await sql`delete from cron.job_run_details`;
  } finally {
    await sql.end();
  }
}
