-- Users mirror auth.users, with role and organization from app_metadata only (a write to public.users
-- cannot change them). Sessions: check_session begins (audited), expires both ways with the reason
-- (audited), refuses an ended session; touch_sessions persists activity; end_stale_sessions is the
-- 5-minute job; active_sessions_summary counts what RLS shows.
begin;
create extension if not exists pgtap;
select plan(22);

insert into public.organizations (id, name) values ('aaaaaaaa-3300-4000-8000-00000000000a', 'Sessions org');
insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data) values
  ('a3300000-0000-4000-8000-000000000001', 'medic@t33.test',
   '{"role":"paramedic","organization_id":"aaaaaaaa-3300-4000-8000-00000000000a"}', '{"role":"admin","full_name":"Pat Medic"}');

select results_eq($$select role::text, organization_id, full_name from public.users where email = 'medic@t33.test'$$,
  $$values ('paramedic', 'aaaaaaaa-3300-4000-8000-00000000000a'::uuid, 'Pat Medic')$$,
  'a new auth user gets a profile: role and organization from app_metadata, never user_metadata');
update auth.users set raw_app_meta_data = '{"role":"medical_director","organization_id":"aaaaaaaa-3300-4000-8000-00000000000a"}'
  where email = 'medic@t33.test';
select is((select role::text from public.users where email = 'medic@t33.test'), 'medical_director',
  'changing app_metadata changes the mirrored role');
update public.users set role = 'admin', full_name = 'Pat M.' where email = 'medic@t33.test';
select results_eq($$select role::text, full_name from public.users where email = 'medic@t33.test'$$,
  $$values ('medical_director', 'Pat M.')$$, 'a direct write cannot set the role (the profile fields change)');

set local role authenticated;
set local request.jwt.claims to '{"sub":"a3300000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"aaaaaaaa-3300-4000-8000-00000000000a"}}';
select throws_ok($$update public.users set badge_number = 'B-1' where id = auth.uid()$$, '42501', null,
  'a user cannot change their own badge number');
select lives_ok($$update public.users set station = 'Station 12' where id = auth.uid()$$, 'but can change their station');
reset role;

-- check_session: begin, then expire by idle time.
select results_eq($$select status, reason from public.check_session('c3300000-0000-4000-8000-000000000001',
    'a3300000-0000-4000-8000-000000000001', 'aaaaaaaa-3300-4000-8000-00000000000a', 'paramedic', null, 'req-t33-1')$$,
  $$values ('active'::text, null::text)$$, 'a new session begins active');
select is((select count(*)::integer from public.audit_logs where action = 'user.session.start'
           and metadata ->> 'request_id' = 'req-t33-1'), 1, 'its start is audited');
select ok((select last_login_at is not null from public.users where email = 'medic@t33.test'), 'the user''s last login is set');
select results_eq($$select status from public.check_session('c3300000-0000-4000-8000-000000000001',
    'a3300000-0000-4000-8000-000000000001', null, 'paramedic')$$, $$values ('active'::text)$$, 'the same session again: active');
select throws_ok($$select * from public.check_session('c3300000-0000-4000-8000-000000000001',
    'a3300000-0000-4000-8000-0000000000ff', null, 'paramedic')$$, '42501', null, 'another user cannot use the session id');

update public.user_sessions set last_activity_at = now() - interval '16 minutes', started_at = now() - interval '1 hour'
  where session_id = 'c3300000-0000-4000-8000-000000000001';
select results_eq($$select status, reason from public.check_session('c3300000-0000-4000-8000-000000000001',
    'a3300000-0000-4000-8000-000000000001', null, 'paramedic', null, 'req-t33-2')$$,
  $$values ('expired'::text, 'timeout_idle'::text)$$, 'idle over 15 minutes: expired, timeout_idle');
