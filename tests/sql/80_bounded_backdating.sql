-- Bounded backdating: an API role's event may precede its arrival by at most 15 minutes unless it names
-- its origin (spool: an outage's backlog; import: the backfill), which the row then carries. The
-- database's owner (migrations, an operator at psql) is not bound.
begin;
create extension if not exists pgtap;
select plan(7);

create function pg_temp.event(age interval, origin text default null) returns jsonb language sql as $$
  select jsonb_build_array(jsonb_build_object('action', 'protocol.view', 'resource', 'backdating-test',
    'outcome', 'success', 'timestamp', now() - age, 'correlation_id', 'bd-' || age::text || coalesce(origin, ''))
    || case when origin is null then '{}'::jsonb else jsonb_build_object('origin', origin) end)
$$;

set local role service_role;
select is(audit.write_events(pg_temp.event('10 minutes')), 1, 'ten minutes late: accepted (batching, clock skew)');
select throws_ok($$select audit.write_events(pg_temp.event('1 hour'))$$, '22023', null,
  'an hour late without an origin: refused');
select throws_ok($$select audit.write_events(pg_temp.event('3 years'))$$, '22023', null,
  'so an event cannot be planted years back');
select is(audit.write_events(pg_temp.event('3 days', 'spool')), 1, 'a spooled event keeps its own time');
select is(audit.write_events(pg_temp.event('3 years', 'import')), 1, 'an imported one too');
select throws_ok($$select audit.write_events(pg_temp.event('3 days', 'trust me'))$$, '22023', null,
  'and only those origins exist');
reset role;

select results_eq($$select metadata ->> 'origin' from public.audit_logs where resource = 'backdating-test'
                    and created_at = now() order by "timestamp" desc$$,
  $$values (null::text), ('spool'), ('import')$$, 'the origin stays on the row, where an auditor sees it');

select * from finish();
rollback;
