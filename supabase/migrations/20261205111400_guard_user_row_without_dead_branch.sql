-- app.guard_user_row's check compared deleted_at, email and last_login_at as well as badge number and
-- department. Since 20261205092200 took UPDATE (deleted_at) back from `authenticated`, no request role may
-- update any of those three (email and last_login_at were never granted), and Postgres refuses such an
-- update before a trigger runs: that part of the check could never decide anything. The definition as
-- 20261122000540 wrote it (search_path as 20261203002200 set it), with badge number and department alone;
-- no behaviour changes (tests/sql/118_guard_user_row_without_dead_branch.sql, 110, 40).

create or replace function app.guard_user_row() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  meta jsonb := app.app_metadata_of(new.id);
begin
  new.role := app.role_from_app_metadata(meta);
  new.organization_id := (select o.id from public.organizations o where o.id = app.org_from_app_metadata(meta));
  new.updated_at := now();
  if tg_op = 'UPDATE' and current_user = 'authenticated'
     and app.current_user_role() <> 'admin'
     and (new.badge_number, new.department) is distinct from (old.badge_number, old.department) then
    raise exception 'only admins may change badge number or department' using errcode = '42501';
  end if;
  return new;
end $$;
