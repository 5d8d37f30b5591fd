-- Alerts: raised by rules (public.evaluate_alert_rules, run by flush-metrics every hour), delivered by
-- flush-metrics to the channels in monitoring_configs, acknowledged and resolved by admins.
--
-- A repeat of an unresolved alert (same dedup_key) within the suppression window counts an occurrence
-- and records a 'suppressed' delivery per enabled channel instead of notifying again; after the window
-- it notifies again. Deliveries land in alert_logs.

create table public.alerts (
  id bigint generated always as identity primary key,
  organization_id uuid,
  severity text not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  type text not null check (type in ('SECURITY', 'COMPLIANCE', 'PERFORMANCE', 'SYSTEM')),
  title text not null check (length(title) between 1 and 200),
  description text check (length(description) <= 2000),
  source text not null check (length(source) between 1 and 100),
  correlation_id text check (length(correlation_id) <= 100),
  dedup_key text not null check (length(dedup_key) between 1 and 200),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  occurrences integer not null default 1 check (occurrences >= 1),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  last_notified_at timestamptz,
  notify_pending boolean not null default true,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  acknowledgement_notes text check (length(acknowledgement_notes) <= 2000),
  resolved_at timestamptz,
  resolved_by uuid,
  resolution_notes text check (length(resolution_notes) <= 2000),
  status text generated always as (
    case when resolved_at is not null then 'resolved'
         when acknowledged_at is not null then 'acknowledged'
         else 'open' end) stored
);
-- One open (unresolved) alert per dedup key.
create unique index alerts_open_dedup_idx on public.alerts (dedup_key) where resolved_at is null;
create index alerts_org_created_idx on public.alerts (organization_id, created_at desc);
create index alerts_pending_idx on public.alerts (id) where notify_pending;
create index alerts_resolved_idx on public.alerts (resolved_at) where resolved_at is not null;

create table public.alert_logs (
  id bigint generated always as identity primary key,
  alert_id bigint not null references public.alerts (id) on delete cascade,
  channel text not null check (channel in ('webhook', 'slack', 'email')),
  status text not null check (status in ('sent', 'delivered', 'failed', 'suppressed')),
  response_status smallint,
  error text check (length(error) <= 500),
  attempted_at timestamptz not null default now()
);
create index alert_logs_alert_idx on public.alert_logs (alert_id, attempted_at desc);

alter table public.alerts enable row level security;
create policy alerts_admin_read on public.alerts for select to authenticated
  using (app.current_user_role() in ('admin', 'medical_director')
         and (organization_id is null or organization_id = app.current_organization_id()));
alter table public.alert_logs enable row level security;
create policy alert_logs_admin_read on public.alert_logs for select to authenticated
  using (exists (select 1 from public.alerts a where a.id = alert_id));  -- as far as the alert is visible
revoke all on public.alerts, public.alert_logs from anon;
revoke insert, update, delete, truncate on public.alerts, public.alert_logs from authenticated;

create function app.monitoring_config(p_kind text, p_name text) returns jsonb
language sql stable security definer set search_path = '' as $$
  select case when c.enabled then c.config end from public.monitoring_configs c
  where c.kind = p_kind and c.name = p_name
$$;

