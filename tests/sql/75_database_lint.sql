-- What Supabase's database linter (Security Advisor) checks, kept true for every object added later:
-- each of our functions has a fixed search_path, and no extension is registered in the exposed public schema.
begin;
create extension if not exists pgtap;
select plan(2);

select is(
  (select coalesce(array_agg(p.oid::regprocedure::text order by 1), '{}')
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname in ('public', 'app', 'audit') and p.prokind in ('f', 'p')
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
     and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')),
  '{}'::text[],
  'every function in public, app and audit sets its search_path');

select is(
  (select coalesce(array_agg(e.extname::text order by 1), '{}')
   from pg_extension e join pg_namespace n on n.oid = e.extnamespace
   where n.nspname = 'public' and e.extname <> 'pgtap'),
  '{}'::text[],
  'no extension lives in the public schema (pgTAP itself, test-only, aside)');

select * from finish();
rollback;
