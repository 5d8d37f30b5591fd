-- RLS that plans once (issue 18), kept true for every policy and table added later — what Supabase's
-- performance advisor (splinter) checks, a little stricter:
--   * no policy of schemas public and audit calls a function that reads the request (auth.uid(), auth.jwt(),
--     auth.role(), current_setting(), or one of our functions that calls them, such as app.current_user_role())
--     except as a scalar subquery, `(select auth.uid())`, which Postgres evaluates once per statement
--     (an initPlan) instead of once per row. Calls are counted, so a policy with one call wrapped and
--     another not is caught too (splinter's auth_rls_initplan passes a policy with any wrapped call);
--   * every table of public and audit, partitioned tables and their partitions included, has a primary key;
--   * no table has two permissive policies for one role and command: a policy TO PUBLIC counts for every
--     role, one FOR ALL for each of SELECT, INSERT, UPDATE and DELETE. Role membership is not expanded, as
--     in splinter: audit_reader is a member of authenticated, so for it public.users' users_read_own (one's
--     own row, to authenticated) and users_read_organization (the door's, to audit_reader) both apply —
--     the split by role is the audited door's design (20261202000600_audited_door.sql).
-- A throwaway table written the slow way, inside this transaction, shows each check fails when it should.
-- Who may read and write which rows is proved role by role in the other suites (11 … 76).
begin;
create extension if not exists pgtap;
select plan(11);

-- pg_policies prints expressions for the session's search_path: fix it, so that calls to auth.* and app.*
-- print schema-qualified and the expected texts below hold.
set local search_path = public, extensions;

-- The functions whose value comes from the request: every function of schema auth, current_setting(), and,
-- to any depth, each SQL or PL/pgSQL function of ours whose body calls one of them. Each named as a policy
-- prints a call to it (schema-qualified unless on the search_path).
create function pg_temp.request_readers() returns setof text language sql stable as $$
  with recursive readers (oid) as (
    select p.oid from pg_proc p
    where p.pronamespace = 'auth'::regnamespace
       or (p.pronamespace = 'pg_catalog'::regnamespace and p.proname = 'current_setting')
    union
    select p.oid
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_language l on l.oid = p.prolang
    join readers r on p.prosrc ~ ('\m' || replace(split_part(r.oid::regprocedure::text, '(', 1), '.', '\.') || '\s*\(')
    where n.nspname in ('public', 'app', 'audit', 'gdpr') and l.lanname in ('sql', 'plpgsql')
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  )
  select distinct split_part(oid::regprocedure::text, '(', 1) from readers order by 1
$$;

-- How many calls to a request reader an expression makes outside a scalar subquery of their own. Postgres
-- prints `(select auth.uid())` as `( SELECT auth.uid() AS uid)`, so a call counts as wrapped when it
-- directly follows `( SELECT ` (or `( SELECT ((`, an expression starting with it). A call nested in another
-- call's arguments inside the subquery is counted as unwrapped: a false alarm at worst, never a miss.
create function pg_temp.unwrapped_calls(expr text) returns integer language sql stable as $$
  select coalesce(sum(regexp_count(expr, '\m' || f.pattern || '\(')
                      - regexp_count(expr, '\( SELECT \(*' || f.pattern || '\(')), 0)::integer
  from (select replace(name, '.', '\.') as pattern from pg_temp.request_readers() as r(name)) f
$$;

create function pg_temp.slow_policies() returns setof text language sql stable as $$
  select format('%I.%I %s', schemaname, tablename, policyname)
  from pg_policies
  where schemaname in ('public', 'audit')
    and pg_temp.unwrapped_calls(qual) + pg_temp.unwrapped_calls(with_check) > 0
  order by 1
$$;

-- No table is excluded: the partitioned ones (audit_logs, phi_access_audit_log) have keys that include
-- their partition key, and their partitions inherit them.
create function pg_temp.tables_without_primary_key() returns setof text language sql stable as $$
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'audit') and c.relkind in ('r', 'p')
    and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
    and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  order by 1
$$;

create function pg_temp.duplicate_permissive_policies() returns setof text language sql stable as $$
  select format('%I.%I %s %s: %s', n.nspname, c.relname, r.rolname, a.cmd,
                string_agg(p.polname::text, ', ' order by p.polname))
  from pg_policy p
  join pg_class c on c.oid = p.polrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_roles r on r.oid = any (p.polroles) or 0::oid = any (p.polroles)
  cross join lateral unnest(case p.polcmd
    when 'r' then array['SELECT'] when 'a' then array['INSERT'] when 'w' then array['UPDATE']
    when 'd' then array['DELETE'] else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) a(cmd)
  where n.nspname in ('public', 'audit') and p.polpermissive
    and r.rolname !~ '^pg_' and not r.rolbypassrls
  group by n.nspname, c.relname, r.rolname, a.cmd
  having count(*) > 1
  order by 1
