/**
 * A synthetic audit trail for the query benchmarks: `rows` rows spread evenly over the last `months`
 * months (up to now), four organizations, 5,000 actors (and `users` more, created through
 * audit.write_events, whose ids a user-timeline query can name), 50,000 sessions, 20,000 client addresses,
 * 200 user agents, a realistic mix of actions and outcomes (about 3% failures, failed sign-ins among them),
 * dosing metadata to search by containment. Seqs follow time, each row is hashed exactly as
 * audit.stamp_audit_row would hash it (the same v2 digest expression, inline).
 *
 * Every pseudonym the trail carries has an original, as audit.write_events leaves it in production: a
 * mapping row (blind index, value encrypted under the Vault key with its own IV) and, per UTC month and
 * organization that carries it, a reveal period. So an admin's reveal pays for every pseudonym of what
 * they read (issue 18: no goal is met by measuring less).
 *
 * How: the mapping in one set-based statement; every past month is generated into a standalone table
 * (no indexes, no triggers: fast), its reveal periods read from it as the insert trigger would record
 * them, then ATTACHed as that month's partition, which builds its indexes in bulk; the current month's
 * share is inserted through the live partition (its trigger records its periods). Two months at a time
 * (one per core).
 *
 * Rates measured on the benchmark machine are in README.md; 10M rows (the issue's default) and 100M rows
 * are recipes: `BENCH_AUDIT_ROWS=10000000 deno task bench audit_queries`.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

export interface SyntheticAudit {
  readonly organizationId: string;
  /** Users with pseudonym mappings, and those pseudonyms. */
  readonly users: readonly { id: string; pseudonym: string }[];
  readonly rows: number;
  readonly seconds: number;
  /** The seq range of the past-month rows (contiguous, time-ordered). */
  readonly firstSeq: number;
  readonly lastSeq: number;
}

const ACTIONS = `case
  when a < 250 then 'dosing.calculate' when a < 350 then 'dosing.list' when a < 600 then 'protocol.search'
  when a < 650 then 'protocol.view' when a < 730 then 'chat.query' when a < 800 then 'chat.stream'
  when a < 820 then 'audit.query' when a < 840 then 'auth.failure' when a < 850 then 'auth.unauthorized'
  when a < 880 then 'api.validation_error' when a < 900 then 'api.rate_limited' when a < 950 then 'user.login'
  else 'user.session.start' end`;
const RESOURCES = `case split_part(action, '.', 1)
  when 'dosing' then case when action = 'dosing.list' then 'formulary' else 'dosing' end
  when 'protocol' then 'protocol' when 'chat' then 'chat' when 'audit' then 'audit_logs'
  when 'auth' then 'auth' when 'user' then 'session' else 'api' end`;
const MEDICATIONS =
  `(array['naloxone','epinephrine','midazolam','fentanyl','adenosine','amiodarone','atropine',
  'ondansetron'])[1 + (h % 8)::int]`;

/**
 * The SELECT producing rows i in [0, n) of a block starting at `base`, between `fromIso` and `toIso`;
 * `digest` is the row digest expression over alias `t` (audit.row_digest_v2_sql: the stamp trigger's own).
 */
