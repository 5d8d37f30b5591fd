/**
 * A migration that takes a strong lock on a table sets a non-zero `lock_timeout` first, at its top level.
 * A project's push runs each file as one transaction: an index build holds the table's writes, and ALTER
 * TABLE, a policy, a trigger or a new partition waits for ACCESS EXCLUSIVE behind every open reader (an audit
 * or GDPR export holds its tables for minutes) while every request queues behind it. With a timeout the push
 * fails and is retried when no export runs; without one the functions stall (20261205080000 built the
 * failures index that way: README, deploy section). The rule reads the file's text: DDL that a DO block builds
 * is seen through its format string, DDL inside a called function only for the partition helpers named here.
 */
import assert from "node:assert/strict";

const MIGRATIONS = new URL("../../supabase/migrations/", import.meta.url);
/** Files from this one on follow the rule; earlier ones are pushed everywhere already or predate it. */
const RULE_FROM = "20261205113000";

const LOCKING_DDL = new RegExp(
  [
    String.raw`\bcreate\s+(?:unique\s+)?index\b`,
    String.raw`\b(?:drop|alter)\s+index\b`,
    String.raw`\balter\s+table\b`,
    String.raw`\bdrop\s+table\b`,
    String.raw`\bcreate\s+table\b[^;]*\bpartition\s+of\b`,
    String.raw`\b(?:truncate|lock\s+table|reindex|cluster|vacuum\s+full)\b`,
    String.raw`\b(?:create|alter|drop)\s+policy\b`,
    String.raw`\bcreate\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\b`,
    String.raw`\b(?:alter|drop)\s+trigger\b`,
    String.raw`\baudit\.(?:ensure|create|archive|drop|detach)_\w*partition\w*\s*\(`,
  ].join("|"),
  "i",
);
const TIMEOUT =
  /\bset\s+local\s+lock_timeout\s*(?:=|to)\s*'?([^';\s]+)'?|\bset_config\(\s*'lock_timeout'\s*,\s*'([^']+)'/i;

const withoutComments = (sql: string) => sql.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--[^\n]*/g, "");
const withoutDollarQuoted = (sql: string) => sql.replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, " ");
/** A function's body runs when it is called, not when the migration defines it; a DO block's runs now. */
const withoutFunctionBodies = (sql: string) =>
  sql.replace(
    /\bcreate\s+(?:or\s+replace\s+)?(?:function|procedure)\b[\s\S]*?\bas\s+(\$[A-Za-z_]*\$)[\s\S]*?\1/gi,
    " ",
  );

/** Why a migration's text breaks the rule, or null: locking DDL with no non-zero timeout set before it. */
function lockWithoutTimeout(sql: string): string | null {
  const code = withoutFunctionBodies(withoutComments(sql));
  const ddl = LOCKING_DDL.exec(code);
  if (!ddl) return null;
  // Only a top-level setting counts: one inside a function body is not in force when the DDL runs.
  const topLevel = withoutDollarQuoted(code.slice(0, ddl.index));
  const timeout = TIMEOUT.exec(topLevel);
  const value = timeout?.[1] ?? timeout?.[2];
  if (value !== undefined && !/^0+(?:ms|s|min)?$/i.test(value)) return null;
  return ddl[0];
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

Deno.test("a migration that takes a strong lock sets lock_timeout before it", async () => {
  const offenders = [...await migrations()]
    .filter(([name]) => name >= RULE_FROM)
    .map(([name, sql]) => [name, lockWithoutTimeout(sql)])
    .filter(([, why]) => why !== null);
  assert.deepEqual(offenders, []);
});

Deno.test("the rule finds the migration it was written for, and accepts it with a timeout first", async () => {
  const failuresIndex = (await migrations()).get("20261205080000_failures_index_names_the_organization.sql");
  assert.ok(failuresIndex, "the failures-index migration is where the rule expects it");
  assert.match(lockWithoutTimeout(failuresIndex) ?? "", /create index/);
  assert.equal(lockWithoutTimeout(`set local lock_timeout = '5s';\n${failuresIndex}`), null);
  assert.equal(lockWithoutTimeout(`select set_config('lock_timeout', '2s', true);\n${failuresIndex}`), null);
  assert.match(lockWithoutTimeout(`${failuresIndex}\nset local lock_timeout = '5s';`) ?? "", /create index/);
});

Deno.test("each kind of locking statement is the rule's", () => {
  for (
    const ddl of [
      "drop index public.audit_logs_failures_idx;",
      "alter table public.users\n  add column x int;",
      "create table audit.audit_logs_2027_01 partition of public.audit_logs for values from ('2027-01-01') to ('2027-02-01');",
      "drop table public.audit_logs_2020_01;",
      "truncate public.metrics;",
      "create policy trail_read on public.security_policies for select using (true);",
      "create or replace trigger t before update on public.users for each row execute function f();",
      "alter trigger t on public.users rename to u;",
      "select audit.ensure_partitions(3);",
      "do $$ begin execute format('alter table %I add column x int', 'users'); end $$;",
    ]
  ) {
    assert.ok(lockWithoutTimeout(ddl), ddl);
  }
});

Deno.test("a timeout that is zero, commented out or inside a function body is no timeout", () => {
  const ddl = "alter table public.users add column x int;";
  assert.ok(lockWithoutTimeout(`set local lock_timeout = 0;\n${ddl}`));
  assert.ok(lockWithoutTimeout(`set local lock_timeout = '0s';\n${ddl}`));
  assert.ok(lockWithoutTimeout(`/* set local lock_timeout = '5s'; */\n${ddl}`));
  assert.ok(lockWithoutTimeout(`-- set local lock_timeout = '5s';\n${ddl}`));
  assert.ok(
    lockWithoutTimeout(
      `create function f() returns void language sql as $$ set local lock_timeout = '5s' $$;\n${ddl}`,
    ),
  );
  assert.equal(lockWithoutTimeout(`set local lock_timeout to '500ms';\n${ddl}`), null);
});

Deno.test("what takes no strong lock is not the rule's", () => {
  assert.equal(
    lockWithoutTimeout("alter function audit.get_failed_auth_attempts(integer) set jit = off;"),
    null,
  );
  assert.equal(lockWithoutTimeout("create table public.new_things (id bigint primary key);"), null);
  assert.equal(lockWithoutTimeout("-- alter table public.audit_logs add column x int;\nselect 1;"), null);
  assert.equal(lockWithoutTimeout("grant select on public.metrics to authenticated;"), null);
  assert.equal(
    lockWithoutTimeout(
      "create or replace function audit.archive_partition(p text) returns void language plpgsql as $fn$\n" +
        "begin execute format('alter table public.audit_logs detach partition %s', p); end $fn$;",
    ),
    null,
  );
});
