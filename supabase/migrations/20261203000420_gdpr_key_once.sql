-- gdpr.own_identifiers read the pseudonym key from Vault once per identifier it decrypted, and an export
-- calls it six times (three categories, for the count and again for the stream): under the load
-- benchmark the key lookups were most of gdpr.export_plan's ~50 ms. The key is now read once per call.
create or replace function gdpr.own_identifiers(p_user_pseudonym uuid) returns table (pseudonym uuid, value text)
language sql stable security definer set search_path = '' as $$
  with k as materialized (select audit.pseudonym_key() as key)
  select m.pseudonym, audit.decrypt_value(k.key, m.value_encrypted)
  from k, audit.pseudonym_mapping m where m.owner_pseudonym = p_user_pseudonym
$$;
