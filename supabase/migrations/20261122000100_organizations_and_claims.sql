-- Organizations and the claim helpers every RLS policy uses.
--
-- End-user roles and the organization come from the JWT's app_metadata, which only the server (service
-- role, auth hooks) can write; user_metadata is editable by the user and is never read for access.

create schema if not exists app;
grant usage on schema app to anon, authenticated, service_role;

create type public.user_role as enum ('paramedic', 'emt', 'medical_director', 'admin', 'guest');

-- The caller's organization from app_metadata, or null.
create or replace function app.current_organization_id() returns uuid
language sql stable as $$
  select nullif(auth.jwt() -> 'app_metadata' ->> 'organization_id', '')::uuid
$$;

-- The caller's end-user role from app_metadata; anything unknown or missing is a guest.
create or replace function app.current_user_role() returns public.user_role
language sql stable as $$
  select case
    when auth.jwt() -> 'app_metadata' ->> 'role' in ('paramedic', 'emt', 'medical_director', 'admin', 'guest')
      then (auth.jwt() -> 'app_metadata' ->> 'role')::public.user_role
    else 'guest'::public.user_role
  end
$$;

grant execute on function app.current_organization_id(), app.current_user_role()
  to anon, authenticated, service_role;

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(btrim(name)) between 1 and 200),
  created_at timestamptz not null default now()
);

comment on table public.organizations is
  'EMS agencies/providers. Every row that belongs to an organization carries organization_id.';

alter table public.organizations enable row level security;

-- Members read their own organization; nobody else reads, and only the service role writes.
create policy organizations_select_own on public.organizations
  for select to authenticated
  using (id = app.current_organization_id());

revoke insert, update, delete, truncate on public.organizations from anon, authenticated;
