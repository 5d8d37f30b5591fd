-- Bootstrap: what the Supabase platform gives every project database, for plain Debian Postgres.
-- Applied by scripts/stack before supabase/migrations on every start (idempotent); never part of the
-- migrations, because on Supabase these objects already exist and belong to the platform.

-- Roles ---------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
end $$;

grant anon, authenticated, service_role to authenticator;

-- Schemas and Supabase's default grants ------------------------------------------------------------------
create schema if not exists extensions;
create schema if not exists auth;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
-- As on Supabase: pg_cron is the platform's, registered in pg_catalog (its jobs live in schema cron), never
-- in public where the Data API would list it. The migration's `create extension if not exists` then finds it.
create extension if not exists pg_cron with schema pg_catalog;

grant usage on schema public, extensions, auth to anon, authenticated, service_role;
-- Once, on a new cluster: what the migrations take back later (20261205095000) must stay taken back when
-- the stack restarts, as on Supabase, where the platform grants these once.
do $$ begin
  if not exists (select 1 from pg_default_acl
                 where defaclrole = current_user::regrole and defaclnamespace = 'public'::regnamespace) then
    grant all on schema public to service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
  end if;
end $$;

-- Supabase puts extensions on the search path of every database.
do $$ begin
  execute format('alter database %I set search_path to "$user", public, extensions', current_database());
end $$;

-- auth: the helpers RLS policies call, defined as Supabase defines them -------------------------------
create or replace function auth.uid() returns uuid
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to anon, authenticated, service_role;

-- The part of auth.users that application tables reference (GoTrue owns the rest on Supabase).
create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
revoke all on auth.users from anon, authenticated;
-- Once (see the default privileges above): 20261205095100 takes part of it back.
do $$ begin
  if not has_table_privilege('service_role', 'auth.users', 'select') then
    grant all on auth.users to service_role;
  end if;
end $$;

-- GoTrue's factor state (the columns our migrations read): Supabase Auth writes these rows when a user
-- enrols a factor and verifies a challenge; the MFA compliance view reads them.
do $$
begin
  if not exists (select 1 from pg_type where typname = 'factor_type' and typnamespace = 'auth'::regnamespace) then
    create type auth.factor_type as enum ('totp', 'webauthn', 'phone');
  end if;
  if not exists (select 1 from pg_type where typname = 'factor_status' and typnamespace = 'auth'::regnamespace) then
    create type auth.factor_status as enum ('unverified', 'verified');
  end if;
end $$;
create table if not exists auth.mfa_factors (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  friendly_name text,
  factor_type auth.factor_type not null,
  status auth.factor_status not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  secret text,
  phone text,
  last_challenged_at timestamptz unique
);
create table if not exists auth.mfa_challenges (
  id uuid primary key default gen_random_uuid(),
  factor_id uuid not null references auth.mfa_factors (id) on delete cascade,
  created_at timestamptz not null default now(),
  verified_at timestamptz,
  ip_address inet not null default '0.0.0.0'
);
revoke all on auth.mfa_factors, auth.mfa_challenges from anon, authenticated;
do $$ begin
  if not has_table_privilege('service_role', 'auth.mfa_factors', 'select') then
    grant all on auth.mfa_factors, auth.mfa_challenges to service_role;
  end if;
end $$;

-- net and vault: pg_net and Supabase Vault are the platform's extensions; locally they are stand-ins with
-- the same signatures (scripts/sql/extensions/, installed into Postgres by scripts/stack/provision.ts), so
-- they register as pg_net and supabase_vault in pg_extension as on Supabase. A database made before that
-- holds the same objects outside any extension, which CREATE EXTENSION refuses to take over.
do $$
begin
  if (to_regproc('net.http_post') is not null and not exists (select 1 from pg_extension where extname = 'pg_net'))
     or (to_regclass('vault.secrets') is not null and not exists (select 1 from pg_extension where extname = 'supabase_vault'))
  then
    raise exception 'this database has the net/vault shims from before they became the extensions pg_net and supabase_vault'
      using hint = 'rebuild it with `deno task db:reset` (its data is lost), then rerun';
  end if;
end $$;

-- pg_net's http_post only enqueues; the local functions server delivers queued requests and records
-- responses, as pg_net's background worker does.
create extension if not exists pg_net;
grant usage on schema net to service_role;
grant execute on function net.http_post(text, jsonb, jsonb, jsonb, integer) to service_role;

-- Vault's secrets are encrypted with a key that only the database owner can read.
create extension if not exists supabase_vault;
revoke all on all tables in schema vault from public, anon, authenticated, service_role;
revoke all on all functions in schema vault from public, anon, authenticated, service_role;
