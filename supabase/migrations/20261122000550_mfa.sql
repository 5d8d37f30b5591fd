-- MFA tracking (the migration guide's MFA tables, beside Supabase Auth's own factors): which users have
-- enrolled which method, hashed one-time backup codes, the policy per role, and a log of challenges.
-- RLS: users see their own rows, admins their organization's. Writes go through the functions below
-- (backup codes by the user; enrollments and challenge results by the server, which verified them).

create table public.mfa_policies (
  role public.user_role primary key,
  required boolean not null,
  grace_period_days integer not null default 0 check (grace_period_days between 0 and 365),
  allowed_methods text[] not null default '{totp,webauthn}'
    check (allowed_methods <@ array['totp', 'webauthn', 'sms', 'backup_code']),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create trigger mfa_policies_stamp before insert or update on public.mfa_policies
  for each row execute function app.stamp_updated();

-- Who can change clinical or audit settings must prove a second factor; field crews get time to enroll.
insert into public.mfa_policies (role, required, grace_period_days, allowed_methods) values
  ('admin', true, 0, '{totp,webauthn}'),
  ('medical_director', true, 7, '{totp,webauthn}'),
  ('paramedic', true, 30, '{totp,webauthn,sms}'),
  ('emt', false, 30, '{totp,webauthn,sms}'),
  ('guest', false, 0, '{}');

create table public.mfa_enrollments (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  organization_id uuid,
  method text not null check (method in ('totp', 'webauthn', 'sms')),
  status text not null default 'pending' check (status in ('pending', 'active', 'disabled')),
  enrolled_at timestamptz not null default now(),
  verified_at timestamptz,
  last_used_at timestamptz,
  disabled_at timestamptz,
  unique (user_id, method),
  check (status <> 'active' or verified_at is not null)
);
create index mfa_enrollments_org_idx on public.mfa_enrollments (organization_id);

-- Only a bcrypt hash of each code is kept; the codes are shown once, when generated.
create table public.mfa_backup_codes (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  organization_id uuid,
  code_hash text not null check (code_hash like '$2%'),
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index mfa_backup_codes_user_idx on public.mfa_backup_codes (user_id) where used_at is null;

create table public.mfa_challenges (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  organization_id uuid,
  method text not null check (method in ('totp', 'webauthn', 'sms', 'backup_code')),
  result text not null check (result in ('success', 'failure')),
  challenged_at timestamptz not null default now()
);
create index mfa_challenges_user_time_idx on public.mfa_challenges (user_id, challenged_at desc);
create index mfa_challenges_org_time_idx on public.mfa_challenges (organization_id, challenged_at desc);

alter table public.mfa_policies enable row level security;
create policy mfa_policies_read on public.mfa_policies for select to authenticated using (true);
create policy mfa_policies_admin_write on public.mfa_policies for update to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');

alter table public.mfa_enrollments enable row level security;
create policy mfa_enrollments_read on public.mfa_enrollments for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));
alter table public.mfa_backup_codes enable row level security;
create policy mfa_backup_codes_read on public.mfa_backup_codes for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));
alter table public.mfa_challenges enable row level security;
create policy mfa_challenges_read on public.mfa_challenges for select to authenticated
  using (user_id = auth.uid()
         or (app.current_user_role() = 'admin' and organization_id = app.current_organization_id()));

revoke all on public.mfa_policies, public.mfa_enrollments, public.mfa_backup_codes, public.mfa_challenges from anon;
revoke insert, delete, truncate on public.mfa_policies from authenticated;
revoke insert, update, delete, truncate on public.mfa_enrollments, public.mfa_backup_codes, public.mfa_challenges
  from authenticated;

-- Server side (after Supabase Auth verified a factor): record an enrollment state and a challenge.
create function public.record_mfa_enrollment(p_user_id uuid, p_method text, p_status text)
returns public.mfa_enrollments
language plpgsql security definer set search_path = '' as $$
declare
  e public.mfa_enrollments;
begin
  insert into public.mfa_enrollments as x (user_id, organization_id, method, status, verified_at, disabled_at)
  select u.id, u.organization_id, p_method, p_status,
    case when p_status = 'active' then now() end, case when p_status = 'disabled' then now() end
  from public.users u where u.id = p_user_id
  on conflict (user_id, method) do update set status = excluded.status,
    verified_at = coalesce(excluded.verified_at, x.verified_at),
    disabled_at = case when excluded.status = 'disabled' then now() end
  returning * into e;
  if e.id is null then
    raise exception 'no such user' using errcode = 'P0002';
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'mfa.enroll', 'resource', 'mfa_enrollments', 'outcome', 'success', 'user_id', p_user_id,
    'organization_id', e.organization_id, 'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object('method', p_method, 'status', p_status))));
  return e;
