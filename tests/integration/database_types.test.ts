/**
 * functions-shared/core/database.types.ts is what the Supabase CLI generates from this stack's migrated
 * database (`supabase gen types typescript`, schema public): a migration that changes a
 * table without regenerating (`deno task db:types`) fails here, and the row shapes built on it
 * (core/db_rows.ts) follow the database.
 */
import assert from "node:assert/strict";
import { DATABASE_TYPES_PATH, generateDatabaseTypes } from "../../scripts/db_types.ts";
import { stackEnv } from "../support/env.ts";

Deno.test("database.types.ts is what `supabase gen types` gives for the migrated database", async () => {
  const generated = await generateDatabaseTypes(stackEnv("SUPABASE_DB_URL"));
  assert.match(generated, /export type Database = \{/);
  assert.match(generated, /"audit_logs": \{/);
  assert.doesNotMatch(generated, /_20\d\d_\d\d"/, "no partition, whose name would change with the month");
  const committed = await Deno.readTextFile(DATABASE_TYPES_PATH);
  assert.ok(
    committed === generated,
    "database.types.ts is stale: run `deno task db:types` with the dev stack up",
  );
});
