-- What Supabase's database linter (Security Advisor) checks, kept true for every object added later:
-- each of our functions has a fixed search_path (with pg_temp last), and no extension is registered in the exposed public schema.
-- And what Supabase's default privileges would hand the request roles on every new object and the
-- Data API never needs: TRIGGER, REFERENCES, TRUNCATE, and UPDATE on a sequence (20261205095000); nor, for
-- anon and authenticated, SELECT or USAGE on a sequence (20261206020200), USAGE of a serial column's sequence
-- aside where they may insert that column (an identity column needs none).
begin;
create extension if not exists pgtap;
select plan(8);

select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by 1), '{}')
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'app', 'audit') and p.prokind in ('f', 'p')
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')),
  '{}'::text[],
  'every function in public, app and audit sets its search_path');

-- pg_temp last, by name (20261203002200): left out of the path it is searched first for table and type
-- names, so a session's temporary objects could shadow what a definer function's code names.
select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by 1), '{}')
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'app', 'audit', 'gdpr') and p.prokind in ('f', 'p')
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c
                     where c = 'search_path=pg_catalog, pg_temp')),
  '{}'::text[],
  'every function of ours searches pg_catalog, then pg_temp last');

select is(
  (select coalesce(array_agg(e.extname::text order by 1), '{}')
   from pg_extension e join pg_namespace n on n.oid = e.extnamespace
   where n.nspname = 'public' and e.extname <> 'pgtap'),
  '{}'::text[],
  'no extension lives in the public schema (pgTAP itself, test-only, aside)');

select is(
  (select coalesce(array_agg(format('%s: %s %s', c.oid::regclass, a.privilege_type, a.grantee::regrole)
                             order by 1), '{}')
   from pg_class c join pg_namespace n on n.oid = c.relnamespace,
     lateral aclexplode(c.relacl) a
   where n.nspname in ('public', 'app', 'audit', 'gdpr', 'auth') and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and a.grantee in (0, 'anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole,
                       'audit_reader'::regrole, 'medic_edge'::regrole)
     and a.privilege_type in ('TRIGGER', 'REFERENCES', 'TRUNCATE')),
  '{}'::text[],
  'no request role (nor PUBLIC) may attach a trigger, reference or truncate any table or view of ours, nor Auth''s');

select is(
  (select coalesce(array_agg(format('%s: %s', c.oid::regclass, a.grantee::regrole) order by 1), '{}')
   from pg_class c join pg_namespace n on n.oid = c.relnamespace,
     lateral aclexplode(c.relacl) a
   where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind = 'S'
     and a.grantee in (0, 'anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole,
                       'audit_reader'::regrole, 'medic_edge'::regrole)
     and a.privilege_type = 'UPDATE'),
  '{}'::text[],
  'no request role may setval (rewind) a sequence of ours');

-- A sequence a migration adds gets Supabase's default grants on a project whatever ours say: it fails here
-- until its migration takes them back (20261206020200 shows how).
select is(
  (select coalesce(array_agg(format('%s: %s %s', c.oid::regclass, a.privilege_type, a.grantee::regrole)
                             order by 1), '{}')
   from pg_class c join pg_namespace n on n.oid = c.relnamespace,
     lateral aclexplode(c.relacl) a
   where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind = 'S'
     and a.grantee in (0, 'anon'::regrole, 'authenticated'::regrole)
     and (a.privilege_type = 'SELECT'
          or (a.privilege_type = 'USAGE' and not exists (
                -- a serial column's sequence (owned by the column, 'a'; an identity's is 'i'), of a table the role
                -- may insert into: the column default's nextval() runs as the inserting role
                select 1 from pg_depend d
                where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'a'
                  and d.refclassid = 'pg_class'::regclass and a.grantee <> 0
                  and has_any_column_privilege(a.grantee, d.refobjid, 'insert'))))),
  '{}'::text[],
  'anon and authenticated read no sequence of ours, and advance only a serial column''s they may insert');

-- For what is created later: no default privileges hand any of them out.
select is(
  (select coalesce(array_agg(format('%s %s: %s %s', d.defaclrole::regrole, d.defaclobjtype, a.privilege_type,
                                    a.grantee::regrole) order by 1), '{}')
   from pg_default_acl d, lateral aclexplode(d.defaclacl) a
   where a.grantee in ('anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole)
     and ((d.defaclobjtype = 'r' and a.privilege_type in ('TRIGGER', 'REFERENCES', 'TRUNCATE'))
          or (d.defaclobjtype = 'S' and a.privilege_type = 'UPDATE'))),
  '{}'::text[],
  'and no default privileges give any of them to objects created later');

select is(
  (select coalesce(array_agg(format('%s %s: %s %s', d.defaclrole::regrole, d.defaclobjtype, a.privilege_type,
                                    a.grantee::regrole) order by 1), '{}')
   from pg_default_acl d, lateral aclexplode(d.defaclacl) a
   where d.defaclobjtype = 'S' and a.grantee in ('anon'::regrole, 'authenticated'::regrole)),
  '{}'::text[],
  'nor any sequence created later to anon or authenticated');

select * from finish();
rollback;
