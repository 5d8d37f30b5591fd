-- The request roles attach nothing to our tables and rewind no sequence (security review, 2026-12-05).
--
-- Supabase's default privileges give anon, authenticated and service_role ALL on every table and sequence a
-- migration creates in public (scripts/sql/bootstrap.sql mirrors them). Our migrations took back what the
-- Data API can use (insert, update, delete; select where a table is not for them), but never TRIGGER,
-- REFERENCES and TRUNCATE on tables, nor UPDATE on sequences; PostgREST cannot use those, SQL as a request
-- role can (the functions' login, medic_edge, takes the request roles per transaction, so one injected
-- statement is enough):
--   TRIGGER     a trigger whose function lives in pg_temp, attached to a table that an owner's definer
--               function writes (record_security_event, check_session, raise_alert, kb import, ...), runs as
--               that owner: it can switch the trail's triggers off, read Vault, rewrite rows. Probed on the
--               dev stack: it ran as postgres and disabled organization_role's audit trigger.
--   REFERENCES  a table with a foreign key to users(id) or organizations(id) tests which keys exist, past
--               RLS (the check runs as the referenced table's owner), and can hold a delete up. It needs a
--               schema to create that table in: service_role had CREATE on public (the stand-in's grant; on
--               Supabase it may or may not), and a table it made there would be its own. Taken back too:
--               no request role creates anything.
--   TRUNCATE    empties a table past RLS and past its row triggers.
--   UPDATE on a sequence: setval rewinds it, outside the transaction (a rollback keeps it), so the next
--               rows take ids already used; phi_access_audit_log's key (id, occurred_at) admits them.
-- None of our code uses any of them as a request role (nextval needs USAGE, which stays). Taken back from
-- every table, view and sequence in public, and from the default privileges that postgres (who runs the
-- migrations, here and on Supabase) gives to what it creates in public later.
-- tests/sql/75_database_lint.sql keeps it true for every object added later; tests/sql/81_functions_role.sql
-- tries each of the four as medic_edge through the request roles.
do $$
declare
  rel regclass;
begin
  for rel in
    select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  loop
    execute format('revoke trigger, references, truncate on %s from public, anon, authenticated, service_role, audit_reader',
      rel);
  end loop;
  for rel in
    select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind = 'S'
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  loop
    execute format('revoke update on sequence %s from public, anon, authenticated, service_role, audit_reader', rel);
  end loop;
end $$;

revoke create on schema public from public, anon, authenticated, service_role, audit_reader;

alter default privileges in schema public
  revoke trigger, references, truncate on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke update on sequences from anon, authenticated, service_role;
