-- A signed-in user's rate-limit refusal counts toward reputation and bans only while the session that made it
-- is live (20261207000000): a revoked, ended or erased session's token cannot get its user banned, nor write
-- a violation row naming a user after their erasure. Guests (fingerprints) are recorded as before.
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.user_sessions (session_id, user_id, ended_at, end_reason) values
  ('57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000aa', null, null),
  ('57000000-0000-4000-8000-000000000002', '57000000-0000-4000-8000-0000000000aa', now(), 'revoked'),
  ('57000000-0000-4000-8000-000000000003', '57000000-0000-4000-8000-0000000000bb', now(), 'timeout_idle');

-- As the functions call it: the server role, with the service role's claims (platform/db.ts asService).
set local role medic_server;
set local request.jwt.claims to '{"role":"service_role"}';

select is((select count(*)::int from public.record_rate_limit_violation('user:57000000-0000-4000-8000-0000000000aa',
    'user', 'API', '192.0.2.7', 'req-157-1', '57000000-0000-4000-8000-000000000002') r
  cross join generate_series(1, 12)), 0, 'a revoked session''s twelve refusals return no row');
select is((select count(*)::int from public.record_rate_limit_violation('user:57000000-0000-4000-8000-0000000000bb',
    'user', 'API', null, 'req-157-2', '57000000-0000-4000-8000-000000000003')), 0,
  'nor one from a session ended by its idle timeout');
select is((select count(*)::int from public.record_rate_limit_violation('user:57000000-0000-4000-8000-0000000000cc',
    'user', 'API', null, 'req-157-3', '57000000-0000-4000-8000-000000000009')), 0,
  'nor one from a session with no row (an erased user''s, or one never begun)');
reset role;
select is((select count(*)::int from public.rate_limit_violations
           where identifier like 'user:57000000-0000-4000-8000-0000000000%'), 0,
  'no violation row names any of them');
select is((select count(*)::int from public.security_events where identifier like 'user:57000000-%'), 0,
  'and no ban was started');

set local role medic_server;
set local request.jwt.claims to '{"role":"service_role"}';
select results_eq($$select reputation, newly_banned from public.record_rate_limit_violation(
    'user:57000000-0000-4000-8000-0000000000aa', 'user', 'API', '192.0.2.7', 'req-157-4',
    '57000000-0000-4000-8000-000000000001')$$,
  $$values (90::smallint, false)$$, 'the same user''s live session is recorded: 10 points');
select results_eq($$select reputation from public.record_rate_limit_violation(
    'fp:57-guest', 'fingerprint', 'API', '192.0.2.8', 'req-157-5', null)$$,
  $$values (90::smallint)$$, 'a guest (no session) is recorded as before');
reset role;
select results_eq($$select identifier, violation_count from public.rate_limit_violations
                   where identifier in ('user:57000000-0000-4000-8000-0000000000aa', 'fp:57-guest') order by 1$$,
  $$values ('fp:57-guest'::text, 1), ('user:57000000-0000-4000-8000-0000000000aa', 1)$$,
  'one row each, one violation each');

select ok(not has_function_privilege('authenticated',
    'public.record_rate_limit_violation(text, text, text, inet, text, uuid)', 'execute')
  and not has_function_privilege('anon', 'public.record_rate_limit_violation(text, text, text, inet, text, uuid)', 'execute')
  and not has_function_privilege('service_role',
    'public.record_rate_limit_violation(text, text, text, inet, text, uuid)', 'execute'),
  'no request role executes it, nor the operator''s service role');
select results_eq($$select reputation from public.record_rate_limit_violation('fp:57-old-caller', 'fingerprint', 'API')$$,
  $$values (90::smallint)$$, 'the five-argument form (functions deployed before) is unchanged');

select * from finish();
rollback;
