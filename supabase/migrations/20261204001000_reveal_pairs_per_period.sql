-- Reveal's (pseudonym, organization) pairs follow the rows they stand for (step 1 of 3).
--
-- audit.pseudonym_organizations (20261203005100) only ever grew: once retention archived a month of
-- audit_logs or of the PHI-access log, or deleted old AI-trail rows, the pairs of those rows stayed, so an
-- organization's admin could still reveal the original behind a pseudonym none of their readable rows
-- carries any more, and the table grew with every session, address and agent ever seen.
--
-- A pair knows nothing of its rows, so it cannot tell when its last row goes. The pairs are now kept per
-- source table and period, the unit in which retention removes rows:
--   audit_logs, phi_access_audit_log   the UTC month (the monthly partition retention archives and drops)
--   ai_audit_trails                    the UTC day (app.apply_ai_audit_retention deletes by a daily cutoff)
-- audit.pseudonym_organization_periods holds one row per (pseudonym, organization, source, period) that some
-- row carries. Dropping a month deletes that month's rows of its source, in the same transaction as the
-- drop; a pair exists while any of its periods does. Reveal asks "is there a row for (pseudonym,
-- organization)?": one descent of the primary key, whose first two columns those are.
--
-- Why not delete pairs by looking for remaining rows: only audit_logs.actor_pseudonym is indexed, so "does
-- any row still carry it" would scan six years of trail per pseudonym; and a pair table kept beside the
-- periods would race the writers (a purge reading "no period left" while a writer's new period is not yet
-- committed would delete a pair the writer had found present). With the periods themselves as the rule,
-- the purge and the writers touch different keys (an old period, a current one) and do not disagree, but
-- for one case: a writer adding an AI-trail row dated on the retention cutoff's own day (a row about 90
-- days old, which no writer makes today) while the AI job runs can leave that row without its period. It
-- fails closed: the admin cannot reveal that pseudonym; the operator still can.
--
-- Cost to the writers: the same as before, one primary-key probe per distinct pair of a statement (the
-- period is computed from the row, not looked up); a period row is inserted only the first time a pair
-- appears in a month (a day, for the AI trail), and only then is the second index touched.
--
-- Three steps, so that no audit write waits on a scan of the trail and reveal never loses a pair:
--   this file   the table, the backfill, and the triggers' functions write both the old pairs and the new
--               periods (CREATE OR REPLACE FUNCTION; the triggers stay as they are). At its end it waits,
--               bounded, for the inserts in progress: one that fired the old function before this commit and
--               committed after 1010's scan began would have neither a period nor a backfill
--   …1010       the periods of rows written before this file (a scan, while writers go on), then reveal and
--               the triggers switch to the periods, and retention purges them, in that transaction
--   …1020       the old table goes (a short transaction with a lock timeout)

create type audit.pseudonym_row_source as enum ('audit_logs', 'phi_access_audit_log', 'ai_audit_trails');

create table audit.pseudonym_organization_periods (
  pseudonym uuid not null,
  organization_id uuid not null,
  source audit.pseudonym_row_source not null,
  -- the first day of the UTC month (audit_logs, phi_access_audit_log) or the UTC day (ai_audit_trails)
  period date not null,
  primary key (pseudonym, organization_id, source, period),
  check (source = 'ai_audit_trails' or period = date_trunc('month', period)::date)
);
-- Retention deletes one source's periods by range.
create index pseudonym_organization_periods_source_period_idx
  on audit.pseudonym_organization_periods (source, period);
comment on table audit.pseudonym_organization_periods is
  'Which organization''s audit rows (audit_logs and its metadata.subject_pseudonym, phi_access_audit_log, ai_audit_trails) carry each pseudonym, per source and retention period: who may reveal it, for as long as those rows are kept.';
revoke all on audit.pseudonym_organization_periods from public, anon, authenticated, service_role;
revoke all on type audit.pseudonym_row_source from public, anon, authenticated, service_role;

-- The triggers' functions, writing both tables until 1010 switches reveal. Sorted inserts as before (two
-- writers adding the same new keys take them in the same order).
create or replace function audit.record_audit_log_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  with s(p, o, period) as materialized (
    select distinct s.p, s.o, s.period
    from (
      select i.actor_pseudonym, i.organization_id, i."timestamp" from inserted i
      union all select i.session_pseudonym, i.organization_id, i."timestamp" from inserted i
      union all select i.ip_pseudonym, i.organization_id, i."timestamp" from inserted i
      union all select i.user_agent_pseudonym, i.organization_id, i."timestamp" from inserted i
      union all
      select (i.metadata ->> 'subject_pseudonym')::uuid, i.organization_id, i."timestamp" from inserted i
      where i.metadata ->> 'subject_pseudonym'
            ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    ) s(p, o, ts)
    cross join lateral (select date_trunc('month', s.ts at time zone 'UTC')::date) m(period)
    where s.o is not null and s.p is not null
  ),
  periods as (
    insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
    select s.p, s.o, 'audit_logs', s.period from s order by 1, 2, 4
    on conflict do nothing
  )
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct s.p, s.o from s order by 1, 2
  on conflict do nothing;
  return null;
