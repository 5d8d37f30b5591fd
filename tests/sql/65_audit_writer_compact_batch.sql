-- The audit writer's lighter batch (issue 18, 20261203004100, 20261203004110): the pipeline leaves out an
-- event's null fields and the two values write_events supplies itself (functions-shared/pipeline/audit/
-- store.ts, writeEventsJson), so a row must not depend on whether those keys are sent; new pseudonyms
-- encrypt their value inline, one fresh IV per value, readable with the Vault key as before; and metadata
-- is looked at once per distinct value, so a batch of clean values is stored as it came while one
-- personal, nested or non-object value among them is still scrubbed or refused.
begin;
create extension if not exists pgtap;
select plan(10);

set local role service_role;
select is(audit.write_events(jsonb_build_array(
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'compact-test', 'outcome', 'success',
    'correlation_id', 'compact-full', 'user_id', 'e6500000-0000-4000-8000-000000000001',
    'ip_address', '10.65.0.1', 'error_message', null, 'organization_id', null, 'session_id', null,
    'data_classification', 'INTERNAL', 'event_version', 1, 'metadata', jsonb_build_object('route', '/')),
  jsonb_build_object('action', 'dosing.calculate', 'resource', 'compact-test', 'outcome', 'success',
    'correlation_id', 'compact-bare', 'user_id', 'e6500000-0000-4000-8000-000000000001',
    'ip_address', '10.65.0.1', 'metadata', jsonb_build_object('route', '/')))), 2,
  'an event with its nulls and defaults spelled out and the same event without them: both written');
reset role;
select is(
  (select row(actor_pseudonym, ip_pseudonym, session_pseudonym, organization_id, error_message,
              data_classification, event_version, metadata, resource, outcome)::text
   from public.audit_logs where correlation_id = 'compact-bare'),
  (select row(actor_pseudonym, ip_pseudonym, session_pseudonym, organization_id, error_message,
              data_classification, event_version, metadata, resource, outcome)::text
   from public.audit_logs where correlation_id = 'compact-full'),
  'and stored alike: a left-out key is a null, and INTERNAL and version 1 are what write_events supplies');
select is((select data_classification::text || '/' || event_version from public.audit_logs
           where correlation_id = 'compact-bare'), 'INTERNAL/1', 'the supplied values are INTERNAL and 1');

-- 40 new addresses of one user in one call: 40 new pseudonyms, each with an IV of its own.
set local role service_role;
select is(audit.write_events((select jsonb_agg(jsonb_build_object('action', 'dosing.calculate',
    'resource', 'compact-test', 'outcome', 'success', 'correlation_id', 'compact-iv-' || g,
    'user_id', 'e6500000-0000-4000-8000-000000000002', 'ip_address', '10.65.1.' || g))
  from generate_series(1, 40) g)), 40, 'a batch with 40 new addresses is written');
reset role;
create temp table new_ips as
select m.value_encrypted, audit.decrypt_value(audit.pseudonym_key(), m.value_encrypted) as value
from public.audit_logs l join audit.pseudonym_mapping m on m.pseudonym = l.ip_pseudonym
where l.correlation_id like 'compact-iv-%';
select is((select count(distinct substring(value_encrypted from 1 for 16))::int from new_ips), 40,
  'every new pseudonym has an IV of its own');
select set_eq('select value from new_ips', $$select '10.65.1.' || g from generate_series(1, 40) g$$,
  'and each decrypts with the Vault key to its own address');

-- 120 clean events with three distinct metadata values, then the same with a personal and a nested key.
create temp table clean as
select jsonb_build_object('action', 'dosing.calculate', 'resource', 'compact-test', 'outcome', 'success',
  'correlation_id', 'compact-clean-' || g,
  'metadata', jsonb_build_object('route', '/', 'status', 200 + g % 3, 'medication', 'epinephrine')) as e
from generate_series(1, 120) g;
grant select on clean to service_role;
set local role service_role;
select is(audit.write_events((select jsonb_agg(e) from clean)), 120, 'a batch of clean metadata is written');
select is(audit.write_events((select jsonb_agg(e) from (
    select e || jsonb_build_object('correlation_id', 'compact-mixed-' || (e->>'correlation_id')) as e from clean
    union all select jsonb_build_object('action', 'dosing.calculate', 'resource', 'compact-test',
      'outcome', 'success', 'correlation_id', 'compact-personal',
      'metadata', '{"route": "/", "patientName": "x", "status": 200}'::jsonb)
    union all select jsonb_build_object('action', 'dosing.calculate', 'resource', 'compact-test',
      'outcome', 'success', 'correlation_id', 'compact-nested',
      'metadata', '{"route": "/", "detail": {"email": "a@b.c", "band": "24kg"}}'::jsonb)) x)), 122,
  'the same with one personal and one nested value among them is written');
select throws_ok($$select audit.write_events((select jsonb_agg(e) from (
    select e from clean union all select jsonb_build_object('action', 'dosing.calculate',
      'resource', 'compact-test', 'outcome', 'success', 'metadata', '"a string"'::jsonb)) x))$$,
  '23514', null, 'a non-object metadata among clean ones is still refused (the table''s check)');
reset role;
select is(
  (select jsonb_object_agg(correlation_id, metadata) from public.audit_logs
   where correlation_id like 'compact-personal' or correlation_id like 'compact-nested'
      or correlation_id like 'compact-%clean-1' or correlation_id like 'compact-%clean-2'),
  jsonb_build_object('compact-personal', '{"route": "/", "status": 200}'::jsonb,
    'compact-nested', '{"route": "/", "detail": {"band": "24kg"}}'::jsonb,
    'compact-clean-1', '{"route": "/", "status": 201, "medication": "epinephrine"}'::jsonb,
    'compact-clean-2', '{"route": "/", "status": 202, "medication": "epinephrine"}'::jsonb,
    'compact-mixed-compact-clean-1', '{"route": "/", "status": 201, "medication": "epinephrine"}'::jsonb,
    'compact-mixed-compact-clean-2', '{"route": "/", "status": 202, "medication": "epinephrine"}'::jsonb),
  'clean values are stored as they came, the personal key and the nested one are dropped');

select * from finish();
rollback;
