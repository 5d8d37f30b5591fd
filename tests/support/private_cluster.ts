/**
 * A Postgres cluster of a test's own, migrated like the stack's, for tests that change what is
 * cluster-wide (roles) or one-per-cluster (pg_cron's database, extensions): the shared test cluster is
 * never touched. Built with the stack's own helpers and placed as isolatedConfig places a stack. Its
 * pg_cron runs no job (cron.max_running_jobs = 0), so cron.job_run_details holds only what the test
 * writes, whatever the clock says.
 */
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
    await Deno.writeTextFile(`${pg.dataDir}/postgresql.conf`, "cron.max_running_jobs = 0\n", {
      append: true,
    });
    await startPostgres(pg);
    await migrateDatabase(pg, { seed: false });
    await storeVaultSecrets(dbUrl(pg), vault);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: dbUrl(pg),
    remigrate: async () => void await migrateDatabase(pg, { seed: false }),
    stop,
  };
}
