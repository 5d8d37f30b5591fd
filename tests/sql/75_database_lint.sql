-- What Supabase's database linter (Security Advisor) checks, kept true for every object added later:
-- each of our functions has a fixed search_path (with pg_temp last), and no extension is registered in the exposed public schema.
begin;
create extension if not exists pgtap;
select plan(3);

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

select * from finish();
rollback;
