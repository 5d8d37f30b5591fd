// The functions' database login (medic_edge, created by a migration without a password): the local stack
// gives it a password after every migration, as an operator does once per project, and hands the
// functions its URL (MEDIC_EDGE_DB_URL) instead of the owner's.
import postgres from "postgres";
import { LOCAL_FUNCTIONS_DB_PASSWORD } from "./keys.ts";
import type { PostgresOptions } from "./postgres.ts";

export const FUNCTIONS_DB_ROLE = "medic_edge";

export function functionsDbUrl(opts: PostgresOptions, database = opts.database): string {
  return `postgresql://${FUNCTIONS_DB_ROLE}:${LOCAL_FUNCTIONS_DB_PASSWORD}@127.0.0.1:${opts.port}/${database}`;
}

export async function setFunctionsRolePassword(ownerUrl: string): Promise<void> {
  const sql = postgres(ownerUrl, { prepare: false, max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`alter role ${FUNCTIONS_DB_ROLE} with password '${LOCAL_FUNCTIONS_DB_PASSWORD}'`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}
