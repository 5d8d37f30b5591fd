-- check_session could fail with a check violation (last_activity_at >= started_at) when two first
-- requests of one session ran at once: the one whose transaction began first found the row the later
-- one had inserted (started_at = the later now()) and set last_activity_at to its own, earlier now().
-- The session step then let the request through unchecked and logged the error (the load benchmark's
-- functions log showed it). Last activity now only moves forward. Otherwise as 20261122000750.
create or replace function public.check_session(
  p_session_id uuid, p_user_id uuid, p_organization_id uuid, p_user_role public.user_role,
  p_started_hint timestamptz default null, p_correlation_id text default null
) returns table (status text, reason text, started_at timestamptz, last_activity_at timestamptz,
  idle_seconds integer, max_seconds integer)
language plpgsql security definer set search_path = '' as $$
declare
  pol app.session_policy;
  s public.user_sessions;
  t timestamptz := now();
  why text;
begin
  select * into pol from app.session_policy;
  insert into public.user_sessions as x (session_id, user_id, organization_id, user_role, started_at, last_activity_at)
  values (p_session_id, p_user_id, p_organization_id, coalesce(p_user_role, 'guest'),
    least(t, coalesce(p_started_hint, t)), t)
  on conflict (session_id) do nothing
  returning * into s;
  -- Only a new session can be an erased user's (the erasure deleted theirs): the check costs nothing
  -- on the requests of established sessions.
  if s.session_id is not null and exists (select 1 from audit.erased_identifiers e
      where e.blind_index = audit.blind_index(audit.pseudonym_key(), 'user', null, p_user_id::text)) then
    delete from public.user_sessions x where x.session_id = p_session_id;
    return query select 'ended', 'revoked'::text, t, t,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  if s.session_id is not null then
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'user.session.start', 'resource', 'user_sessions', 'outcome', 'success',
      'user_id', p_user_id, 'session_id', p_session_id, 'user_role', p_user_role,
      'organization_id', p_organization_id, 'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_strip_nulls(jsonb_build_object('request_id', p_correlation_id)))));
    update public.users u set last_login_at = t where u.id = p_user_id;
  else
    select * into s from public.user_sessions x where x.session_id = p_session_id for update;
  end if;
  if s.user_id <> p_user_id then
    raise exception 'session belongs to another user' using errcode = '42501';
  end if;

  if s.ended_at is not null then
    return query select 'ended', s.end_reason, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  -- Expired once either deadline has passed; the one that passed first names the reason.
  if t > least(s.last_activity_at + pol.idle_timeout, s.started_at + pol.max_duration) then
    why := case when s.started_at + pol.max_duration <= s.last_activity_at + pol.idle_timeout
      then 'timeout_max_duration' else 'timeout_idle' end;
  end if;
  if why is not null then
    perform public.end_session(p_session_id, why, case why when 'timeout_idle' then s.last_activity_at + pol.idle_timeout
      else s.started_at + pol.max_duration end, p_correlation_id);
    return query select 'expired', why, s.started_at, s.last_activity_at,
      extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
    return;
  end if;
  -- Never back in time: a concurrent first request that began later may have started the session (or a
  -- touch_sessions batch recorded later activity) after this transaction's now().
  update public.user_sessions x set last_activity_at = greatest(x.last_activity_at, t)
  where x.session_id = p_session_id returning x.last_activity_at into t;
  return query select 'active', null::text, s.started_at, t,
    extract(epoch from pol.idle_timeout)::integer, extract(epoch from pol.max_duration)::integer;
end $$;
