-- No silent loss: dead-lettered audit events raise an alert (rule audit_dead_letters), delivered like any
-- other; none raised while the list is empty.
begin;
create extension if not exists pgtap;
select plan(4);

select is((select config from public.monitoring_configs where kind = 'alert_rule' and name = 'audit_dead_letters'),
  '{"severity": "HIGH", "threshold": 0}'::jsonb, 'the rule is seeded: any dead letter counts');
select is((select count(*)::int from public.evaluate_audit_loss_rules('{"audit_dead_letters": 0}')), 0,
  'an empty dead-letter list raises nothing');
select is((select rule from public.evaluate_audit_loss_rules('{"audit_dead_letters": 2}')), 'audit_dead_letters',
  'two dead letters raise the alert');
select ok(exists (select 1 from public.alerts a where a.dedup_key = 'audit_dead_letters' and a.severity = 'HIGH'
                  and a.type = 'COMPLIANCE' and a.metadata ->> 'dead_letters' = '2'),
  'an alert like the others, so it is delivered like them');

select * from finish();
rollback;
