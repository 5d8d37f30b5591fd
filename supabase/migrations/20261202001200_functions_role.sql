-- Least privilege for the functions (issue 16). They connected as the tables' owner (SUPABASE_DB_URL),
-- which can disable triggers, rewrite audit rows and rebuild the hash chain. Now they log in as
-- `medic_edge`: it owns nothing, inherits nothing (NOINHERIT), and may only take, per transaction, the
-- roles a request runs as — anon, authenticated, audit_reader (the audited door) and service_role (the
-- server's own writes, e.g. audit.write_events) — exactly as PostgREST's authenticator does. So it cannot
-- ALTER, disable a trigger or set session_replication_role, and writes audit_logs only through
-- audit.write_events. Vault secrets are reached only inside security-definer functions (the pseudonym key
-- in audit.*), never read by the functions. The owner credential stays for migrations and `kb import`.
--
-- No password here: the operator sets it once per project and stores the URL as a function secret
--   alter role medic_edge with password '<generated>';
--   supabase secrets set MEDIC_EDGE_DB_URL='postgresql://medic_edge.<ref>:<password>@<pooler host>:6543/postgres'
-- (the local stack does the same with its own password: scripts/stack/functions_role.ts).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'medic_edge') then
    create role medic_edge login noinherit nosuperuser nocreatedb nocreaterole nobypassrls noreplication;
  end if;
end $$;
comment on role medic_edge is
  'The functions'' login: owns nothing, inherits nothing; takes anon/authenticated/audit_reader/service_role per transaction.';
grant anon, authenticated, audit_reader, service_role to medic_edge;
-- A runaway query from a function ends; the roles it takes may set stricter limits per transaction.
alter role medic_edge set statement_timeout = '60s';
