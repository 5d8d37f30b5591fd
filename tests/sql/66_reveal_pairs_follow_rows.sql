-- Reveal's (pseudonym, organization) pairs follow the rows (20261204001000-1020): retention takes a pair's
-- periods with the rows (audit.apply_retention_policy archiving a month of audit_logs and of the PHI-access
-- log; app.apply_ai_audit_retention deleting AI-trail rows before its cutoff), so an organization's admin
-- stops revealing a pseudonym with its organization's last row, and keeps revealing it while any row of
-- the organization carries it; the platform operator still reveals it (the mapping stays). Both jobs run as
-- the owner, which no app role is, and no app role reaches the periods or the functions that change them.
begin;
create extension if not exists pgtap;
select plan(50);

insert into public.organizations (id, name) values
  ('aaaaaaaa-6600-4000-8000-00000000000a', 'Follow org A'),
  ('bbbbbbbb-6600-4000-8000-00000000000b', 'Follow org B');

-- A month 25 months back (past INTERNAL's archive-after of 730 days): only INTERNAL rows, so the retention
-- job archives it now. A PHI-access month seven years back (past PHI's 2190 days).
select to_char(date_trunc('month', now()) - interval '25 months', 'YYYY-MM-DD') as m,
       to_char(date_trunc('month', now()) - interval '84 months', 'YYYY-MM-DD') as pm \gset
select audit.ensure_partitions_between(:'m', :'m');
select audit.ensure_partition('phi_access_audit_log', :'pm');

-- In the old month: U1 with an address used nowhere else; U2, who has no other row; U3 acting in B; an
-- action in A about a subject who has no other row. Now: U1 again (in A, no address) and U3 in A.
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'follow-66', 'outcome', 'success',
    'data_classification', 'INTERNAL', 'timestamp', :'m'::timestamptz + interval '3 days',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-000000000001',
    'ip_address', '198.51.100.166'),
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'follow-66', 'outcome', 'success',
    'data_classification', 'INTERNAL', 'timestamp', :'m'::timestamptz + interval '4 days',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-000000000002'),
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'follow-66', 'outcome', 'success',
    'data_classification', 'INTERNAL', 'timestamp', :'m'::timestamptz + interval '5 days',
    'organization_id', 'bbbbbbbb-6600-4000-8000-00000000000b', 'user_id', 'a6600000-0000-4000-8000-000000000003'),
  jsonb_build_object('action', 'dosing.list', 'resource', 'follow-66', 'outcome', 'success',
    'data_classification', 'INTERNAL', 'timestamp', :'m'::timestamptz + interval '6 days',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a',
    'metadata', jsonb_build_object('subject_pseudonym', (select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
      '[{"kind":"user","value":"a6600000-5b1e-4000-8000-000000000001"}]') p)))));
select audit.write_events($$[
  {"action":"dosing.list","resource":"follow-66","outcome":"success","organization_id":"aaaaaaaa-6600-4000-8000-00000000000a",
   "user_id":"a6600000-0000-4000-8000-000000000001"},
  {"action":"dosing.list","resource":"follow-66","outcome":"success","organization_id":"aaaaaaaa-6600-4000-8000-00000000000a",
   "user_id":"a6600000-0000-4000-8000-000000000003"}
]$$);
-- In the old PHI month: U1 touched a patient's record; that patient has no other row.
insert into public.phi_access_audit_log (occurred_at, organization_id, actor_pseudonym, actor_role, table_name,
  record_id, patient_pseudonym, operation)
select :'pm'::timestamptz + interval '2 days', 'aaaaaaaa-6600-4000-8000-00000000000a', a.pseudonym,
  'authenticated/paramedic', 'public.notes-66', '1', p.pseudonym, 'UPDATE'
from audit.pseudonymize(audit.pseudonym_key(), '[{"kind":"user","value":"a6600000-0000-4000-8000-000000000001"}]') a,
     audit.pseudonymize(audit.pseudonym_key(), '[{"kind":"patient","value":"patient-66"}]') p;

