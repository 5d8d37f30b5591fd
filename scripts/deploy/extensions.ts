// The extensions the migrations and the pg_cron jobs rely on: pg_cron (the schedules), pg_net (the
// jobs' HTTP calls), pgcrypto (digests, gen_random_bytes) and supabase_vault (the jobs' URL and secret,
// the pseudonym key). One line per extension.
import type postgres from "postgres";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const REQUIRED_EXTENSIONS = ["pg_cron", "pg_net", "pgcrypto", "supabase_vault"] as const;

export interface InstalledExtension {
  name: string;
  version: string;
  schema: string;
}

export function judgeExtensions(installed: readonly InstalledExtension[]): CheckLine[] {
  return REQUIRED_EXTENSIONS.map((name) => {
    const found = installed.find((e) => e.name === name);
    const label = `extension ${name}`;
    if (found) return pass(label, `${found.version} in schema ${found.schema}`);
    return fail(label, `not installed: enable it (Supabase dashboard: Database → Extensions) and rerun`);
  });
}

export async function checkExtensions(sql: postgres.Sql): Promise<CheckLine[]> {
  const installed = await sql<InstalledExtension[]>`
    select extname::text as name, extversion as version, extnamespace::regnamespace::text as schema
    from pg_extension where extname = any(${REQUIRED_EXTENSIONS as unknown as string[]})`;
  return judgeExtensions(installed);
}