-- Raises an alert or counts a repeat. outcome: 'new', 'renotify' (repeat after the window) or
-- 'suppressed' (repeat within it).
create function public.raise_alert(
  p_severity text, p_type text, p_title text, p_description text, p_source text, p_dedup_key text,
  p_metadata jsonb default '{}'::jsonb, p_correlation_id text default null, p_organization_id uuid default null
) returns table (alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  win interval := make_interval(mins => coalesce(
    (app.monitoring_config('alerting', 'suppression') ->> 'window_minutes')::integer, 60));
  cur public.alerts;
begin
  select * into cur from public.alerts a where a.dedup_key = p_dedup_key and a.resolved_at is null for update;
  if not found then
    insert into public.alerts (organization_id, severity, type, title, description, source, correlation_id,
      dedup_key, metadata)
    values (p_organization_id, p_severity, p_type, p_title, p_description, p_source, p_correlation_id,
      p_dedup_key, audit.scrub_metadata(coalesce(p_metadata, '{}')))
    on conflict do nothing
    returning * into cur;
    if cur.id is not null then
      return query select cur.id, 'new'::text;
      return;
    end if;
    select * into cur from public.alerts a where a.dedup_key = p_dedup_key and a.resolved_at is null for update;
  end if;
  if cur.notify_pending or coalesce(cur.last_notified_at, cur.created_at) > now() - win then
    update public.alerts a set occurrences = a.occurrences + 1, last_seen_at = now() where a.id = cur.id;
    insert into public.alert_logs (alert_id, channel, status, error)
    select cur.id, c.name, 'suppressed', 'repeat within the suppression window'
    from public.monitoring_configs c where c.kind = 'channel' and c.enabled;
    return query select cur.id, 'suppressed'::text;
  else
    update public.alerts a set occurrences = a.occurrences + 1, last_seen_at = now(), notify_pending = true,
      severity = p_severity, metadata = audit.scrub_metadata(coalesce(p_metadata, '{}'))
    where a.id = cur.id;
    return query select cur.id, 'renotify'::text;
  end if;
end $$;

-- Alerts waiting for delivery, and the record of one delivery attempt. Called by flush-metrics.
create function public.pending_alert_deliveries()
returns table (alert_id bigint, severity text, type text, title text, description text, source text,
  correlation_id text, metadata jsonb, occurrences integer, created_at timestamptz, organization_id uuid)
language sql stable security definer set search_path = '' as $$
  select a.id, a.severity, a.type, a.title, a.description, a.source, a.correlation_id, a.metadata, a.occurrences,
    a.created_at, a.organization_id
  from public.alerts a where a.notify_pending order by a.id
$$;

create function public.record_alert_delivery(
  p_alert_id bigint, p_channel text, p_status text, p_response_status integer default null,
  p_error text default null
) returns void
language sql security definer set search_path = '' as $$
  insert into public.alert_logs (alert_id, channel, status, response_status, error)
  values (p_alert_id, p_channel, p_status, p_response_status, left(p_error, 500));
$$;

create function public.finish_alert_delivery(p_alert_id bigint) returns void
language sql security definer set search_path = '' as $$
  update public.alerts set notify_pending = false, last_notified_at = now() where id = p_alert_id;
$$;

-- Admins acknowledge and resolve alerts of their organization (or system-wide ones); who, when and the
-- notes are stamped here, and each change is audited.
create function public.acknowledge_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = '' as $$
declare
  a public.alerts;
begin
  if app.current_user_role() <> 'admin' then
    raise exception 'only admins may acknowledge alerts' using errcode = '42501';
  end if;
  update public.alerts x set acknowledged_at = coalesce(x.acknowledged_at, now()),
    acknowledged_by = coalesce(x.acknowledged_by, auth.uid()), acknowledgement_notes = coalesce(p_notes, x.acknowledgement_notes)
  where x.id = p_alert_id and (x.organization_id is null or x.organization_id = app.current_organization_id())
  returning * into a;
  if a.id is null then
    raise exception 'no such alert' using errcode = 'P0002';
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'alert.acknowledge', 'resource', 'alerts', 'outcome', 'success', 'user_id', auth.uid(),
    'user_role', app.current_user_role(), 'organization_id', app.current_organization_id(),
    'data_classification', 'INTERNAL', 'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source))));
  return a;
end $$;

create function public.resolve_alert(p_alert_id bigint, p_notes text default null) returns public.alerts
language plpgsql security definer set search_path = '' as $$
declare
  a public.alerts;
begin
  if app.current_user_role() <> 'admin' then
    raise exception 'only admins may resolve alerts' using errcode = '42501';
  end if;
  update public.alerts x set resolved_at = now(), resolved_by = auth.uid(), resolution_notes = p_notes,
    acknowledged_at = coalesce(x.acknowledged_at, now()), acknowledged_by = coalesce(x.acknowledged_by, auth.uid()),
    notify_pending = false
  where x.id = p_alert_id and x.resolved_at is null
    and (x.organization_id is null or x.organization_id = app.current_organization_id())
  returning * into a;
  if a.id is null then
    raise exception 'no such open alert' using errcode = 'P0002';
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'alert.resolve', 'resource', 'alerts', 'outcome', 'success', 'user_id', auth.uid(),
    'user_role', app.current_user_role(), 'organization_id', app.current_organization_id(),
    'data_classification', 'INTERNAL', 'metadata', jsonb_build_object('alert_id', a.id, 'source', a.source))));
  return a;
