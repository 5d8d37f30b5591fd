-- Configuration and privilege changes are audit events (issue 16). Every insert, update and delete of
-- the tables that decide who may do what — limits, alert rules and channels, retention, MFA and security
-- policies, organization roles — and every change of a user's role or organization writes one event in
-- the same transaction: who (the JWT's user, or the server's role), what (table, key, operation) and a
-- before/after diff of the fields that changed. Values that may hold credentials (a webhook URL carries
-- its token) are recorded as their digest.

-- A value, with the members named in p_digest (or the value itself, when its own key is named) digested.
create function audit.digest_named(p_value jsonb, p_digest text[], p_key text default null)
returns jsonb language plpgsql immutable set search_path = '' as $$
declare
  out jsonb;
  k text;
begin
  if p_value is null or p_value = 'null'::jsonb then
    return p_value;
  end if;
  if p_key = any (p_digest) then
    return to_jsonb('sha256:' || encode(extensions.digest(p_value::text, 'sha256'), 'hex'));
  end if;
  if jsonb_typeof(p_value) <> 'object' then
    return p_value;
  end if;
  out := '{}';
  for k in select jsonb_object_keys(p_value) loop
    out := out || jsonb_build_object(k, audit.digest_named(p_value -> k, p_digest, k));
  end loop;
  return out;
end $$;

-- The fields of `new` that differ from `old` as {field: {before, after}}; every field for an insert or
-- delete, except who edited it (personal, and the event's actor already) and timestamps. Keys named in p_digest are replaced by 'sha256:<hex>' at any depth of the row's json.
create function audit.config_diff(p_old jsonb, p_new jsonb, p_digest text[] default '{}')
returns jsonb language sql immutable set search_path = '' as $$
  with fields as (
    select k, audit.digest_named(p_old -> k, p_digest, k) as before, audit.digest_named(p_new -> k, p_digest, k) as after
    from (select jsonb_object_keys(coalesce(p_old, '{}') || coalesce(p_new, '{}')) as k) keys
    -- Who edited a row (updated_by, …) is personal and already the event's actor; timestamps are noise.
    where k not in ('updated_at', 'created_at', 'user_id') and k !~ '_by$'
  )
  select coalesce(jsonb_object_agg(k, jsonb_build_object('before', before, 'after', after)), '{}')
  from fields where nullif(before, 'null'::jsonb) is distinct from nullif(after, 'null'::jsonb)
$$;

-- Who changed it: the signed-in user (pseudonymised by write_events), else the database role acting.
create function audit.change_actor() returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'user_id', auth.uid(),
    'user_role', case when auth.uid() is not null then app.current_user_role() end,
    'db_role', coalesce(nullif(auth.role(), ''), nullif(current_setting('role'), 'none'), session_user)
  )
$$;

-- Trigger: TG_ARGV[0] the key column, TG_ARGV[1..] keys whose values are digested.
create function audit.record_config_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  before jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  after jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  diff jsonb := audit.config_diff(before, after, coalesce(tg_argv[1:], '{}'));
  actor jsonb := audit.change_actor();
  org text := coalesce(after, before) ->> 'organization_id';
begin
  if diff = '{}'::jsonb then
    return null; -- an update that changed nothing (or only timestamps) is not a change
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'config.change',
    'resource', tg_table_schema || '.' || tg_table_name,
    'outcome', 'success',
    'organization_id', org,
    'user_id', actor ->> 'user_id',
    'user_role', actor ->> 'user_role',
    'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object(
      'operation', lower(tg_op),
      'key', coalesce(after, before) ->> tg_argv[0],
      'db_role', actor ->> 'db_role',
      'changes', diff))));
  return null;
end $$;

create trigger audit_config_change after insert or update or delete on public.rate_limit_config
  for each row execute function audit.record_config_change('class');
create trigger audit_config_change after insert or update or delete on public.monitoring_configs
  for each row execute function audit.record_config_change('id', 'url', 'webhook_url', 'secret', 'token');
create trigger audit_config_change after insert or update or delete on public.audit_retention_policy
  for each row execute function audit.record_config_change('data_classification');
create trigger audit_config_change after insert or update or delete on public.mfa_policies
  for each row execute function audit.record_config_change('role');
create trigger audit_config_change after insert or update or delete on public.security_policies
  for each row execute function audit.record_config_change('id');
create trigger audit_config_change after insert or update or delete on public.organization_role
  for each row execute function audit.record_config_change('id');

-- A user's role or organization (from auth.users' app metadata, mirrored into public.users by
-- app.sync_user_from_auth): a role.change naming the subject by pseudonym, never by id or e-mail.
create function audit.record_role_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  actor jsonb := audit.change_actor();
begin
  if tg_op = 'UPDATE' and old.role is not distinct from new.role
     and old.organization_id is not distinct from new.organization_id then
    return null;
  end if;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'role.change',
    'resource', 'public.users',
    'outcome', 'success',
    'organization_id', coalesce(new.organization_id, case when tg_op = 'UPDATE' then old.organization_id end),
    'user_id', actor ->> 'user_id',
    'user_role', actor ->> 'user_role',
    'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object(
      'operation', lower(tg_op),
      'subject_pseudonym', (select p.pseudonym from audit.pseudonymize(audit.pseudonym_key(),
        jsonb_build_array(jsonb_build_object('kind', 'user', 'value', new.id::text))) p),
      'db_role', actor ->> 'db_role',
      'changes', audit.config_diff(
        case when tg_op = 'UPDATE' then jsonb_build_object('role', old.role, 'organization_id', old.organization_id) end,
        jsonb_build_object('role', new.role, 'organization_id', new.organization_id))))));
  return null;
end $$;

create trigger audit_role_change after insert or update of role, organization_id on public.users
  for each row execute function audit.record_role_change();

revoke all on function audit.config_diff(jsonb, jsonb, text[]), audit.digest_named(jsonb, text[], text),
  audit.change_actor(), audit.record_config_change(), audit.record_role_change() from public, anon, authenticated;
