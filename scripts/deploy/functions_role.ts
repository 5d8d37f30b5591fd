// The functions' database login, as supabase/migrations/20261202001200_functions_role.sql makes it: it
// logs in, inherits nothing, has no superuser-like attribute, owns nothing here, may take exactly the
// request roles, and ends runaway queries (statement_timeout). One line with every reason it fails.
// Read from pg_roles and pg_shdepend: a hosted project's `postgres` may not read pg_authid.
import type postgres from "postgres";
import { FUNCTIONS_DB_ROLE } from "../stack/functions_role.ts";
import { AUDIT_READER, OPERATOR_ROLE, SERVER_ROLE } from "../../functions-shared/platform/db.ts";
import { type CheckLine, fail, pass } from "./checklist.ts";

/**
 * The roles the migrations grant it, which it takes per transaction as PostgREST's authenticator does:
 * medic_server for the server's writes (20261205110000_server_role.sql), in place of service_role.
 */
export const REQUEST_ROLES = ["anon", AUDIT_READER, "authenticated", SERVER_ROLE] as const;

/** On Supabase (Vault >= 0.3) it reads and deletes Vault's secrets: the functions' login must not take it. */
const VAULT_READING_ROLE = OPERATOR_ROLE;

export interface RoleFacts {
  login: boolean;
  inherit: boolean;
  superuser: boolean;
  bypassrls: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  /** pg_roles.rolconfig: `name=value` settings of the role in every database. */
  settings: readonly string[];
  memberOf: readonly string[];
  /** The objects it owns in this database or cluster-wide (pg_describe_object), at most a few. */
  owned: readonly string[];
  ownedCount: number;
}

const LABEL = `functions role ${FUNCTIONS_DB_ROLE}`;

/** `facts` is null when the role does not exist. */
export function judgeFunctionsRole(facts: RoleFacts | null): CheckLine {
  if (!facts) return fail(LABEL, "missing: apply the migrations (20261202001200_functions_role.sql)");
  const reasons: string[] = [];
  if (!facts.login) reasons.push("cannot log in (NOLOGIN)");
  if (facts.inherit) reasons.push("inherits its roles' privileges (INHERIT)");
  const powers = (["superuser", "bypassrls", "createrole", "createdb", "replication"] as const)
    .filter((attribute) => facts[attribute]);
  if (powers.length) reasons.push(`has ${powers.map((p) => p.toUpperCase()).join(", ")}`);
  if (facts.ownedCount > 0) {
    const more = facts.ownedCount > facts.owned.length ? `, … (${facts.ownedCount} in all)` : "";
    reasons.push(`owns ${facts.owned.join(", ")}${more}`);
  }
  const missing = REQUEST_ROLES.filter((r) => !facts.memberOf.includes(r));
  if (missing.length) reasons.push(`not a member of ${missing.join(", ")}`);
  const extra = facts.memberOf.filter((r) => !(REQUEST_ROLES as readonly string[]).includes(r));
  if (extra.length) reasons.push(`also a member of ${extra.join(", ")}`);
  if (facts.memberOf.includes(VAULT_READING_ROLE)) {
    reasons.push(`${VAULT_READING_ROLE} reads Vault's secrets: apply 20261205110000_server_role.sql`);
  }
  if (!facts.settings.some((s) => s.startsWith("statement_timeout="))) reasons.push("no statement_timeout");
  if (reasons.length) return fail(LABEL, reasons.join("; "));
  return pass(LABEL, `LOGIN NOINHERIT, owns nothing, member of ${facts.memberOf.join(", ")} only`);
}

export async function checkFunctionsRole(sql: postgres.Sql): Promise<CheckLine> {
  const [role] = await sql<Omit<RoleFacts, "memberOf" | "owned" | "ownedCount">[]>`
    select rolcanlogin as login, rolinherit as inherit, rolsuper as superuser,
      rolbypassrls as bypassrls, rolcreaterole as createrole, rolcreatedb as createdb,
      rolreplication as replication, coalesce(rolconfig, '{}') as settings
    from pg_roles where rolname = ${FUNCTIONS_DB_ROLE}`;
  if (!role) return judgeFunctionsRole(null);
  // Every role it can reach, not only its direct grants: a grant of service_role to audit_reader would make
  // medic_edge the operator through it (review).
  const memberOf = await sql<{ name: string }[]>`
    select r.rolname::text as name from pg_roles r
    where r.oid <> to_regrole(${FUNCTIONS_DB_ROLE}) and pg_has_role(${FUNCTIONS_DB_ROLE}, r.oid, 'MEMBER')
    order by 1`;
  // pg_shdepend's owner entries are what DROP OWNED goes by: every kind of object, not only tables.
  const owned = await sql<{ object: string; total: number }[]>`
    select pg_describe_object(classid, objid, objsubid) as object, (count(*) over ())::int as total
    from pg_shdepend
    where refclassid = 'pg_authid'::regclass and refobjid = to_regrole(${FUNCTIONS_DB_ROLE}) and deptype = 'o'
      and dbid in (0, (select oid from pg_database where datname = current_database()))
    order by 1 limit 3`;
  return judgeFunctionsRole({
    ...role,
    memberOf: memberOf.map((m) => m.name),
    owned: owned.map((o) => o.object),
    ownedCount: owned[0]?.total ?? 0,
  });
}
