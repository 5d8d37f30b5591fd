/**
 * Vocabularies the database owns and TypeScript types: each TypeScript copy is compared with the
 * migrations that define it, so neither can change alone. (tests/e2e/audit_query.test.ts also compares
 * the audit vocabulary with the live enum, in order.)
 */
import assert from "node:assert/strict";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "../../functions-shared/core/audit_vocabulary.ts";
import { USER_ROLES } from "../../functions-shared/core/identity.ts";
import { RATE_LIMIT_CLASSES } from "../../functions-shared/core/rate_limit_class.ts";
import { AI_TRAIL_ROLES, OVERSIGHT_ROLES } from "../../functions-shared/handlers/audit_query/handlers.ts";

const MIGRATIONS = new URL("../../supabase/migrations/", import.meta.url);

async function migrations(): Promise<string> {
  const names = [...Deno.readDirSync(MIGRATIONS)].map((e) => e.name).filter((n) => n.endsWith(".sql")).sort();
  const texts = await Promise.all(names.map((n) => Deno.readTextFile(new URL(n, MIGRATIONS))));
  return texts.join("\n").replace(/--[^\n]*/g, "");
}

const quoted = (list: string) => [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);

/** The values of an enum: those it was created with, then each `add value`. */
function enumValues(sql: string, type: string): string[] {
  const created = new RegExp(`create type ${type} as enum \\(([^)]*)\\)`).exec(sql);
  assert.ok(created, `${type} is created by a migration`);
  const added = [
    ...sql.matchAll(new RegExp(`alter type ${type} add value (?:if not exists )?'([^']+)'`, "g")),
  ];
  return [...quoted(created[1]), ...added.map((m) => m[1])];
}

Deno.test("audit actions and outcomes are public.audit_action and public.audit_outcome", async () => {
  const sql = await migrations();
  assert.deepEqual([...AUDIT_ACTIONS].sort(), enumValues(sql, "public.audit_action").sort());
  assert.deepEqual([...AUDIT_OUTCOMES].sort(), enumValues(sql, "public.audit_outcome").sort());
});

Deno.test("end-user roles are public.user_role", async () => {
  assert.deepEqual([...USER_ROLES].sort(), enumValues(await migrations(), "public.user_role").sort());
});

Deno.test("rate-limit classes are the rows rate_limit_config is seeded with", async () => {
  const seeded = /insert into public\.rate_limit_config \(class[^)]*\) values([\s\S]*?);/.exec(
    await migrations(),
  );
  assert.ok(seeded, "a migration seeds rate_limit_config");
  const classes = [...seeded[1].matchAll(/\(\s*'([A-Z_]+)'/g)].map((m) => m[1]);
  assert.deepEqual([...RATE_LIMIT_CLASSES].sort(), classes.sort());
});

Deno.test("audit-query's role guards name the roles the audit_logs and ai_audit_trails policies let read", async () => {
  const sql = await migrations();
  const policy = /create policy audit_logs_select_org_oversight[\s\S]*?using \(([\s\S]*?)\);/.exec(sql);
  assert.ok(policy, "the audit_logs read policy exists");
  const roles = /app\.current_user_role\(\) in \(([^)]*)\)/.exec(policy[1]);
  assert.ok(roles, "the policy names its roles");
  assert.deepEqual([...OVERSIGHT_ROLES].sort(), quoted(roles[1]).sort());
  const trail = /create policy ai_audit_trails_admin_read[\s\S]*?app\.current_user_role\(\) = '([^']+)'/.exec(
    sql,
  );
  assert.ok(trail, "the ai_audit_trails read policy names its role");
  // Widened to both oversight roles by a later migration (issue 20): the latest definition counts.
  const widened = [
    ...sql.matchAll(
      /alter policy ai_audit_trails_oversight_read on public\.ai_audit_trails\s+using \(([\s\S]*?)\);/g,
    ),
  ].at(-1);
  const latest = widened ? /app\.current_user_role\(\)\) in \(([^)]*)\)/.exec(widened[1]) : null;
  assert.ok(latest, "the widened policy names its roles");
  assert.deepEqual([...AI_TRAIL_ROLES].sort(), quoted(latest[1]).sort());
});
