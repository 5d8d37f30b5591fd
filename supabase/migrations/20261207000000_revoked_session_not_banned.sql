-- A rate-limit refusal counts toward a signed-in user's ban only while the session that made it is live.
--
-- The limiter answers before the session step (the session's touch rides the limiter's round trip), so a
-- token whose session was revoked, ended or erased is still counted and, over the limit, refused 429 with a
-- violation recorded against 'user:<id>'. Until the token's exp (an hour), whoever holds it could drive that
-- user's reputation down and get them banned (403 BANNED in every session, up to max_ban_duration): a medic
-- locked out by a token their administrator had already revoked. After an erasure it also wrote a new
-- violation row naming the erased user. So the functions now say which session refused, and a user's
-- violation from a session that is not live in public.user_sessions (ended, or no row: erased, or never begun
-- because the session step failed open) is not recorded: no row, no reputation lost, no ban. The refusal
-- itself still stands (the limiter decided it); the caller meets 401 SESSION_EXPIRED on its next request
-- under the limit. Fingerprints (guests) have no session and are recorded as before.
--
-- A new overload with the session as a required sixth argument: functions deployed before this migration keep
-- calling the five-argument one, which is unchanged (no default here, so no call is ambiguous).

create function public.record_rate_limit_violation(
  p_identifier text,
  p_kind text,
  p_class text,
  p_ip inet,
  p_correlation_id text,
  p_session uuid
) returns table (reputation smallint, banned_until timestamptz, newly_banned boolean)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if p_kind = 'user' and p_session is not null and not exists (
    select 1 from public.user_sessions s where s.session_id = p_session and s.ended_at is null
  ) then
    return;  -- nothing recorded: the session that was refused is no longer the user's
  end if;
  return query select * from public.record_rate_limit_violation(p_identifier, p_kind, p_class, p_ip, p_correlation_id);
end $$;

comment on function public.record_rate_limit_violation(text, text, text, inet, text, uuid) is
  'A limiter refusal recorded toward reputation and bans; a signed-in user''s only while p_session is live (no row returned otherwise).';
revoke all on function public.record_rate_limit_violation(text, text, text, inet, text, uuid)
  from public, anon, authenticated, service_role;
grant execute on function public.record_rate_limit_violation(text, text, text, inet, text, uuid) to medic_server;
