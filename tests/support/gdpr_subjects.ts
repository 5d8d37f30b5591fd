/**
 * Data subjects for the gdpr-export and isolation tests: organizations and Supabase Auth users (the
 * profile follows by trigger, as in production), tokens, a subject with data in every table that can
 * hold personal data (through the functions where a function writes it, else through the same SQL the
 * functions and clients use), and a search of every table for a string.
 */
import type postgres from "postgres";
import { stackEnv } from "./env.ts";
import { userToken } from "./jwt.ts";

export type Sql = postgres.Sql;
export type Role = "admin" | "medical_director" | "paramedic" | "emt" | "guest";

export interface Person {
  readonly id: string;
  readonly organizationId: string;
  readonly role: Role;
  readonly email: string;
  readonly sessionId: string;
  readonly token: string;
}

export async function createOrganization(sql: Sql, label: string): Promise<string> {
  const id = crypto.randomUUID();
  await sql`insert into public.organizations (id, name) values (${id}, ${`${label} ${id.slice(0, 8)}`})`;
  return id;
}

/** An Auth user of `role` in `organizationId`, and a token with its own session. */
export async function createPerson(
  sql: Sql,
  organizationId: string,
  role: Role,
  extra: { readonly fullName?: string } = {},
): Promise<Person> {
  const id = crypto.randomUUID();
  const email = `${role}-${id.slice(0, 8)}@gdpr-e2e.test`;
  const appMetadata = { role, organization_id: organizationId };
  await sql`
    insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data)
    values (${id}, ${email}, ${sql.json(appMetadata)}, ${
    sql.json(extra.fullName ? { full_name: extra.fullName } : {})
  })`;
  const sessionId = crypto.randomUUID();
  const token = await userToken(id, appMetadata, { session_id: sessionId });
  return { id, organizationId, role, email, sessionId, token };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // deno-lint-ignore no-explicit-any -- JSON bodies, asserted field by field
  readonly json: any;
}

