-- Nothing noticed a cold archive that stopped (issue 20). The archiver (`deno task audit:archive`) runs
-- from the operator's host scheduler, because it holds what neither the database nor the functions may
-- hold: the operator's connection and the storage keys. So the database watches the outcome instead of
-- the run: a month past its archive deadline that is not in object storage raises one alert through the
-- alert rules (raise_alert: one open alert, repeats suppressed, renotified after the window), whatever
-- stopped — the host's timer, the storage keys, the storage itself, or retention's own job.
--
-- A month is overdue `grace_hours` (default 48: two missed daily runs) after
--   live:    it should have left the live table — its end plus the longest archive-after of any class
--            (retention's rule for a month of unknown classes; no scan of the month);
--   pending: it left the live table (audit.archives) but has no object — from when it left, or from its
--            class's archive deadline if later.
-- pg_cron 'cold-archive-watch' evaluates it hourly.

insert into public.monitoring_configs (kind, name, config, enabled)
values ('alert_rule', 'cold_archive_overdue', '{"severity": "HIGH", "threshold": 0, "grace_hours": 48}', true)
on conflict do nothing;

create function audit.cold_archive_overdue(p_now timestamptz default now())
returns table (parent text, partition_name text, month text, stage text, due_at timestamptz)
language sql stable security definer set search_path = '' set timezone = 'UTC' as $$
  with pol as (select p.data_classification::text as cls, p.archive_after_days as days
               from public.audit_retention_policy p),
  grace as (select make_interval(hours => coalesce(
    (app.monitoring_config('alert_rule', 'cold_archive_overdue') ->> 'grace_hours')::integer, 48)) as g),
  due as (
    select x.parent, m.partition_name, m.range_from, 'live'::text as stage,
      m.range_from + interval '1 month' + make_interval(days => (select max(pol.days) from pol
        where x.parent = 'audit_logs' or pol.cls = 'PHI')) as due_at
    from unnest(array['audit_logs', 'phi_access_audit_log']) x(parent)
    cross join lateral audit.partition_months(x.parent) m
    union all
    select case when a.partition_name like 'phi\_access\_audit\_log\_%' then 'phi_access_audit_log'
                else 'audit_logs' end, a.partition_name, a.range_from, 'pending',
      greatest(a.archived_at, a.range_to + make_interval(days => pol.days))
    from audit.archives a join pol on pol.cls = coalesce(a.data_classification::text, 'PHI')
    where a.purged_at is null and not exists (select 1 from audit.cold_objects c where c.archive_id = a.id)
  )
  select d.parent, d.partition_name, to_char(d.range_from, 'YYYY-MM'), d.stage, d.due_at
  from due d where d.due_at + (select g from grace) <= p_now
  order by d.due_at, d.partition_name
$$;

create function audit.evaluate_cold_archive_rules(p_now timestamptz default now())
returns table (rule text, alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  cfg jsonb := app.monitoring_config('alert_rule', 'cold_archive_overdue');
  n integer;
  oldest_month text;
  oldest_stage text;
  months jsonb;
begin
  if cfg is null then
    return;
  end if;
  -- The oldest twenty name the alert; the count says how many there are.
  select count(*)::integer, (array_agg(o.month order by o.due_at))[1], (array_agg(o.stage order by o.due_at))[1],
    jsonb_agg(jsonb_build_object('partition', o.partition_name, 'month', o.month, 'stage', o.stage,
      'due_at', o.due_at) order by o.due_at) filter (where o.rank <= 20)
    into n, oldest_month, oldest_stage, months
  from (select x.*, row_number() over (order by x.due_at) as rank from audit.cold_archive_overdue(p_now) x) o;
  if n > coalesce((cfg ->> 'threshold')::integer, 0) then
    return query select 'cold_archive_overdue', x.alert_id, x.outcome from public.raise_alert(
      coalesce(cfg ->> 'severity', 'HIGH'), 'COMPLIANCE', 'Audit months overdue for the cold archive',
      format('%s archived month(s) past their deadline are not in object storage (oldest %s, %s); check the host''s audit:archive schedule and its last output',
        n, oldest_month, oldest_stage),
      'rule:cold_archive_overdue', 'cold_archive_overdue', jsonb_build_object('overdue', n, 'months', months),
      null, null) x;
  end if;
end $$;

revoke all on function audit.cold_archive_overdue(timestamptz), audit.evaluate_cold_archive_rules(timestamptz)
  from public, anon, authenticated, service_role;
-- The operator's archiver may ask what is overdue (it prints it); the alert is raised by the job.
grant execute on function audit.cold_archive_overdue(timestamptz) to audit_archiver;

select cron.schedule('cold-archive-watch', '50 * * * *', 'select audit.evaluate_cold_archive_rules()');
