/**
 * A Postgres cluster of a test's own, migrated like the stack's, for tests that change what is
 * cluster-wide (roles) or one-per-cluster (pg_cron's database, extensions): the shared test cluster is
 * never touched. Built with the stack's own helpers and placed as isolatedConfig places a stack. Its
 * pg_cron runs no job, so cron.job_run_details holds only what the test writes, whatever the clock says:
 * every job is scheduled for a day that never comes (holdJobs), after each migration, and what ran
 * before that is forgotten. (cron.max_running_jobs = 0 did not hold them: pg_cron 1.4 ran its jobs all
 * the same, and one that ran between the migrations and the Vault's secrets failed, audit-anchor with
 * no URL yet, failing a deploy check that expected a clean project.)
 */
import postgres from "postgres";
import { migrateDatabase } from "../../scripts/stack/migrate.ts";
import { isolatedConfig, pgOptions, removeCluster } from "../../scripts/stack/mod.ts";
import { dbUrl, initCluster, startPostgres, stopPostgres } from "../../scripts/stack/postgres.ts";
import { storeVaultSecrets } from "../../scripts/stack/vault.ts";

export interface PrivateCluster {
  /** The owner's URL (the `postgres` superuser). */
  url: string;
  /** The platform bootstrap and every migration again: restores what bootstrap.sql creates. */
  remigrate(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateCluster(
  label: string,
  vault: Record<string, string>,
): Promise<PrivateCluster> {
  const config = isolatedConfig(label);
  const pg = pgOptions(config);
  const stop = async () => {
    await stopPostgres(pg).catch(() => {});
    await removeCluster(config);
    await Deno.remove(config.dir, { recursive: true }).catch(() => {});
  };
  try {
    await initCluster(pg);
    await startPostgres(pg);
    await migrateDatabase(pg, { seed: false });
    await storeVaultSecrets(dbUrl(pg), vault);
    await holdJobs(dbUrl(pg));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: dbUrl(pg),
    remigrate: async () => {
      await migrateDatabase(pg, { seed: false }); // cron.schedule in a migration sets a job's schedule again
      await holdJobs(dbUrl(pg));
    },
    stop,
  };
}

/** Every job kept, active, but due only on 31 February; the runs made before are forgotten. */
async function holdJobs(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`update cron.job set schedule = '0 0 31 2 *'`;
    await sql`delete from cron.job_run_details`;
  } finally {
    await sql.end();
  }
}