end $$;

-- Counts by severity, type and status over a window, as far as the caller may see alerts (RLS).
create function public.alert_statistics(
  p_from timestamptz default now() - interval '30 days', p_to timestamptz default now()
) returns table (severity text, type text, status text, alerts bigint, occurrences bigint,
  avg_minutes_to_acknowledge double precision, avg_minutes_to_resolve double precision)
language sql stable security invoker set search_path = '' as $$
  select a.severity, a.type, a.status, count(*), sum(a.occurrences),
    avg(extract(epoch from a.acknowledged_at - a.created_at) / 60),
    avg(extract(epoch from a.resolved_at - a.created_at) / 60)
  from public.alerts a
  where a.created_at >= p_from and a.created_at <= p_to
  group by 1, 2, 3
  order by 1, 2, 3
$$;

-- The rules. p_facts carries what only the caller knows (audit_spool_backlog from Redis). Each rule
-- reads its settings from monitoring_configs and is skipped when disabled. Returns what each raised.
create function public.evaluate_alert_rules(p_facts jsonb default '{}'::jsonb)
returns table (rule text, alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  cfg jsonb;
  r record;
  v record;
  backlog bigint;
  n bigint;
begin
  -- Audit trail tampering: verify every seal made in the lookback window (cheap; whole-trail
  -- verification stays available on demand through audit-query /verify).
  cfg := app.monitoring_config('alert_rule', 'audit_verify_failed');
  if cfg is not null then
    select * into v from audit.verify((select min(s.from_seq) from audit.seals s
      where s.sealed_at > now() - make_interval(hours => coalesce((cfg ->> 'lookback_hours')::integer, 25))), null);
    if v.ok is false then
      return query select 'audit_verify_failed', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'COMPLIANCE', 'Audit trail verification failed',
        format('audit.verify found a problem at seq %s: %s', v.first_bad_seq, v.problem),
        'rule:audit_verify_failed', 'audit_verify_failed:' || v.first_bad_seq,
        jsonb_build_object('first_bad_seq', v.first_bad_seq, 'problem', v.problem)) x;
    end if;
  end if;

  cfg := app.monitoring_config('alert_rule', 'audit_spool_backlog');
  backlog := (p_facts ->> 'audit_spool_backlog')::bigint;
  if cfg is not null and backlog > coalesce((cfg ->> 'threshold')::bigint, 100) then
    return query select 'audit_spool_backlog', x.alert_id, x.outcome from public.raise_alert(
      cfg ->> 'severity', 'SYSTEM', 'Audit events are waiting in the Redis spool',
      format('%s audit events could not be landed in Postgres yet', backlog),
      'rule:audit_spool_backlog', 'audit_spool_backlog', jsonb_build_object('backlog', backlog)) x;
  end if;

  -- 5xx share of all requests per hour (current and previous hour), with a minimum volume.
  cfg := app.monitoring_config('alert_rule', 'error_rate');
  if cfg is not null then
    for r in
      select m.date, m.hour, sum(m.count) as total,
        sum(m.count) filter (where m.metric_name like '%.5xx') as errors
      from public.metrics m
      where m.metric_name like 'requests.%' and m.metric_type = 'counter'
        and (m.date + make_interval(hours => m.hour)) >= date_trunc('hour', now() at time zone 'UTC') - interval '1 hour'
      group by 1, 2
      having sum(m.count) >= coalesce((cfg ->> 'min_requests')::bigint, 20)
        and coalesce(sum(m.count) filter (where m.metric_name like '%.5xx'), 0)::double precision / sum(m.count)
            > coalesce((cfg ->> 'threshold')::double precision, 0.05)
    loop
      return query select 'error_rate', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'PERFORMANCE', 'Server error rate above threshold',
        format('%s of %s requests answered 5xx in the hour %s %s:00 UTC', r.errors, r.total, r.date, r.hour),
        'rule:error_rate', format('error_rate:%s:%s', r.date, r.hour),
        jsonb_build_object('errors', r.errors, 'requests', r.total, 'date', r.date, 'hour', r.hour)) x;
    end loop;
  end if;

  -- Bursts of token failures from one client (security_events written by the pipeline).
  cfg := app.monitoring_config('alert_rule', 'failed_auth_burst');
  if cfg is not null then
    for r in
      select e.identifier, count(*) as attempts, max(e.correlation_id) as last_request
      from public.security_events e
      where e.event_type = 'auth.token_failure' and e.identifier is not null
        and e.occurred_at > now() - make_interval(mins => coalesce((cfg ->> 'window_minutes')::integer, 60))
      group by e.identifier
      having count(*) >= coalesce((cfg ->> 'threshold')::bigint, 20)
    loop
      return query select 'failed_auth_burst', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'SECURITY', 'Burst of failed authentication from one client',
        format('%s token failures from client %s', r.attempts, r.identifier),
        'rule:failed_auth_burst', 'failed_auth_burst:' || r.identifier,
        jsonb_build_object('client', r.identifier, 'attempts', r.attempts), r.last_request) x;
    end loop;
  end if;

  cfg := app.monitoring_config('alert_rule', 'rate_limit_ban');
  if cfg is not null then
    for r in
      select e.identifier, e.correlation_id, e.details, e.organization_id
      from public.security_events e
      where e.event_type = 'rate_limit.ban'
        and e.occurred_at > now() - make_interval(mins => coalesce((cfg ->> 'window_minutes')::integer, 65))
    loop
      return query select 'rate_limit_ban', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'SECURITY', 'A client was banned by the rate limiter',
        format('%s banned until %s', r.identifier, r.details ->> 'banned_until'),
        'rule:rate_limit_ban', 'rate_limit_ban:' || r.identifier || ':' || coalesce(r.details ->> 'ban_count', ''),
        jsonb_build_object('client', r.identifier, 'class', r.details ->> 'class',
          'banned_until', r.details ->> 'banned_until'), r.correlation_id, r.organization_id) x;
    end loop;
  end if;

  cfg := app.monitoring_config('alert_rule', 'audit_default_partition_rows');
  if cfg is not null then
    select (select count(*) from audit.audit_logs_default) + (select count(*) from audit.phi_access_audit_log_default)
      into n;
    if n > 0 then
      return query select 'audit_default_partition_rows', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'COMPLIANCE', 'Audit rows landed in a default partition',
        format('%s audit rows are outside every monthly partition', n),
        'rule:audit_default_partition_rows', 'audit_default_partition_rows', jsonb_build_object('rows', n)) x;
    end if;
  end if;

  cfg := app.monitoring_config('alert_rule', 'audit_future_partitions_missing');
  if cfg is not null then
    select count(*) into n
    from generate_series(date_trunc('month', now() at time zone 'UTC'),
      date_trunc('month', now() at time zone 'UTC')
        + make_interval(months => coalesce((cfg ->> 'months_ahead')::integer, 3)), interval '1 month') g(m)
    where not exists (select 1 from audit.partition_months('audit_logs') p
                      where (p.range_from at time zone 'UTC') = g.m);
    if n > 0 then
      return query select 'audit_future_partitions_missing', x.alert_id, x.outcome from public.raise_alert(
        cfg ->> 'severity', 'SYSTEM', 'Audit partitions for coming months are missing',
        format('%s of the coming monthly audit partitions do not exist', n),
        'rule:audit_future_partitions_missing', 'audit_future_partitions_missing', jsonb_build_object('missing', n)) x;
    end if;
  end if;
end $$;

revoke all on function app.monitoring_config(text, text),
  public.raise_alert(text, text, text, text, text, text, jsonb, text, uuid),
  public.pending_alert_deliveries(), public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint), public.evaluate_alert_rules(jsonb),
  public.acknowledge_alert(bigint, text), public.resolve_alert(bigint, text),
  public.alert_statistics(timestamptz, timestamptz) from public, anon;
revoke all on function app.monitoring_config(text, text),
  public.raise_alert(text, text, text, text, text, text, jsonb, text, uuid),
  public.pending_alert_deliveries(), public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint), public.evaluate_alert_rules(jsonb) from authenticated;
grant execute on function public.raise_alert(text, text, text, text, text, text, jsonb, text, uuid),
  public.pending_alert_deliveries(), public.record_alert_delivery(bigint, text, text, integer, text),
  public.finish_alert_delivery(bigint), public.evaluate_alert_rules(jsonb) to service_role;
grant execute on function public.acknowledge_alert(bigint, text), public.resolve_alert(bigint, text),
  public.alert_statistics(timestamptz, timestamptz) to authenticated, service_role;
