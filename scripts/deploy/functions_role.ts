// The functions' database logins, as the migrations make them (20261202001200_functions_role.sql,
// 20261205120000_door_and_jobs_logins.sql): each logs in, inherits nothing, has no superuser-like attribute,
// owns nothing here, reaches exactly its roles (directly or through another), and ends runaway queries
// (statement_timeout). One line per login, with every reason it fails. Read from pg_roles and pg_shdepend: a
// hosted project's `postgres` may not read pg_authid.
import type postgres from "postgres";
import { DOOR_DB_ROLE, FUNCTIONS_DB_ROLE, JOBS_DB_ROLE } from "../stack/functions_role.ts";
import { AUDIT_READER, JOB_ROLE, OPERATOR_ROLE, SERVER_ROLE } from "../../functions-shared/platform/db.ts";
import { type CheckLine, fail, pass } from "./checklist.ts";

/** A login and every role it may reach (pg_has_role MEMBER), as the migrations grant them. */
export interface LoginSpec {
  readonly login: string;
  readonly roles: readonly string[];
  /** Roles that would undo a separation if reached, each with the reason and the remedy. */
  readonly forbidden: Readonly<Record<string, string>>;
  readonly migration: string;
}

/** On Supabase (Vault >= 0.3) it reads and deletes Vault's secrets: no login of the functions may reach it. */
const VAULT_READING_ROLE = OPERATOR_ROLE;
const VAULT = `reads Vault's secrets: apply 20261205110000_server_role.sql`;

/**
 * The request path's login: the request roles and the server's (medic_server, in place of service_role). Not
 * the door's audit_reader nor the jobs' role, since 20261205120000.
 */
export const EDGE_LOGIN: LoginSpec = {
  login: FUNCTIONS_DB_ROLE,
  roles: ["anon", "authenticated", SERVER_ROLE],
  forbidden: {
    [VAULT_READING_ROLE]: VAULT,
    [AUDIT_READER]: "is the audited door's: apply 20261205120000_door_and_jobs_logins.sql",
    [JOB_ROLE]: "is the scheduled jobs': apply 20261205120000_door_and_jobs_logins.sql",
  },
  migration: "20261202001200_functions_role.sql",
};

/** The audited door's login: audit_reader (and authenticated, which audit_reader is a member of), its event's medic_server. */
export const DOOR_LOGIN: LoginSpec = {
  login: DOOR_DB_ROLE,
  roles: [AUDIT_READER, "authenticated", SERVER_ROLE],
  forbidden: { [VAULT_READING_ROLE]: VAULT, [JOB_ROLE]: "is the scheduled jobs'" },
  migration: "20261205120000_door_and_jobs_logins.sql",
};

/** The scheduled jobs' login: their own role only. */
export const JOBS_LOGIN: LoginSpec = {
  login: JOBS_DB_ROLE,
  roles: [JOB_ROLE],
  forbidden: { [VAULT_READING_ROLE]: VAULT, [AUDIT_READER]: "is the audited door's" },
  migration: "20261205120000_door_and_jobs_logins.sql",
};

export const LOGINS: readonly LoginSpec[] = [EDGE_LOGIN, DOOR_LOGIN, JOBS_LOGIN];

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
  /** Every role it reaches, directly or through another (pg_has_role MEMBER). */
  memberOf: readonly string[];
  /** The objects it owns in this database or cluster-wide (pg_describe_object), at most a few. */
  owned: readonly string[];
  ownedCount: number;
}

const labelOf = (spec: LoginSpec) => `functions role ${spec.login}`;

/** `facts` is null when the role does not exist. */
export function judgeLogin(spec: LoginSpec, facts: RoleFacts | null): CheckLine {
  const label = labelOf(spec);
  if (!facts) return fail(label, `missing: apply the migrations (${spec.migration})`);
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
  const missing = spec.roles.filter((r) => !facts.memberOf.includes(r));
  if (missing.length) reasons.push(`not a member of ${missing.join(", ")}`);
  const extra = facts.memberOf.filter((r) => !spec.roles.includes(r));
  if (extra.length) reasons.push(`also a member of ${extra.join(", ")}`);
  for (const [role, why] of Object.entries(spec.forbidden)) {
    if (facts.memberOf.includes(role)) reasons.push(`${role} ${why}`);
  }
  if (!facts.settings.some((s) => s.startsWith("statement_timeout="))) reasons.push("no statement_timeout");
  if (reasons.length) return fail(label, reasons.join("; "));
  return pass(label, `LOGIN NOINHERIT, owns nothing, member of ${facts.memberOf.join(", ")} only`);
}

/** medic_edge's line (judgeLogin with EDGE_LOGIN). */
export function judgeFunctionsRole(facts: RoleFacts | null): CheckLine {
  return judgeLogin(EDGE_LOGIN, facts);
}

/** One line per login. */
export async function checkFunctionsRoles(sql: postgres.Sql): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const spec of LOGINS) lines.push(await checkLogin(sql, spec));
  return lines;
}

async function checkLogin(sql: postgres.Sql, spec: LoginSpec): Promise<CheckLine> {
  const [role] = await sql<Omit<RoleFacts, "memberOf" | "owned" | "ownedCount">[]>`
    select rolcanlogin as login, rolinherit as inherit, rolsuper as superuser,
      rolbypassrls as bypassrls, rolcreaterole as createrole, rolcreatedb as createdb,
      rolreplication as replication, coalesce(rolconfig, '{}') as settings
    from pg_roles where rolname = ${spec.login}`;
  if (!role) return judgeLogin(spec, null);
  // Every role it can reach, not only its direct grants: a grant of service_role to audit_reader would make
  // medic_edge the operator through it (review).
  const memberOf = await sql<{ name: string }[]>`
    select r.rolname::text as name from pg_roles r
    where r.oid <> to_regrole(${spec.login}) and pg_has_role(${spec.login}, r.oid, 'MEMBER')
    order by 1`;
  // pg_shdepend's owner entries are what DROP OWNED goes by: every kind of object, not only tables.
  const owned = await sql<{ object: string; total: number }[]>`
    select pg_describe_object(classid, objid, objsubid) as object, (count(*) over ())::int as total
    from pg_shdepend
    where refclassid = 'pg_authid'::regclass and refobjid = to_regrole(${spec.login}) and deptype = 'o'
      and dbid in (0, (select oid from pg_database where datname = current_database()))
    order by 1 limit 3`;
  return judgeLogin(spec, {
    ...role,
    memberOf: memberOf.map((m) => m.name),
    owned: owned.map((o) => o.object),
    ownedCount: owned[0]?.total ?? 0,
  });
}
