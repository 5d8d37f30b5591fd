/** Stops and starts the isolated test stack's Postgres, for fault tests (scripts/test.ts exports its data dir). */
import { restartPostgres, startPostgres, stopPostgres } from "../../scripts/stack/postgres.ts";
import { stackEnv } from "./env.ts";

function options() {
  const url = new URL(stackEnv("SUPABASE_DB_URL"));
  return { dataDir: stackEnv("STACK_PGDATA"), port: Number(url.port), database: url.pathname.slice(1) };
}

export const stopStackPostgres = () => stopPostgres(options());
export const startStackPostgres = () => startPostgres(options());
export const restartStackPostgres = () => restartPostgres(options());
