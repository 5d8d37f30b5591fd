-- What the anchor check trusts (security review finding 6): audit.anchors, the record of which seals were
-- anchored outside the database, changes for nobody but its owner. No other role holds a privilege that
-- writes it, the one door that writes it (audit.record_anchor) only inserts, the triggers refuse update,
-- delete and truncate to the owner too, and audit-query reads it through audit.anchored_seals.
begin;
create extension if not exists pgtap;
select plan(18);

select is(
  array(select r.rolname::text from pg_roles r
        where not r.rolsuper and r.rolname not like 'pg\_%'
          and r.oid <> (select relowner from pg_class where oid = 'audit.anchors'::regclass)
          and has_table_privilege(r.oid, 'audit.anchors', 'insert,update,delete,truncate,trigger')
        order by 1),
  '{}'::text[],
  'no role but the owner (and superusers) may write audit.anchors or put a trigger on it');
select is(
  array(select m.member::regrole::text from pg_auth_members m join pg_roles r on r.oid = m.member
        where m.roleid = 'pg_write_all_data'::regrole and not r.rolsuper order by 1),
  '{}'::text[],
  'nor through pg_write_all_data');
select is(
  array(select p.oid::regprocedure::text from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'app', 'audit', 'gdpr')
          and p.prosrc ~* '(insert\s+into|update|delete\s+from|truncate(\s+table)?)\s+audit\.anchors\M'
        order by 1),
  array['audit.record_anchor(bigint,bytea,text,text[])'],
  'one function of ours writes audit.anchors: record_anchor, which inserts');

-- A seal (no rows) and its anchor record, as the anchor job leaves them.
insert into audit.seals (id, from_seq, to_seq, row_count, row_digests, root_hash, seal_hash)
  values (900000001, 900000001, 900000010, 0, '\x', '\x00', sha256('anchored'));
set local role service_role;
select ok(audit.record_anchor(900000001, '\x0102', 'test-key', '{storage}'), 'the job records an anchor');
select ok(not audit.record_anchor(900000001, '\x0304', 'other-key', '{storage}'),
  'a second record of the same seal is refused');
select throws_ok('delete from audit.anchors', '42501', null, 'service_role cannot delete anchor records');
select throws_ok($$update audit.anchors set seal_hash = '\x00'$$, '42501', null, 'nor update them');
select throws_ok('truncate audit.anchors', '42501', null, 'nor truncate them');
reset role;

set local role medic_edge;
select throws_ok('delete from audit.anchors', '42501', null, 'the functions'' login cannot delete them');
reset role;
set local role audit_reader;
select throws_ok('delete from audit.anchors', '42501', null, 'nor the audited door''s role');
reset role;

-- The owner: the triggers refuse it too (only switching them off, which the review names, gets past).
select throws_ok('delete from audit.anchors where seal_id = 900000001', '42501', null,
  'the owner''s delete is refused by the trigger');
select throws_ok($$update audit.anchors set seal_hash = '\x00' where seal_id = 900000001$$, '42501', null,
  'and its update');

-- The read audit-query's /verify makes: the record, the signature as hex, and the seal's hash now.
select ok(has_function_privilege('audit_reader', 'audit.anchored_seals(bigint, integer)', 'execute'),
  'audit_reader reads the record');
select ok(not has_function_privilege('service_role', 'audit.anchored_seals(bigint, integer)', 'execute')
  and not has_function_privilege('authenticated', 'audit.anchored_seals(bigint, integer)', 'execute')
  and not has_function_privilege('anon', 'audit.anchored_seals(bigint, integer)', 'execute'),
  'no API role does');
set local role audit_reader;
select is(
  (select row(a.seal_id, a.from_seq, a.to_seq, a.signature, a.key_id, a.seal_now = a.seal_hash)::text
   from audit.anchored_seals(900000000, 1) a),
  row(900000001::bigint, 900000001::bigint, 900000010::bigint, '0102', 'test-key', true)::text,
  'a recorded anchor, its range still sealed with the anchored hash');
reset role;
insert into audit.anchors (seal_id, from_seq, to_seq, seal_hash, signature, key_id, sinks)
  values (900000002, 900000011, 900000020, sha256('re-sealed away'), '\x05', 'test-key', '{storage}');
set local role audit_reader;
select is((select a.seal_now from audit.anchored_seals(900000001, 1000) a where a.seal_id = 900000002), null,
  'a recorded anchor whose range no seal covers any more: seal_now is null');
select is((select count(*)::int from audit.anchored_seals(900000000, 1)), 1, 'a page is at most its limit');
select is((select min(a.seal_id) from audit.anchored_seals(900000001, 1000) a), 900000002::bigint,
  'and starts after the seal id given');
reset role;

select * from finish();
rollback;
