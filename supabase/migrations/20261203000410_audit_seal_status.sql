-- flush-metrics' audit health check counted unsealed rows by reading public.audit_logs and audit.seals
-- itself, as service_role — which may read neither (the audit trail leaves only through audited doors).
-- Every run recorded the audit component as unhealthy with "permission denied for table seals", found
-- by auto_explain's log under the load benchmark. The count and the oldest unsealed row's age are not
-- audit data: this function answers them, and nothing else, to the service role.
create function audit.seal_status()
returns table (unsealed bigint, oldest_unsealed timestamptz)
language sql stable security definer set search_path = '' as $$
  select count(*), min(l.created_at) from public.audit_logs l
  where l.seq > coalesce((select max(s.to_seq) from audit.seals s), 0)
$$;
revoke all on function audit.seal_status() from public, anon, authenticated;
grant execute on function audit.seal_status() to service_role;