end $$;

create function public.record_mfa_challenge(p_user_id uuid, p_method text, p_success boolean) returns void
language sql security definer set search_path = '' as $$
  insert into public.mfa_challenges (user_id, organization_id, method, result)
  select u.id, u.organization_id, p_method, case when p_success then 'success' else 'failure' end
  from public.users u where u.id = p_user_id;
  update public.mfa_enrollments set last_used_at = now()
  where user_id = p_user_id and method = p_method and p_success;
$$;

-- The caller's new set of backup codes (10, shown once); earlier unused codes stop working.
create function public.generate_mfa_backup_codes() returns setof text
language plpgsql volatile security definer set search_path = '' as $$
declare
  me public.users;
  code text;
begin
  select * into me from public.users where id = auth.uid() and deleted_at is null;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  delete from public.mfa_backup_codes where user_id = me.id and used_at is null;
  for i in 1..10 loop
    code := upper(substr(encode(extensions.gen_random_bytes(8), 'hex'), 1, 10));
    insert into public.mfa_backup_codes (user_id, organization_id, code_hash)
    values (me.id, me.organization_id, extensions.crypt(code, extensions.gen_salt('bf', 10)));
    return next code;
  end loop;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'mfa.enroll', 'resource', 'mfa_backup_codes', 'outcome', 'success', 'user_id', me.id,
    'organization_id', me.organization_id, 'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object('method', 'backup_code', 'codes', 10))));
end $$;

-- Spends one of the caller's backup codes; every attempt is a logged challenge.
create function public.use_mfa_backup_code(p_code text) returns boolean
language plpgsql volatile security definer set search_path = '' as $$
declare
  me public.users;
  hit bigint;
begin
  select * into me from public.users where id = auth.uid() and deleted_at is null;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  select c.id into hit from public.mfa_backup_codes c
  where c.user_id = me.id and c.used_at is null
    and c.code_hash = extensions.crypt(upper(btrim(p_code)), c.code_hash)
  limit 1 for update;
  update public.mfa_backup_codes set used_at = now() where id = hit;
  insert into public.mfa_challenges (user_id, organization_id, method, result)
  values (me.id, me.organization_id, 'backup_code', case when hit is null then 'failure' else 'success' end);
  return hit is not null;
end $$;

-- Per user: what the role's policy requires and whether the user meets it (as far as RLS shows users).
create view public.mfa_compliance_status with (security_invoker = true) as
select u.id as user_id, u.organization_id, u.role, coalesce(p.required, false) as mfa_required,
  coalesce(array_agg(e.method order by e.method) filter (where e.status = 'active'), '{}') as active_methods,
  (select count(*) from public.mfa_backup_codes b where b.user_id = u.id and b.used_at is null) as backup_codes_left,
  u.created_at + make_interval(days => coalesce(p.grace_period_days, 0)) as enroll_by,
  (select max(c.challenged_at) from public.mfa_challenges c where c.user_id = u.id and c.result = 'success')
    as last_successful_challenge,
  case
    when not coalesce(p.required, false) then 'not_required'
    when bool_or(e.status = 'active') then 'compliant'
    when now() <= u.created_at + make_interval(days => coalesce(p.grace_period_days, 0)) then 'grace_period'
    else 'non_compliant'
  end as compliance
from public.users u
left join public.mfa_policies p on p.role = u.role
left join public.mfa_enrollments e on e.user_id = u.id
where u.deleted_at is null
group by u.id, u.organization_id, u.role, u.created_at, p.required, p.grace_period_days;

revoke all on function public.record_mfa_enrollment(uuid, text, text), public.record_mfa_challenge(uuid, text, boolean),
  public.generate_mfa_backup_codes(), public.use_mfa_backup_code(text) from public, anon, authenticated;
grant execute on function public.record_mfa_enrollment(uuid, text, text),
  public.record_mfa_challenge(uuid, text, boolean) to service_role;
grant execute on function public.generate_mfa_backup_codes(), public.use_mfa_backup_code(text) to authenticated;
revoke all on public.mfa_compliance_status from anon;
grant select on public.mfa_compliance_status to authenticated, service_role;
