-- The client address, one rule for SQL and the functions. Each proxy appends the address it received
-- the connection from to X-Forwarded-For, so the client is the entry `trusted hops` places from the
-- right (Supabase's gateway: 1); entries further left were written by the client. The functions read
-- the hops from TRUSTED_PROXY_HOPS (core/context.ts clientIp); SQL reads them from the database setting
-- app.trusted_proxy_hops (default 1) — an operator behind another proxy sets both:
--   alter database postgres set app.trusted_proxy_hops = '2';
-- tests/integration/client_ip.test.ts compares the two rules on the same inputs.
-- (Comments in earlier migrations name the files as they were then, e.g. pipeline/context.ts.)

create function app.client_ip(p_headers jsonb) returns text
language sql stable set search_path = '' as $$
  with f as (
    select array(
             select btrim(e.entry)
             from unnest(string_to_array(coalesce(p_headers ->> 'x-forwarded-for', ''), ',')) with ordinality as e(entry, n)
             where btrim(e.entry) <> ''
             order by e.n
           ) as entries,
           -- A setting that is not a whole number counts as unset: the trigger must never fail on it.
           case when current_setting('app.trusted_proxy_hops', true) ~ '^[1-9][0-9]{0,2}$'
                then current_setting('app.trusted_proxy_hops', true)::int else 1 end as hops
  )
  select f.entries[cardinality(f.entries) - f.hops + 1]
  from f
  where cardinality(f.entries) >= f.hops
    and f.entries[cardinality(f.entries) - f.hops + 1] ~ '^[0-9a-fA-F.:]{2,45}$'
$$;
revoke all on function app.client_ip(jsonb) from public;
grant execute on function app.client_ip(jsonb) to anon, authenticated, service_role;

-- The PHI access trigger, as in 20261122000310_audit_fixes.sql but with the address from app.client_ip.
create or replace function audit.log_phi_access() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), '')::jsonb, '{}'::jsonb);
  key bytea := audit.pseudonym_key();
  user_id text := claims ->> 'sub';
  patient text := rec ->> tg_argv[0];
  ip text := app.client_ip(headers);
  actor uuid;
  ids jsonb;
begin
  if tg_nargs < 1 then
    raise exception 'audit.log_phi_access needs the patient id column name as its first argument';
  end if;
  select p.pseudonym into actor from audit.pseudonymize(key,
    jsonb_build_array(jsonb_build_object('kind', 'user', 'value', user_id))) p;
  select jsonb_object_agg(p.kind, p.pseudonym) into ids from audit.pseudonymize(key, jsonb_build_array(
    jsonb_build_object('kind', 'patient', 'value', patient),
    jsonb_build_object('kind', 'ip', 'owner', actor, 'value', ip),
    jsonb_build_object('kind', 'user_agent', 'owner', actor, 'value', headers ->> 'user-agent'))) p;

  insert into public.phi_access_audit_log (organization_id, actor_pseudonym, actor_role, table_name,
    record_id, patient_pseudonym, operation, ip_pseudonym, user_agent_pseudonym)
  values (
    coalesce(nullif(rec ->> 'organization_id', '')::uuid, nullif(claims -> 'app_metadata' ->> 'organization_id', '')::uuid),
    actor,
    coalesce(claims ->> 'role', current_user) || '/' || coalesce(claims -> 'app_metadata' ->> 'role', 'none'),
    tg_table_schema || '.' || tg_table_name,
    rec ->> coalesce(tg_argv[1], 'id'),
    (ids ->> 'patient')::uuid, tg_op, (ids ->> 'ip')::uuid, (ids ->> 'user_agent')::uuid);
  return null;
end $$;
