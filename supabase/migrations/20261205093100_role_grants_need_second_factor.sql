-- Granting a power needs a second factor over the Data API too (review finding 13). The functions refuse
-- another person's export, reveal and erasure to a sign-in without a second factor (403 MFA_REQUIRED), but
-- an organization's admin signed in with a password alone (aal1) could give gdpr.export.any or gdpr.reveal
-- to every member of the organization — or to themselves, through a role they hold — with one
-- POST /rest/v1/organization_role. A stolen password then reached every member's records.
--
-- Every write of organization_role by a JWT user now needs the token's `aal` to be aal2, which Supabase
-- Auth sets only after an MFA challenge (the same claim the functions check, functions-shared/core/identity.ts).
-- Reading the roles does not. The platform operator (service role) is not a JWT user and writes as before.

-- Whether the request's token proves a second factor. A token without `aal` (hand-made, or from before
-- MFA) proves none.
create function app.has_second_factor() returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$
  select coalesce(auth.jwt() ->> 'aal' = 'aal2', false)
$$;
comment on function app.has_second_factor() is
  'Whether the request''s JWT says aal2 (Supabase Auth, after an MFA challenge). For policies on admin writes.';
revoke all on function app.has_second_factor() from public;
grant execute on function app.has_second_factor() to anon, authenticated, service_role;

-- As 20261202001600 wrote them, with the second factor beside roles.manage; each call a scalar subquery,
-- so that it is evaluated once per statement (tests/sql/83_rls_plans_once.sql).
alter policy organization_role_insert on public.organization_role
  with check (
    organization_id = (select app.current_organization_id())
    and (select app.has_permission('roles.manage'))
    and (select app.has_second_factor())
  );
alter policy organization_role_update on public.organization_role
  using (
    organization_id = (select app.current_organization_id())
    and (select app.has_permission('roles.manage'))
    and (select app.has_second_factor())
  )
  with check (
    organization_id = (select app.current_organization_id())
    and (select app.has_permission('roles.manage'))
    and (select app.has_second_factor())
  );
alter policy organization_role_delete on public.organization_role
  using (
    organization_id = (select app.current_organization_id())
    and (select app.has_permission('roles.manage'))
    and (select app.has_second_factor())
  );
