-- The audit writer's new pseudonyms encrypt their value inline instead of through audit.encrypt_value.
-- A SQL function with SET search_path is never inlined: each call set up and tore down an executor for
-- one row, ~4 µs of the ~7 µs per new identifier (measured on this stack, 20,000 calls each way), and a
-- burst of new client addresses makes about one new identifier per row (scripts/bench/audit_ingest.ts;
-- the pipeline's dosing load the same). blind_index was inlined here for the same reason
-- (20261203000600).
--
-- The stored value is unchanged: a fresh random 16-byte IV per row, then AES-CBC with PKCS padding under
-- the Vault key, IV || ciphertext, exactly audit.encrypt_value's expression (audit.decrypt_value reads it).
-- The IV is drawn in a derived table's output, which Postgres neither flattens (a volatile output) nor
-- shares between rows, and is referenced twice from that same row; tests/sql/65_audit_writer_inline_encryption.sql
-- checks one IV per row and that every value decrypts back.
--
-- Everything else as in 20261203000600: the one pseudonym rule (find or create, an erased identifier is
-- never pseudonymised again, a second look with a fresh snapshot), plan_cache_mode, search_path.
-- CREATE OR REPLACE keeps the owner and the grants.

create or replace function audit.resolve_pseudonyms(key bytea, kinds text[], owners uuid[], vals text[])
returns uuid[]
language plpgsql
set search_path = pg_catalog, pg_temp
set plan_cache_mode = force_generic_plan
as $$
declare
  found uuid[];
begin
  with hashed as materialized (  -- materialized: one HMAC per identifier, not one per reference
    select i.*,
      -- audit.blind_index, inlined (a function with SET search_path is never inlined: ~3x the cost)
      extensions.hmac(convert_to(i.k || ':' || coalesce(i.o::text, '') || ':' || i.v, 'UTF8'), key, 'sha256') as bi
    from unnest(kinds, owners, vals) with ordinality i(k, o, v, n)
  ),
  items as (
    select h.k, h.o, h.v, h.bi, h.n, m.pseudonym
    from hashed h left join audit.pseudonym_mapping m on m.blind_index = h.bi
  ),
  created as (
    insert into audit.pseudonym_mapping (kind, owner_pseudonym, blind_index, value_encrypted)
    -- audit.encrypt_value, inlined (see the head of this file)
    select n.k, n.o, n.bi, n.iv || extensions.encrypt_iv(convert_to(n.v, 'UTF8'), key, n.iv, 'aes-cbc/pad:pkcs')
    from (
      select i.k, i.o, i.bi, i.v, extensions.gen_random_bytes(16) as iv
      from items i
      where i.pseudonym is null
        and not exists (select 1 from audit.erased_identifiers e where e.blind_index = i.bi)
    ) n
    on conflict (blind_index) do nothing
    returning blind_index, pseudonym
  )
  select array_agg(coalesce(i.pseudonym, c.pseudonym) order by i.n) into found
  from items i left join created c on c.blind_index = i.bi;

  -- A gap is an erased user, or an identifier a concurrent writer mapped after this statement's
  -- snapshot (its insert then did nothing): look again with a fresh snapshot.
  if array_position(found, null) is not null then
    select array_agg(m.pseudonym order by u.n) into found
    from unnest(kinds, owners, vals) with ordinality u(k, o, v, n)
    left join audit.pseudonym_mapping m on m.blind_index =
      extensions.hmac(convert_to(u.k || ':' || coalesce(u.o::text, '') || ':' || u.v, 'UTF8'), key, 'sha256');
  end if;
  return found;
end $$;