select results_eq($$select end_reason, ended_at = last_activity_at + interval '15 minutes' from public.user_sessions
    where session_id = 'c3300000-0000-4000-8000-000000000001'$$,
  $$values ('timeout_idle'::text, true)$$, 'ended with its reason, at the moment the timeout passed');
select is((select count(*)::integer from public.audit_logs where action = 'user.session.end'
           and metadata ->> 'reason' = 'timeout_idle' and metadata ->> 'request_id' = 'req-t33-2'), 1, 'the end is audited');
select results_eq($$select status, reason from public.check_session('c3300000-0000-4000-8000-000000000001',
    'a3300000-0000-4000-8000-000000000001', null, 'paramedic')$$,
  $$values ('ended'::text, 'timeout_idle'::text)$$, 'an ended session stays ended');

-- Expire by maximum duration: active all along, open 8 hours.
select public.check_session('c3300000-0000-4000-8000-000000000002', 'a3300000-0000-4000-8000-000000000001', null, 'paramedic');
update public.user_sessions set started_at = now() - interval '8 hours 1 minute', last_activity_at = now() - interval '1 minute'
  where session_id = 'c3300000-0000-4000-8000-000000000002';
select results_eq($$select status, reason from public.check_session('c3300000-0000-4000-8000-000000000002',
    'a3300000-0000-4000-8000-000000000001', null, 'paramedic')$$,
  $$values ('expired'::text, 'timeout_max_duration'::text)$$, 'open over 8 hours: expired, timeout_max_duration');
select results_eq($$select status, reason from public.check_session('c3300000-0000-4000-8000-000000000003',
    'a3300000-0000-4000-8000-000000000001', null, 'paramedic', now() - interval '9 hours')$$,
  $$values ('expired'::text, 'timeout_max_duration'::text)$$, 'a sign-in 9 hours ago (amr) is past the maximum at once');

-- Batched activity, and the 5-minute job.
select public.check_session('c3300000-0000-4000-8000-000000000004', 'a3300000-0000-4000-8000-000000000001', null, 'paramedic');
update public.user_sessions set last_activity_at = now() - interval '30 minutes', started_at = now() - interval '40 minutes'
  where session_id = 'c3300000-0000-4000-8000-000000000004';
select is((select count(*)::integer from public.touch_sessions(
    '[{"session_id":"c3300000-0000-4000-8000-000000000004","at":"2000-01-01T00:00:00Z"},{"session_id":"c3300000-0000-4000-8000-000000000001","at":"2030-01-01T00:00:00Z"}]')),
  1, 'touch_sessions names the sessions already ended');
select ok((select last_activity_at < now() - interval '29 minutes' from public.user_sessions
           where session_id = 'c3300000-0000-4000-8000-000000000004'), 'an older activity never moves last activity back');
select ok(public.end_stale_sessions() >= 1, 'the 5-minute job ends stale sessions');
select is((select end_reason from public.user_sessions where session_id = 'c3300000-0000-4000-8000-000000000004'),
  'timeout_idle', 'with the reason whose deadline passed first');

-- The summary counts active sessions per organization, as RLS allows.
select public.check_session('c3300000-0000-4000-8000-000000000005', 'a3300000-0000-4000-8000-000000000001',
  'aaaaaaaa-3300-4000-8000-00000000000a', 'paramedic');
set local role authenticated;
set local request.jwt.claims to '{"sub":"a3300000-0000-4000-8000-0000000000aa","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-3300-4000-8000-00000000000a"}}';
select results_eq($$select active_sessions, active_users from public.active_sessions_summary$$,
  $$values (1::bigint, 1::bigint)$$, 'an admin sees their organization''s active sessions');
set local request.jwt.claims to '{"sub":"a3300000-0000-4000-8000-0000000000bb","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"aaaaaaaa-3300-4000-8000-00000000000a"}}';
select is((select count(*)::integer from public.active_sessions_summary), 0, 'a paramedic sees no one else''s');
reset role;

select * from finish();
rollback;