/** A request to a function on the stack's functions server, with a recognisable user agent. */
export async function callFunction(
  path: string,
  init: { token?: string; method?: string; body?: unknown; userAgent?: string } = {},
): Promise<Reply> {
  const headers = new Headers({ "User-Agent": init.userAgent ?? "gdpr-e2e" });
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  const res = await fetch(`${stackEnv("FUNCTIONS_URL")}/${path.replace(/^\//, "")}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch { /* csv, ndjson */ }
  return { status: res.status, headers: res.headers, text, json };
}

/** What a seeded subject can be recognised by, to search for after erasure. */
export interface SubjectMarkers {
  readonly ip: string;
  readonly userAgent: string;
  readonly accessId: string;
}

/**
 * The subject's data in every table that holds personal data: requests through the functions (dosing,
 * the offline chat: audit events, session, AI audit trail), a protocol search and client telemetry as
 * the user, a PHI access where they are the patient (by `accessor`, of the subject's organization), limiter
 * records, a security event and an alert naming them, an alert they handled, MFA records.
 */
export async function seedSubject(sql: Sql, subject: Person, accessor: Person): Promise<SubjectMarkers> {
  const tag = subject.id.slice(0, 8);
  const ip = `198.51.100.${1 + (parseInt(tag.slice(0, 2), 16) % 250)}`;
  const userAgent = `gdpr-e2e-agent/${tag}`;
  const dose = await callFunction("dosing", {
    token: subject.token,
    userAgent,
    body: { medication: "naloxone", weightKg: 20 },
  });
  if (dose.status !== 200) throw new Error(`dosing answered ${dose.status}: ${dose.text}`);
  const chat = await callFunction("bedrock-ai-chat", {
    token: subject.token,
    userAgent,
    body: { stream: false, messages: [{ role: "user", content: "Naloxone dose for a 20 kg child?" }] },
  });
  if (chat.status !== 200) throw new Error(`chat answered ${chat.status}: ${chat.text}`);

  const claims = (p: Person) =>
    JSON.stringify({
      sub: p.id,
      role: "authenticated",
      aal: "aal2", // backup codes are made only with a second factor
      session_id: p.sessionId,
      app_metadata: { role: p.role, organization_id: p.organizationId },
    });
  const accessId = await sql.begin(async (tx) => {
    // The protocol-usage writer is the functions' login's (medic_edge), with the caller's claims beside it.
    await tx`select set_config('role', 'medic_edge', true), set_config('request.jwt.claims', ${
      claims(subject)
    }, true)`;
    const [row] =
      await tx`select id::text from public.record_protocol_access('chest pain adult', '[]', false, null, 1)`;
    await tx`select set_config('role', 'authenticated', true)`;
    await tx`insert into public.performance_metrics (metric_name, value, unit, page) values ('page.load', 420, 'ms', '/protocols')`;
    await tx`insert into public.web_vitals (metric, value, page) values ('LCP', 1800, '/protocols')`;
    await tx`select public.generate_mfa_backup_codes()`;
    return row.id as string;
  });
  await recordPhiAccess(sql, accessor, subject.id);
  const identifier = `user:${subject.id}`;
  await sql`select audit.write_events(${
    sql.json([{
      action: "auth.failure",
      resource: "gdpr-e2e",
      outcome: "failure",
      organization_id: subject.organizationId,
      user_id: subject.id,
      session_id: subject.sessionId,
      ip_address: ip,
      user_agent: userAgent,
    }])
  })`;
  await sql`insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class,
      violation_count, reputation, organization_id)
    values (${identifier}, 'user', ${ip}, 'API', 3, 70, ${subject.organizationId})`;
  await sql`insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class)
    values (${`client:gdpr-e2e-${tag}`}, 'fingerprint', ${ip}, 'API')`;
  await sql`insert into public.security_events (organization_id, event_type, severity, identifier, details)
    values (${subject.organizationId}, 'rate_limit.ban', 'HIGH', ${identifier}, ${
    sql.json({ class: "API" })
  })`;
  await sql`select public.raise_alert('MEDIUM', 'SECURITY', 'A client was banned by the rate limiter',
    ${`${identifier} banned until later`}, 'rule:rate_limit_ban', ${`rate_limit_ban:${identifier}:1`},
    ${sql.json({ client: identifier })}, null, ${subject.organizationId})`;
  await sql`select public.raise_alert('LOW', 'SYSTEM', 'Handled by the subject', null, 'gdpr-e2e',
    ${`gdpr-e2e-handled:${tag}`}, '{}'::jsonb, null, ${subject.organizationId})`;
  await sql`update public.alerts set acknowledged_by = ${subject.id}, acknowledged_at = now(),
    acknowledgement_notes = 'looked into it' where dedup_key = ${`gdpr-e2e-handled:${tag}`}`;
  await sql`select public.record_mfa_enrollment(${subject.id}, 'totp', 'active')`;
  await sql`select public.record_mfa_challenge(${subject.id}, 'totp', true)`;
  return { ip, userAgent, accessId };
}

/**
 * A PHI table of a later issue, with the access trigger: `accessor` writes and then updates a record of
 * `patientId` in their organization (two rows of the PHI-access log naming the patient).
 */
export async function recordPhiAccess(sql: Sql, accessor: Person, patientId: string): Promise<void> {
  const claims = JSON.stringify({
    sub: accessor.id,
    role: "authenticated",
    session_id: accessor.sessionId,
    app_metadata: { role: accessor.role, organization_id: accessor.organizationId },
  });
  await sql.begin(async (tx) => {
    await tx`create temp table gdpr_e2e_notes (id integer, patient_id text, organization_id uuid) on commit drop`;
    await tx`create trigger gdpr_e2e_notes_phi after insert or update on gdpr_e2e_notes
      for each row execute function audit.log_phi_access('patient_id')`;
    await tx`select set_config('request.jwt.claims', ${claims}, true)`;
    await tx`insert into gdpr_e2e_notes values (1, ${patientId}, ${accessor.organizationId})`;
    await tx`update gdpr_e2e_notes set id = 2`;
  });
}

/** Every table (any schema but the catalogs) with a row whose JSON form contains `needle`. */
export async function tablesHolding(sql: Sql, needle: string): Promise<string[]> {
  const relations = await sql<{ schema: string; name: string }[]>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'm') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`;
  const hits: string[] = [];
  for (const r of relations) {
    const [row] = await sql`
      select count(*)::int as n from ${sql(r.schema)}.${
      sql(r.name)
    } t where to_jsonb(t)::text ilike ${`%${needle}%`}`;
    if (row.n > 0) hits.push(`${r.schema}.${r.name}`);
  }
  return hits;
}

/** The audit row a request wrote (its X-Request-Id), waiting (up to 15 s) for the sink's batch. */
export async function auditRowOf(sql: Sql, requestId: string) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const [row] = await sql`
      select action::text, outcome::text, organization_id, actor_pseudonym, data_classification::text,
        metadata from public.audit_logs where correlation_id = ${requestId}`;
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no audit row for request ${requestId} within 15 s`);
}
