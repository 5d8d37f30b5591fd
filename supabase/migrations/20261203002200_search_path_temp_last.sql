-- Two holes found in review, both about the session's temporary schema.
--
-- 1. `set search_path = ''` does not keep pg_temp out: PostgreSQL searches the session's temporary schema
--    for table and type names before pg_catalog unless the path names it. A role of the same session that
--    may create temporary objects (TEMP is PUBLIC's by default) could define `pg_temp.bytea` as a domain
--    whose check calls its own function; a SECURITY DEFINER function declaring a `bytea` variable (the
--    pseudonym key) would then run that check as its definer. Every function of ours now searches
--    pg_catalog, then pg_temp last (PostgreSQL's advice for definer functions). Invoker functions too: a
--    trigger fired by a definer's insert runs as the definer. Names were already schema-qualified or in
--    pg_catalog, so nothing else resolves differently. pgTAP 75 keeps it true for functions added later.
--
-- 2. 20261203001700 kept the decrypted pseudonym key for the session in a temporary table: out of the app
--    roles' reach, but a plaintext copy outside Vault for the life of a pooled connection (hours), possibly
--    spilled to a temporary file, and a temporary type squatting its name failed every audit write on that
--    backend. The key is read from Vault on each call again (0.2–0.5 ms; batches are unaffected).

create or replace function audit.session_pseudonym_key() returns bytea
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  -- Kept by name for write_events; no longer cached (see above).
  select audit.pseudonym_key()
$$;
revoke all on function audit.session_pseudonym_key() from public, anon, authenticated, service_role;

do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'app', 'audit', 'gdpr') and p.prokind in ('f', 'p')
      and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e')
  loop
    execute pg_catalog.format('alter routine %s set search_path = pg_catalog, pg_temp', f);
  end loop;
end $$;