-- The AI trail around a cutoff at noon (UTC) 200 days back (retention 90 days, so the job runs 90 days
-- later): V two days before it; Z (with a session) an hour before it, on the cutoff's day; W an hour before
-- and an hour after it, the same day.
select (date_trunc('day', now() at time zone 'UTC') - interval '200 days' + interval '12 hours') at time zone 'UTC' as cutoff
\gset
select public.write_ai_audit_trails(jsonb_build_array(
  jsonb_build_object('message_id', 'a6600000-a1a1-4000-8000-000000000001', 'timestamp', :'cutoff'::timestamptz - interval '2 days',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-00000000000f',
    'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'offline'),
  jsonb_build_object('message_id', 'a6600000-a1a1-4000-8000-000000000002', 'timestamp', :'cutoff'::timestamptz - interval '1 hour',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-00000000001f',
    'session_id', 'sess-z-66', 'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'offline'),
  jsonb_build_object('message_id', 'a6600000-a1a1-4000-8000-000000000003', 'timestamp', :'cutoff'::timestamptz - interval '1 hour',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-00000000002f',
    'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'offline'),
  jsonb_build_object('message_id', 'a6600000-a1a1-4000-8000-000000000004', 'timestamp', :'cutoff'::timestamptz + interval '1 hour',
    'organization_id', 'aaaaaaaa-6600-4000-8000-00000000000a', 'user_id', 'a6600000-0000-4000-8000-00000000002f',
    'prompt_version', 'v1', 'mode', 'retrieval-only', 'outcome', 'offline')));

create temp table p66 (label text primary key, pseudonym uuid, original text not null);
insert into p66 values
  ('old.ip', (select ip_pseudonym from public.audit_logs where resource = 'follow-66' and ip_pseudonym is not null),
     '198.51.100.166'),
  ('old.user', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-000000000002'), 'a6600000-0000-4000-8000-000000000002'),
  ('old.subject', audit.pseudonym_of('user', 'a6600000-5b1e-4000-8000-000000000001'), 'a6600000-5b1e-4000-8000-000000000001'),
  ('kept.user', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-000000000001'), 'a6600000-0000-4000-8000-000000000001'),
  ('b.user', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-000000000003'), 'a6600000-0000-4000-8000-000000000003'),
  ('phi.patient', audit.pseudonym_of('patient', 'patient-66'), 'patient-66'),
  ('ai.v', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-00000000000f'), 'a6600000-0000-4000-8000-00000000000f'),
  ('ai.z', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-00000000001f'), 'a6600000-0000-4000-8000-00000000001f'),
  ('ai.z_session', (select session_pseudonym from public.ai_audit_trails where message_id = 'a6600000-a1a1-4000-8000-000000000002'),
     'sess-z-66'),
  ('ai.w', audit.pseudonym_of('user', 'a6600000-0000-4000-8000-00000000002f'), 'a6600000-0000-4000-8000-00000000002f');
grant select on p66 to audit_reader, service_role;

create function pg_temp.as_caller(role text, org text) returns void language sql as $$
  select set_config('request.jwt.claims', json_build_object('sub', 'e6600000-0000-4000-8000-000000000001',
    'role', 'authenticated', 'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true)
$$;
-- What the caller reveals of p66, as sorted labels, with reveal_many and with reveal one by one (they must
-- agree: the test fails on any difference).
create function pg_temp.revealed() returns text[] language plpgsql as $$
declare
  many text[] := (select coalesce(array_agg(p.label order by p.label), '{}')
                  from audit.reveal_many(array(select pseudonym from p66)) r join p66 p on p.pseudonym = r.pseudonym
                  where r.value = p.original);
  one text[] := (select coalesce(array_agg(p.label order by p.label), '{}') from p66 p
                 where audit.reveal(p.pseudonym) = p.original);
begin
  if many is distinct from one then
    raise exception 'reveal_many % and reveal % disagree', many, one;
  end if;
  return many;
end $$;
create function pg_temp.periods(label text, org text) returns text[] language sql as $$
  select coalesce(array_agg(o.source || ':' || to_char(o.period, 'YYYY-MM-DD') order by o.source, o.period), '{}')
  from audit.pseudonym_organization_periods o
  where o.pseudonym = (select pseudonym from p66 where p66.label = periods.label) and o.organization_id = org::uuid
$$;

select is((select count(*)::int from p66 where pseudonym is null), 0, 'every pseudonym of the fixture exists');
select is(pg_temp.periods('kept.user', 'aaaaaaaa-6600-4000-8000-00000000000a'),
  array['audit_logs:' || :'m', 'audit_logs:' || to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD'),
        'phi_access_audit_log:' || :'pm'],
  'a pseudonym is recorded per source and month where its organization''s rows carry it');
select is(pg_temp.periods('ai.w', 'aaaaaaaa-6600-4000-8000-00000000000a'),
  array['ai_audit_trails:' || to_char(:'cutoff'::timestamptz at time zone 'UTC', 'YYYY-MM-DD')],
  'and per day in the AI trail');

set local role audit_reader;
select pg_temp.as_caller('admin', 'aaaaaaaa-6600-4000-8000-00000000000a');
select is(pg_temp.revealed(), '{ai.v,ai.w,ai.z,ai.z_session,b.user,kept.user,old.ip,old.subject,old.user,phi.patient}',
  'before retention an admin of A reveals every pseudonym of A''s rows');
select pg_temp.as_caller('admin', 'bbbbbbbb-6600-4000-8000-00000000000b');
select is(pg_temp.revealed(), '{b.user}', 'and an admin of B the one of B''s row');
reset role;
reset request.jwt.claims;

-- The retention jobs, as pg_cron runs them (the owner), at the dates that make the rows above due.
select ok((audit.apply_retention_policy() -> 'archived' ->> 'archives')::int >= 2,
  'audit-retention archives the old month of audit_logs and of the PHI-access log');
select is(to_regclass('audit.audit_logs_' || to_char(:'m'::date, 'YYYY_MM')), null, 'the audit_logs month is gone');
select is(to_regclass('audit.phi_access_audit_log_' || to_char(:'pm'::date, 'YYYY_MM')), null, 'and the PHI-access month');
select is(app.apply_ai_audit_retention(:'cutoff'::timestamptz + interval '90 days'), 3,
  'ai-audit-retention, 90 days after the cutoff, deletes the three AI rows before it');

-- The pair goes with its last row.
select is(pg_temp.periods('old.ip', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}', 'an address only the archived month carried: no period left');
select is(pg_temp.periods('old.user', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}', 'a user only the archived month carried: none');
select is(pg_temp.periods('old.subject', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}',
  'a subject only the archived month''s metadata named: none');
select is(pg_temp.periods('phi.patient', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}', 'a patient of the archived PHI month: none');
select is(pg_temp.periods('b.user', 'bbbbbbbb-6600-4000-8000-00000000000b'), '{}', 'B''s last row of a person is gone: B''s period with it');
select is(pg_temp.periods('ai.v', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}', 'an AI-trail user of a day before the cutoff''s: none');
select is(pg_temp.periods('ai.z', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}',
  'an AI-trail user whose rows of the cutoff''s day all went: none');
select is(pg_temp.periods('ai.z_session', 'aaaaaaaa-6600-4000-8000-00000000000a'), '{}', 'nor their session');
-- It stays while any row remains.
select is(pg_temp.periods('kept.user', 'aaaaaaaa-6600-4000-8000-00000000000a'),
  array['audit_logs:' || to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD')],
  'a user with a row of this month keeps that period (the archived ones went)');
select is(pg_temp.periods('b.user', 'aaaaaaaa-6600-4000-8000-00000000000a'),
  array['audit_logs:' || to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD')],
  'the person whose B row went keeps A''s period: A''s row remains');
select is(pg_temp.periods('ai.w', 'aaaaaaaa-6600-4000-8000-00000000000a'),
  array['ai_audit_trails:' || to_char(:'cutoff'::timestamptz at time zone 'UTC', 'YYYY-MM-DD')],
  'an AI-trail user with a row after the cutoff on its day keeps the day');

set local role audit_reader;
select pg_temp.as_caller('admin', 'aaaaaaaa-6600-4000-8000-00000000000a');
select is(pg_temp.revealed(), '{ai.w,b.user,kept.user}',
  'after retention an admin of A reveals only what A''s remaining rows carry');
select pg_temp.as_caller('medical_director', 'aaaaaaaa-6600-4000-8000-00000000000a');
select is(pg_temp.revealed(), '{ai.w,b.user,kept.user}', 'a medical director of A: the same');
select pg_temp.as_caller('admin', 'bbbbbbbb-6600-4000-8000-00000000000b');
select is(pg_temp.revealed(), '{}', 'an admin of B, whose only row went: nothing');
reset role;
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(pg_temp.revealed(), '{ai.v,ai.w,ai.z,ai.z_session,b.user,kept.user,old.ip,old.subject,old.user,phi.patient}',
  'the platform operator, who reads archives and restores, still reveals every one: retention keeps the mapping');
reset role;
reset request.jwt.claims;

-- A second run finds nothing more to take; the backfill finds nothing missing (the periods are exact).
select is(app.apply_ai_audit_retention(:'cutoff'::timestamptz + interval '90 days'), 0, 'the AI retention again: nothing');
select is(audit.backfill_pseudonym_organization_periods(), 0::bigint,
  'the backfill adds nothing: every remaining row''s periods are there');
select is((select count(*)::int from audit.pseudonym_organization_periods o
           where o.organization_id in ('aaaaaaaa-6600-4000-8000-00000000000a', 'bbbbbbbb-6600-4000-8000-00000000000b')
             and not exists (select 1 from public.audit_logs l where l.organization_id = o.organization_id
                               and o.source = 'audit_logs'
                               and date_trunc('month', l."timestamp" at time zone 'UTC')::date = o.period
                               and (o.pseudonym in (l.actor_pseudonym, l.session_pseudonym, l.ip_pseudonym,
                                                    l.user_agent_pseudonym)
                                    or o.pseudonym::text = l.metadata ->> 'subject_pseudonym'))
             and not exists (select 1 from public.phi_access_audit_log h where h.organization_id = o.organization_id
                               and o.source = 'phi_access_audit_log'
                               and date_trunc('month', h.occurred_at at time zone 'UTC')::date = o.period
                               and o.pseudonym in (h.actor_pseudonym, h.patient_pseudonym, h.ip_pseudonym,
                                                   h.user_agent_pseudonym))
             and not exists (select 1 from public.ai_audit_trails t where t.organization_id = o.organization_id
                               and o.source = 'ai_audit_trails' and (t."timestamp" at time zone 'UTC')::date = o.period
                               and o.pseudonym in (t.user_pseudonym, t.session_pseudonym))),
  0, 'and no period of the fixture is left without a row that carries it');

-- Roles: the jobs run as the owner; the functions' login and the API roles own and reach none of it.
select is((select array_agg(j.username::text order by j.jobname) from cron.job j
           where j.jobname in ('audit-retention', 'ai-audit-retention')),
  array[pg_get_userbyid((select relowner from pg_class where oid = 'audit.pseudonym_organization_periods'::regclass))::text,
        pg_get_userbyid((select relowner from pg_class where oid = 'audit.pseudonym_organization_periods'::regclass))::text],
  'both retention jobs run as the owner of the periods');
select isnt(pg_get_userbyid((select relowner from pg_class where oid = 'audit.pseudonym_organization_periods'::regclass))::text,
  'medic_edge', 'which is not the functions'' login');
select is((select count(*)::int from pg_proc
           where oid in ('audit.archive_partition(text, text, timestamptz)'::regprocedure,
                         'audit.apply_retention_policy(timestamptz)'::regprocedure,
                         'audit.backfill_pseudonym_organization_periods()'::regprocedure,
                         'app.apply_ai_audit_retention(timestamptz)'::regprocedure,
                         'audit.record_audit_log_organizations()'::regprocedure)
             and proowner = (select relowner from pg_class where oid = 'audit.pseudonym_organization_periods'::regclass)
             and prosecdef),
  5, 'the functions that write or purge the periods are the owner''s, security definer');
select is((select count(*)::int from pg_type where typname = 'pseudonym_row_source' and typowner = 'medic_edge'::regrole), 0,
  'medic_edge owns not the new type');
select ok(not has_table_privilege(r, 'audit.pseudonym_organization_periods', p),
  format('%s has no %s on the periods', r, p))
from unnest(array['medic_edge', 'service_role', 'audit_reader']) r, unnest(array['select', 'delete']) p;
select ok(not has_function_privilege(r, f, 'execute'), format('%s cannot run %s', r, f))
from unnest(array['medic_edge', 'service_role', 'authenticated']) r,
     unnest(array['audit.archive_partition(text, text, timestamptz)', 'audit.apply_retention_policy(timestamptz)',
                  'app.apply_ai_audit_retention(timestamptz)', 'audit.backfill_pseudonym_organization_periods()']) f;
select is(to_regclass('audit.pseudonym_organizations'), null, 'the pairs kept forever are gone');

select * from finish();
rollback;
