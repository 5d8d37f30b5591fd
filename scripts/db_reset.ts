// `deno task db:reset`: rebuilds the dev database from scratch (bootstrap, every migration, seed).
// Postgres is started for the reset if it was not running, and stopped again afterwards.
import { exitOnError } from "./stack/errors.ts";
import { loadDotEnv } from "./stack/dotenv.ts";
import { migrateDatabase } from "./stack/migrate.ts";
import { setFunctionsRolePassword } from "./stack/functions_role.ts";
import { cronVaultSecrets, devConfig, pgOptions, ROOT } from "./stack/mod.ts";
import { dbUrl, initCluster, recreateDatabase, startPostgres, stopPostgres } from "./stack/postgres.ts";
import { provision } from "./stack/provision.ts";

await exitOnError(async () => {
  await loadDotEnv(`${ROOT}/.env`);
  await provision();
  const config = devConfig();
  const pg = pgOptions(config);
  await initCluster(pg);
  const startedHere = await startPostgres(pg);
  try {
    await recreateDatabase(pg);
    console.log(await migrateDatabase(pg, { seed: true, vault: cronVaultSecrets(config) }));
    await setFunctionsRolePassword(dbUrl(pg));
    console.log(`database ${pg.database} on port ${pg.port} rebuilt`);
  } finally {
    if (startedHere) await stopPostgres(pg);
  }
});
