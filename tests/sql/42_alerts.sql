-- Alert rules: each fires once, and a repeat within the suppression window is suppressed (an occurrence
-- and a 'suppressed' delivery per enabled channel, no new notification). Admins acknowledge and resolve
-- with who, when and notes (audited); statistics by severity, type and status.
begin;
create extension if not exists pgtap;
select plan(26);

\ir support/seal_settled.sql

-- Start from a quiet trail: nothing else in this transaction raises alerts.
delete from public.alerts;
update public.monitoring_configs set enabled = true, config = '{"url": "http://127.0.0.1:9/hook"}' where kind = 'channel' and name = 'webhook';

create function pg_temp.raised(r text) returns text language sql as $$
  select coalesce(string_agg(outcome, ',' order by outcome), 'none') from public.evaluate_alert_rules('{"audit_spool_backlog": 500}') e
  where e.rule = r
$$;

-- Fixtures for each rule.
insert into public.metrics (metric_name, metric_type, date, hour, count) values
  ('requests.t32.2xx', 'counter', (now() at time zone 'UTC')::date, extract(hour from now() at time zone 'UTC')::integer, 90),
  ('requests.t32.5xx', 'counter', (now() at time zone 'UTC')::date, extract(hour from now() at time zone 'UTC')::integer, 10);
insert into public.security_events (event_type, severity, identifier, correlation_id)
  select 'auth.token_failure', 'LOW', 'client:t32', 'req-' || g from generate_series(1, 25) g;
select public.record_rate_limit_violation('fp:t32', 'fingerprint', 'API') from generate_series(1, 9);
insert into audit.audit_logs_default (seq, event_id, "timestamp", action, resource, outcome, created_at, row_hash)
  values (0, gen_random_uuid(), '1990-01-01', 'dosing.list', 't32', 'success', now(), '\x00');
do $$ begin
  execute format('alter table public.audit_logs detach partition audit.%I',
    (select partition_name from audit.partition_months('audit_logs')
     where range_from = date_trunc('month', now() at time zone 'UTC' + interval '1 month') at time zone 'UTC'));
end $$;
-- A tampered audit row, behind the trail's back (triggers off, as a superuser could).
select audit.write_events('[{"action":"dosing.list","resource":"t32-tamper","outcome":"success"}]');
select pg_temp.seal_settled();
alter table public.audit_logs disable trigger user;
update public.audit_logs set resource = 't32-changed' where resource = 't32-tamper';
alter table public.audit_logs enable trigger user;

create temp table first_run as select * from public.evaluate_alert_rules('{"audit_spool_backlog": 500}');
create function pg_temp.first(r text) returns text language sql as
  $$ select coalesce(string_agg(outcome, ','), 'none') from first_run where rule = r $$;
select is(pg_temp.first('audit_verify_failed'), 'new', 'audit verification failure fires');
select is(pg_temp.first('audit_spool_backlog'), 'new', 'an audit spool backlog over the threshold fires');
select is(pg_temp.first('error_rate'), 'new', 'an error rate of 10% in the hour fires');
select is(pg_temp.first('failed_auth_burst'), 'new', '25 token failures from one client fire');
select is(pg_temp.first('rate_limit_ban'), 'new', 'a ban fires');
select is(pg_temp.first('audit_default_partition_rows'), 'new', 'rows in the default audit partition fire');
select is(pg_temp.first('audit_future_partitions_missing'), 'new', 'a missing future partition fires');
select is((select severity from public.alerts where source = 'rule:audit_verify_failed'), 'CRITICAL',
  'verification failure is critical');
select is((select count(*)::integer from public.alerts where notify_pending), 7, 'seven alerts wait for delivery');

