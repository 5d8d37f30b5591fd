// The Vault entries the pg_cron jobs read (flush-metrics-hourly, audit-anchor): `project_url`, where the
// functions are, and `cron_secret`, their bearer. One line each; values are compared, never printed.
import type postgres from "postgres";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const CRON_VAULT_ENTRIES = ["project_url", "cron_secret"] as const;

const withoutTrailingSlash = (url: string) => url.trim().replace(/\/+$/, "");

const SET_PROJECT_URL =
  "select vault.update_secret((select id from vault.secrets where name = 'project_url'), " +
  "'https://<ref>.supabase.co')";

/**
 * Why `project_url` cannot be what the jobs need, or null. They call `project_url || '/functions/v1/…'`, so
 * it must be an http(s) origin alone: a trailing slash makes `//functions/v1/…` (404), a path or a query
 * lands elsewhere. Says what is wrong, never the value.
 */
export function projectUrlProblems(value: string): string[] {
  if (value !== value.trim()) return ["has leading or trailing whitespace"];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ["is not a URL"];
  }
  const problems: string[] = [];
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`has the scheme ${url.protocol} (not http or https)`);
  }
  if (url.pathname !== "/") problems.push("has a path (the jobs append /functions/v1/… themselves)");
  else if (value.endsWith("/")) {
    problems.push("ends in '/' (the jobs would call //functions/v1/…, answered 404)");
  }
  if (url.search || value.includes("?")) problems.push("has a query");
  if (url.hash || value.includes("#")) problems.push("has a fragment");
  if (url.username || url.password) problems.push("has credentials");
  return problems;
}

/**
 * `values` holds each entry's decrypted value (null: no such entry). `projectUrl`, when given, is what
 * `project_url` must hold (its own trailing slash aside).
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
    if (name !== "project_url") return pass(label, "set");
    const problems = projectUrlProblems(value);
    if (problems.length) {
      return fail(
        label,
        `${problems.join("; ")}: set it to the project's URL alone, e.g. ${SET_PROJECT_URL}`,
      );
    }
    if (projectUrl === undefined) return pass(label, "set, an http(s) URL without path");
    if (value !== withoutTrailingSlash(projectUrl)) {
      return fail(label, "differs from --project-url: the jobs would call another project");
    }
    return pass(label, "set, equal to --project-url");
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
