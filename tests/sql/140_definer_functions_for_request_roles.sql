-- A SECURITY DEFINER function in app, audit or gdpr runs as its owner for whoever may execute it, and the
-- default privileges give PUBLIC EXECUTE on every new function there: one added later is callable by anon and
-- authenticated at once, and so by a statement injected into a request path's transaction with any end user's
-- claims (review19-app L4). The exposed-schema inventory and 75's lint look at `public` only. Here every such
-- function anon, authenticated or PUBLIC may execute is one of the list below, each with why a request role
-- calls it; a new one fails until its migration revokes EXECUTE (and grants the role that needs it) or it is
-- added here with its reason. Trigger functions are left out: no one can call one, whatever its grants.
begin;
create extension if not exists pgtap;
select plan(3);

create temp table intended140 (fn regprocedure primary key, why text not null);
insert into intended140 values
  -- app.has_permission -> app.current_permissions, as authenticated (and audit_reader, its member) in RLS
  -- policies and the GDPR and verification checks; answers for the caller's own organization only (139).
  ('app.role_permissions(uuid,text)', 'the permission check of policies run as the signed-in caller'),
  -- public.mfa_compliance_status (security_invoker), read as authenticated and audit_reader; answers for the
  -- caller, their organization's admins and directors, and the operator only (44, 115).
  ('app.mfa_factor_state(uuid)', 'the MFA compliance view over auth.mfa_factors, read as the caller'),
  -- gdpr-export's erase, as authenticated with the caller's claims (aal2); asks gdpr.erase and the
  -- organization itself, and refuses privileged subjects (72).
  ('gdpr.erase_subject(uuid,text,text,text,text,jsonb)', 'gdpr-export''s erasure, run as the signed-in caller');

create function pg_temp.unlisted() returns text[] language sql stable as $$
  select coalesce(array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text), '{}')
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('app', 'audit', 'gdpr') and p.prosecdef and p.prokind in ('f', 'p')
    and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    -- anon and authenticated inherit PUBLIC's grants, so these two cover it
    and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
    and p.oid not in (select fn from intended140)
$$;

select is(pg_temp.unlisted(), '{}'::text[],
  'no security-definer function in app, audit or gdpr is executable by anon, authenticated or PUBLIC unless listed');

-- The rule catches what it was written for: a definer function added with the default privileges, and one
-- granted to authenticated alone.
create function app.definer_probe_140() returns int language sql security definer
  set search_path = pg_catalog, pg_temp as $$ select 1 $$;
create function gdpr.definer_probe_140() returns int language sql security definer
  set search_path = pg_catalog, pg_temp as $$ select 1 $$;
revoke execute on function gdpr.definer_probe_140() from public;
grant execute on function gdpr.definer_probe_140() to authenticated;
select is(pg_temp.unlisted(), '{app.definer_probe_140(),gdpr.definer_probe_140()}'::text[],
  'a new one fails the rule, whether PUBLIC or authenticated executes it');
drop function app.definer_probe_140(), gdpr.definer_probe_140();

-- A listed function that no request role executes any more leaves the list with its grant.
select is(
  (select coalesce(array_agg(fn::text order by fn::text), '{}') from intended140
   where not has_function_privilege('anon', fn, 'execute') and not has_function_privilege('authenticated', fn, 'execute')),
  '{}'::text[],
  'and each listed one still is (the list is today''s, not a wish)');

select * from finish();
rollback;
