-- MFA compliance from the real factor state (issue 15). mfa_compliance_status counted factors in
-- public.mfa_enrollments, which nothing writes: Supabase Auth keeps factors in auth.mfa_factors and
-- their verified challenges in auth.mfa_challenges. A user is compliant when a factor is verified there.
-- Neither auth table is readable by the API roles, so one narrow security-definer function answers for
-- a single user, and only to that user, an admin or medical director of their organization, or the
-- server (service role, or the connection's own role as in pg_cron jobs). The view stays security-invoker: a caller sees their own row; an organization's list is
-- read through the audited door (audit-query /mfa-compliance, as audit_reader).

create function app.mfa_factor_state(p_user uuid)
returns table (methods text[], last_verified_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct f.factor_type::text order by f.factor_type::text)
           filter (where f.status = 'verified'), '{}'),
         max(c.verified_at)
  from auth.mfa_factors f left join auth.mfa_challenges c on c.factor_id = f.id
  where f.user_id = p_user
    and (p_user = auth.uid()
      or current_setting('role') in ('none', 'service_role') -- the server itself: cron, migrations
      or (app.current_user_role() in ('admin', 'medical_director')
          and app.organization_of_user(p_user) = app.current_organization_id()))
$$;
revoke all on function app.mfa_factor_state(uuid) from public, anon;
grant execute on function app.mfa_factor_state(uuid) to authenticated, service_role;

create or replace view public.mfa_compliance_status with (security_invoker = true) as
select u.id as user_id, u.organization_id, u.role, coalesce(p.required, false) as mfa_required,
  f.methods as active_methods,
  (select count(*) from public.mfa_backup_codes b where b.user_id = u.id and b.used_at is null) as backup_codes_left,
  u.created_at + make_interval(days => coalesce(p.grace_period_days, 0)) as enroll_by,
  greatest(f.last_verified_at, (select max(c.challenged_at) from public.mfa_challenges c
    where c.user_id = u.id and c.result = 'success')) as last_successful_challenge,
  case
    when not coalesce(p.required, false) then 'not_required'
    when cardinality(f.methods) > 0 then 'compliant'
    when now() <= u.created_at + make_interval(days => coalesce(p.grace_period_days, 0)) then 'grace_period'
    else 'non_compliant'
  end as compliance
from public.users u
left join public.mfa_policies p on p.role = u.role
cross join lateral app.mfa_factor_state(u.id) f
where u.deleted_at is null;
