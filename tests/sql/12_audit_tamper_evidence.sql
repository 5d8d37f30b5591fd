-- audit.verify against a superuser who edits rows with triggers disabled (session_replication_role =
-- replica): it names the first seq whose row, seal or sequence no longer matches.
begin;
create extension if not exists pgtap;
select plan(9);

\ir support/seal_settled.sql

create temp table t (name text primary key, seq bigint);
create function pg_temp.w(name text) returns void language sql as $$
  select audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'protocol.view', 'resource', 'tamper-test', 'outcome', 'success', 'duration_ms', 5,
    'correlation_id', name)));
  insert into t select name, seq from public.audit_logs where correlation_id = name;
$$;
create function pg_temp.seq(name text) returns bigint language sql as $$ select seq from t where t.name = $1 $$;
create function pg_temp.check() returns record language sql as $$
  select (v.first_bad_seq, v.problem) from audit.verify(pg_temp.seq('a'), pg_temp.seq('e')) v
$$;

select pg_temp.w('a');
select pg_temp.w('b');
savepoint gap;          -- a rolled-back writer leaves a hole in the sequence
select audit.write_events('[{"action":"protocol.view","resource":"tamper-test","outcome":"success","correlation_id":"gap"}]');
rollback to savepoint gap;
select pg_temp.w('c');
select pg_temp.w('d');
select pg_temp.w('e');
select ok(pg_temp.seal_settled() >= 5, 'the new rows are sealed');

select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('e'))), true, 'untouched rows verify');

set local session_replication_role = replica;

savepoint s;
update public.audit_logs set duration_ms = 6 where seq = pg_temp.seq('c');
select is(pg_temp.check(), (pg_temp.seq('c'), 'row modified'::text), 'a modified row is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs set duration_ms = 6 where seq = pg_temp.seq('b');
update public.audit_logs l set row_hash = audit.row_digest(l) where seq = pg_temp.seq('b');
select is(pg_temp.check(), (pg_temp.seq('b'), 'row modified or reordered (hash rewritten)'::text),
  'a modified row with a recomputed hash is named');
rollback to savepoint s;

savepoint s;
delete from public.audit_logs where seq = pg_temp.seq('d');
select is(pg_temp.check(), (pg_temp.seq('d'), 'row deleted'::text), 'a deleted row is named');
rollback to savepoint s;

savepoint s;
insert into public.audit_logs
select l.seq + 1, gen_random_uuid(), l."timestamp", l.organization_id, l.actor_pseudonym, l.user_role,
  l.session_pseudonym, l.action, l.resource, l.outcome, l.metadata, l.ip_pseudonym, l.user_agent_pseudonym,
  l.error_message, l.duration_ms, 'forged', l.data_classification, l.event_version, l.created_at, l.row_hash
from public.audit_logs l where l.seq = pg_temp.seq('b');
update public.audit_logs l set row_hash = audit.row_digest(l) where correlation_id = 'forged';
select is(pg_temp.check(), (pg_temp.seq('b') + 1, 'row inserted'::text), 'a row inserted into a hole is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs set seq = -1 where seq = pg_temp.seq('d');
update public.audit_logs set seq = pg_temp.seq('d') where seq = pg_temp.seq('e');
update public.audit_logs set seq = pg_temp.seq('e') where seq = -1;
update public.audit_logs l set row_hash = audit.row_digest(l) where seq in (pg_temp.seq('d'), pg_temp.seq('e'));
select is(pg_temp.check(), (pg_temp.seq('d'), 'row modified or reordered (hash rewritten)'::text),
  'two rows swapped in order are named');
rollback to savepoint s;

savepoint s;
update audit.seals set row_count = row_count where to_seq >= pg_temp.seq('e') and from_seq <= pg_temp.seq('e');
update audit.seals set missing_seqs = '{}' where to_seq >= pg_temp.seq('e') and from_seq <= pg_temp.seq('e');
select is((select problem from audit.verify(pg_temp.seq('a'), pg_temp.seq('e'))), 'seal altered',
  'an altered seal is named');
rollback to savepoint s;

set local session_replication_role = origin;
select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('e'))), true, 'and the trail verifies again');

select * from finish();
rollback;
