-- Row digest versions (issue 18): rows written before the v2 cut-over keep their v1 digest and still
-- verify; tampering is named under either digest, and so is moving the cut-over. The v2 encoding covers
-- every field and no two rows share it. A trail written before the cut-over is stood in for by raising the
-- cut-over past a few new rows and giving them the v1 digest, as the old stamp trigger did.
begin;
create extension if not exists pgtap;
select plan(22);

\ir support/seal_settled.sql

create temp table t (name text primary key, seq bigint);
create function pg_temp.w(name text, extra jsonb default '{}') returns void language sql as $$
  select audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'protocol.view', 'resource', 'digest-test', 'outcome', 'success', 'correlation_id', name) || extra));
  insert into t select name, seq from public.audit_logs where correlation_id = name;
$$;
create function pg_temp.seq(name text) returns bigint language sql as $$ select seq from t where t.name = $1 $$;
create function pg_temp.row(name text) returns public.audit_logs language sql as $$
  select l from public.audit_logs l where l.seq = pg_temp.seq(name)
$$;
create function pg_temp.check() returns record language sql as $$
  select (v.first_bad_seq, v.problem) from audit.verify(pg_temp.seq('a'), pg_temp.seq('e')) v
$$;

-- Every optional field set (non-ASCII text among them), and every optional field empty.
select pg_temp.w('full', jsonb_build_object('user_id', gen_random_uuid(), 'organization_id', gen_random_uuid(),
  'user_role', 'paramedic', 'session_id', 's-1', 'ip_address', '10.1.2.3', 'user_agent', 'Mozilla/5.0 (ñ)',
  'error_message', 'Zeitüberschreitung — 超时', 'duration_ms', 12, 'data_classification', 'PHI',
  'metadata', jsonb_build_object('status', 200, 'note', 'é', 'nested', jsonb_build_object('k', array[1, 2]))));
select pg_temp.w('bare');
select is((select count(*)::int from public.audit_logs l where l.seq in (pg_temp.seq('full'), pg_temp.seq('bare'))
           and l.row_hash = audit.row_digest_v2(l) and l.row_hash <> audit.row_digest_v1(l)), 2,
  'new rows carry the v2 digest');
select ok(pg_temp.seal_settled() >= 2, 'sealed');
select is((select ok from audit.verify(pg_temp.seq('full'), pg_temp.seq('bare'))), true,
  'verify recomputes the digest the stamp trigger wrote, optional fields set or empty');

-- Every field is in the v2 digest: changing any one changes it.
select is((select array_agg(c.col order by c.col) from (values
    ('seq', to_jsonb(pg_temp.seq('full') + 1)), ('event_id', to_jsonb(gen_random_uuid())),
    ('timestamp', to_jsonb((pg_temp.row('full'))."timestamp" + interval '1 microsecond')),
    ('organization_id', 'null'), ('actor_pseudonym', 'null'), ('user_role', '"emt"'),
    ('session_pseudonym', 'null'), ('action', '"protocol.search"'), ('resource', '"digest-tesT"'),
    ('outcome', '"failure"'), ('metadata', '{"status": 201}'), ('ip_pseudonym', 'null'),
    ('user_agent_pseudonym', 'null'), ('error_message', 'null'), ('duration_ms', '13'),
    ('correlation_id', '"fulL"'), ('data_classification', '"CONFIDENTIAL"'), ('event_version', '2'),
    ('created_at', to_jsonb((pg_temp.row('full')).created_at + interval '1 microsecond'))) c(col, val)
  where audit.row_digest_v2(jsonb_populate_record(pg_temp.row('full'), jsonb_build_object(c.col, c.val)))
    = audit.row_digest_v2(pg_temp.row('full'))), null::text[], 'every field is in the v2 digest');
select isnt(audit.row_digest_v2(jsonb_populate_record(pg_temp.row('bare'), '{"resource": "ab", "correlation_id": "c"}')),
  audit.row_digest_v2(jsonb_populate_record(pg_temp.row('bare'), '{"resource": "a", "correlation_id": "bc"}')),
  'text moved between adjacent fields changes the digest');
select isnt(audit.row_digest_v2(jsonb_populate_record(pg_temp.row('bare'), '{"error_message": ""}')),
  audit.row_digest_v2(pg_temp.row('bare')), 'an empty text is not a missing one');

