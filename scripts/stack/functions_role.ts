// The functions' database logins (created by migrations without a password): medic_edge for every function's
// request path, medic_audit for audit-query's audited door, medic_jobs for flush-metrics' job
// (20261205120000). The local stack gives each a password after every migration, as an operator does once per
// project, and hands the functions their URLs (MEDIC_EDGE_DB_URL, MEDIC_AUDIT_DB_URL, MEDIC_JOBS_DB_URL)
// instead of the owner's.
import postgres from "postgres";
import {
  DOOR_LOGIN_USER,
  FUNCTIONS_LOGIN_USER,
  JOBS_LOGIN_USER,
} from "../../functions-shared/core/required_config.ts";
import { LOCAL_FUNCTIONS_DB_PASSWORDS } from "./keys.ts";
import type { PostgresOptions } from "./postgres.ts";

export const FUNCTIONS_DB_ROLE = FUNCTIONS_LOGIN_USER;
export const DOOR_DB_ROLE = DOOR_LOGIN_USER;
export const JOBS_DB_ROLE = JOBS_LOGIN_USER;

/** Each login and the environment variable its URL goes in. */
export const FUNCTIONS_LOGINS = [
  { role: FUNCTIONS_DB_ROLE, urlVariable: "MEDIC_EDGE_DB_URL" },
  { role: DOOR_DB_ROLE, urlVariable: "MEDIC_AUDIT_DB_URL" },
  { role: JOBS_DB_ROLE, urlVariable: "MEDIC_JOBS_DB_URL" },
] as const;
export type FunctionsLogin = typeof FUNCTIONS_LOGINS[number]["role"];

export function functionsDbUrl(
  opts: PostgresOptions,
  database = opts.database,
  role: FunctionsLogin = FUNCTIONS_DB_ROLE,
): string {
  return `postgresql://${role}:${LOCAL_FUNCTIONS_DB_PASSWORDS[role]}@127.0.0.1:${opts.port}/${database}`;
}

/** Every login's URL by its variable, for the functions' environment. */
export function functionsDbUrls(opts: PostgresOptions, database = opts.database): Record<string, string> {
  return Object.fromEntries(
    FUNCTIONS_LOGINS.map(({ role, urlVariable }) => [urlVariable, functionsDbUrl(opts, database, role)]),
  );
}

export async function setFunctionsRolePassword(ownerUrl: string): Promise<void> {
  const sql = postgres(ownerUrl, { prepare: false, max: 1, onnotice: () => {} });
  try {
    for (const { role } of FUNCTIONS_LOGINS) {
      await sql.unsafe(`alter role ${role} with password '${LOCAL_FUNCTIONS_DB_PASSWORDS[role]}'`);
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}
