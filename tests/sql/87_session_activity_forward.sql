-- check_session never moves last activity back in time (20261203002000): when a concurrent first request
-- that began later has already started the session, the earlier transaction's now() is before the row's
-- started_at; the session stays active and valid instead of failing the row's check.
begin;
create extension if not exists pgtap;
select plan(4);

insert into public.organizations (id, name) values ('aaaaaaaa-8700-4000-8000-00000000000a', 'Forward org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a8700000-0000-4000-8000-000000000001', 'medic@t87.test',
   '{"role":"paramedic","organization_id":"aaaaaaaa-8700-4000-8000-00000000000a"}');

-- What the later request left: a session begun a second after this transaction's now().
insert into public.user_sessions (session_id, user_id, organization_id, user_role, started_at, last_activity_at)
values ('c8700000-0000-4000-8000-000000000001', 'a8700000-0000-4000-8000-000000000001',
  'aaaaaaaa-8700-4000-8000-00000000000a', 'paramedic', now() + interval '1 second', now() + interval '1 second');

select results_eq($$select status, last_activity_at = now() + interval '1 second' from public.check_session(
    'c8700000-0000-4000-8000-000000000001', 'a8700000-0000-4000-8000-000000000001',
    'aaaaaaaa-8700-4000-8000-00000000000a', 'paramedic')$$,
  $$values ('active', true)$$,
  'the earlier request finds the session active, its last activity kept where the later one put it');
select is((select last_activity_at - started_at from public.user_sessions
  where session_id = 'c8700000-0000-4000-8000-000000000001'), interval '0',
  'the row keeps last_activity_at >= started_at');

-- An ordinary session: its last activity moves forward to now().
insert into public.user_sessions (session_id, user_id, organization_id, user_role, started_at, last_activity_at)
values ('c8700000-0000-4000-8000-000000000002', 'a8700000-0000-4000-8000-000000000001',
  'aaaaaaaa-8700-4000-8000-00000000000a', 'paramedic', now() - interval '5 minutes', now() - interval '2 minutes');
select results_eq($$select status, last_activity_at = now() from public.check_session(
    'c8700000-0000-4000-8000-000000000002', 'a8700000-0000-4000-8000-000000000001',
    'aaaaaaaa-8700-4000-8000-00000000000a', 'paramedic')$$,
  $$values ('active', true)$$, 'an ordinary check moves last activity to now');
select is((select last_activity_at from public.user_sessions
  where session_id = 'c8700000-0000-4000-8000-000000000002'), now(), 'and records it');

select * from finish();
rollback;