export function rowsSelect(
  digest: string,
  n: number,
  base: number,
  fromIso: string,
  toIso: string,
  orgs: string[],
  mapped: string[],
) {
  const orgArray = `array[${orgs.map((o) => `'${o}'::uuid`).join(",")}]`;
  const mappedArray = `array[${mapped.map((p) => `'${p}'::uuid`).join(",")}]`;
  const step = `(extract(epoch from ('${toIso}'::timestamptz - '${fromIso}'::timestamptz)) / ${n})`;
  return `
    with g as (
      select i, (i * 2654435761::bigint) % 4294967296 as h from generate_series(0, ${n - 1}) i
    ), a as (
      select i, h, ((h / 256) % 1000)::int as a from g
    ), c as (
      select i, h, ${ACTIONS} as action from a
    ), r as (
      select ${base}::bigint + i as seq, gen_random_uuid() as event_id,
        '${fromIso}'::timestamptz + make_interval(secs => (i + 0.5) * ${step}) as ts,
        (${orgArray})[1 + (h % 4)::int] as organization_id,
        case when h % 10 = 0 then null
             when h % 100 < 8 then (${mappedArray})[1 + ((h / 7) % ${mapped.length})::int]
             else md5('actor' || (h % 5000))::uuid end as actor,
        case when h % 10 = 0 then 'guest' when h % 50 = 1 then 'medical_director' else 'paramedic' end as user_role,
        md5('session' || (h % 50000))::uuid as session,
        action,
        case when action in ('auth.failure', 'auth.unauthorized', 'api.validation_error', 'api.rate_limited')
             then 'failure' when (h / 65536) % 100 < 1 then 'failure' else 'success' end as outcome,
        h
      from c
    ), s as (
      select seq, event_id, ts, organization_id, actor, user_role::public.user_role, session,
        action::public.audit_action, ${RESOURCES} as resource, outcome::public.audit_outcome,
        case when action = 'dosing.calculate'
          then jsonb_build_object('medication', ${MEDICATIONS}, 'route', (array['IV','IO','IM','IN'])[1 + (h % 4)::int],
            'status', 200, 'function', 'dosing')
          else jsonb_build_object('status', case when outcome = 'failure' then 401 else 200 end,
            'function', split_part(action, '.', 1)) end as metadata,
        md5('ip' || (h % 20000))::uuid as ip, md5('ua' || (h % 200))::uuid as ua,
        null::text as error_message, (1 + h % 400)::int as duration_ms, md5(seq::text) as correlation_id,
        'INTERNAL'::public.data_classification as data_classification, 1::smallint as event_version,
        ts + interval '5 milliseconds' as created_at
      from r
    )
    select t.*, ${digest} from (
      select s.seq, s.event_id, s.ts as "timestamp", s.organization_id, s.actor as actor_pseudonym, s.user_role,
        s.session as session_pseudonym, s.action, s.resource, s.outcome, s.metadata, s.ip as ip_pseudonym,
        s.ua as user_agent_pseudonym, s.error_message, s.duration_ms, s.correlation_id, s.data_classification,
        s.event_version, s.created_at
      from s) t`;
}

/**
 * The originals behind the trail's own pseudonyms (rowsSelect's md5 ones), in one statement, stored as
 * audit.resolve_pseudonyms stores a new identifier: blind index = HMAC-SHA256 of kind:owner:value under the
 * Vault key, value = IV || AES-CBC of it with a fresh random IV per row (audit.decrypt_value reads it).
 * Values are shaped like the pipeline's (a user id, a session id, an address, a browser's agent string:
 * the lengths decryption pays for). The trail draws a session, address or agent independently of its actor
 * (one pseudonym seen with many users), so they are mapped without an owner, as an anonymous client's are.
 */
export const MAPPING_INSERT = `
  insert into audit.pseudonym_mapping (pseudonym, kind, owner_pseudonym, blind_index, value_encrypted)
  select n.p, n.kind, null,
    extensions.hmac(convert_to(n.kind || '::' || n.v, 'UTF8'), k.key, 'sha256'),
    n.iv || extensions.encrypt_iv(convert_to(n.v, 'UTF8'), k.key, n.iv, 'aes-cbc/pad:pkcs')
  from (select audit.pseudonym_key() as key) k
  cross join lateral (
    -- a derived table's volatile output: one IV per row, drawn once (as the writer draws it)
    select s.p, s.kind, s.v, extensions.gen_random_bytes(16) as iv
    from (
      select md5('actor' || i)::uuid, 'user', md5('bench-user' || i)::uuid::text
      from generate_series(0, 4999) i
      union all
      select md5('session' || i)::uuid, 'session', md5('bench-session' || i)::uuid::text
      from generate_series(0, 49999) i
      union all
      -- Shared address space (RFC 6598), which no request of the benchmarks comes from: wrk's and the load's
      -- clients are 10.x, and the local gateway gives a request without one a random 198.18.0.0/15 address,
      -- whose mapping (an anonymous client's: no owner) would collide with this one's blind index.
      select md5('ip' || i)::uuid, 'ip', host(('100.64.0.0'::inet + i))
      from generate_series(0, 19999) i
      union all
      select md5('ua' || i)::uuid, 'user_agent',
        'Mozilla/5.0 (iPad; CPU OS 17_' || (i % 7) || ' like Mac OS X) AppleWebKit/605.1.15 '
          || '(KHTML, like Gecko) Version/17.' || (i % 7) || ' Mobile/15E148 Safari/604.1 MedicBot/' || i
      from generate_series(0, 199) i
    ) s(p, kind, v)
  ) n`;

/**
 * The reveal periods of one past month's standalone table, as audit.record_audit_log_organizations records
 * them for rows inserted through the live partition (each pseudonym column, the row's organization, the
 * month); the month's table carries no trigger.
 */
export function periodsInsert(table: string, monthIso: string) {
  return `
    insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
    select distinct v.p, l.organization_id, 'audit_logs'::audit.pseudonym_row_source, '${monthIso}'::date
    from ${table} l
    cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                               (l.user_agent_pseudonym)) v(p)
    where l.organization_id is not null and v.p is not null`;
}

