-- What others recorded about a subject is in their export (20261206170100), scoped as the rest; erasure
-- leaves a coworker's limiter record its address (20261206170200).
--   1. audit_events_about: the role.change of their account, A's admin reading their trail and exporting
--      them, B's admin reading their trail — each once, the actor a third party (never their own export
--      twice); A's admin's export holds A's alone. Found through the metadata GIN index.
--   2. alerts_about: the ban alerts naming them; A's admin's export holds A's alone.
--   3. Erasure: a coworker behind the same address keeps the address of their own ban record; a guest's
--      address-keyed row with it loses it.
begin;
create extension if not exists pgtap;
select plan(12);

insert into public.organizations (id, name) values
  ('a1510000-0000-4000-8000-0000000000a0', 'Org A (t151)'), ('a1510000-0000-4000-8000-0000000000b0', 'Org B (t151)');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1510000-0000-4000-8000-0000000000a1', 'admin-a@t151.test',
   '{"role":"admin","organization_id":"a1510000-0000-4000-8000-0000000000a0"}'),
  ('a1510000-0000-4000-8000-0000000000b1', 'admin-b@t151.test',
   '{"role":"admin","organization_id":"a1510000-0000-4000-8000-0000000000b0"}'),
  ('a1510000-0000-4000-8000-0000000000c1', 'coworker@t151.test',
   '{"role":"paramedic","organization_id":"a1510000-0000-4000-8000-0000000000a0"}'),
  ('a1510000-0000-4000-8000-0000000000e1', 'subject@t151.test',
   '{"role":"paramedic","organization_id":"a1510000-0000-4000-8000-0000000000a0"}');

-- The subject's own request from the shared address (their address mapping), then what others did.
select audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'dosing.calculate', 'resource', 't151', 'outcome', 'success',
    'organization_id', 'a1510000-0000-4000-8000-0000000000a0', 'user_id', 'a1510000-0000-4000-8000-0000000000e1',
    'ip_address', '203.0.113.151')));
create temp table ps as select audit.pseudonym_of('user', 'a1510000-0000-4000-8000-0000000000e1') as p,
  audit.pseudonym_of('user', 'a1510000-0000-4000-8000-0000000000a1') as admin_a;
grant select on ps to public;
select audit.write_events((select jsonb_agg(e) from ps, lateral (values
  (jsonb_build_object('action', 'audit.query', 'resource', 'audit_logs', 'outcome', 'success', 'user_role', 'admin',
    'organization_id', 'a1510000-0000-4000-8000-0000000000a0', 'user_id', 'a1510000-0000-4000-8000-0000000000a1',
    'metadata', jsonb_build_object('subject_pseudonym', ps.p))),
  (jsonb_build_object('action', 'gdpr.export', 'resource', 'data_subject', 'outcome', 'success', 'user_role', 'admin',
    'organization_id', 'a1510000-0000-4000-8000-0000000000a0', 'user_id', 'a1510000-0000-4000-8000-0000000000a1',
    'metadata', jsonb_build_object('subject_pseudonym', ps.p, 'format', 'json'))),
  (jsonb_build_object('action', 'audit.query', 'resource', 'audit_logs', 'outcome', 'success', 'user_role', 'admin',
    'organization_id', 'a1510000-0000-4000-8000-0000000000b0', 'user_id', 'a1510000-0000-4000-8000-0000000000b1',
    'metadata', jsonb_build_object('subject_pseudonym', ps.p))),
  -- their own export of themselves: one of their own events, not one about them
  (jsonb_build_object('action', 'gdpr.export', 'resource', 'data_subject', 'outcome', 'success', 'user_role', 'paramedic',
    'organization_id', 'a1510000-0000-4000-8000-0000000000a0', 'user_id', 'a1510000-0000-4000-8000-0000000000e1',
    'metadata', jsonb_build_object('subject_pseudonym', ps.p)))) v(e)));
select public.raise_alert('MEDIUM', 'SECURITY', 'A client was banned by the rate limiter',
  'user:a1510000-0000-4000-8000-0000000000e1 banned until later', 'rule:rate_limit_ban',
  'rate_limit_ban:user:a1510000-0000-4000-8000-0000000000e1:t151a',
  '{"client": "user:a1510000-0000-4000-8000-0000000000e1"}', null, 'a1510000-0000-4000-8000-0000000000a0');
select public.raise_alert('MEDIUM', 'SECURITY', 'A client was banned by the rate limiter',
  'user:a1510000-0000-4000-8000-0000000000e1 banned until later', 'rule:rate_limit_ban',
  'rate_limit_ban:user:a1510000-0000-4000-8000-0000000000e1:t151b',
  '{"client": "user:a1510000-0000-4000-8000-0000000000e1"}', null, 'a1510000-0000-4000-8000-0000000000b0');

