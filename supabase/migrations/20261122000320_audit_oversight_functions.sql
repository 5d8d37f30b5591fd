-- Oversight functions shaped by audit-query's needs:
-- 1. audit.reveal_many: the originals behind many pseudonyms with one key read and one role check
--    (audit.reveal costs a Vault read per call, too slow for lists and exports).
-- 2. get_failed_auth_attempts groups by client address: pseudonyms are per (user, address), so one
--    address probing with several identities would otherwise be split into rows.
-- 3. verify_audit_trail: the tamper check for admins, with the rule in the database (audit.verify
--    itself stays service_role only).

create function audit.reveal_many(pseudonyms uuid[])
returns table (pseudonym uuid, value text)
language plpgsql stable security definer set search_path = '' as $$
declare
  key bytea;
begin
  if coalesce(auth.role(), '') <> 'service_role'
     and app.current_user_role() not in ('admin', 'medical_director') then
    return;
  end if;
  key := audit.pseudonym_key();
  return query
    select m.pseudonym, audit.decrypt_value(key, m.value_encrypted)
    from audit.pseudonym_mapping m
    where m.pseudonym = any(pseudonyms);
end $$;

revoke all on function audit.reveal_many(uuid[]) from public;
grant execute on function audit.reveal_many(uuid[]) to authenticated, service_role;

create or replace function public.get_failed_auth_attempts(p_hours integer default 24)
returns table (
  ip_pseudonym uuid, ip_address inet, attempts bigint, distinct_users bigint,
  first_attempt timestamptz, last_attempt timestamptz
)
language sql stable security invoker set search_path = '' as $$
  with failures as (
    select l.ip_pseudonym, l.actor_pseudonym, l."timestamp"
    from public.audit_logs l
    where l.outcome = 'failure'
      and l.action in ('auth.failure', 'auth.unauthorized')
      and l."timestamp" >= now() - make_interval(hours => p_hours)
  ),
  addresses as (
    select r.pseudonym, r.value from audit.reveal_many(array(select distinct f.ip_pseudonym from failures f)) r
  )
  select min(f.ip_pseudonym::text)::uuid, a.value::inet, count(*), count(distinct f.actor_pseudonym),
    min(f."timestamp"), max(f."timestamp")
  from failures f
  left join addresses a on a.pseudonym = f.ip_pseudonym
  -- The address when the caller may see it; otherwise each pseudonym stands alone.
  group by coalesce(a.value, f.ip_pseudonym::text), a.value
  order by count(*) desc
$$;

create function public.verify_audit_trail(p_from_seq bigint default null, p_to_seq bigint default null)
returns table (
  ok boolean, first_bad_seq bigint, problem text, seals_checked integer, rows_checked bigint,
  latest_seal_id bigint, latest_seal_to_seq bigint, latest_seal_hash text, latest_sealed_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  if coalesce(auth.role(), '') <> 'service_role' and app.current_user_role() <> 'admin' then
    raise exception 'only admins may verify the audit trail' using errcode = '42501';
  end if;
  return query
    select v.ok, v.first_bad_seq, v.problem, v.seals_checked, v.rows_checked,
      s.seal_id, s.to_seq, s.seal_hash, s.sealed_at
    from audit.verify(p_from_seq, p_to_seq) v
    left join audit.latest_seal() s on true;
end $$;

revoke all on function public.verify_audit_trail(bigint, bigint) from public, anon;
grant execute on function public.verify_audit_trail(bigint, bigint) to authenticated, service_role;
