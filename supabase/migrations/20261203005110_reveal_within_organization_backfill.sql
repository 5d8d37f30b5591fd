-- The pairs of audit rows written before 20261203005100's triggers, then the reveal rule itself
-- (20261203005100 says why and how the two files split). Its own transaction (the Supabase CLI applies each
-- file as one): the scan below takes only ACCESS SHARE on the audit tables, which no insert waits for, so
-- writers go on while it reads; the triggers pair what they add meanwhile.
--
-- One statement: the pairs are gathered and sorted (DISTINCT, ORDER BY) before the first is inserted, so
-- the new pairs exist uncommitted only from the end of the scan to this file's commit. A writer adding in
-- that window a pair the backfill has just inserted waits for the commit (ON CONFLICT waits on an
-- uncommitted equal key); one adding a pair already recorded does not wait. Sorted as the triggers sort,
-- so a single-statement writer and the backfill cannot wait for each other.

-- Callable again by the owner at any time (after a restore, say): it adds only what is missing and
-- returns how many pairs it added.
create function audit.backfill_pseudonym_organizations() returns bigint
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  added bigint;
begin
  -- one scan per table (a VALUES list per row), the same pseudonyms as the triggers record
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct s.p, s.o
  from (
    select v.p, l.organization_id
    from public.audit_logs l
    cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                               (l.user_agent_pseudonym),
                               (case when l.metadata ->> 'subject_pseudonym'
                                          ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                     then (l.metadata ->> 'subject_pseudonym')::uuid end)) v(p)
    where l.organization_id is not null
    union all
    select v.p, l.organization_id
    from public.phi_access_audit_log l
    cross join lateral (values (l.actor_pseudonym), (l.patient_pseudonym), (l.ip_pseudonym),
                               (l.user_agent_pseudonym)) v(p)
    where l.organization_id is not null
    union all
    select v.p, t.organization_id
    from public.ai_audit_trails t
    cross join lateral (values (t.user_pseudonym), (t.session_pseudonym)) v(p)
    where t.organization_id is not null
  ) s(p, o)
  where s.p is not null
  order by 1, 2
  on conflict do nothing;
  get diagnostics added = row_count;
  return added;
end $$;
revoke all on function audit.backfill_pseudonym_organizations() from public, anon, authenticated, service_role;

select audit.backfill_pseudonym_organizations();

-- Many pseudonyms, one key read: the service role any; an organization's admin or medical director those
-- of their organization's rows (a pseudonym not theirs is left out, as an erased one is).
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
    from audit.pseudonym_organizations o
    join audit.pseudonym_mapping m on m.pseudonym = o.pseudonym
    where o.pseudonym = any(pseudonyms) and o.organization_id = org;
end $$;

-- One pseudonym (the entries views, a row at a time; gdpr-export's /reveal as the caller): the same rule.
create or replace function audit.reveal(p uuid) returns text
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p is null then return null; end if;
  if coalesce(auth.role(), '') <> 'service_role' and not (
       app.current_user_role() in ('admin', 'medical_director')
       and exists (select 1 from audit.pseudonym_organizations o
                   where o.pseudonym = p and o.organization_id = app.current_organization_id())) then
    return null;
  end if;
  return (select audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted)
          from audit.pseudonym_mapping m where m.pseudonym = p);
end $$;
