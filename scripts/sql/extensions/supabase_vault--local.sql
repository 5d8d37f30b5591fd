-- Supabase Vault's create_secret / update_secret / decrypted_secrets with their real signatures, for
-- plain Debian Postgres. Secrets are encrypted (pgcrypto, schema extensions) with a key that only the
-- database owner can read. Revokes from Supabase's roles: bootstrap.sql.
\echo Use "CREATE EXTENSION supabase_vault" to load this file. \quit

-- The key is 32 random bytes, not a password: pgcrypto's default iterated S2K (65k+ hash rounds) would
-- only make every read of a secret cost about a millisecond, which Supabase's Vault (libsodium AEAD under
-- its root key) does not. Salted S2K with AES-256 keeps pgcrypto's integrity check (MDC); decryption reads
-- the mode from the message, so secrets written before this still open.

create table vault._local_key (
  only_row boolean primary key default true check (only_row),
  key text not null default encode(extensions.gen_random_bytes(32), 'hex')
);
insert into vault._local_key default values;
create table vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create function vault.create_secret(
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
    encode(extensions.pgp_sym_encrypt(new_secret, (select key from vault._local_key), 's2k-mode=1, cipher-algo=aes256'), 'base64'),
    new_key_id
  )
  returning id
$$;

create function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null
) returns void
language sql security definer set search_path = vault, pg_catalog as $$
  update vault.secrets set
    secret = coalesce(
      encode(extensions.pgp_sym_encrypt(new_secret, (select key from vault._local_key), 's2k-mode=1, cipher-algo=aes256'), 'base64'),
      secret
    ),
    name = coalesce(new_name, name),
    description = coalesce(new_description, description),
    key_id = coalesce(new_key_id, key_id),
    updated_at = now()
  where id = secret_id
$$;

create view vault.decrypted_secrets as
select s.id, s.name, s.description, s.secret,
  extensions.pgp_sym_decrypt(decode(s.secret, 'base64'), k.key) as decrypted_secret,
  s.key_id, s.nonce, s.created_at, s.updated_at
from vault.secrets s cross join vault._local_key k;

revoke all on all tables in schema vault from public;
revoke all on all functions in schema vault from public;
