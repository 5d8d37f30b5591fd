-- Configuration and privilege changes are audit events, one per change, in the same transaction: for
-- each table that decides who may do what, an insert, an update and a delete each write one
-- config.change; an update that changes nothing writes none; a webhook URL is recorded as its digest;
-- a user's role or organization change (from auth.users' app metadata) writes one role.change that names
-- the subject by pseudonym; an organization admin's edit of its own role row names the admin.
begin;
create extension if not exists pgtap;
select plan(34);

create function pg_temp.events(p_action text default 'config.change') returns bigint language sql as $$
  select count(*) from public.audit_logs where action::text = p_action and created_at = now()
$$;
-- Runs q as the service role; the config.change events it wrote (all in this transaction: now() is fixed).
create function pg_temp.changes(q text) returns bigint language plpgsql as $$
declare n0 bigint := pg_temp.events();
begin
  execute 'set local role service_role';
  execute q;
  execute 'reset role';
  return pg_temp.events() - n0;
end $$;

create temp table cases (tbl text, ins text, upd text, noop text, del text);
insert into cases values
  ('rate_limit_config',
   $q$insert into public.rate_limit_config (class, max_requests, window_seconds, message, fail_mode) values ('CFG_T', 1, 60, 'x', 'open')$q$,
   $q$update public.rate_limit_config set max_requests = 2 where class = 'CFG_T'$q$,
   $q$update public.rate_limit_config set max_requests = 2 where class = 'CFG_T'$q$,
   $q$delete from public.rate_limit_config where class = 'CFG_T'$q$),
  ('monitoring_configs',
   $q$insert into public.monitoring_configs (kind, name, config) values ('metric', 'cfg_t', '{"threshold": 1}')$q$,
   $q$update public.monitoring_configs set config = '{"threshold": 2}' where name = 'cfg_t'$q$,
   $q$update public.monitoring_configs set enabled = enabled where name = 'cfg_t'$q$,
   $q$delete from public.monitoring_configs where name = 'cfg_t'$q$),
  ('mfa_policies',
   $q$delete from public.mfa_policies where role = 'guest'$q$,
   $q$update public.mfa_policies set required = true where role = 'emt'$q$,
   $q$update public.mfa_policies set required = true where role = 'emt'$q$,
   $q$insert into public.mfa_policies (role, required) values ('guest', false)$q$),
  ('security_policies',
   $q$insert into public.security_policies (organization_id, name, category) values (null, 'cfg-t', 'session')$q$,
   $q$update public.security_policies set enabled = not enabled where name = 'cfg-t'$q$,
   $q$update public.security_policies set name = name where name = 'cfg-t'$q$,
   $q$delete from public.security_policies where name = 'cfg-t'$q$),
  ('organization_role',
   $q$insert into public.organization_role (organization_id, name, permissions) values (null, 'cfg_t', '{}')$q$,
   $q$update public.organization_role set permissions = '{audit.verify}' where name = 'cfg_t'$q$,
   $q$update public.organization_role set permissions = '{audit.verify}' where name = 'cfg_t'$q$,
   $q$delete from public.organization_role where name = 'cfg_t'$q$);

select is(pg_temp.changes(ins), 1::bigint, tbl || ': an insert (or the first change) is one event') from cases order by tbl;
select is(pg_temp.changes(upd), 1::bigint, tbl || ': an update is one event') from cases order by tbl;
select is(pg_temp.changes(noop), 0::bigint, tbl || ': an update that changes nothing is none') from cases order by tbl;
select is(pg_temp.changes(del), 1::bigint, tbl || ': a delete is one event') from cases order by tbl;

-- Retention floors change only by migration (the owner): still audited.
update public.audit_retention_policy set archive_after_days = archive_after_days + 1 where data_classification = 'PUBLIC';
select is((select count(*) from public.audit_logs where action = 'config.change' and resource = 'public.audit_retention_policy'
  and created_at = now() and metadata ->> 'db_role' is not null), 1::bigint, 'audit_retention_policy: the owner''s change too');

