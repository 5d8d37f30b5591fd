-- Retention per data classification: the seeded policy, its rules, who reads it, and the daily job —
-- months archived per class once every class in them is due, each class's archive purged on its own
-- schedule (never before six years: 78 proves it over generated events), one audited summary per run,
-- verify intact.
begin;
create extension if not exists pgtap;
select plan(22);

\ir support/seal_settled.sql

select results_eq($$select r.data_classification::text, r.retention_days, r.archive_after_days, r.delete_after_days
                    from public.audit_retention_policy r order by r.data_classification$$,
  $$values ('PUBLIC', 2192, 90, 2192), ('INTERNAL', 2192, 730, 2192), ('CONFIDENTIAL', 2192, 2190, 2192),
           ('PHI', 2192, 2190, 2555)$$,
  'PHI, CONFIDENTIAL, INTERNAL and PUBLIC are seeded: all kept six years, cold sooner or later by class');
select throws_ok($$update public.audit_retention_policy set retention_days = 2000, delete_after_days = 2000
                   where data_classification = 'PUBLIC'$$,
  '23514', null, 'no class may be kept less than six years');
select throws_ok($$update public.audit_retention_policy set delete_after_days = 100 where data_classification = 'PHI'$$,
  '23514', null, 'nothing may be deleted before its minimum retention');
select throws_ok($$update public.audit_retention_policy set archive_after_days = 3000 where data_classification = 'PHI'$$,
  '23514', null, 'nor archived after it is deleted');
select is((select command from cron.job where jobname = 'audit-retention'), 'select audit.apply_retention_policy()',
  'the daily audit-retention job applies the policy');

set local role authenticated;
set local request.jwt.claims to '{"sub":"a7300000-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"admin","organization_id":"aaaaaaaa-7300-4000-8000-00000000000a"}}';
select is((select count(*)::integer from public.audit_retention_policy), 4, 'admins read the policy');
select throws_ok($$update public.audit_retention_policy set retention_days = 1$$, '42501', null,
  'but it is a platform setting: no organization''s admin changes it');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7300000-0000-4000-8000-000000000002","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select is((select count(*)::integer from public.audit_retention_policy), 0, 'field crews do not need it');
reset role;

-- January 2019 holds a PHI row and a PUBLIC row; March 2018 a PUBLIC row only.
-- The sealer's lock first, as audit.seal takes it: a pg_cron seal (every second here) that locked
-- seal_state and then waits for the new partition's lock would otherwise deadlock with this transaction's
-- own seal below (seen once: "deadlock detected" while locking seal_state).
select count(*) from (select 1 from audit.seal_state for update) locked;
select audit.ensure_partitions_between('2018-03-01', '2019-01-31');
select audit.write_events($$[
  {"action":"dosing.list","resource":"retention-policy-test","outcome":"success","timestamp":"2019-01-10T08:00:00Z","data_classification":"PHI"},
  {"action":"dosing.list","resource":"retention-policy-test","outcome":"success","timestamp":"2019-01-11T08:00:00Z","data_classification":"PUBLIC"},
  {"action":"dosing.list","resource":"retention-policy-test","outcome":"success","timestamp":"2018-03-11T08:00:00Z","data_classification":"PUBLIC"}
]$$);
select pg_temp.seal_settled();
create temp table span as select min(seq) as lo, max(seq) as hi from public.audit_logs where resource = 'retention-policy-test';

-- Mid 2021: March 2018 (PUBLIC only) is past PUBLIC's archive-after and goes cold; nothing is deleted.
-- January 2019 waits for its PHI row.
create temp table seq0 as select coalesce(max(seq), 0) as seq from public.audit_logs;
create temp table run1 as select audit.apply_retention_policy('2021-06-01') as s;
select hasnt_table('audit', 'audit_logs_2018_03', 'a month whose every class is due leaves the live table');
select has_table('audit', 'audit_logs_2019_01', 'a month with a PHI row stays live');
select is((select s -> 'held_past_delete_after' from run1), '{}'::jsonb, 'nothing is overdue before six years');
select results_eq($$select data_classification::text, row_count, purged_at is not null from audit.archives
                    where partition_name = 'audit_logs_2018_03'$$,
  $$values ('PUBLIC', 1::bigint, false)$$, 'archived per class, and kept: a PUBLIC lookup is access documentation too');
select ok((select bool_and(c.line_count > 0) from audit.archives a join audit.archive_chunks c on c.archive_id = a.id
           where a.partition_name = 'audit_logs_2018_03'), 'its content is still readable');

-- Mid 2025: March 2018 is past six years and purged; January 2019's PHI is due for archiving (six
-- years), not yet for deletion (seven), and its PUBLIC row is not six years past its month until February.
create temp table run2 as select audit.apply_retention_policy('2025-01-31') as s;
select hasnt_table('audit', 'audit_logs_2019_01', 'the month leaves once its PHI row is due');
select results_eq($$select data_classification::text, row_count, purged_at is not null,
                      exists (select 1 from audit.archive_chunks c where c.archive_id = a.id)
                    from audit.archives a where partition_name in ('audit_logs_2018_03', 'audit_logs_2019_01')
                    order by partition_name, 1$$,
  $$values ('PUBLIC', 1::bigint, true, false), ('PHI', 1::bigint, false, true), ('PUBLIC', 1::bigint, false, true)$$,
  'one archive per class: the six-year-old month purged, the younger one kept');
select ok((select a.row_count = 1 and a.content_sha256 is not null and a.seqs is not null from audit.archives a
           where partition_name = 'audit_logs_2018_03'), 'purging keeps the proof of what was there');
select is((select ok from audit.verify((select lo from span), (select hi from span))), true,
  'archived and purged rows are excused: verify still passes');

-- 2027: PHI reaches its delete-after.
create temp table run3 as select audit.apply_retention_policy('2027-06-01') as s;
select is((select purged_at is not null from audit.archives where partition_name = 'audit_logs_2019_01'
           and data_classification = 'PHI'), true, 'PHI is purged after seven years');
select is((select count(*)::integer from public.audit_logs where action = 'audit.retention'
           and resource = 'audit_retention_policy' and seq > (select seq from seq0)), 3,
  'every run writes one audited summary');
select is((select (metadata -> 'purged' ->> 'rows')::integer from public.audit_logs where action = 'audit.retention'
           and resource = 'audit_retention_policy' order by seq desc limit 1), 2,
  'the summary says what was purged');

select throws_ok($$update audit.archives set content = 'forged' where partition_name = 'audit_logs_2019_01'$$,
  '42501', null, 'archives stay append-only outside the job');
select throws_ok($$delete from audit.archives where partition_name = 'audit_logs_2019_01'$$,
  '42501', null, 'and are never deleted');

select * from finish();
rollback;
