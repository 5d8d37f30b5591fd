-- An organization's security settings need a second factor over the Data API, as its role grants do
-- (20261205093100). An admin signed in with a password alone (aal1) could add, loosen, switch off or
-- delete the organization's security_policies rows with one request to /rest/v1/security_policies: a
-- stolen password was enough to lower the organization's own guards. Every write by a JWT user now needs
-- app.has_second_factor() (the JWT's `aal` is aal2) beside the admin role; reading does not. The platform
-- operator (service role) is no JWT user and writes as before.
--
-- The other tables an organization's admin writes over the Data API were checked: organization_role has
-- it (20261205093100); public.users is one's own row only since the audited door (users_update_own), with
-- role and organization from app_metadata (app.guard_user_row), so an admin changes no one else's access
-- there; vulnerability_scans records scans and grants nothing. tests/sql/118_security_policies_need_second_factor.sql.

-- As 20261202001600 wrote them, with the second factor added; each call a scalar subquery, so that it is
-- evaluated once per statement (tests/sql/83_rls_plans_once.sql).
alter policy security_policies_admin_insert on public.security_policies
  with check (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );
alter policy security_policies_admin_update on public.security_policies
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  )
  with check (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );
alter policy security_policies_admin_delete on public.security_policies
  using (
    (select app.current_user_role()) = 'admin'
    and organization_id = (select app.current_organization_id())
    and (select app.has_second_factor())
  );
