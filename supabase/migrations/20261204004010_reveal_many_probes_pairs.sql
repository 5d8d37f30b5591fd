-- reveal_many checks each revealed pseudonym's (pseudonym, organization) pair with one probe of the
-- periods' primary key, as 20261204001010 meant it to, instead of letting the planner hash the whole
-- organization's pairs (issue 18, the audited list reads).
--
-- The audited door plans every statement of its transaction for its own values (plan_cache_mode =
-- force_custom_plan, so that a page is planned for its window and subject), and that reaches the
-- statement inside reveal_many too: given a page's ~330 distinct pseudonyms, the planner took the EXISTS
-- as a hash semi join over every pair of the organization (a sequential scan of
-- audit.pseudonym_organization_periods, ~10k rows on a 1M-row dev trail and growing with the trail) and a
-- sequential scan of the mapping: 5.7 ms of the statement's 12.5 (EXPLAIN ANALYZE through auto_explain,
-- nested), 4.0 ms mean per read in pg_stat_statements against 1.5 ms with the probe. As a scalar subquery
-- with LIMIT 1 the check cannot be turned into a join: it runs for the mapping rows the page's pseudonyms
-- found, each one descent of the primary key's leading columns. Same rows for every input
-- (tests/sql/63_reveal_within_organization.sql, 66_reveal_pairs_follow_rows.sql; 89_reveal_many_probe.sql
-- compares with the previous definition). CREATE OR REPLACE keeps owner and grants.
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
      select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
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
    select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
    from audit.pseudonym_mapping m
    where m.pseudonym = any(pseudonyms)
      -- a probe per row, never a join (see the head of this file)
      and (select true from audit.pseudonym_organization_periods o
           where o.pseudonym = m.pseudonym and o.organization_id = org limit 1);
end $$;
