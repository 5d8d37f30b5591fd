-- The Medic-Bot reports, scoped by RLS, and the indexes that serve them (each index is shown to be
-- usable by the query it exists for; with enable_seqscan off, as the test table is small).
begin;
create extension if not exists pgtap;
select plan(13);

insert into public.organizations (id, name) values ('cccccccc-0000-4000-8000-00000000000c', 'Reports org');
select audit.write_events($$[
  {"action":"auth.failure","resource":"reports-test","outcome":"failure","ip_address":"192.0.2.77","organization_id":"cccccccc-0000-4000-8000-00000000000c"},
  {"action":"auth.failure","resource":"reports-test","outcome":"failure","ip_address":"192.0.2.77","organization_id":"cccccccc-0000-4000-8000-00000000000c"},
  {"action":"dosing.calculate","resource":"reports-test","outcome":"success","duration_ms":10,"user_id":"31313131-0000-4000-8000-000000000031","organization_id":"cccccccc-0000-4000-8000-00000000000c","metadata":{"medication":"midazolam"}},
  {"action":"dosing.calculate","resource":"reports-test","outcome":"success","duration_ms":30,"user_id":"31313131-0000-4000-8000-000000000031","organization_id":"cccccccc-0000-4000-8000-00000000000c"}
]$$);
select audit.roll_up_audit_stats('0');  -- the days these rows fall in, at once

set local role audit_reader; -- the audited door (76)
set local request.jwt.claims to '{"sub":"41414141-0000-4000-8000-000000000041","role":"authenticated","app_metadata":{"role":"admin","organization_id":"cccccccc-0000-4000-8000-00000000000c"}}';
select is((select count(*)::integer from audit.get_user_audit_trail('31313131-0000-4000-8000-000000000031')), 2,
  'the user trail finds a user''s events by their real id');
select is((select attempts::integer from audit.get_failed_auth_attempts(1) where ip_address = '192.0.2.77'), 2,
  'failed auth attempts are grouped per client address');
select is((select events::integer from audit.get_audit_summary() where action = 'dosing.calculate' and outcome = 'success'), 2,
  'the summary counts per action and outcome');
select is((select avg_duration_ms from audit.get_audit_summary() where action = 'dosing.calculate'), 20.00::numeric,
  'with the average duration');
select ok((select events >= 2 from audit.get_audit_daily_stats() where action = 'dosing.calculate' and outcome = 'success'),
  'daily stats for the caller''s organization');
set local request.jwt.claims to '{"sub":"41414141-0000-4000-8000-000000000041","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"cccccccc-0000-4000-8000-00000000000c"}}';
select is((select count(*)::integer from audit.get_user_audit_trail('31313131-0000-4000-8000-000000000031')), 0,
  'a paramedic gets no trail');
select is((select count(*)::integer from audit.get_audit_daily_stats()), 0, 'nor daily stats');
reset role;

select has_index('audit', 'audit_stats', 'audit_stats_key', 'audit_stats has its key: one row per organization, day, action and outcome');

create function pg_temp.plan(q text) returns text language plpgsql as $$
declare line text; result text := '';
begin
  for line in execute 'explain ' || q loop result := result || line || E'\n'; end loop;
  return result;
end $$;
set local enable_seqscan = off;
select matches(pg_temp.plan($$select * from public.audit_logs where actor_pseudonym = '5e5e5e5e-0000-4000-8000-00000000005e'
  and "timestamp" > now() - interval '30 days' order by "timestamp" desc$$), 'actor_pseudonym_timestamp_\w*idx',
  'the user timeline uses the covering timeline index');
select matches(pg_temp.plan($$select * from public.audit_logs where action = 'dosing.calculate' and outcome = 'success'
  and "timestamp" > now() - interval '7 days'$$), 'action_outcome_timestamp_idx',
  'action + outcome over a week uses an index');
select matches(pg_temp.plan($$select * from public.audit_logs where resource = 'formulary' and "timestamp" > now() - interval '1 day'$$),
  'resource_timestamp_idx', 'resource + time uses its index');
select matches(pg_temp.plan($$select * from public.audit_logs where metadata @> '{"medication":"midazolam"}'$$),
  'metadata_idx', 'metadata containment uses the GIN index');
select matches(pg_temp.plan($$select * from public.audit_logs where outcome = 'failure' and "timestamp" > now() - interval '1 hour' order by "timestamp" desc$$),
  'audit_logs_\d{4}_\d\d_timestamp_organization_id_idx', 'recent failures use the partial index, by time (20261205080000)');

select * from finish();
rollback;
