-- One audited door to audit data (issue 15). The audit trail, the PHI-access log, the AI trail and the
-- organization's user directory could be read over the Data API (/rest/v1, /graphql/v1) by any admin as
-- `authenticated`: no audit row of the read, no PHI rate limit, no session or MFA check. They are now
-- readable only by `audit_reader`, a role no JWT can select (PostgREST's authenticator is not a member of
-- it): the functions take it for exactly the reads that write their own audit event (audit-query), with
-- the caller's claims, so RLS still decides the rows. The views and functions over that data leave the
-- exposed `public` schema for `audit`; the tables stay in `public` (the partition and retention machinery
-- names them there) with their grants and policies moved to `audit_reader`.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'audit_reader') then
    create role audit_reader nologin;
  end if;
end $$;
comment on role audit_reader is
  'The audited door: taken only by the functions (audit-query) for reads that write their own audit event.';
-- Everything an authenticated caller may do, plus the audit reads below; the connection role may take it.
grant authenticated to audit_reader;
grant audit_reader to current_user;

-- The tables: no longer readable as `authenticated`.
revoke select on public.audit_logs, public.phi_access_audit_log, public.ai_audit_trails from authenticated, anon;
grant select on public.audit_logs, public.phi_access_audit_log, public.ai_audit_trails to audit_reader;
alter policy audit_logs_select_org_oversight on public.audit_logs to audit_reader;
alter policy phi_access_select_org_oversight on public.phi_access_audit_log to audit_reader;
alter policy ai_audit_trails_admin_read on public.ai_audit_trails to audit_reader;

-- The user directory: everyone still reads their own row; the organization's list is behind the door.
drop policy users_read_own_or_org on public.users;
create policy users_read_own on public.users for select to authenticated
  using (id = (select auth.uid()));
create policy users_read_organization on public.users for select to audit_reader
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );

-- The views and functions: out of the exposed schema.
alter view public.audit_log_entries set schema audit;
alter view public.ai_audit_trail_entries set schema audit;
alter view public.monthly_phi_access_summary set schema audit;
alter function public.get_user_audit_trail(uuid, timestamptz, timestamptz) set schema audit;
alter function public.get_failed_auth_attempts(integer) set schema audit;
alter function public.get_audit_summary(timestamptz, timestamptz) set schema audit;
alter function public.get_audit_daily_stats(date, date) set schema audit;
alter function public.verify_audit_trail(bigint, bigint) set schema audit;
alter function public.get_ai_cost_daily(uuid, timestamptz, timestamptz) set schema audit;
alter function public.get_ai_cost_analytics(uuid, timestamptz, timestamptz) set schema audit;

-- Two bodies named a moved object by its old schema.
create or replace function audit.get_user_audit_trail(
  p_user_id uuid,
  p_from timestamptz default now() - interval '30 days',
  p_to timestamptz default now()
) returns setof audit.audit_log_entries
language sql stable set search_path = '' as $$
  select e.* from audit.audit_log_entries e
  where e.actor_pseudonym = audit.pseudonym_of('user', p_user_id::text)
    and e."timestamp" >= p_from and e."timestamp" <= p_to
  order by e."timestamp" desc, e.seq desc
$$;

create or replace function audit.get_ai_cost_analytics(p_organization_id uuid DEFAULT NULL::uuid, p_from timestamp with time zone DEFAULT (now() - '30 days'::interval), p_to timestamp with time zone DEFAULT now())
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $$
  with days as (select * from audit.get_ai_cost_daily(p_organization_id, p_from, p_to)),
  org as (select coalesce(p_organization_id, app.current_organization_id()) as id),
  trail as (
    select t.* from public.ai_audit_trails t, org
    where t.organization_id = org.id and t."timestamp" >= p_from and t."timestamp" < p_to
  )
  select jsonb_build_object(
    'organization_id', (select id from org),
    'from', p_from,
    'to', p_to,
    'currency', 'USD',
    'totals', (
      select jsonb_build_object(
        'messages', coalesce(sum(d.messages), 0),
        'model_messages', coalesce(sum(d.model_messages), 0),
        'retrieval_only_messages', coalesce(sum(d.retrieval_only_messages), 0),
        'unpriced_messages', (select count(*) from trail t where t.total_cost_usd is null and t.total_tokens > 0),
        'tokens', jsonb_build_object('prompt', coalesce(sum(d.prompt_tokens), 0),
          'completion', coalesce(sum(d.completion_tokens), 0), 'total', coalesce(sum(d.total_tokens), 0)),
        'cost', jsonb_build_object('prompt', coalesce(sum(d.prompt_cost_usd), 0),
          'completion', coalesce(sum(d.completion_cost_usd), 0), 'total', coalesce(sum(d.total_cost_usd), 0)))
      from days d),
    'days', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'day', d.day, 'messages', d.messages,
        'tokens', jsonb_build_object('prompt', d.prompt_tokens, 'completion', d.completion_tokens,
          'total', d.total_tokens),
        'cost', jsonb_build_object('prompt', d.prompt_cost_usd, 'completion', d.completion_cost_usd,
          'total', d.total_cost_usd)) order by d.day), '[]')
      from days d),
    'by_model', (
      select coalesce(jsonb_agg(m order by m ->> 'model'), '[]') from (
        select jsonb_build_object('model', coalesce(t.model, 'none'), 'messages', count(*),
          'tokens', jsonb_build_object('prompt', sum(t.prompt_tokens), 'completion', sum(t.completion_tokens),
            'total', sum(t.total_tokens)),
          'cost', jsonb_build_object('prompt', coalesce(sum(t.prompt_cost_usd), 0),
            'completion', coalesce(sum(t.completion_cost_usd), 0), 'total', coalesce(sum(t.total_cost_usd), 0)))
          as m
        from trail t group by t.model) x))
$$;


revoke all on audit.audit_log_entries, audit.ai_audit_trail_entries, audit.monthly_phi_access_summary
  from public, anon, authenticated;
grant select on audit.audit_log_entries, audit.ai_audit_trail_entries, audit.monthly_phi_access_summary
  to audit_reader, service_role;
revoke execute on function
  audit.get_user_audit_trail(uuid, timestamptz, timestamptz),
  audit.get_failed_auth_attempts(integer),
  audit.get_audit_summary(timestamptz, timestamptz),
  audit.get_audit_daily_stats(date, date),
  audit.verify_audit_trail(bigint, bigint),
  audit.get_ai_cost_daily(uuid, timestamptz, timestamptz),
  audit.get_ai_cost_analytics(uuid, timestamptz, timestamptz)
  from public, anon, authenticated;
grant execute on function
  audit.get_user_audit_trail(uuid, timestamptz, timestamptz),
  audit.get_failed_auth_attempts(integer),
  audit.get_audit_summary(timestamptz, timestamptz),
  audit.get_audit_daily_stats(date, date),
  audit.verify_audit_trail(bigint, bigint),
  audit.get_ai_cost_daily(uuid, timestamptz, timestamptz),
  audit.get_ai_cost_analytics(uuid, timestamptz, timestamptz)
  to audit_reader, service_role;

-- Editing another person's row needs reading it first (an UPDATE's WHERE runs under the SELECT policies),
-- so the organization branch of the update policy is gone with the directory: say so.
drop policy users_update_own_or_org on public.users;
create policy users_update_own on public.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
