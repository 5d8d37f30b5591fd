// Puts secrets into Vault (the bootstrap's shim locally, the same functions as Supabase Vault), creating or
// updating each by name: idempotent, run on every start before the migrations are pushed (the jobs they
// schedule read them: scripts/stack/migrate.ts). Never in a migration: the values belong
// to the environment (a hosted project sets 'project_url' and 'cron_secret' once in the dashboard).
import postgres from "postgres";

export async function storeVaultSecrets(url: string, secrets: Record<string, string>): Promise<void> {
  const sql = postgres(url, { prepare: false, max: 1, onnotice: () => {} });
  try {
    for (const [name, value] of Object.entries(secrets)) {
      const [existing] = await sql<{ id: string }[]>`select id from vault.secrets where name = ${name}`;
      if (existing) await sql`select vault.update_secret(${existing.id}::uuid, ${value})`;
      else {await sql`select vault.create_secret(${value}, ${name}, 'set by the local stack (scripts/stack/vault.ts)')`;}
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}
