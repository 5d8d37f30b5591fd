-- The request roles attach nothing to Supabase Auth's tables either (review of 20261205095000).
--
-- 20261205095000 took TRIGGER, REFERENCES and TRUNCATE back on our schemas only; the service role also
-- holds them on auth.users, auth.mfa_factors and auth.mfa_challenges (the local stand-in grants it ALL, as
-- Supabase grants it much there). Probed: a pg_temp trigger attached to auth.users as service_role ran as the
-- owner when an owner's function deleted from the table, and gdpr.erase_subject, a definer function that
-- signed-in admins call, does exactly that; TRUNCATE would empty every user's MFA factors.
--
-- On Supabase, GoTrue's tables belong to supabase_auth_admin and the grants may not be the migrations'
-- role's to take back: a revoke it may not make is a warning, never this migration's failure, and the
-- README's operator step says to check `\dp auth.*` (tests/sql/75_database_lint.sql checks the stand-in).
do $$
declare
  rel regclass;
begin
  for rel in
    select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'auth' and c.relkind in ('r', 'p', 'v', 'm', 'f')
  loop
    begin
      execute format('revoke trigger, references, truncate on %s from anon, authenticated, service_role, audit_reader',
        rel);
    exception when insufficient_privilege then
      raise warning 'request roles keep TRIGGER/REFERENCES/TRUNCATE on %: ask the platform to revoke them', rel;
    end;
  end loop;
end $$;
