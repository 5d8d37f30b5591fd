-- Deactivating a user is the operator's, and audited (security review wt15, finding 8). `authenticated`
-- could update public.users.deleted_at, and app.guard_user_row let an admin change it. Since the audited
-- door (20261202000600) an admin updates only their own row, so that grant served one thing: an admin
-- setting their own deleted_at, which drops them from mfa_compliance_status (and the compliance report's
-- MFA count) while they keep signing in, with no audit event. Deactivation goes with Supabase Auth's ban
-- or delete, the operator's (service role); `authenticated` keeps full_name, station, badge_number and
-- department (the last two for admins, as the guard says).
--
-- Every change of deleted_at, by anyone, is now a role.change event, as a change of role or organization
-- is (20261202000810): it changes who counts as a member. The subject is named by pseudonym.
--
-- tests/sql/110_user_deactivation.sql.

revoke update (deleted_at) on public.users from authenticated;

create or replace function audit.record_role_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  actor jsonb := audit.change_actor();
begin
  if tg_op = 'UPDATE' and old.role is not distinct from new.role
     and old.organization_id is not distinct from new.organization_id
     and old.deleted_at is not distinct from new.deleted_at then
    return null;
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'role.change',
    'resource', 'public.users',
    'outcome', 'success',
    'organization_id', coalesce(new.organization_id, case when tg_op = 'UPDATE' then old.organization_id end),
    'user_id', actor ->> 'user_id',
    'user_role', actor ->> 'user_role',
    'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object(
      'operation', lower(tg_op),
      'subject_pseudonym', (select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
        jsonb_build_array(jsonb_build_object('kind', 'user', 'value', new.id::text))) p),
      'db_role', actor ->> 'db_role',
      -- an insert's deleted_at is null, so its diff is the role and organization alone, as before
      'changes', audit.config_diff(
        case when tg_op = 'UPDATE' then jsonb_build_object('role', old.role, 'organization_id', old.organization_id,
          'deleted_at', old.deleted_at) end,
        jsonb_build_object('role', new.role, 'organization_id', new.organization_id, 'deleted_at', new.deleted_at))))));
  return null;
end $$;

drop trigger audit_role_change on public.users;
create trigger audit_role_change after insert or update of role, organization_id, deleted_at on public.users
  for each row execute function audit.record_role_change();
