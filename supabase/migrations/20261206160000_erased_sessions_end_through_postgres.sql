-- An erased subject's session ends through Postgres, whoever erased them and whether Redis answered then.
--
-- Erasure deletes the subject's user_sessions rows; only the functions' erasure route told Redis (and only
-- when Redis answered), so after the operator's erasure in SQL, or the route's with Redis down, the session
-- stayed live in Redis until its own timeouts: the erased person's token was still served. The functions
-- write each session's last activity through touch_sessions at most once per persist_interval and end in
-- Redis what it names (functions-shared/pipeline/sessions/guard.ts); it named only rows ended in place. It
-- now names a session it no longer holds as 'revoked': a row goes only with an erasure or, 30 days after the
-- session ended, with daily_cleanup, and the functions touch only sessions whose row check_session made (Redis
-- learns a session from check_session's answer alone), so no live session is missing its row.
--
-- touch_sessions is small: replaced whole; CREATE OR REPLACE keeps its owner, grants and settings.

create or replace function public.touch_sessions(activity jsonb)
returns table (session_id uuid, end_reason text)
language sql
security definer
set search_path = pg_catalog, pg_temp
as $$
  with a as (
    select x.session_id, max(x."at") as "at" from jsonb_to_recordset(activity) as x(session_id uuid, "at" timestamptz)
    group by x.session_id
  ),
  touched as (
    update public.user_sessions s set last_activity_at = greatest(s.last_activity_at, least(a."at", now()))
    from a where s.session_id = a.session_id and s.ended_at is null
    returning s.session_id
  )
  -- Ended here, or gone (erased): either way the functions must end it in Redis.
  select a.session_id, coalesce(s.end_reason, 'revoked') from a
  left join public.user_sessions s on s.session_id = a.session_id
  where s.session_id is null or s.ended_at is not null
$$;