end $$;

create or replace function audit.record_phi_access_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  with s(p, o, period) as materialized (
    select distinct v.p, i.organization_id, date_trunc('month', i.occurred_at at time zone 'UTC')::date
    from inserted i
    cross join lateral (values (i.actor_pseudonym), (i.patient_pseudonym), (i.ip_pseudonym),
                               (i.user_agent_pseudonym)) v(p)
    where i.organization_id is not null and v.p is not null
  ),
  periods as (
    insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
    select s.p, s.o, 'phi_access_audit_log', s.period from s order by 1, 2, 4
    on conflict do nothing
  )
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct s.p, s.o from s order by 1, 2
  on conflict do nothing;
  return null;
end $$;

create or replace function audit.record_ai_trail_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  with s(p, o, period) as materialized (
    select distinct v.p, i.organization_id, (i."timestamp" at time zone 'UTC')::date
    from inserted i
    cross join lateral (values (i.user_pseudonym), (i.session_pseudonym)) v(p)
    where i.organization_id is not null and v.p is not null
  ),
  periods as (
    insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
    select s.p, s.o, 'ai_audit_trails', s.period from s order by 1, 2, 4
    on conflict do nothing
  )
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct s.p, s.o from s order by 1, 2
  on conflict do nothing;
  return null;
end $$;

-- Callable again by the owner at any time: it adds only what is missing and returns how many period rows.
create function audit.backfill_pseudonym_organization_periods() returns bigint
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  added bigint;
begin
  insert into audit.pseudonym_organization_periods (pseudonym, organization_id, source, period)
  select distinct s.p, s.o, s.source, s.period
  from (
    select v.p, l.organization_id, 'audit_logs'::audit.pseudonym_row_source,
      date_trunc('month', l."timestamp" at time zone 'UTC')::date
    from public.audit_logs l
    cross join lateral (values (l.actor_pseudonym), (l.session_pseudonym), (l.ip_pseudonym),
                               (l.user_agent_pseudonym),
                               (case when l.metadata ->> 'subject_pseudonym'
                                          ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                     then (l.metadata ->> 'subject_pseudonym')::uuid end)) v(p)
    where l.organization_id is not null
    union all
    select v.p, l.organization_id, 'phi_access_audit_log', date_trunc('month', l.occurred_at at time zone 'UTC')::date
    from public.phi_access_audit_log l
    cross join lateral (values (l.actor_pseudonym), (l.patient_pseudonym), (l.ip_pseudonym),
                               (l.user_agent_pseudonym)) v(p)
    where l.organization_id is not null
    union all
    select v.p, t.organization_id, 'ai_audit_trails', (t."timestamp" at time zone 'UTC')::date
    from public.ai_audit_trails t
    cross join lateral (values (t.user_pseudonym), (t.session_pseudonym)) v(p)
    where t.organization_id is not null
  ) s(p, o, source, period)
  where s.p is not null
  order by 1, 2, 3, 4
  on conflict do nothing;
  get diagnostics added = row_count;
  return added;
end $$;
revoke all on function audit.backfill_pseudonym_organization_periods() from public, anon, authenticated, service_role;

-- Bounded (SET LOCAL: this file is one transaction under the CLI; the check below stops the push
-- otherwise), the wait for every insert in progress on the three tables, which may have fired the old
-- functions (see above): later ones run the new. The triggers are restated as they are, for the lock
-- CREATE TRIGGER takes (SHARE ROW EXCLUSIVE, as 20261203005100's did): LOCK TABLE is refused outside an
-- explicit transaction block, which the CLI's batch is not. Refused: run `supabase db push` again; nothing
-- of this file was applied.
set local lock_timeout = '2s';
create or replace trigger audit_logs_pseudonym_organizations after insert on public.audit_logs
  referencing new table as inserted for each statement execute function audit.record_audit_log_organizations();
create or replace trigger phi_access_pseudonym_organizations after insert on public.phi_access_audit_log
  referencing new table as inserted for each statement execute function audit.record_phi_access_organizations();
create or replace trigger ai_audit_trails_pseudonym_organizations after insert on public.ai_audit_trails
  referencing new table as inserted for each statement execute function audit.record_ai_trail_organizations();

do $$
begin
  if current_setting('lock_timeout') <> '2s' then
    raise exception 'lock_timeout is % at the end of the migration: its statements did not run as one transaction',
      current_setting('lock_timeout');
  end if;
end $$;
