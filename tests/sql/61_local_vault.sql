-- The local Vault stand-in (scripts/sql/extensions/supabase_vault--local.sql): secrets round-trip, and are
-- sealed with salted, not iterated, S2K under AES-256 — the key is random bytes, and iterated S2K made
-- every read of the audit pseudonym key cost about a millisecond that Supabase's Vault does not.
begin;
create extension if not exists pgtap;
select plan(5);

-- OpenPGP symmetric-key packet: tag, length, version, cipher (9 = AES-256), S2K mode (1 = salted).
create function pg_temp.packet(secret_name text) returns bytea language sql as $$
  select decode(secret, 'base64') from vault.secrets where name = secret_name
$$;

select vault.create_secret('first value', 'pgtap_local_vault');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'pgtap_local_vault'),
  'first value', 'a created secret reads back');
select is(get_byte(pg_temp.packet('pgtap_local_vault'), 4), 1, 'sealed with salted S2K, not iterated');
select is(get_byte(pg_temp.packet('pgtap_local_vault'), 3), 9, 'under AES-256');

select vault.update_secret((select id from vault.secrets where name = 'pgtap_local_vault'), 'second value');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'pgtap_local_vault'),
  'second value', 'an updated secret reads back');
select is(get_byte(pg_temp.packet('pgtap_local_vault'), 4), 1, 'an update seals it the same way');

select * from finish();
rollback;
