-- Pseudonyms for the personal identifiers in audit rows (user id, session id, client ip, user agent,
-- patient id). Audit rows store only a random pseudonym; the link to the original lives here, encrypted,
-- with a keyed blind index for lookups. Erasing a data subject deletes their mapping rows: their audit
-- rows stay byte-for-byte the same (so the seals still verify) but no longer resolve to anyone.

create table audit.pseudonym_mapping (
  pseudonym uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('user', 'session', 'ip', 'user_agent', 'patient')),
  -- The user pseudonym an identifier was seen with (null for anonymous clients), so that erasing a user
  -- also erases their sessions, addresses and agents; the same ip used by two users maps twice.
  owner_pseudonym uuid,
  blind_index bytea not null unique,
  value_encrypted bytea not null,
  created_at timestamptz not null default now()
);
create index pseudonym_mapping_owner_idx on audit.pseudonym_mapping (owner_pseudonym)
  where owner_pseudonym is not null;

comment on table audit.pseudonym_mapping is
  'pseudonym → encrypted original (AES-256-CBC, random IV); blind_index = HMAC-SHA256(kind:owner:value).';

-- One 256-bit key in Vault serves the blind index (HMAC) and the encryption.
select vault.create_secret(
  encode(extensions.gen_random_bytes(32), 'hex'),
  'audit_pseudonym_key',
  'Medic-Bot audit pseudonymisation key (HMAC blind index + AES); losing it makes pseudonyms unresolvable'
)
where not exists (select 1 from vault.secrets where name = 'audit_pseudonym_key');

create function audit.pseudonym_key() returns bytea
language sql stable security definer set search_path = '' as $$
  select decode(decrypted_secret, 'hex') from vault.decrypted_secrets where name = 'audit_pseudonym_key'
$$;

create function audit.blind_index(key bytea, kind text, owner uuid, value text) returns bytea
language sql immutable as $$
  select extensions.hmac(convert_to(kind || ':' || coalesce(owner::text, '') || ':' || value, 'UTF8'), key, 'sha256')
$$;

create function audit.encrypt_value(key bytea, value text) returns bytea
language sql volatile as $$
  select iv || extensions.encrypt_iv(convert_to(value, 'UTF8'), key, iv, 'aes-cbc/pad:pkcs')
  from (select extensions.gen_random_bytes(16) as iv) r
$$;

create function audit.decrypt_value(key bytea, sealed bytea) returns text
language sql immutable as $$
  select convert_from(
    extensions.decrypt_iv(substring(sealed from 17), key, substring(sealed from 1 for 16), 'aes-cbc/pad:pkcs'),
    'UTF8')
$$;

-- Find or create the pseudonyms of a batch of identifiers in one statement.
-- Input rows: (kind, owner, value); returns (kind, owner, value, pseudonym).
create function audit.pseudonymize(key bytea, items jsonb)
returns table (kind text, owner uuid, value text, pseudonym uuid)
language plpgsql volatile set search_path = '' as $$
begin
  insert into audit.pseudonym_mapping (kind, owner_pseudonym, blind_index, value_encrypted)
  select distinct on (bi) i.kind, i.owner, bi, audit.encrypt_value(key, i.value)
  from jsonb_to_recordset(items) as i(kind text, owner uuid, value text)
  cross join lateral audit.blind_index(key, i.kind, i.owner, i.value) as bi
  where i.value is not null and i.value <> ''
  on conflict (blind_index) do nothing;

  return query
  select i.kind, i.owner, i.value, m.pseudonym
  from jsonb_to_recordset(items) as i(kind text, owner uuid, value text)
  join audit.pseudonym_mapping m on m.blind_index = audit.blind_index(key, i.kind, i.owner, i.value);
end $$;

-- The pseudonym of an original identifier, or null (never creates one). Lets admins filter by user id.
create function audit.pseudonym_of(kind text, value text, owner uuid default null) returns uuid
language sql stable security definer set search_path = '' as $$
  select m.pseudonym from audit.pseudonym_mapping m
  where m.blind_index = audit.blind_index(audit.pseudonym_key(), kind, owner, value)
$$;

-- The original behind a pseudonym, for admins and medical directors only (null once erased).
create function audit.reveal(p uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
begin
  if p is null then return null; end if;
  if coalesce(auth.role(), '') <> 'service_role'
     and app.current_user_role() not in ('admin', 'medical_director') then
    return null;
  end if;
  return (select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)
          from audit.pseudonym_mapping m where m.pseudonym = p);
end $$;

revoke all on all functions in schema audit from public;
revoke all on audit.pseudonym_mapping from public, anon, authenticated, service_role;
grant usage on schema audit to authenticated, service_role;
grant execute on function audit.pseudonym_of(text, text, uuid), audit.reveal(uuid) to authenticated, service_role;
