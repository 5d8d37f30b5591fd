-- Erasure names the sets of backup codes it removes (20261205113100): gdpr.erase_subject deletes them itself,
-- counts them in its answer's `deleted` and lists them in its gdpr.erase event, as every other table it
-- deletes from; before, the foreign key took them with the user row, and neither said so.
begin;
create extension if not exists pgtap;
select plan(6);

insert into public.organizations (id, name) values ('a1210000-0000-4000-8000-0000000000a0', 'Erase sets org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1210000-0000-4000-8000-0000000000a1', 'admin@t121.test',
   '{"role":"admin","organization_id":"a1210000-0000-4000-8000-0000000000a0"}'),
  ('a1210000-0000-4000-8000-0000000000c1', 'subject@t121.test',
   '{"role":"paramedic","organization_id":"a1210000-0000-4000-8000-0000000000a0"}');

create function pg_temp.as_user(id text, role text, aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', aal,
    'app_metadata', json_build_object('role', role, 'organization_id', 'a1210000-0000-4000-8000-0000000000a0'))::text,
    true);
end $$;

-- Two sets: the second replaced the first's ten unused codes with ten of its own.
select pg_temp.as_user('a1210000-0000-4000-8000-0000000000c1', 'paramedic', 'aal2');
select count(*) from public.generate_mfa_backup_codes();
select count(*) from public.generate_mfa_backup_codes();
reset role;

select pg_temp.as_user('a1210000-0000-4000-8000-0000000000a1', 'admin', 'aal2');
create temp table erased as select gdpr.erase_subject('a1210000-0000-4000-8000-0000000000c1', repeat('c', 64),
  'consent_withdrawn', 'DSR-121', 'erased-tokentokentoken121',
  jsonb_build_object('event_id', 'a1210000-e4e4-4000-8000-000000000001', 'timestamp', now(),
    'correlation_id', 'a1210000-e4e4-4000-8000-000000000001', 'metadata', '{"function":"gdpr-export"}'::jsonb)) as s;
reset role;

select is((select (s -> 'deleted' ->> 'mfa_backup_code_sets')::int from erased), 2,
  'the answer counts the sets deleted');
select is((select (s -> 'deleted' ->> 'mfa_backup_codes')::int from erased), 10,
  'and the codes, as before (deleted before their sets)');
select is((select count(*)::int from app.mfa_backup_code_sets where user_id = 'a1210000-0000-4000-8000-0000000000c1'), 0,
  'no set of theirs is left');
select ok((select metadata -> 'deleted' ? 'mfa_backup_code_sets' from public.audit_logs
    where event_id = 'a1210000-e4e4-4000-8000-000000000001'),
  'the gdpr.erase event lists the sets among what was deleted');

-- Again: nothing left to delete, and the answer still names the table (the contract's keys are fixed).
select pg_temp.as_user('a1210000-0000-4000-8000-0000000000a1', 'admin', 'aal2');
create temp table again as select gdpr.erase_subject('a1210000-0000-4000-8000-0000000000c1', repeat('c', 64),
  'consent_withdrawn', 'DSR-121', 'erased-tokentokentoken121') as s;
reset role;
select is((select s ->> 'alreadyErased' from again), 'true', 'a repeat is idempotent');
select is((select s -> 'deleted' -> 'mfa_backup_code_sets' from again), '0'::jsonb, 'and deletes no set');

select * from finish();
rollback;
