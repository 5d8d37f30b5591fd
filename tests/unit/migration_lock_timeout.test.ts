/**
 * A migration that takes a strong lock on the trail's tables sets `lock_timeout` first. A project's push
 * runs each file as one transaction: an index built on every partition holds the trail's writes, and a
 * DROP INDEX or ALTER TABLE waits behind any open reader (an export may hold one for minutes) while every
 * request queues behind it. With a timeout the push fails and can be retried when no export runs; without
 * one the functions stall (20261205080000 built the failures index that way: README, deploy section).
 */
import assert from "node:assert/strict";

const MIGRATIONS = new URL("../../supabase/migrations/", import.meta.url);
/** Files before this one predate the rule; 20261205080000 is the case it was written for. */
const RULE_FROM = "20261205080001";
const TRAIL_TABLES = [
  "audit_logs",
  "phi_access_audit_log",
  "ai_audit_trails",
  "protocol_access",
  "pseudonym_mapping",
];
const LOCKING_DDL = new RegExp(
  String
    .raw`\b(?:create\s+(?:unique\s+)?index|drop\s+index|alter\s+(?:table|index)|lock\s+table|reindex|cluster|` +
    String
      .raw`(?:create|alter|drop)\s+policy|create\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger|drop\s+trigger)\b` +
    String.raw`[^;]*\b(?:${TRAIL_TABLES.join("|")})`,
  "i",
);
const LOCK_TIMEOUT = /\bset\s+local\s+lock_timeout\b/i;

/** Why a migration's text breaks the rule, or null: a locking statement on the trail before any timeout. */
function lockWithoutTimeout(sql: string): string | null {
  const code = sql.replace(/--[^\n]*/g, "");
  const ddl = LOCKING_DDL.exec(code);
  if (!ddl) return null;
  const timeout = LOCK_TIMEOUT.exec(code);
  if (timeout && timeout.index < ddl.index) return null;
  return ddl[0].split("\n")[0];
}

async function migrations(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(MIGRATIONS)) {
    if (entry.isFile && entry.name.endsWith(".sql")) {
      files.set(entry.name, await Deno.readTextFile(new URL(entry.name, MIGRATIONS)));
    }
  }
  return files;
}

Deno.test("a migration that locks the trail sets lock_timeout before it", async () => {
  const offenders = [...await migrations()]
    .filter(([name]) => name >= RULE_FROM)
    .map(([name, sql]) => [name, lockWithoutTimeout(sql)])
    .filter(([, why]) => why !== null);
  assert.deepEqual(offenders, []);
});

Deno.test("the rule finds the migration it was written for, and accepts it with a timeout first", async () => {
  const failuresIndex = (await migrations()).get("20261205080000_failures_index_names_the_organization.sql");
  assert.ok(failuresIndex, "the failures-index migration is where the rule expects it");
  assert.match(lockWithoutTimeout(failuresIndex) ?? "", /create index audit_logs_failures_org_idx/);
  assert.equal(lockWithoutTimeout(`set local lock_timeout = '5s';\n${failuresIndex}`), null);
  assert.match(lockWithoutTimeout(`${failuresIndex}\nset local lock_timeout = '5s';`) ?? "", /create index/);
});

Deno.test("statements on other tables, and comments, are not the rule's", () => {
  assert.equal(lockWithoutTimeout("create index metrics_hour_idx on public.metrics (hour);"), null);
  assert.equal(lockWithoutTimeout("-- alter table public.audit_logs add column x int;\nselect 1;"), null);
  assert.equal(
    lockWithoutTimeout("alter function audit.get_failed_auth_attempts(integer) set jit = off;"),
    null,
  );
  assert.ok(lockWithoutTimeout("alter table public.phi_access_audit_log\n  add column x int;"));
  assert.ok(lockWithoutTimeout("drop index public.audit_logs_failures_idx;"));
  assert.ok(lockWithoutTimeout("create policy trail_read on public.audit_logs for select using (true);"));
});
