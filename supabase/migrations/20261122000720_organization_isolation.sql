-- Organization isolation, completed: every row about a member of an organization carries the
-- organization, and RLS shows it to that organization only.
--
-- 1. rate_limit_violations had no organization and every admin read every row (user ids and client
--    addresses of all organizations). Rows about a signed-in user now carry the user's organization
--    and admins read only their own; rows about anonymous clients (fingerprints) stay with the
--    service role.
-- 2. record_rate_limit_violation wrote a user's ban as a security event without organization (so every
--    organization's admins saw it, and the alert raised from it) and could not audit it at all:
--    write_events takes a uuid user_id, the limiter's identifier is 'user:<uuid>', so a signed-in
--    user's ban failed as a whole. Both fixed; earlier rows are given their user's organization.

alter table public.rate_limit_violations add column organization_id uuid;
create index rate_limit_violations_org_idx on public.rate_limit_violations (organization_id)
  where organization_id is not null;

-- The user id inside a limiter identifier ('user:<uuid>'), or null for a fingerprint.
create function app.user_of_identifier(p_identifier text) returns uuid
language sql immutable set search_path = '' as $$
  select case when p_identifier ~* '^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then substr(p_identifier, 6)::uuid end
$$;

create function app.organization_of_user(p_user uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select u.organization_id from public.users u where u.id = p_user
$$;
revoke all on function app.organization_of_user(uuid) from public, anon, authenticated;

drop policy rate_limit_violations_admin_read on public.rate_limit_violations;
create policy rate_limit_violations_admin_read on public.rate_limit_violations
  for select to authenticated
  using (app.current_user_role() = 'admin' and organization_id = app.current_organization_id());

create or replace function public.record_rate_limit_violation(
  p_identifier text,
  p_kind text,
  p_class text,
  p_ip inet default null,
  p_correlation_id text default null
) returns table (reputation smallint, banned_until timestamptz, newly_banned boolean)
language plpgsql security definer set search_path = '' as $$
declare
  pol app.rate_limit_policy;
  cur public.rate_limit_violations;
  recovered integer;
  rep integer;
  ban timestamptz;
  newly boolean := false;
  v_user uuid := case when p_kind = 'user' then app.user_of_identifier(p_identifier) end;
  v_org uuid := app.organization_of_user(v_user);
begin
  select * into pol from app.rate_limit_policy;
  select * into cur from public.rate_limit_violations v where v.identifier = p_identifier for update;
  if not found then
    insert into public.rate_limit_violations (identifier, identifier_kind, ip_address, last_class, organization_id)
    values (p_identifier, p_kind, p_ip, p_class, v_org)
    on conflict do nothing;
    select * into cur from public.rate_limit_violations v where v.identifier = p_identifier for update;
  end if;

  recovered := floor(extract(epoch from now() - cur.last_violation_at)
                     / extract(epoch from pol.recovery_window))::integer * pol.recovery_per_window;
  rep := greatest(0, least(100, cur.reputation + recovered) - pol.penalty);
  ban := cur.banned_until;
  if rep <= pol.ban_threshold and (ban is null or ban < now()) then
    ban := now() + least(pol.max_ban_duration, pol.ban_duration * power(2, least(cur.ban_count, 16)));
    newly := true;
  end if;

  update public.rate_limit_violations v set
    ip_address = coalesce(p_ip, v.ip_address),
    last_class = p_class,
    violation_count = v.violation_count + 1,
    last_violation_at = now(),
    reputation = rep,
    banned_until = ban,
    ban_count = v.ban_count + newly::integer,
    organization_id = coalesce(v_org, v.organization_id)
  where v.identifier = p_identifier;

  if newly then
    insert into public.security_events (event_type, severity, identifier, correlation_id, details, organization_id)
    values ('rate_limit.ban', 'HIGH', p_identifier, p_correlation_id,
      jsonb_build_object('class', p_class, 'reputation', rep, 'banned_until', ban,
                         'ban_count', cur.ban_count + 1, 'identifier_kind', p_kind), v_org);
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'rate_limit.ban', 'resource', 'rate_limit', 'outcome', 'success',
      'correlation_id', p_correlation_id, 'data_classification', 'CONFIDENTIAL',
      'user_id', v_user, 'organization_id', v_org,
      'ip_address', p_ip,
      'metadata', jsonb_build_object('class', p_class, 'reputation', rep, 'banned_until', ban,
                                     'identifier_kind', p_kind))));
  end if;
  return query select rep::smallint, ban, newly;
end $$;

-- Earlier rows about signed-in users get their user's organization.
update public.rate_limit_violations v set organization_id = app.organization_of_user(app.user_of_identifier(v.identifier))
where v.organization_id is null and v.identifier_kind = 'user';
update public.security_events e set organization_id = app.organization_of_user(app.user_of_identifier(e.identifier))
where e.organization_id is null and app.user_of_identifier(e.identifier) is not null;
update public.alerts a set organization_id = app.organization_of_user(app.user_of_identifier(a.metadata ->> 'client'))
where a.organization_id is null and a.source = 'rule:rate_limit_ban'
  and app.user_of_identifier(a.metadata ->> 'client') is not null;
