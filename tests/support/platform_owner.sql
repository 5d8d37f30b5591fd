-- What a Supabase project's `postgres` is, for a cluster whose bootstrap superuser is `supabase_admin`
-- (tests/support/private_cluster.ts, platformOwner): the login `supabase db push` runs as, and so the owner
-- of everything the migrations make, but no superuser. Run by supabase_admin after scripts/sql/bootstrap.sql.
-- Modelled on the platform's own setup (supabase/postgres: the role is demoted to CREATEDB CREATEROLE
-- REPLICATION BYPASSRLS; it gets the database, the extensions' and auth's objects, pg_cron's schema with
-- cron.job read-only, Vault's secrets to read, create and update, pg_net with its answers, and the roles it
-- is a member of), without supautils, whose hooks only ever allow more. What a migration needs beyond this
-- fails here as on a hosted project.

create role postgres login password 'postgres'
  nosuperuser createdb createrole replication bypassrls;
-- As on a hosted project (its pg_dumpall): a member of the API roles, with ADMIN OPTION (the SQL editor's
-- impersonation; `kb import` and the backfill take service_role), and of the monitoring roles
-- (app.database_health_figures counts every session's connection).
grant anon, authenticated, service_role to postgres with admin option;
grant pg_monitor, pg_read_all_data, pg_signal_backend to postgres;

grant all on database postgres to postgres;
grant all on schema public to postgres;
grant all on schema extensions to postgres;
grant all on all tables in schema extensions to postgres;
grant all on all routines in schema extensions to postgres;

-- auth: the platform's tables, read and with triggers, but no new objects in the schema.
grant usage on schema auth to postgres;
grant all on all tables in schema auth to postgres;
grant all on all routines in schema auth to postgres;

-- pg_cron: jobs through cron.schedule / cron.unschedule only.
grant usage on schema cron to postgres with grant option;
grant all on all tables in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;
grant execute on all functions in schema cron to postgres;

-- Vault: secrets read, created and updated through its functions.
grant usage on schema vault to postgres with grant option;
grant select, delete on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret, vault.update_secret to postgres with grant option;

-- pg_net: requests made and their answers read (pg_net grants its tables, net._http_response among them).
grant usage on schema net to postgres;
grant execute on all functions in schema net to postgres;
grant select on all tables in schema net to postgres;

-- What postgres makes in public is the Data API's unless a migration takes it back (as ours do).
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;
