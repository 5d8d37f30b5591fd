-- audit.verify_missing_seqs (20261206100000): the seqs the seals of a range record as missing, for POST
-- /audit-query/verify — how many, how many seals, the first p_limit with the seal recording each; only the
-- range's own seqs; for holders of audit.verify through the audited door (audit_reader) alone.
begin;
create extension if not exists pgtap;
select plan(12);

\ir support/seal_settled.sql

insert into public.organizations (id, name) values ('b1450000-0000-4000-8000-0000000000b0', 'Gaps org 145');
create temp table t145 (name text primary key, seq bigint);
grant select on t145 to public;
create function pg_temp.w(name text) returns void language sql as $$
  select audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'protocol.view', 'resource', 'gaps-145', 'outcome', 'success', 'correlation_id', name)));
  insert into t145 select name, seq from public.audit_logs where correlation_id = name;
$$;
create function pg_temp.seq(name text) returns bigint language sql as $$ select seq from t145 where t145.name = $1 $$;

-- a, two rolled-back writes, b, one more, c: three holes. currval is the session's, untouched by rollbacks.
select pg_temp.w('a');
savepoint g1;
select pg_temp.w('g1');
rollback to savepoint g1;
insert into t145 values ('g1', currval('audit.audit_logs_seq'));
savepoint g2;
select pg_temp.w('g2');
rollback to savepoint g2;
insert into t145 values ('g2', currval('audit.audit_logs_seq'));
select pg_temp.w('b');
savepoint g3;
select pg_temp.w('g3');
rollback to savepoint g3;
insert into t145 values ('g3', currval('audit.audit_logs_seq'));
select pg_temp.w('c');
select ok(pg_temp.seal_settled() >= 3, 'sealed');
select ok(exists (select 1 from audit.seals s where s.from_seq <= pg_temp.seq('c') and s.to_seq >= pg_temp.seq('c')),
  'a seal covers the range''s end');
select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('c'))), true,
  'audit.verify excuses the rolled-back holes: ok');

-- What the seals say, read directly (as the owner), for the range a..c.
create temp table truth145 as
  select m.seq, min(s.id) as seal_id
  from audit.seals s cross join lateral unnest(s.missing_seqs) m(seq)
  where s.to_seq >= pg_temp.seq('a') and s.from_seq <= pg_temp.seq('c') and m.seq between pg_temp.seq('a') and pg_temp.seq('c')
  group by m.seq;
grant select on truth145 to public;

-- The catalog: the door's role only.
select ok(has_function_privilege('audit_reader', 'audit.verify_missing_seqs(bigint,bigint,integer)', 'execute'),
  'audit_reader executes it');
select is(array(select r from unnest(array['public', 'anon', 'authenticated', 'service_role', 'medic_server',
    'medic_job_writer', 'medic_edge', 'medic_jobs']) r
    where has_function_privilege(r, 'audit.verify_missing_seqs(bigint,bigint,integer)', 'execute')),
  '{}'::text[], 'no request role, the operator''s API role, the server, the jobs or a login executes it');

set local role audit_reader;
set local request.jwt.claims to '{"sub":"b1450000-0000-4000-8000-0000000000a1","role":"authenticated","app_metadata":{"role":"admin","organization_id":"b1450000-0000-4000-8000-0000000000b0"}}';
create temp table got145 as
  select * from audit.verify_missing_seqs((select seq from t145 where name = 'a'), (select seq from t145 where name = 'c'));
select ok((select first_seqs @> array(select seq from t145 where name like 'g%') from got145),
  'the three rolled-back seqs are listed');
select is((select (missing_count, first_seqs, first_seal_ids) from got145),
  (select (count(*), array_agg(seq order by seq), array_agg(seal_id order by seq)) from truth145),
  'count, seqs and the seal recording each are what the seals hold');
select is((select seal_count from got145), (select count(distinct seal_id) from truth145),
  'and how many seals record them');
select is((select (missing_count, cardinality(first_seqs), cardinality(first_seal_ids), first_seqs[1])
    from audit.verify_missing_seqs((select seq from t145 where name = 'a'), (select seq from t145 where name = 'c'), 1)),
  (select (count(*), 1, 1, min(seq)) from truth145), 'a limit bounds the list, never the count');
select is((select (missing_count, first_seqs) from audit.verify_missing_seqs((select seq from t145 where name = 'g2'),
    (select seq from t145 where name = 'g2'))),
  (1::bigint, array[(select seq from t145 where name = 'g2')]), 'only seqs inside the range count');
select is((select missing_count from audit.verify_missing_seqs((select seq from t145 where name = 'a'),
    (select seq from t145 where name = 'a'))), 0::bigint, 'a range without holes: none');

set local request.jwt.claims to '{"sub":"b1450000-0000-4000-8000-0000000000d1","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"b1450000-0000-4000-8000-0000000000b0"}}';
select throws_ok('select * from audit.verify_missing_seqs()', '42501', null,
  'without audit.verify (a medical director): refused');
reset role;

select * from finish();
rollback;
