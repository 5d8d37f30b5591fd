-- reveal_many decrypts inline instead of calling audit.decrypt_value per row (issue 18: the CSV export
-- reveals every distinct pseudonym of its window, ~18k for 100,000 rows).
--
-- audit.decrypt_value is a SQL function with a SET search_path clause, so it is never inlined: every row
-- paid a call with its own executor and a GUC save and restore around pgcrypto's decrypt_iv, as
-- audit.encrypt_value did in the writer until 20261203004100 inlined it. The expression below is
-- decrypt_value's own (IV = the first 16 bytes, AES-CBC with PKCS padding under the Vault key, UTF-8), so
-- every original is the same text (tests/sql/94_reveal_many_inline_decryption.sql compares with the
-- previous definition, 20261204004010, for a page-sized list and a large one, caller by caller).
--
-- Measured on the dev stack (2M-row synthetic trail with an original behind every pseudonym: 75k mappings,
-- 1.7M reveal periods), as an admin with the audited door's settings (force_custom_plan; parallel workers
-- off, so one backend's CPU is all of it), backend CPU from /proc/<pid>/schedstat, the previous
-- definition (as a scratch copy) and this one alternating in one session, 11 rounds, medians: a list page's
-- 333 pseudonyms 4.0 -> 2.9 ms per call, the export's 18,434 200 -> 140 ms (an earlier run under heavier
-- load: 7.1 -> 5.0 and 324 -> 230). Same pairs, byte for byte. What is left for the 18k: the mapping's
-- index lookups (~25 ms), the organization probes (~45-85 ms, one descent of the periods' primary key each)
-- and pgcrypto's own decryption (~45-60 ms: a cipher context per value, each with its own IV).
--
-- The organization check stays the probe of 20261204004010, for a page and for a large list alike: the
-- set-based check, a hash semi join over the organization's periods, read the whole periods table (no
-- index leads with the organization) and took ~265 ms for either size; a nested-loop semi join cost what
-- the probe costs. Every rule as before: the service role reveals any pseudonym that has a mapping; an
-- admin or medical director only those with a period of their organization; nobody else anything; an
-- erased identifier has no mapping, so no original.
--
-- CREATE OR REPLACE keeps owner and grants, and sets the parallel label back to its default, PARALLEL
-- UNSAFE: intended (the labels of 20261204003000/4020 are being withdrawn on their own branch, with
-- tests/sql/68_parallel_safe_role_checks.sql, which asserts the old one).
create or replace function audit.reveal_many(pseudonyms uuid[])
returns table (pseudonym uuid, value text)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
  org uuid;
begin
  if coalesce(auth.role(), '') = 'service_role' then
    key := audit.pseudonym_key();
    return query
      -- audit.decrypt_value, inlined (see the head of this file)
      select m.pseudonym, convert_from(extensions.decrypt_iv(substring(m.value_encrypted from 17), key,
               substring(m.value_encrypted from 1 for 16), 'aes-cbc/pad:pkcs'), 'UTF8')
      from audit.pseudonym_mapping m
      where m.pseudonym = any(pseudonyms);
    return;
  end if;
  org := app.current_organization_id();
  if org is null or app.current_user_role() not in ('admin', 'medical_director') then
    return;
  end if;
  key := audit.pseudonym_key();
  return query
    select m.pseudonym, convert_from(extensions.decrypt_iv(substring(m.value_encrypted from 17), key,
             substring(m.value_encrypted from 1 for 16), 'aes-cbc/pad:pkcs'), 'UTF8')
    from audit.pseudonym_mapping m
    where m.pseudonym = any(pseudonyms)
      -- a probe per row, never a join (20261204004010)
      and (select true from audit.pseudonym_organization_periods o
           where o.pseudonym = m.pseudonym and o.organization_id = org limit 1);
end $$;
