-- audit_stats counts a batch that commits late (20261203001610). Two more sessions through dblink: one
-- writes a batch and stays open, the other writes and commits after it (a higher ledger id); the roll-up
-- runs, the first session commits, the roll-up runs again. The late batch's ledger id is below every id
-- the first run saw, which the id mark of 20261203001220 skipped for good; the transaction horizon takes
-- it. The dblink sessions commit real audit rows (append-only), in organizations of this file alone.
begin;
create extension if not exists pgtap;
create extension if not exists dblink;
select plan(7);

select audit.roll_up_audit_stats('-1 hour');  -- whatever other suites left, rolled first
select format('host=127.0.0.1 port=%s dbname=%s user=postgres password=postgres', current_setting('port'),
  current_database()) as conn \gset
-- Organizations of this run alone: the committed rows stay after the rollback.
select gen_random_uuid() as org_late, gen_random_uuid() as org_other \gset
select dblink_connect('t97_late', :'conn');
select dblink_connect('t97_other', :'conn');

-- The late batch: written, not committed.
select dblink_exec('t97_late', 'begin');
select * from dblink('t97_late', format($$select audit.write_events(jsonb_build_array(
    jsonb_build_object('action', 'dosing.calculate', 'resource', 't97-late', 'outcome', 'success',
      'duration_ms', 7, 'organization_id', %1$L),
    jsonb_build_object('action', 'dosing.calculate', 'resource', 't97-late', 'outcome', 'success',
      'duration_ms', 9, 'organization_id', %1$L)))::text$$, :'org_late')) as t(x text);
-- Its own ledger row, as that session sees it before anything else commits.
select * from dblink('t97_late', 'select max(id)::text from audit.write_ledger') as late(id text) \gset late_
-- Another batch, committed meanwhile: its ledger id is above the late one's.
select * from dblink('t97_other', format($$select audit.write_events(jsonb_build_array(
    jsonb_build_object('action', 'dosing.list', 'resource', 't97-other', 'outcome', 'success',
      'organization_id', %1$L)))::text$$, :'org_other')) as t(x text);
select ok((select max(w.id) from audit.write_ledger w) > :late_id::bigint,
  'the committed batch''s ledger id is above the open one''s');

-- A settling time of minus an hour: every visible ledger row is taken, whatever its age.
select audit.roll_up_audit_stats('-1 hour');
select is((select sum(events)::int from audit.audit_stats where organization_id = :'org_other'), 1,
  'the committed batch is counted');
select is((select count(*)::int from audit.audit_stats where organization_id = :'org_late'), 0,
  'the open one is not visible yet');

select dblink_exec('t97_late', 'commit');
select ok((select count(*) from audit.write_ledger where id = :late_id::bigint) = 1,
  'the late batch is now visible, below the ids the last run saw');
select audit.roll_up_audit_stats('-1 hour');
select results_eq(format($$select events::int, avg_duration_ms from audit.audit_stats
    where organization_id = %L and action = 'dosing.calculate'$$, :'org_late'),
  $$values (2, 8.00::numeric)$$, 'the batch that committed late is counted');
select is((audit.roll_up_audit_stats('-1 hour') ->> 'days')::int, 0, 'and only once: nothing new, nothing recomputed');
select is((select sum(events)::int from audit.audit_stats where organization_id = :'org_other'), 1,
  'the other batch is still counted once');

select dblink_disconnect('t97_late');
select dblink_disconnect('t97_other');
select * from finish();
rollback;
