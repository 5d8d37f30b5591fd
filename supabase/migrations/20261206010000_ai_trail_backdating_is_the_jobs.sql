-- The AI trail's writer bounds an entry's time as the audit writer does (review18 F4).
--
-- public.write_ai_audit_trails took any "timestamp" from its caller. The chat calls it inline as medic_server,
-- a role the request login takes, so one statement injected into a request's transaction could write an
-- AI-trail row dated hours or years back (or ahead). audit.write_events refuses that (20261202001100,
-- 20261205120100): an event older than 15 minutes only from the jobs' role or the operator.
--
-- Fitted to how the AI trail is really written (functions-shared):
--   the chat (handlers/bedrock_ai_chat) writes its entry once the answer is done, stamped then: always fresh;
--   the spool's drain (pipeline/audit/ai_trail_spool.ts, flush-metrics' job on the jobs' login) replays the
--     chat's entry as it was sealed, with the chat's own time and no other field: it lands backdated, as
--     medic_job_writer;
--   no import writes the AI trail (the backfill writes audit events only).
-- So the bound is the role's alone: an entry older than 15 minutes is refused unless the caller is
-- medic_job_writer or the platform operator (app.is_platform_operator(): the service role, or the owner's own
-- session — pg_cron, migrations, the SQL editor). No "origin" field is asked for: the drain sends none, the
-- table has no column to keep it in, and the row's created_at (the insert's now(), which no caller sets)
-- already shows a replayed row's delay to an auditor. The roles are allowed by name, so a role granted the
-- writer later is bound until it is named here.
-- Ahead of time: audit_logs refuses an event more than an hour after its arrival (its check
-- "timestamp" <= created_at + 1 hour, for every role, the owner's included); this writer now does the same
-- for every caller. Both refusals are 22023, as the writer's others, so the drain dead-letters such a row
-- rather than retrying it for ever.
-- The function is rebuilt from the catalog with the checks put before the key is read, stopping unless that
-- line is found exactly once; CREATE OR REPLACE keeps owner, grants and settings.
-- tests/sql/133_ai_trail_backdating_is_the_jobs.sql; tests/integration/ai_trail_spool.test.ts.

do $do$
declare
  definition text := pg_get_functiondef('public.write_ai_audit_trails(jsonb)'::regprocedure);
  anchor constant text := $$  key := audit.pseudonym_key();$$;
begin
  if array_length(string_to_array(definition, anchor), 1) <> 2 then
    raise exception 'public.write_ai_audit_trails no longer reads its key as 20261204001100 wrote it';
  end if;
  definition := replace(definition, anchor, $$  -- Each entry's time, as the insert below will read it (20261206010000).
  select coalesce(bool_or(x."timestamp" > now() + interval '1 hour'), false),
         coalesce(bool_or(x."timestamp" < now() - interval '15 minutes'), false)
    into ahead, stale
  from jsonb_to_recordset(entries) as x("timestamp" timestamptz);
  if ahead then
    raise exception 'an AI audit entry''s timestamp may be at most 1 hour ahead of now'
      using errcode = '22023', column = 'timestamp';
  end if;
  -- The request path writes now: an older entry is a spooled one, which the jobs' role lands, or the
  -- operator's.
  if stale and not (current_setting('role') = 'medic_job_writer' or app.is_platform_operator()) then
    raise exception 'role % may not write an AI audit entry older than 15 minutes: a spooled entry is landed by the jobs'' role (medic_job_writer) or the operator',
      current_setting('role') using errcode = '22023', column = 'timestamp';
  end if;

$$ || anchor);
  definition := replace(definition, $$  inserted integer;
begin$$, $$  inserted integer;
  ahead boolean;
  stale boolean;
begin$$);
  if array_length(string_to_array(definition, 'stale boolean;'), 1) <> 2 then
    raise exception 'public.write_ai_audit_trails no longer declares its variables as 20261204001100 wrote them';
  end if;
  execute definition;
end $do$;
