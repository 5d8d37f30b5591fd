/**
 * The cold archive's S3 keys reach the archiver, tests and benchmarks, and nothing else: not the functions'
 * environment (the edge runtime's secrets), and not the database, where an app role could come to read
 * them (no migration stores them, e.g. in Vault).
 */
import assert from "node:assert/strict";
import { archiveEnv, functionEnv, functionsDaemon, type StackConfig } from "../../scripts/stack/mod.ts";

const config: StackConfig = {
  dir: "/tmp/medic-bot-edge-unit",
  pgDir: "/tmp/medic-bot-edge-unit/pg",
  pgPort: 1,
  redisPort: 2,
  upstashPort: 3,
  s3Port: 4,
  functionsPort: 5,
  database: "postgres",
  allowedOrigins: "",
};

Deno.test("the archive's S3 keys are in the archiver's environment, not the functions'", () => {
  const archive = archiveEnv(config);
  assert.ok(archive.AUDIT_ARCHIVE_S3_SECRET_ACCESS_KEY);
  for (const env of [functionEnv(config), functionsDaemon(config).env]) {
    assert.deepEqual(Object.keys(env).filter((k) => k.startsWith("AUDIT_ARCHIVE_")), []);
  }
});

Deno.test("no migration puts archive storage credentials in the database", async () => {
  const dir = new URL("../../supabase/migrations/", import.meta.url);
  for (const entry of Deno.readDirSync(dir)) {
    const text = await Deno.readTextFile(new URL(entry.name, dir));
    assert.doesNotMatch(text, /AUDIT_ARCHIVE_S3|secret_access_key|access_key_id/i, entry.name);
  }
});
