-- The lean audit writer (issue 18, 20261203001700, 20261203002200): one pseudonym rule for both writers, the
-- pseudonym key out of the app roles' reach and never shadowed through pg_temp, and rows the writer stamps itself stamped exactly as the
-- trigger would stamp them (any other insert is still stamped by the trigger).
begin;
create extension if not exists pgtap;
select plan(19);

-- An app role (service_role has TEMP) shadows a type in its temporary schema, as an attacker would to run
-- code as the writer's definer: the writer must not resolve its names there (20261203002200).
set local role service_role;
create domain pg_temp.bytea as pg_catalog.bytea check (false);
create domain pg_temp.jsonb as pg_catalog.jsonb check (false);
select is(audit.write_events($$[{"action":"dosing.calculate","resource":"lean-test","outcome":"success",
  "correlation_id":"lean-1","user_id":"e9800000-0000-4000-8000-000000000001"}]$$), 1,
  'a write succeeds although the session shadows bytea and jsonb in pg_temp');
drop domain pg_temp.bytea;
drop domain pg_temp.jsonb;
reset role;
select is((select actor_pseudonym from public.audit_logs where correlation_id = 'lean-1'),
  audit.pseudonym_of('user', 'e9800000-0000-4000-8000-000000000001'),
  'and the pseudonym is made with the Vault key');

-- The key: read from Vault on each call (no copy kept in the session), out of the app roles' reach.
select is(audit.session_pseudonym_key(), audit.pseudonym_key(), 'the session key is the Vault key');
select is(to_regclass('pg_temp.audit_pseudonym_key_cache'), null, 'no plaintext copy is kept in the session');
set local role service_role;
select throws_ok('select audit.session_pseudonym_key()', '42501', null,
  'service_role cannot call audit.session_pseudonym_key');
reset role;
select vault.update_secret((select id from vault.secrets where name = 'audit_pseudonym_key'),
  encode(extensions.gen_random_bytes(32), 'hex'));
select is(audit.session_pseudonym_key(), audit.pseudonym_key(), 'a rotated secret is read at once');

-- One rule: only resolve_pseudonyms creates pseudonyms and knows erased identifiers; pseudonymize wraps it.
select is(array(select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname in ('audit', 'public', 'gdpr') and p.prosrc ~* 'insert\s+into\s+audit\.pseudonym_mapping'
                order by 1), array['resolve_pseudonyms'],
  'audit.resolve_pseudonyms is the one function that creates pseudonyms');
select ok((select prosrc ~ 'audit\.resolve_pseudonyms' and prosrc !~ 'erased_identifiers'
           from pg_proc where oid = 'audit.pseudonymize'::regproc),
  'audit.pseudonymize calls audit.resolve_pseudonyms and holds no erasure rule of its own');

-- Erasure holds on both paths.
insert into audit.erased_identifiers (blind_index)
values (audit.blind_index(audit.pseudonym_key(), 'user', null, 'e9800000-0000-4000-8000-0000000000ee'));
create temp table mapped as select count(*) as n from audit.pseudonym_mapping;
select is((select count(*)::int from audit.pseudonymize(audit.pseudonym_key(),
    '[{"kind":"user","value":"e9800000-0000-4000-8000-0000000000ee"}]')), 0,
  'pseudonymize: an erased user gets no pseudonym');
select is(audit.resolve_pseudonyms(audit.pseudonym_key(), array['user'], array[null::uuid],
    array['e9800000-0000-4000-8000-0000000000ee']), array[null::uuid],
  'resolve_pseudonyms: an erased user gets no pseudonym');
set local role service_role;
select audit.write_events($$[{"action":"dosing.calculate","resource":"lean-test","outcome":"success",
  "correlation_id":"lean-2","user_id":"e9800000-0000-4000-8000-0000000000ee","ip_address":"198.51.100.7"}]$$);
reset role;
-- nor does their address since 20261204001100 (an erased user names no session, address or agent)
select ok((select actor_pseudonym is null and ip_pseudonym is null from public.audit_logs
           where correlation_id = 'lean-2'), 'write_events: an erased user gets no pseudonym, nor does their address');
select is((select count(*) from audit.pseudonym_mapping), (select n from mapped),
  'no mapping row for the erased user or their address on any path');

-- The wrapper's shape: one row per item with a value, in order, the same pseudonym as the set-based path.
select is(array(select row(p.kind, p.value)::text from audit.pseudonymize(audit.pseudonym_key(), $$[
    {"kind":"ip","value":"198.51.100.8"}, {"kind":"ip","value":""}, {"kind":"ip","value":null},
    {"kind":"user","value":"e9800000-0000-4000-8000-0000000000ee"}, {"kind":"ip","value":"198.51.100.8"}]$$) p),
  array['(ip,198.51.100.8)', '(ip,198.51.100.8)'],
  'pseudonymize skips empty values and erased users, keeps duplicates and order');
select is((select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
    '[{"kind":"ip","value":"198.51.100.8"}]') p),
  (audit.resolve_pseudonyms(audit.pseudonym_key(), array['ip'], array[null::uuid], array['198.51.100.8']))[1],
  'both paths give one identifier the same pseudonym');

-- Stamping: the writer's rows carry what the trigger would have stamped.
select ok((select bool_and(l.row_hash = audit.row_digest(l) and l.created_at = now()) from public.audit_logs l
           where l.resource = 'lean-test'), 'the writer''s rows carry their digest and now()');
select is((select array_agg(correlation_id order by seq) from public.audit_logs where resource = 'lean-test'),
  array['lean-1', 'lean-2'], 'and seqs in the order written');

-- Any other insert is stamped by the trigger, even one that brings a digest consistent with its own fields.
create temp table forged as select * from public.audit_logs where false;
insert into forged values (42, gen_random_uuid(), now(), null, null, null, null, 'dosing.calculate', 'lean-forged',
  'success', '{}', null, null, null, 1, 'lean-3', 'INTERNAL', 1, now(), '\x');
update forged f set row_hash = audit.row_digest_v2(row(f.*)::public.audit_logs);
select ok((select row_hash = audit.row_digest_v2(row(f.*)::public.audit_logs) from forged f),
  'the forged row''s digest matches its fields');
insert into public.audit_logs select * from forged;
select ok((select seq <> 42 and row_hash = audit.row_digest(l) from public.audit_logs l
           where correlation_id = 'lean-3'), 'a seq the session did not just draw is replaced, and the row re-hashed');
update forged set event_id = gen_random_uuid(), correlation_id = 'lean-4', seq = nextval('audit.audit_logs_seq'),
  created_at = now() - interval '1 hour';
update forged f set row_hash = audit.row_digest_v2(row(f.*)::public.audit_logs);
insert into public.audit_logs select * from forged;
select ok((select created_at = now() and row_hash = audit.row_digest(l) from public.audit_logs l
           where correlation_id = 'lean-4'), 'a created_at other than now() is replaced, and the row re-hashed');

select * from finish();
rollback;
