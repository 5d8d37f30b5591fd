-- cold_archive_pending takes the month (20261203003400): a month's archives are found however many
-- older archives are pending before them, only that month's, and the door stays the operator's.
begin;
create extension if not exists pgtap;
select plan(7);

-- Two PHI-access months long past, each archived the way retention archives it: April first, then May.
select audit.ensure_partition('phi_access_audit_log', '2002-04-01') as apr \gset
select audit.ensure_partition('phi_access_audit_log', '2002-05-01') as may \gset
insert into public.phi_access_audit_log (occurred_at, actor_role, table_name, operation)
select m::timestamptz + make_interval(days => g), 'authenticated/paramedic', 't64-pending', 'INSERT'
from unnest(array['2002-04-01', '2002-05-01']) m, generate_series(1, 3) g;
select audit.archive_partition('phi_access_audit_log', :'apr', '2002-04-01');
select audit.archive_partition('phi_access_audit_log', :'may', '2002-05-01');
create temp table arc as select a.id, a.partition_name from audit.archives a
  where a.partition_name in (:'apr', :'may');

select is((select count(*)::integer from audit.cold_archive_pending(1000) p join arc on arc.id = p.archive_id), 2,
  'without a month, every pending month');
select results_eq($$select archive_id from audit.cold_archive_pending(1, '2002-05-01')$$,
  $$select id from arc where partition_name = 'phi_access_audit_log_2002_05'$$,
  'a page of one finds May although April (and any older month) is pending before it');
select is((select count(*)::integer from audit.cold_archive_pending(1000, '2002-06-01')), 0,
  'a month with nothing pending gives nothing');
select throws_ok($$select * from audit.cold_archive_pending(10, '2002-05-15')$$, '22023',
  'month must be the first day of a month', 'a day inside a month is refused, as begin_restore refuses it');
select ok(to_regprocedure('audit.cold_archive_pending(integer)') is null, 'the page-only door is gone');
select ok(has_function_privilege('audit_archiver', 'audit.cold_archive_pending(integer, date)', 'execute'),
  'the platform operator lists through it, as audit_archiver');
select is((select array_agg(r order by r) from unnest(array['anon', 'authenticated', 'service_role', 'medic_edge']) r
           where has_function_privilege(r, 'audit.cold_archive_pending(integer, date)', 'execute')), null,
  'no app role and not the functions'' login');

select * from finish();
rollback;