$$;

-- The schema as migrated.
select ok(array(select pg_temp.request_readers()) @> array['auth.uid', 'auth.jwt', 'auth.role', 'current_setting',
    'app.current_user_role', 'app.current_organization_id', 'app.has_permission'],
  'the request readers: auth.*(), current_setting() and our helpers over them, found from their bodies');
select is(array(select pg_temp.slow_policies()), '{}'::text[],
  'every policy of public and audit evaluates its request readers once per statement, as (select …)');
select ok(array(select distinct tablename::text from pg_policies
                where schemaname = 'public' and (qual ~ '\( SELECT auth\.uid\(\)' or with_check ~ '\( SELECT auth\.uid\(\)'))
            @> array['users', 'user_sessions', 'performance_metrics', 'web_vitals', 'mfa_enrollments',
                     'mfa_backup_codes', 'mfa_challenges'],
  'among them the policies the advisor named, each now with (select auth.uid())');
select is(array(select pg_temp.tables_without_primary_key()), '{}'::text[],
  'every table of public and audit has a primary key, partitions included');
select is((select pg_get_constraintdef(k.oid) from pg_constraint k
           where k.conrelid = 'public.audit_logs'::regclass and k.contype = 'p'),
  'PRIMARY KEY (event_id, "timestamp")',
  'the audit trail''s key is its idempotency key, with the partition key in it');
select is(array(select pg_temp.duplicate_permissive_policies()), '{}'::text[],
  'no table has two permissive policies for one role and command');

-- A table written the slow way: each check names it.
create table public.rls_plans_once_probe (id integer, owner uuid, org uuid);
alter table public.rls_plans_once_probe enable row level security;
create policy probe_slow_using on public.rls_plans_once_probe for select to authenticated
  using (owner = auth.uid());
create policy probe_half on public.rls_plans_once_probe for update to authenticated
  using (owner = (select auth.uid()) or org = app.current_organization_id());
create policy probe_slow_check on public.rls_plans_once_probe for insert to authenticated
  with check (current_setting('request.jwt.claims', true) is not null);
create policy probe_wrapped on public.rls_plans_once_probe for delete to authenticated
  using (owner = (select auth.uid()) and (select app.current_user_role()) = 'admin');
create policy probe_everyone on public.rls_plans_once_probe to public using (false);

select is((select qual from pg_policies where policyname = 'probe_wrapped'),
  '((owner = ( SELECT auth.uid() AS uid)) AND (( SELECT app.current_user_role() AS current_user_role) = ''admin''::user_role))',
  'a wrapped call prints as ( SELECT f() AS f), the form the check looks for');
select is(array(select p from pg_temp.slow_policies() p where p like 'public.rls_plans_once_probe %'),
  array['public.rls_plans_once_probe probe_half', 'public.rls_plans_once_probe probe_slow_check',
        'public.rls_plans_once_probe probe_slow_using'],
  'a call outside (select …) is found, in USING or WITH CHECK, beside a wrapped one too; a wrapped policy is not');
select is(array(select t from pg_temp.tables_without_primary_key() t where t like 'public.rls_plans_once_probe'),
  array['public.rls_plans_once_probe'], 'a table without a primary key is found');
select is(array(select d from pg_temp.duplicate_permissive_policies() d where d like 'public.rls_plans_once_probe %'),
  array['public.rls_plans_once_probe authenticated DELETE: probe_everyone, probe_wrapped',
        'public.rls_plans_once_probe authenticated INSERT: probe_everyone, probe_slow_check',
        'public.rls_plans_once_probe authenticated SELECT: probe_everyone, probe_slow_using',
        'public.rls_plans_once_probe authenticated UPDATE: probe_everyone, probe_half'],
  'a policy TO PUBLIC FOR ALL is a second permissive policy for every role and command it covers');

-- The same table restated the fast way passes.
alter policy probe_slow_using on public.rls_plans_once_probe using (owner = (select auth.uid()));
alter policy probe_half on public.rls_plans_once_probe
  using (owner = (select auth.uid()) or org = (select app.current_organization_id()));
alter policy probe_slow_check on public.rls_plans_once_probe
  with check ((select current_setting('request.jwt.claims', true)) is not null);
drop policy probe_everyone on public.rls_plans_once_probe;
alter table public.rls_plans_once_probe add primary key (id);
select is(array(select x from (select pg_temp.slow_policies() union all select pg_temp.tables_without_primary_key()
                               union all select pg_temp.duplicate_permissive_policies()) s(x)
                where x like 'public.rls_plans_once_probe%'),
  '{}'::text[], 'restated with (select …), one policy per command and a primary key, it passes');

select * from finish();
rollback;
