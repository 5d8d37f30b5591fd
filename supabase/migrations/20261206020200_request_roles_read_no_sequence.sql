-- anon and authenticated neither read nor advance our sequences (review19 L3).
--
-- Supabase's default privileges (scripts/sql/bootstrap.sql mirrors them) give anon and authenticated SELECT and
-- USAGE on every sequence created in public; 20261205095000 took back only UPDATE (setval). With SELECT a
-- caller reads `last_value` (how many alerts, security events, errors, PHI-access rows there have been: counts
-- the tables' RLS hides); with USAGE, nextval() burns ids of tables they cannot write. Every sequence in public
-- belongs to an identity column, and an identity column's value is drawn without any privilege on its
-- sequence (the insert needs only INSERT on the table), so nothing the request roles may do needs either: the
-- inserts they make (performance_metrics, web_vitals, vulnerability_scans, security_policies,
-- organization_role) are tried role by role in tests/sql/137_sequences_not_for_request_roles.sql. A serial
-- column (nextval() as a column default) would need USAGE for whoever inserts: none exists; the lint
-- (tests/sql/75_database_lint.sql) allows USAGE only there. service_role (the operator) keeps what it has.
-- Taken from the default privileges that postgres gives what it creates in public later, too; where the
-- platform grants a new sequence again, the lint names it.
do $$
declare
  rel regclass;
begin
  for rel in
    select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'app', 'audit', 'gdpr') and c.relkind = 'S'
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  loop
    execute format('revoke select, usage on sequence %s from anon, authenticated', rel);
  end loop;
end $$;

alter default privileges in schema public revoke select, usage on sequences from anon, authenticated;
