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
grant all on schema public to service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

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
grant all on auth.users to service_role;

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
grant all on auth.mfa_factors, auth.mfa_challenges to service_role;

-- net: pg_net's http_post with its real signature. It only enqueues; the local functions server
-- delivers queued requests and records responses, as pg_net's background worker does.
create schema if not exists net;
create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null,
  created timestamptz not null default now()
);
create table if not exists net._http_response (
  id bigint primary key,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint
language plpgsql security definer set search_path = net, pg_catalog as $$
declare
  query text;
  request_id bigint;
begin
  select string_agg(format('%s=%s', key, value), '&') into query from jsonb_each_text(params);
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (
    'POST',
    url || coalesce('?' || query, ''),
    headers,
    convert_to(body::text, 'UTF8'),
    timeout_milliseconds
  )
  returning id into request_id;
  return request_id;
end $$;
revoke all on function net.http_post(text, jsonb, jsonb, jsonb, integer) from public;
grant usage on schema net to service_role;
grant execute on function net.http_post(text, jsonb, jsonb, jsonb, integer) to service_role;

-- vault: create_secret / update_secret / decrypted_secrets with Supabase Vault's signatures. Secrets are
-- encrypted with a key that only the database owner can read.
create schema if not exists vault;
create table if not exists vault._local_key (
  only_row boolean primary key default true check (only_row),
  key text not null default encode(extensions.gen_random_bytes(32), 'hex')
);
insert into vault._local_key default values on conflict do nothing;
create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create or replace function vault.create_secret(
  new_secret text,
  new_name text default null,
  new_description text default '',
  new_key_id uuid default null
) returns uuid
language sql security definer set search_path = vault, pg_catalog as $$
  insert into vault.secrets (name, description, secret, key_id)
  values (
    new_name,
    coalesce(new_description, ''),
    encode(extensions.pgp_sym_encrypt(new_secret, (select key from vault._local_key)), 'base64'),
    new_key_id
  )
  returning id
$$;

create or replace function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null
) returns void
language sql security definer set search_path = vault, pg_catalog as $$
  update vault.secrets set
    secret = coalesce(
      encode(extensions.pgp_sym_encrypt(new_secret, (select key from vault._local_key)), 'base64'),
      secret
    ),
    name = coalesce(new_name, name),
    description = coalesce(new_description, description),
    key_id = coalesce(new_key_id, key_id),
    updated_at = now()
  where id = secret_id
$$;

create or replace view vault.decrypted_secrets as
select s.id, s.name, s.description, s.secret,
  extensions.pgp_sym_decrypt(decode(s.secret, 'base64'), k.key) as decrypted_secret,
  s.key_id, s.nonce, s.created_at, s.updated_at
from vault.secrets s cross join vault._local_key k;

revoke all on all tables in schema vault from public, anon, authenticated, service_role;
revoke all on all functions in schema vault from public, anon, authenticated, service_role;
