-- The sets of backup codes a person made (app.mfa_backup_code_sets, 20261205093300) are their data: the
-- GDPR export (gdpr.subject_records, gdpr.export_plan) lists each set — when it was made, when a newer one
-- replaced it, how many of its codes were used and when last, how many are left — and never a hash.
-- Erasure takes the sets with the user row (121_erasure_names_backup_code_sets.sql: and names them).
begin;
create extension if not exists pgtap;
select plan(10);

insert into public.organizations (id, name) values ('a1190000-0000-4000-8000-0000000000d0', 'Sets org');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1190000-0000-4000-8000-0000000000d1', 'sets@t119.test',
   '{"role":"paramedic","organization_id":"a1190000-0000-4000-8000-0000000000d0"}'),
  ('a1190000-0000-4000-8000-0000000000d2', 'fresh@t119.test',
   '{"role":"emt","organization_id":"a1190000-0000-4000-8000-0000000000d0"}');

-- Two sets a day apart. Of the first, one code was used; making the second deleted its unused ones, as
-- generate_mfa_backup_codes does. Of the second, one used and two left.
-- Each code names its set (set_id, 20261205113000), as generate writes them.
insert into app.mfa_backup_code_sets (user_id, organization_id, generated_at) values
  ('a1190000-0000-4000-8000-0000000000d1', 'a1190000-0000-4000-8000-0000000000d0', '2026-11-01 10:00Z'),
  ('a1190000-0000-4000-8000-0000000000d1', 'a1190000-0000-4000-8000-0000000000d0', '2026-11-02 10:00Z');
insert into public.mfa_backup_codes (user_id, organization_id, set_id, code_hash, created_at, used_at)
select 'a1190000-0000-4000-8000-0000000000d1', 'a1190000-0000-4000-8000-0000000000d0', s.id, c.code_hash,
  c.created_at::timestamptz, c.used_at::timestamptz
from (values ('$2a$04$t119a', '2026-11-01 10:00Z', '2026-11-01 11:00Z'),
             ('$2a$04$t119b', '2026-11-02 10:00Z', '2026-11-02 12:00Z'),
             ('$2a$04$t119c', '2026-11-02 10:00Z', null),
             ('$2a$04$t119d', '2026-11-02 10:00Z', null)) c(code_hash, created_at, used_at)
join app.mfa_backup_code_sets s on s.user_id = 'a1190000-0000-4000-8000-0000000000d1'
  and s.generated_at = c.created_at::timestamptz;

create function pg_temp.as_user(id text, aal text) returns void language plpgsql as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('sub', id, 'role', 'authenticated', 'aal', aal,
    'app_metadata', json_build_object('role', 'paramedic', 'organization_id', 'a1190000-0000-4000-8000-0000000000d0'))::text,
    true);
end $$;

-- One's own export.
select pg_temp.as_user('a1190000-0000-4000-8000-0000000000d1', 'aal1');
set local role audit_reader; -- the export's reads are the audited door's (20261206030000)
create temp table sets as
  select record_id, occurred_at, organization_id, data from gdpr.subject_records('a1190000-0000-4000-8000-0000000000d1')
  where category = 'mfa_backup_code_sets';
create temp table plan as select gdpr.export_plan('a1190000-0000-4000-8000-0000000000d1', repeat('0', 64)) as p;
reset role;

select is((select count(*)::int from sets), 2, 'both sets are exported');
select results_eq($$select data from sets order by occurred_at$$,
  $$values ('{"generatedAt": "2026-11-01T10:00:00.000000Z", "replacedAt": "2026-11-02T10:00:00.000000Z", "codesUsed": 1,
              "lastUsedAt": "2026-11-01T11:00:00.000000Z", "codesLeft": 0}'::jsonb),
           ('{"generatedAt": "2026-11-02T10:00:00.000000Z", "replacedAt": null, "codesUsed": 1,
              "lastUsedAt": "2026-11-02T12:00:00.000000Z", "codesLeft": 2}'::jsonb)$$,
  'when each was made and replaced, codes used (and when last) and left');
select is((select array_agg(occurred_at order by occurred_at) from sets),
  array['2026-11-01 10:00Z', '2026-11-02 10:00Z']::timestamptz[], 'each at the time it was made');
select ok((select bool_and(organization_id = 'a1190000-0000-4000-8000-0000000000d0') from sets),
  'each set is of the organization it was made in (20261205113000)');
select ok(not exists (select 1 from sets where data::text like '%$2%' or data ? 'codeHash' or data ? 'lastChallengeId'),
  'no hash, nor the internal challenge mark');
select is((select (p -> 'counts' ->> 'mfa_backup_code_sets')::int from plan), 2, 'the export''s plan counts them');

-- A set made by the real generator (aal2) is linked to its ten codes.
select pg_temp.as_user('a1190000-0000-4000-8000-0000000000d2', 'aal2');
select count(*) from public.generate_mfa_backup_codes();
set local role audit_reader;
select is((select data - 'generatedAt' from gdpr.subject_records('a1190000-0000-4000-8000-0000000000d2')
    where category = 'mfa_backup_code_sets'),
  '{"replacedAt": null, "codesUsed": 0, "lastUsedAt": null, "codesLeft": 10}'::jsonb,
  'a freshly generated set has its ten codes left');
reset role;

-- Another member cannot export them (the scope is the export's, unchanged).
select pg_temp.as_user('a1190000-0000-4000-8000-0000000000d2', 'aal2');
set local role audit_reader;
select throws_ok($$select * from gdpr.subject_records('a1190000-0000-4000-8000-0000000000d1')$$, '42501', null,
  'another member reads no one''s sets');
reset role;

-- Erasure by the platform operator (the owner's own session, no claims: 20261205115000) removes them with the
-- user row.
select set_config('request.jwt.claims', '', true);
select lives_ok($$select gdpr.erase_subject('a1190000-0000-4000-8000-0000000000d1', repeat('f', 64),
  'consent_withdrawn', null, 'erased-tokentokentoken119', '{"metadata": {"operator": "ops-119"}}')$$,
  'the subject is erased');
select is((select count(*)::int from app.mfa_backup_code_sets where user_id = 'a1190000-0000-4000-8000-0000000000d1'), 0,
  'and no set of theirs is left');

select * from finish();
rollback;