/** Reserves `n` consecutive seqs and returns the first. */
async function reserveSeqs(sql: Sql, n: number): Promise<number> {
  const [row] = await sql`select nextval('audit.audit_logs_seq')::float8 as base`;
  await sql`select setval('audit.audit_logs_seq', ${row.base + n - 1})`;
  return row.base;
}

export async function generateSyntheticAudit(
  sql: Sql,
  options: { rows: number; months?: number; users?: number; log?: (line: string) => void },
): Promise<SyntheticAudit> {
  const months = options.months ?? 24;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const organizationId = crypto.randomUUID();
  const orgs = [organizationId, crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  // Before anything is written: on a used stack the mapping's insert below would fail on a unique
  // pseudonym, not with the month check's message.
  const [{ used }] = await sql`select exists (select from audit.pseudonym_mapping m
    where m.pseudonym = md5('actor0')::uuid) as used`; // MAPPING_INSERT's first pseudonym
  if (used) throw new Error("this stack holds a synthetic trail already: generate into a fresh stack");

  // Real pseudonyms for a few users: one event each through write_events creates their mapping.
  const ids = Array.from({ length: options.users ?? 20 }, () => crypto.randomUUID());
  const events = ids.map((id) => ({
    user_id: id,
    organization_id: organizationId,
    user_role: "paramedic",
    action: "user.login",
    resource: "session",
    outcome: "success",
  }));
  await sql`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
  const users = await Promise.all(ids.map(async (id) => {
    const [row] = await sql`select audit.pseudonym_of('user', ${id})::text as p`;
    return { id, pseudonym: row.p as string };
  }));
  const mapped = users.map((u) => u.pseudonym);
  await sql.unsafe(MAPPING_INSERT);

  const now = new Date();
  const monthStart = (k: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
  const first = monthStart(months - 1);
  const perMs = options.rows / (now.getTime() - first.getTime());
  const plan = Array.from({ length: months }, (_, k) => {
    const from = monthStart(months - 1 - k);
    const to = k === months - 1 ? now : monthStart(months - 2 - k);
    return {
      from,
      to,
      n: Math.max(1, Math.round((to.getTime() - from.getTime()) * perMs)),
      current: k === months - 1,
    };
  });
  const [{ digest }] = await sql`select audit.row_digest_v2_sql('t') as digest`;
  const past = plan.filter((m) => !m.current);
  const bases: number[] = [];
  for (const m of past) bases.push(await reserveSeqs(sql, m.n)); // in time order: seqs follow time
  const queue = past.map((m, i) => ({ ...m, base: bases[i] }));
  let done = 0;
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const name = `audit_logs_${m.from.getUTCFullYear()}_${
        String(m.from.getUTCMonth() + 1).padStart(2, "0")
      }`;
      const [exists] = await sql`select to_regclass(${`audit.${name}`}) is not null as yes`;
      if (exists.yes) throw new Error(`audit.${name} exists already: generate into a fresh stack`);
      await sql.begin(async (tx) => {
        await tx.unsafe(`set local maintenance_work_mem = '256MB'; set local synchronous_commit = off`);
        await tx.unsafe(
          `create table audit.${name} (like public.audit_logs including defaults including constraints)`,
        );
        await tx.unsafe(
          `insert into audit.${name} ${
            rowsSelect(digest, m.n, m.base, m.from.toISOString(), m.to.toISOString(), orgs, mapped)
          }`,
        );
        await tx.unsafe(periodsInsert(`audit.${name}`, m.from.toISOString().slice(0, 10)));
        await tx.unsafe(`alter table public.audit_logs attach partition audit.${name}
          for values from ('${m.from.toISOString()}') to ('${m.to.toISOString()}')`);
        await tx.unsafe(`create trigger audit_logs_no_truncate before truncate on audit.${name}
          for each statement execute function audit.refuse_change()`);
      });
      done += m.n;
      log(`synthetic audit: ${name} (${m.n} rows), ${done} of ${options.rows}`);
    }
  };
  await Promise.all([worker(), worker()]);

  // The current month through the live partition (the stamp trigger draws seqs, as in production).
  const current = plan[plan.length - 1];
  await sql.unsafe(
    `insert into public.audit_logs ${
      rowsSelect(digest, current.n, 0, current.from.toISOString(), current.to.toISOString(), orgs, mapped)
    }`,
  );
  await sql`analyze public.audit_logs`;
  const seconds = (performance.now() - started) / 1000;
  const total = plan.reduce((sum, m) => sum + m.n, 0);
  return {
    organizationId,
    users,
    rows: total,
    seconds,
    firstSeq: bases[0],
    lastSeq: bases[bases.length - 1] + past[past.length - 1].n - 1,
  };
}
