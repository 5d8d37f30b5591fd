-- The tamper rule re-verified the whole lookback window (25 hours of trail) on every flush-metrics run,
-- once a minute: the load benchmark found it the largest single cost in the database (1.8 s a run on a
-- small trail), and at a county's volume it would grow with the trail, not with what changed. Now each
-- run verifies only the seals made since the last clean check, and the whole window again when a full
-- check is due (config full_check_minutes, default 60). A failure does not move the mark, so the next
-- run finds it again (and the alert repeats, suppressed) until someone deals with it. Rewrites of rows
-- sealed before the mark are found by the next full check — and at once by the seal anchors
-- (flush-metrics POST /verify), which do not depend on this rule.

create table audit.alert_verify_state (
  only_row boolean primary key default true check (only_row),
  -- Everything up to this seq was verified clean by an earlier run.
  verified_to_seq bigint not null default 0,
  full_check_at timestamptz
);
insert into audit.alert_verify_state default values;
revoke all on audit.alert_verify_state from public, anon, authenticated, service_role;

-- What the alert rule verifies this run, and the mark moved when it is clean. One caller at a time (the
-- row lock), so two overlapping flushes do not both run a full check. JIT off: audit.verify's estimated
-- cost (generate_series over open ranges) crossed jit_above_cost, and compiling the plan took 0.5-2 s
-- of each run's 0.5-2.1 s (auto_explain under the load benchmark) to check a few thousand rows.
create function audit.verify_for_alerts(cfg jsonb)
returns table (ok boolean, first_bad_seq bigint, problem text, full_check boolean)
language plpgsql security definer set search_path = '' set jit = off as $$
declare
  st audit.alert_verify_state;
  lookback interval := make_interval(hours => coalesce((cfg ->> 'lookback_hours')::integer, 25));
  full_every interval := make_interval(mins => coalesce((cfg ->> 'full_check_minutes')::integer, 60));
  due boolean;
  lo bigint;
  sealed_to bigint;
  v record;
begin
  select * into st from audit.alert_verify_state for update;
  due := st.full_check_at is null or st.full_check_at <= now() - full_every;
  select max(s.to_seq) into sealed_to from audit.seals s;
  if due then
    -- The whole window, unsealed rows included. Nothing sealed in it (a quiet trail): what is newer than
    -- the mark still gets its check.
    lo := coalesce((select min(s.from_seq) from audit.seals s where s.sealed_at > now() - lookback),
      st.verified_to_seq + 1);
    select * into v from audit.verify(lo, null);
  elsif coalesce(sealed_to, 0) > st.verified_to_seq then
    -- Between full checks, sealed rows only: a row still waiting for its seal is checked with it, at most
    -- one seal interval later; until then nothing can be settled about it.
    select * into v from audit.verify(st.verified_to_seq + 1, sealed_to);
  else
    return query select true, null::bigint, null::text, false;  -- nothing sealed since the last check
    return;
  end if;
  if v.ok then
    update audit.alert_verify_state
      set verified_to_seq = greatest(verified_to_seq, coalesce(sealed_to, 0)),
          full_check_at = case when due then now() else full_check_at end;
  end if;
  return query select v.ok, v.first_bad_seq, v.problem, due;
end $$;
revoke all on function audit.verify_for_alerts(jsonb) from public, anon, authenticated, service_role;

create or replace function public.evaluate_alert_rules(p_facts jsonb default '{}'::jsonb)
returns table (rule text, alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  cfg jsonb;
  r record;
  v record;
  backlog bigint;
  n bigint;
begin
  -- Audit trail tampering: seals made since the last clean check every run, the whole lookback window
  -- when a full check is due (audit.verify_for_alerts).
  cfg := app.monitoring_config('alert_rule', 'audit_verify_failed');
  if cfg is not null then
    select * into v from audit.verify_for_alerts(cfg);
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