-- A trail written across the cut-over: a, b, c before it (v1), d, e after (v2).
select pg_temp.w('a');
select pg_temp.w('b');
select pg_temp.w('c');
set local session_replication_role = replica;
update audit.row_digest_versions set from_seq = pg_temp.seq('c') + 1 where version = 2;
update public.audit_logs l set row_hash = audit.row_digest_v1(l) where l.seq in (pg_temp.seq('a'), pg_temp.seq('b'), pg_temp.seq('c'));
set local session_replication_role = origin;
select pg_temp.w('d');
select pg_temp.w('e');
select ok(pg_temp.seal_settled() >= 5, 'the trail across the cut-over is sealed');

select is((select array_agg(l.row_hash = audit.row_digest(l) and (l.row_hash = audit.row_digest_v1(l)) = (t.name < 'd')
                            order by l.seq)
           from public.audit_logs l join t on t.seq = l.seq where t.name in ('a', 'b', 'c', 'd', 'e')),
  array[true, true, true, true, true], 'audit.row_digest is each row''s own version');
select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('e'))), true,
  'rows written with the old digest still verify, beside new ones');

set local session_replication_role = replica;

savepoint s;
update public.audit_logs set duration_ms = 6 where seq = pg_temp.seq('b');
select is(pg_temp.check(), (pg_temp.seq('b'), 'row modified'::text), 'a modified v1 row is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs set duration_ms = 6 where seq = pg_temp.seq('b');
update public.audit_logs l set row_hash = audit.row_digest(l) where seq = pg_temp.seq('b');
select is(pg_temp.check(), (pg_temp.seq('b'), 'row modified or reordered (hash rewritten)'::text),
  'a modified v1 row with a recomputed hash is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs set resource = 'elsewhere' where seq = pg_temp.seq('d');
select is(pg_temp.check(), (pg_temp.seq('d'), 'row modified'::text), 'a modified v2 row is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs set resource = 'elsewhere' where seq = pg_temp.seq('d');
update public.audit_logs l set row_hash = audit.row_digest(l) where seq = pg_temp.seq('d');
select is(pg_temp.check(), (pg_temp.seq('d'), 'row modified or reordered (hash rewritten)'::text),
  'a modified v2 row with a recomputed hash is named');
rollback to savepoint s;

savepoint s;
update public.audit_logs l set row_hash = audit.row_digest_v1(l) where seq = pg_temp.seq('e');
select is(pg_temp.check(), (pg_temp.seq('e'), 'row modified'::text), 'a v2 row hashed the v1 way is named');
rollback to savepoint s;

savepoint s;
update audit.row_digest_versions set from_seq = pg_temp.seq('b') where version = 2;
select is(pg_temp.check(), (pg_temp.seq('b'), 'row modified'::text), 'a cut-over moved down is named');
rollback to savepoint s;

savepoint s;
update audit.row_digest_versions set from_seq = pg_temp.seq('e') where version = 2;
select is(pg_temp.check(), (pg_temp.seq('d'), 'row modified'::text), 'a cut-over moved up is named');
rollback to savepoint s;

savepoint s;
delete from public.audit_logs where seq = pg_temp.seq('c');
select is(pg_temp.check(), (pg_temp.seq('c'), 'row deleted'::text), 'a deleted v1 row is named');
rollback to savepoint s;

savepoint s;
insert into public.audit_logs select (jsonb_populate_record(l, jsonb_build_object('event_id', gen_random_uuid()))).*
  from public.audit_logs l where l.seq = pg_temp.seq('c');
update public.audit_logs l set row_hash = audit.row_digest(l) where l.seq = pg_temp.seq('c');
select is(pg_temp.check(), (pg_temp.seq('c'), 'row inserted (duplicate seq)'::text), 'a second row at a sealed seq is named');
rollback to savepoint s;

set local session_replication_role = origin;
select pg_temp.w('f');
set local session_replication_role = replica;
update public.audit_logs set outcome = 'failure' where seq = pg_temp.seq('f');
set local session_replication_role = origin;
select is((select (v.first_bad_seq, v.problem) from audit.verify(pg_temp.seq('a'), pg_temp.seq('f')) v),
  (pg_temp.seq('f'), 'row modified'::text), 'a modified row not sealed yet is named');
delete from t where name = 'f';
select is((select ok from audit.verify(pg_temp.seq('a'), pg_temp.seq('e'))), true, 'and the trail verifies again');

select throws_ok($$update audit.row_digest_versions set from_seq = 0$$, '42501', null, 'the cut-over cannot be moved');
select throws_ok($$delete from audit.row_digest_versions$$, '42501', null, 'nor removed');

select * from finish();
rollback;
