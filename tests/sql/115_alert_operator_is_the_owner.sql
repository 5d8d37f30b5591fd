-- The platform operator (20261205095200, 20261205095400: app.is_platform_operator): the service role, or the
-- owner's own session with no request role. The functions' login, medic_edge, runs with no request role too (asLoginFor) and a verified end
-- user's claims: were it ever granted these functions, it would still be that user, not the operator.
begin;
create extension if not exists pgtap;
select plan(7);

insert into public.alerts (organization_id, severity, type, title, source, dedup_key)
values (null, 'CRITICAL', 'COMPLIANCE', 'platform alert t115', 'rule:t115', 't115-platform');
create temp table t115 as select id from public.alerts where dedup_key = 't115-platform';
grant select on t115 to medic_edge;
-- Only for this test (rolled back): the grant a later migration might make.
grant execute on function public.acknowledge_alert(bigint, text), public.resolve_alert(bigint, text),
  app.mfa_factor_state(uuid) to medic_edge;
-- Another organization's user with a verified factor: only the operator, the user or their admins see it.
insert into auth.users (id, email) values ('a1150000-0000-4000-8000-000000000009', 't115-other@example.test');
insert into auth.mfa_factors (user_id, factor_type, status)
  values ('a1150000-0000-4000-8000-000000000009', 'totp', 'verified');

set local session authorization medic_edge;
select set_config('request.jwt.claims', '{"sub":"a1150000-0000-4000-8000-000000000001","role":"authenticated",'
  || '"aal":"aal2","app_metadata":{"role":"admin","organization_id":"a1150000-0000-4000-8000-00000000000a"}}', true);
select is(current_setting('role'), 'none', 'medic_edge, with no request role taken, as asLoginFor runs');
select throws_ok($$select public.acknowledge_alert((select id from t115), 'from the functions'' login')$$,
  '42501', null, 'it does not acknowledge a platform alert as the operator');
select throws_ok($$select public.resolve_alert((select id from t115), 'from the functions'' login')$$,
  '42501', null, 'nor resolve one');
select is((select count(*)::int from app.mfa_factor_state('a1150000-0000-4000-8000-000000000009') where cardinality(methods) > 0),
  0, 'nor read another organization''s user''s MFA factors as the server would');
reset session authorization;

select is((select methods from app.mfa_factor_state('a1150000-0000-4000-8000-000000000009')), '{totp}',
  'the owner''s own session reads them');
set local role service_role;
select is((select methods from app.mfa_factor_state('a1150000-0000-4000-8000-000000000009')), '{totp}',
  'and so does the service role');
reset role;

select is((select status from public.resolve_alert((select id from t115), 'the owner''s session')), 'resolved',
  'the owner''s own session, with no request role, is the operator');

select * from finish();
rollback;
