// The Vault entries the pg_cron jobs read (flush-metrics-hourly, audit-anchor): `project_url`, where the
// functions are, and `cron_secret`, their bearer. One line each; values are compared, never printed.
import type postgres from "postgres";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const CRON_VAULT_ENTRIES = ["project_url", "cron_secret"] as const;

const withoutTrailingSlash = (url: string) => url.trim().replace(/\/+$/, "");

/**
 * `values` holds each entry's decrypted value (null: no such entry). `projectUrl`, when given, is what
 * `project_url` must hold, a trailing slash aside.
 */
export function judgeVaultEntries(
  values: ReadonlyMap<string, string | null>,
  projectUrl?: string,
): CheckLine[] {
  return CRON_VAULT_ENTRIES.map((name) => {
    const label = `vault entry ${name}`;
    if (!values.has(name)) {
      return fail(
        label,
        `missing: add it (Supabase dashboard: Project Settings → Vault, or vault.create_secret)`,
      );
    }
    const value = values.get(name);
    if (!value?.trim()) return fail(label, "empty (or it cannot be decrypted)");
    if (name === "project_url" && projectUrl !== undefined) {
      if (withoutTrailingSlash(value) !== withoutTrailingSlash(projectUrl)) {
        return fail(label, "differs from --project-url: the jobs would call another project");
      }
      return pass(label, "set, equal to --project-url");
    }
    return pass(label, "set");
  });
}

export async function checkVaultEntries(sql: postgres.Sql, projectUrl?: string): Promise<CheckLine[]> {
  const [{ present }] = await sql<{ present: boolean }[]>`
    select to_regclass('vault.decrypted_secrets') is not null as present`;
  if (!present) {
    return CRON_VAULT_ENTRIES.map((name) =>
      fail(`vault entry ${name}`, "vault.decrypted_secrets does not exist (extension supabase_vault)")
    );
  }
  const rows = await sql<{ name: string; value: string | null }[]>`
    select name, decrypted_secret as value from vault.decrypted_secrets
    where name = any(${CRON_VAULT_ENTRIES as unknown as string[]})`;
  return judgeVaultEntries(new Map(rows.map((r) => [r.name, r.value])), projectUrl);
}
