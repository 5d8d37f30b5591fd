-- No gap goes unexplained: every insert into audit_logs records its seqs in audit.write_ledger in the
-- same transaction. A batch that rolls back leaves no ledger row, so its hole is excused; the newest
-- rows deleted before the next seal (by a superuser with triggers off) leave ledger entries without rows,
-- and audit.verify names the first of them. The ledger itself is append-only and private.
begin;
create extension if not exists pgtap;
select plan(8);

\ir support/seal_settled.sql

create temp table t (name text primary key, seq bigint);
create function pg_temp.w(name text) returns void language sql as $$
  select audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'protocol.view', 'resource', 'ledger-test', 'outcome', 'success', 'correlation_id', name)));
  insert into t select name, seq from public.audit_logs where correlation_id = name;
$$;
create function pg_temp.seq(name text) returns bigint language sql as $$ select seq from t where t.name = $1 $$;

select pg_temp.w('a');
select is((select row_count from audit.write_ledger where seqs @> pg_temp.seq('a')), 1,
  'a write records its seq in the ledger');
select audit.write_events('[{"action":"protocol.view","resource":"ledger-test","outcome":"success","correlation_id":"b1"},
  {"action":"protocol.view","resource":"ledger-test","outcome":"success","correlation_id":"b2"}]');
select is((select w.row_count from audit.write_ledger w, public.audit_logs l
           where l.correlation_id = 'b1' and w.seqs @> l.seq), 2, 'one ledger row per batch, with all its seqs');
savepoint gap;
select audit.write_events('[{"action":"protocol.view","resource":"ledger-test","outcome":"success","correlation_id":"gap"}]');
create temp table gap as select seq from public.audit_logs where correlation_id = 'gap';
rollback to savepoint gap;
select pg_temp.w('c');
select pg_temp.w('d');
select ok(pg_temp.seal_settled() >= 4, 'sealed');
select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('d'))), true,
  'a rolled-back batch''s hole is excused: its ledger row rolled back with it');

-- The newest rows, unsealed, deleted with triggers off; the sealer would call their seqs "missing".
select pg_temp.w('e');
select pg_temp.w('f');
set local session_replication_role = replica;
delete from public.audit_logs where correlation_id in ('e', 'f');
set local session_replication_role = origin;
select audit.seal(); -- sealed or still pending, the hole must not pass as a rolled-back batch
select is((select (v.ok, v.first_bad_seq, v.problem) from audit.verify(pg_temp.seq('a'), pg_temp.seq('f')) v),
  (false, pg_temp.seq('e'), 'row deleted (the write ledger has it)'::text),
  'verify names the first deleted row');

select throws_ok($$update audit.write_ledger set row_count = 1$$, '42501', null, 'the ledger cannot be edited');
select throws_ok($$delete from audit.write_ledger$$, '42501', null, 'nor emptied');
select ok(not has_table_privilege('service_role', 'audit.write_ledger', 'select'), 'and is private to the database');

select * from finish();
rollback;
