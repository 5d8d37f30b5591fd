-- No silent loss (issue 16): an audit event the database refused for good went to the Redis list
-- audit:dead, which no alert watched. flush-metrics now counts it (with the AI-trail spool's dead
-- letters) and this rule raises an alert for any — delivered like every other alert. The dead letters are
-- retried on every flush (functions-shared/pipeline/audit/spool.ts retryDeadLetters), so one the database
-- takes after a fix (a new enum value, a new partition) lands without anybody copying it by hand.

insert into public.monitoring_configs (kind, name, config, enabled)
values ('alert_rule', 'audit_dead_letters', '{"severity": "HIGH", "threshold": 0}', true)
on conflict do nothing;

create function public.evaluate_audit_loss_rules(p_facts jsonb default '{}'::jsonb)
returns table (rule text, alert_id bigint, outcome text)
language plpgsql security definer set search_path = '' as $$
declare
  cfg jsonb := app.monitoring_config('alert_rule', 'audit_dead_letters');
  dead bigint := (p_facts ->> 'audit_dead_letters')::bigint;
begin
  if cfg is not null and dead > coalesce((cfg ->> 'threshold')::bigint, 0) then
    return query select 'audit_dead_letters', x.alert_id, x.outcome from public.raise_alert(
      cfg ->> 'severity', 'COMPLIANCE', 'Audit events were refused by the database',
      format('%s audit record(s) wait in the dead-letter list; they are retried on every flush', dead),
      'rule:audit_dead_letters', 'audit_dead_letters', jsonb_build_object('dead_letters', dead), null, null) x;
  end if;
end $$;
revoke all on function public.evaluate_audit_loss_rules(jsonb) from public, anon, authenticated;
grant execute on function public.evaluate_audit_loss_rules(jsonb) to service_role;