create function pg_temp.as_user(id text, role text, org text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', 'aal2',
    'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
end $$;
create function pg_temp.records(p_category text) returns table (organization_id uuid, data jsonb, third_parties jsonb)
language plpgsql as $$
begin
  set local role audit_reader;
  return query select r.organization_id, r.data, r.third_parties
    from gdpr.subject_records('a1510000-0000-4000-8000-0000000000e1') r where r.category = p_category;
  set local role authenticated;
end $$;
grant execute on all functions in schema pg_temp to public;

-- 1. Events about them.
select pg_temp.as_user('a1510000-0000-4000-8000-0000000000e1', 'paramedic', 'a1510000-0000-4000-8000-0000000000a0');
create temp table own_about as select * from pg_temp.records('audit_events_about');
create temp table own_events as select * from pg_temp.records('audit_events');
reset role;
select results_eq(
  $$select data ->> 'action', organization_id, third_parties ->> 'actor' from own_about
    order by (data ->> 'seq')::bigint$$,
  $$select * from (values
    ('role.change', 'a1510000-0000-4000-8000-0000000000a0'::uuid, null::text),
    ('audit.query', 'a1510000-0000-4000-8000-0000000000a0', (select admin_a::text from ps)),
    ('gdpr.export', 'a1510000-0000-4000-8000-0000000000a0', (select admin_a::text from ps)),
    ('audit.query', 'a1510000-0000-4000-8000-0000000000b0', audit.pseudonym_of('user', 'a1510000-0000-4000-8000-0000000000b1')::text)) v$$,
  'their own export: their account''s role.change, both admins'' reads of their trail, A''s export of them, each actor a third party');
select ok(not exists (select 1 from own_about a where a.data ? 'actor' or a.data ? 'sessionId' or a.data ? 'ipAddress'
    or a.data ? 'userAgent'),
  'the actor is in third_parties alone (pseudonymised on the way out), with no session, address or agent');
select is((select count(*)::int from own_events where data ->> 'action' = 'gdpr.export'), 1,
  'their own export of themselves is one of their own events, not also one about them');

select pg_temp.as_user('a1510000-0000-4000-8000-0000000000a1', 'admin', 'a1510000-0000-4000-8000-0000000000a0');
create temp table admin_about as select * from pg_temp.records('audit_events_about');
create temp table admin_alerts as select * from pg_temp.records('alerts_about');
reset role;
select is((select array_agg(distinct organization_id) from admin_about),
  array['a1510000-0000-4000-8000-0000000000a0'::uuid], 'A''s admin''s export: A''s events about them alone');
select is((select count(*)::int from admin_about), 3, 'all three of A''s');

-- The query is one the metadata GIN index (jsonb_path_ops) answers: a probe, not a scan of the trail.
set local enable_seqscan = off;
create function pg_temp.about_plan() returns text language plpgsql as $$
declare
  line text;
  plan text := '';
begin
  for line in explain select * from public.audit_logs l
    where l.metadata @> jsonb_build_object('subject_pseudonym', (select p from ps)::text)
  loop
    plan := plan || line || E'\n';
  end loop;
  return plan;
end $$;
select matches(pg_temp.about_plan(), 'Bitmap Index Scan on audit_logs_\w*metadata',
  'gdpr.events_about''s predicate is answered by the metadata index');
reset enable_seqscan;

-- 2. Alerts naming them.
select pg_temp.as_user('a1510000-0000-4000-8000-0000000000e1', 'paramedic', 'a1510000-0000-4000-8000-0000000000a0');
create temp table own_alerts as select * from pg_temp.records('alerts_about');
reset role;
select is((select count(*)::int from own_alerts), 2, 'their own export holds both ban alerts naming them');
select is((select array_agg(organization_id) from admin_alerts), array['a1510000-0000-4000-8000-0000000000a0'::uuid],
  'A''s admin''s, A''s alone');
select ok((select bool_and(data ->> 'description' like 'user:a1510000-0000-4000-8000-0000000000e1 banned%'
    and not data ? 'acknowledgementNotes') from own_alerts),
  'what the alert says of them, not who handled it or their notes');

-- 3. Erasure and the shared address.
insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class, violation_count,
    reputation, banned_until, organization_id) values
  ('user:a1510000-0000-4000-8000-0000000000c1', 'user', '203.0.113.151', 'API', 9, 5, now() + interval '1 hour',
   'a1510000-0000-4000-8000-0000000000a0'),
  ('client:t151-guest', 'fingerprint', '203.0.113.151', 'API', 1, 90, null, null);
select pg_temp.as_user('a1510000-0000-4000-8000-0000000000a1', 'admin', 'a1510000-0000-4000-8000-0000000000a0');
select is((gdpr.erase_subject('a1510000-0000-4000-8000-0000000000e1', repeat('e', 64), 'consent_withdrawn', 'T151',
    'erased-t151-0123456789abcdef', '{}') -> 'anonymised' ->> 'rate_limit_violations')::int, 1,
  'the erasure anonymises one limiter row: the guest''s');
reset role;
select is((select host(ip_address) from public.rate_limit_violations
    where identifier = 'user:a1510000-0000-4000-8000-0000000000c1'), '203.0.113.151',
  'the coworker''s ban record keeps its address');
select is((select ip_address from public.rate_limit_violations where identifier = 'client:t151-guest'), null,
  'the guest''s address-keyed row loses it');

select * from finish();
rollback;