create temp table second_run as select * from public.evaluate_alert_rules('{"audit_spool_backlog": 500}');
select set_eq('select rule from second_run', 'select rule from first_run', 'the second evaluation sees the same rules');
select is((select string_agg(distinct outcome, ',') from second_run), 'suppressed', 'and suppresses every repeat');
select is((select count(*)::integer from public.alerts), 7, 'still one alert per rule');
select ok((select occurrences = 2 from public.alerts where source = 'rule:error_rate'), 'the repeat is counted');
select ok((select count(*) = 1 from public.alert_logs l join public.alerts a on a.id = l.alert_id
           where a.source = 'rule:error_rate' and l.status = 'suppressed' and l.channel = 'webhook'),
  'with a suppressed delivery for the enabled channel');

-- After delivery, a repeat inside the window is still suppressed; after the window it notifies again.
select public.finish_alert_delivery(id) from public.alerts;
select is(pg_temp.raised('failed_auth_burst'), 'suppressed', 'delivered, repeated within the window: suppressed');
update public.alerts set last_notified_at = now() - interval '2 hours' where source = 'rule:failed_auth_burst';
select is(pg_temp.raised('failed_auth_burst'), 'renotify', 'after the window: notified again');

-- Acknowledge and resolve: an organization's admin, their organization's alerts (a ban of one of its
-- users); platform alerts (no organization, like the error rate above) are the operator's (74 proves
-- an organization admin is refused them).
insert into public.organizations (id, name) values ('a3200000-0000-4000-8000-00000000000a', 'Alerts org');
create temp table ids as
  select alert_id as id from public.raise_alert('MEDIUM', 'SECURITY', 'A client was banned by the rate limiter',
    't32 ban', 'rule:rate_limit_ban', 'rate_limit_ban:t32-org', '{}', null, 'a3200000-0000-4000-8000-00000000000a');
create temp table platform_ids as select id from public.alerts where source = 'rule:error_rate';
grant select on ids, platform_ids to authenticated, service_role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"a3200000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"paramedic","organization_id":"a3200000-0000-4000-8000-00000000000a"}}';
select throws_ok($$select public.acknowledge_alert((select id from ids), 'mine')$$, '42501', null, 'a paramedic cannot acknowledge');
set local request.jwt.claims to '{"sub":"a3200000-0000-4000-8000-000000000002","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin"}}';
select throws_ok($$select public.acknowledge_alert((select id from platform_ids), 'looking into it')$$, '42501', null,
  'an admin without an organization cannot acknowledge a platform alert');
set local request.jwt.claims to '{"sub":"a3200000-0000-4000-8000-000000000002","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a3200000-0000-4000-8000-00000000000a"}}';
select is((select status from public.acknowledge_alert((select id from ids), 'looking into it')), 'acknowledged',
  'the organization''s admin acknowledges its alert');
select is((select status from public.resolve_alert((select id from ids), 'user locked out by mistake')), 'resolved', 'and resolves it');
select results_eq($$select severity, type, status, alerts from public.alert_statistics() where type = 'SECURITY'$$,
  $$values ('MEDIUM'::text, 'SECURITY'::text, 'resolved'::text, 1::bigint)$$,
  'statistics by severity, type and status, of the alerts the admin sees (the platform''s bans and bursts are not among them)');
reset role;
select results_eq($$select acknowledged_by, resolved_by, resolution_notes, notify_pending from public.alerts where id = (select id from ids)$$,
  $$values ('a3200000-0000-4000-8000-000000000002'::uuid, 'a3200000-0000-4000-8000-000000000002'::uuid, 'user locked out by mistake', true)$$,
  'who and notes are stamped; the notification to the platform''s channels still goes out');
select is((select count(*)::integer from public.audit_logs where action in ('alert.acknowledge', 'alert.resolve')
           and metadata ->> 'alert_id' = (select id::text from ids)
           and organization_id = 'a3200000-0000-4000-8000-00000000000a'), 2, 'both are audited, in the organization');
select is(pg_temp.raised('error_rate'), 'suppressed', 'the platform alert is still open');
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is((select status || ',' || notify_pending from public.resolve_alert((select id from platform_ids), 'bad deploy rolled back')),
  'resolved,false', 'the operator resolves the platform alert, and its notification is no longer due');
reset role;
select is(pg_temp.raised('error_rate'), 'new', 'a resolved alert that recurs is a new alert');

select * from finish();
rollback;
