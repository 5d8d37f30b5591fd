-- Organization roles: what each end-user role may do, per organization, with inheritance.
--
-- A user's role still comes from app_metadata (the JWT, server-controlled). organization_role says what
-- that role may do in the user's organization: the organization's own row for the role name when it
-- has one, else the default row (organization_id null) that every organization starts from. A role
-- inherits the permissions of the roles it names in `inherits`, recursively (cycles are ignored).
-- Functions ask app.has_permission() for admin operations; the SQL they call asks it too, so the
-- rule lives here once (gdpr-export, audit-query /verify).
--
-- Permissions checked today:
--   audit.verify       run the audit trail's tamper check            (public.verify_audit_trail)
--   gdpr.export.any    export any data subject of the organization    (gdpr.subject_scope)
--   gdpr.erase         erase a data subject of the organization       (gdpr.erase_subject)
--   gdpr.reveal        reverse an encrypted export pseudonym          (gdpr-export /reveal)
--   roles.manage       edit the organization's own role rows          (RLS below)
-- Exporting one's own data needs no permission: it is every data subject's right.

create table public.organization_role (
  id bigint generated always as identity primary key,
  -- null: the default every organization inherits unless it defines a row of the same name.
  organization_id uuid references public.organizations (id) on delete cascade,
  name text not null check (name ~ '^[a-z][a-z0-9_]{1,39}$'),
  description text check (length(description) <= 300),
  permissions text[] not null default '{}'
    check (cardinality(permissions) <= 64
           and array_to_string(permissions, ',') ~ '^([a-z][a-z_]*(\.[a-z][a-z_]*){1,3}(,|$))*$'),
  inherits text[] not null default '{}'
    check (cardinality(inherits) <= 16 and array_to_string(inherits, ',') ~ '^([a-z][a-z0-9_]{1,39}(,|$))*$'),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique nulls not distinct (organization_id, name)
);
create trigger organization_role_stamp before insert or update on public.organization_role
  for each row execute function app.stamp_updated();

comment on table public.organization_role is
  'Permissions per end-user role and organization (null organization: the default), with inherited roles.';

insert into public.organization_role (organization_id, name, description, permissions, inherits) values
  (null, 'guest', 'No account privileges beyond their own data.', '{}', '{}'),
  (null, 'emt', 'Field crew.', '{}', '{guest}'),
  (null, 'paramedic', 'Field crew.', '{}', '{emt}'),
  (null, 'medical_director', 'Clinical oversight of the organization.', '{}', '{paramedic}'),
  (null, 'admin', 'Administration and compliance of the organization.',
    '{audit.verify,gdpr.export.any,gdpr.erase,gdpr.reveal,roles.manage}', '{medical_director}');

-- The row that defines `p_name` for `p_org`: the organization's own, else the default.
create function app.effective_role(p_org uuid, p_name text) returns public.organization_role
language sql stable security definer set search_path = '' as $$
  select r.* from public.organization_role r
  where r.name = p_name and (r.organization_id = p_org or r.organization_id is null)
  order by r.organization_id nulls last
  limit 1
$$;

-- Every permission of a role in an organization, inherited ones included, sorted.
create function app.role_permissions(p_org uuid, p_role text) returns text[]
language sql stable security definer set search_path = '' as $$
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
$$;

-- The caller's permissions (role and organization from the JWT's app_metadata).
create function app.current_permissions() returns text[]
language sql stable set search_path = '' as $$
  select app.role_permissions(app.current_organization_id(), app.current_user_role()::text)
$$;

-- Whether the caller holds a permission. The service role is the server itself and holds every one;
-- anon and guests without a role row hold none.
create function app.has_permission(p_permission text) returns boolean
language sql stable set search_path = '' as $$
  select coalesce(auth.role(), '') = 'service_role'
    or (coalesce(auth.role(), '') = 'authenticated' and p_permission = any (app.current_permissions()))
$$;

alter table public.organization_role enable row level security;
-- Members read their organization's roles and the defaults; only role managers write, and only rows of
-- their own organization (the defaults are the platform's, edited by migrations).
create policy organization_role_read on public.organization_role for select to authenticated
  using (organization_id is null or organization_id = app.current_organization_id());
create policy organization_role_manage on public.organization_role for all to authenticated
  using (organization_id = app.current_organization_id() and app.has_permission('roles.manage'))
  with check (organization_id = app.current_organization_id() and app.has_permission('roles.manage'));
revoke all on public.organization_role from anon;
revoke truncate on public.organization_role from authenticated;

revoke all on function app.effective_role(uuid, text), app.role_permissions(uuid, text) from public, anon;
grant execute on function app.effective_role(uuid, text), app.role_permissions(uuid, text),
  app.current_permissions(), app.has_permission(text) to authenticated, service_role;

-- audit-query /verify: the tamper check is for holders of audit.verify (admins by default).
create or replace function public.verify_audit_trail(p_from_seq bigint default null, p_to_seq bigint default null)
returns table (
  ok boolean, first_bad_seq bigint, problem text, seals_checked integer, rows_checked bigint,
  latest_seal_id bigint, latest_seal_to_seq bigint, latest_seal_hash text, latest_sealed_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not app.has_permission('audit.verify') then
    raise exception 'verifying the audit trail needs the audit.verify permission' using errcode = '42501';
  end if;
  return query
    select v.ok, v.first_bad_seq, v.problem, v.seals_checked, v.rows_checked,
      s.seal_id, s.to_seq, s.seal_hash, s.sealed_at
    from audit.verify(p_from_seq, p_to_seq) v
    left join audit.latest_seal() s on true;
end $$;
