-- The tamper alert's verification (audit.verify_for_alerts): each run checks the seals made since the
-- last clean check; the whole lookback window again when a full check is due; a failure never moves
-- the mark, so it is found again on every run until dealt with.
begin;
create extension if not exists pgtap;
select plan(11);

\ir support/seal_settled.sql

create function pg_temp.seq_of(r text) returns bigint language sql as
  $$ select seq from public.audit_logs where resource = r $$;
create function pg_temp.tamper(r text) returns void language plpgsql as $$
begin
  alter table public.audit_logs disable trigger user;
  update public.audit_logs set outcome = 'failure' where resource = r;
  alter table public.audit_logs enable trigger user;
end $$;
create function pg_temp.mark() returns bigint language sql as
  $$ select verified_to_seq from audit.alert_verify_state $$;

-- A clean trail: the first run is a full check and moves the mark past everything sealed.
update audit.alert_verify_state set verified_to_seq = 0, full_check_at = null;
select audit.write_events('[{"action":"dosing.list","resource":"t90-a","outcome":"success"}]');
select pg_temp.seal_settled();
select results_eq('select ok, full_check from audit.verify_for_alerts(''{}'')', $$values (true, true)$$,
  'the first run is a full check and finds the trail clean');
select is(pg_temp.mark(), (select max(to_seq) from audit.seals), 'the mark moves to the newest seal');
select ok((select full_check_at = now() from audit.alert_verify_state), 'and the full check is recorded');

-- A row below the mark changes: the next runs (no full check due) read only what is newer.
select pg_temp.tamper('t90-a');
select results_eq('select ok, full_check from audit.verify_for_alerts(''{}'')', $$values (true, false)$$,
  'a run between full checks does not re-read rows it verified clean');

-- A new seal over a changed row: found, and the mark stays where it was.
select audit.write_events('[{"action":"dosing.list","resource":"t90-b","outcome":"success"}]');
select pg_temp.seal_settled();
select pg_temp.tamper('t90-b');
select results_eq('select ok, first_bad_seq, full_check from audit.verify_for_alerts(''{}'')',
  format('values (false, %s::bigint, false)', pg_temp.seq_of('t90-b')),
  'a changed row in a new seal is found by the next run, at its seq');
select is(pg_temp.mark(), (select max(to_seq) from audit.seals where to_seq < pg_temp.seq_of('t90-b')),
  'a failed run leaves the mark where it was');
select results_eq('select ok, first_bad_seq from audit.verify_for_alerts(''{}'')',
  format('values (false, %s::bigint)', pg_temp.seq_of('t90-b')), 'so every later run finds it again');

-- A full check is due: the whole window again, and the older change is found first.
update audit.alert_verify_state set full_check_at = now() - interval '61 minutes';
select results_eq('select ok, first_bad_seq, full_check from audit.verify_for_alerts(''{}'')',
  format('values (false, %s::bigint, true)', pg_temp.seq_of('t90-a')),
  'a due full check re-reads the lookback window and finds the change below the mark');
-- A failed run does not move full_check_at: set it to now, so that only the config decides below.
update audit.alert_verify_state set full_check_at = now();
select results_eq('select full_check from audit.verify_for_alerts(''{}'')', $$values (false)$$,
  'just after a full check, none is due at the default 60 minutes');
select results_eq(
  'select full_check from audit.verify_for_alerts(''{"full_check_minutes": 0}'')', $$values (true)$$,
  'full_check_minutes sets how often the full check is due');
select is(
  (select count(*)::integer from public.evaluate_alert_rules() where rule = 'audit_verify_failed'), 1,
  'the alert rule raises on what the check finds');

select * from finish();
rollback;
