-- Three definer functions in `app` answered about any organization (review19-app M1). `app` is not exposed
-- over the Data API, but `authenticated` has USAGE on it, and a statement injected into a request path's
-- transaction can forge any end user's claims (README, trust model). As a paramedic of A:
--   app.app_metadata_of('<a user of B>')          that user's role and organization
--   app.effective_role('<B>', '<role>')            B's role row (permissions, inherits)
--   app.role_permissions('<B>', 'admin')           B's admins' effective permissions
-- Their callers, and the role each call runs as:
--   app_metadata_of   app.guard_user_row(), the BEFORE INSERT/UPDATE trigger of public.users, an invoker
--                     function: as `authenticated` for one's own row over the Data API (users_update_own),
--                     as service_role for the operator's writes, as the owner inside app.sync_user_from_auth
--                     (Auth's insert and update) and the other definer writers. Nothing else, in SQL or in
--                     functions-shared/ and scripts/.
--   effective_role    app.role_permissions only (a definer: it calls it as the owner).
--   role_permissions  app.current_permissions() (invoker) <- app.has_permission() (invoker), which RLS
--                     policies and the GDPR and verification routines ask, as authenticated (or
--                     audit_reader, its member) with the caller's own app.current_organization_id(); the
--                     operator's tests and the e2e vocabulary check call it as the owner.
-- So: the part of the users trigger that reads app_metadata becomes its own definer trigger, and no request
-- role executes app_metadata_of or effective_role; role_permissions answers for the caller's own organization
-- only (the defaults too: a caller without one asks with null), and for any to the operator
-- (app.is_platform_operator()). The service role keeps EXECUTE on all three. Proved role by role in
-- tests/sql/139_role_answers_are_the_callers.sql.
set local lock_timeout = '5s';

-- Role and organization from Auth's app_metadata, as app.guard_user_row set them, now as the owner. Also for
-- an own-row update the organization is looked up past RLS, as the sync from Auth always did: under the
-- caller's RLS an organization their (older) JWT does not name yet read as none.
create function app.user_row_role_from_auth() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  meta jsonb := app.app_metadata_of(new.id);
begin
  new.role := app.role_from_app_metadata(meta);
  new.organization_id := (select o.id from public.organizations o where o.id = app.org_from_app_metadata(meta));
  return new;
end $$;
-- A trigger function cannot be called, but no one needs EXECUTE on it either.
revoke all on function app.user_row_role_from_auth() from public, anon, authenticated, service_role;

create trigger users_role_from_auth before insert or update on public.users
for each row execute function app.user_row_role_from_auth();

-- The rest of 20261205111400's definition, unchanged: it checks current_user, so it stays an invoker.
create or replace function app.guard_user_row() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.updated_at := now();
  if tg_op = 'UPDATE' and current_user = 'authenticated'
     and app.current_user_role() <> 'admin'
     and (new.badge_number, new.department) is distinct from (old.badge_number, old.department) then
    raise exception 'only admins may change badge number or department' using errcode = '42501';
  end if;
  return new;
end $$;

revoke execute on function app.app_metadata_of(uuid), app.effective_role(uuid, text) from public, anon, authenticated;

-- 20261122000710's body, behind the check. The owner's call of effective_role is unaffected by the revoke.
create or replace function app.role_permissions(p_org uuid, p_role text) returns text[]
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p_org is distinct from app.current_organization_id() and not app.is_platform_operator() then
    raise exception 'role permissions are readable for the caller''s own organization only'
      using errcode = '42501';
  end if;
  return (
    with recursive roles (name, path) as (
      select p_role, array[p_role]
      union all
      select i.name, r.path || i.name
      from roles r
      cross join lateral unnest((app.effective_role(p_org, r.name)).inherits) as i(name)
      where i.name <> all (r.path) and cardinality(r.path) < 16
    )
    select coalesce(array_agg(distinct p order by p), '{}')
    from roles r
    cross join lateral unnest((app.effective_role(p_org, r.name)).permissions) as p
  );
end $$;
