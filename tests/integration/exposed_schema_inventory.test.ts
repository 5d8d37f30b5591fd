/**
 * What the Data API exposes: every table, view and function in the schemas of config.toml's [api] that
 * anon or authenticated can reach is classified here, and one that is not fails the suite — a new
 * object gets a decision, not a default. The classes:
 *   reference     the same for everyone (the knowledge base, limits, policies, prices); RLS may hide rows
 *   own rows      a person's own rows, or their organization's for its admins, under RLS
 *   audited door  returns data only while writing its own audit event
 * Audit, PHI-access, AI-trail, protocol-usage and user-directory data is in none of them: it is readable only by the
 * audit_reader role, which no JWT selects (supabase/migrations/…_audited_door.sql); audit-query takes it
 * for reads that write their own audit event.
 */
import assert from "node:assert/strict";
import { parse } from "smol-toml";
import { createSql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";

type Class = "reference" | "own rows" | "audited door";

const INVENTORY: Record<string, Class> = {
  // reference data
  "knowledge_base": "reference",
  "knowledge_base_impressions": "reference",
  "knowledge_base_state": "reference",
  "ai_model_prices": "reference",
  "rate_limit_config": "reference",
  "mfa_policies": "reference",
  "organization_role": "reference",
  "audit_retention_policy": "reference",
  "organizations": "reference",
  "security_policies": "reference",
  "metrics": "reference",
  "metrics_rollups": "reference",
  "load_test_results": "reference",
  // a person's own rows, or their organization's for its admins
  "performance_metrics": "own rows",
  "web_vitals": "own rows",
  "mfa_backup_codes": "own rows",
  "mfa_challenges": "own rows",
  "mfa_enrollments": "own rows",
  "mfa_compliance_status": "own rows",
  "users": "own rows",
  "user_sessions": "own rows",
  "active_sessions_summary": "own rows",
  "rate_limit_violations": "own rows",
  "security_events": "own rows",
  "alerts": "own rows",
  "alert_logs": "own rows",
  "error_logs": "own rows",
  "vulnerability_scans": "own rows",
  "set_protocol_access_feedback(uuid,boolean)": "own rows",
  "acknowledge_alert(bigint,text)": "own rows",
  "resolve_alert(bigint,text)": "own rows",
  "alert_statistics(timestamp with time zone,timestamp with time zone)": "own rows",
  "end_my_session()": "own rows",
  "generate_mfa_backup_codes()": "own rows",
  "use_mfa_backup_code(text)": "own rows",
};

Deno.test("every object the Data API exposes is classified, and no audit data is among them", async () => {
  const config = parse(await Deno.readTextFile(new URL("../../supabase/config.toml", import.meta.url))) as {
    api: { schemas: string[] };
  };
  // As one text: a JS array needs postgres.js's array types, fetched when the connection opens, and once
  // (full suite, 2026-12-05) the array went as "public,graphql_public" (malformed array literal); unexplained.
  const schemas = config.api.schemas.join(",");
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  try {
    const rows = await sql<{ schema: string; name: string }[]>`
      select n.nspname::text as schema, c.relname::text as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(string_to_array(${schemas}, ',')) and c.relkind in ('r', 'v', 'm', 'p', 'f')
        -- a grant on some columns exposes the table too (rate_limit_violations without ip_address)
        and (has_any_column_privilege('anon', c.oid, 'select,insert,update')
             or has_any_column_privilege('authenticated', c.oid, 'select,insert,update')
             or has_table_privilege('anon', c.oid, 'delete') or has_table_privilege('authenticated', c.oid, 'delete'))
      union all
      select n.nspname, regexp_replace(p.oid::regprocedure::text, '^[^.]*\\.', '')
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any(string_to_array(${schemas}, ','))
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        and (has_function_privilege('anon', p.oid, 'execute')
             or has_function_privilege('authenticated', p.oid, 'execute'))`;
    const exposed = rows.map((r) => (r.schema === "public" ? r.name : `${r.schema}.${r.name}`));
    const unclassified = exposed.filter((name) => !(name in INVENTORY)).sort();
    assert.deepEqual(unclassified, [], "classify each newly exposed object in this file");
    const stale = Object.keys(INVENTORY).filter((name) => !exposed.includes(name)).sort();
    assert.deepEqual(stale, [], "objects no longer exposed leave the inventory");
  } finally {
    await sql.end();
  }
});