-- The settings of how long records are kept, when sessions end and clients are banned, and partitions ahead
-- (20261206110000): an owner's change of each is one event, with its diff.
update app.ai_audit_settings set retention_days = retention_days + 1 where true;
update app.observability_retention set keep = keep + interval '1 day' where table_name = 'security_events';
update app.session_policy set idle_timeout = idle_timeout + interval '1 minute' where true;
update app.rate_limit_policy set ban_threshold = ban_threshold + 1 where true;
update audit.settings set months_ahead = months_ahead + 1 where true;
select is((select count(*) from public.audit_logs where action = 'config.change' and resource = r
  and created_at = now() and metadata -> 'changes' <> '{}'), 1::bigint, r || ': the owner''s change is one event')
from unnest(array['app.ai_audit_settings', 'app.observability_retention', 'app.session_policy',
  'app.rate_limit_policy', 'audit.settings']) r order by r;
select is((select metadata ->> 'key' from public.audit_logs where action = 'config.change'
  and resource = 'app.observability_retention' and created_at = now()), 'security_events',
  'a kept table''s change names the table');

-- What an event says: the diff, the key, who; a webhook URL only as its digest.
set local role service_role;
update public.monitoring_configs set config = '{"url": "https://hooks.example/T0K3N-SECRET"}' where kind = 'channel' and name = 'webhook';
reset role;
select is((select metadata ->> 'db_role' from public.audit_logs where resource = 'public.monitoring_configs'
  and created_at = now() order by seq desc limit 1), 'service_role', 'the server''s role is named');
select ok((select metadata::text !~ 'T0K3N' and metadata -> 'changes' -> 'config' -> 'after' ->> 'url' like 'sha256:%'
  from public.audit_logs where resource = 'public.monitoring_configs' and created_at = now() order by seq desc limit 1),
  'a webhook URL is recorded as its digest, never in clear');

-- An organization admin, signed in with a second factor (113), edits its own organization's role row: one
-- event, the admin as actor.
insert into public.organizations (id, name) values ('a7700000-0000-4000-8000-00000000000a', 'Config org');
insert into public.organization_role (organization_id, name, permissions)
  values ('a7700000-0000-4000-8000-00000000000a', 'dispatcher', '{}');
set local role authenticated;
set local request.jwt.claims to '{"sub":"a7700000-0000-4000-8000-000000000001","role":"authenticated","aal":"aal2","app_metadata":{"role":"admin","organization_id":"a7700000-0000-4000-8000-00000000000a"}}';
update public.organization_role set permissions = '{gdpr.export.any}'
  where organization_id = 'a7700000-0000-4000-8000-00000000000a' and name = 'dispatcher';
reset role;
select results_eq($$select organization_id, actor_pseudonym = audit.pseudonym_of('user', 'a7700000-0000-4000-8000-000000000001'),
    metadata -> 'changes' -> 'permissions'
  from public.audit_logs where resource = 'public.organization_role' and created_at = now()
    and organization_id = 'a7700000-0000-4000-8000-00000000000a' and metadata ->> 'operation' = 'update'$$,
  $$values ('a7700000-0000-4000-8000-00000000000a'::uuid, true, '{"after": ["gdpr.export.any"], "before": []}'::jsonb)$$,
  'an organization admin''s change names the admin and the organization');

-- Role and organization changes from auth.users' app metadata.
insert into auth.users (id, email, raw_app_meta_data) values ('a7700000-0000-4000-8000-000000000002', 'cfg@t77.test',
  '{"role":"paramedic","organization_id":"a7700000-0000-4000-8000-00000000000a"}');
select is(pg_temp.events('role.change'), 1::bigint, 'a new user with a role: one role.change');
update auth.users set raw_app_meta_data = '{"role":"admin","organization_id":"a7700000-0000-4000-8000-00000000000a"}'
  where id = 'a7700000-0000-4000-8000-000000000002';
select is(pg_temp.events('role.change'), 2::bigint, 'a promotion: one more');
update auth.users set email = 'cfg2@t77.test' where id = 'a7700000-0000-4000-8000-000000000002';
select is(pg_temp.events('role.change'), 2::bigint, 'an e-mail change is no role change');
select results_eq($$select metadata -> 'changes', metadata ->> 'subject_pseudonym' = audit.pseudonym_of('user', 'a7700000-0000-4000-8000-000000000002')::text,
    metadata::text ~ 'cfg2?@t77'
  from public.audit_logs where action = 'role.change' and created_at = now() and metadata ->> 'operation' = 'update'$$,
  $$values ('{"role": {"after": "admin", "before": "paramedic"}}'::jsonb, true, false)$$,
  'the change, the subject by pseudonym, no e-mail');

select * from finish();
rollback;
