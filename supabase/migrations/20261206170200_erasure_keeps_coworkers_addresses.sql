-- Erasure no longer blanks another person's limiter record because it shares an address with the subject.
--
-- gdpr.erase_subject set ip_address to null on every rate_limit_violations row whose address the subject
-- had used, whoever's row it was: behind one NAT a coworker's user:<id> row carries the same address, and
-- erasing the subject took the evidence of the coworker's own violations and ban. A user:<id> row is that
-- person's (the subject's own is deleted above it); an address is the subject's only where no one else is
-- identified, in the address-keyed rows of guests (identifier_kind 'fingerprint'), which still lose it.
-- Rebuilt from the catalog; the replaced text must occur exactly once.
-- tests/sql/151_export_what_others_did.sql.

do $do$
declare
  fn constant regprocedure := 'gdpr.erase_subject(uuid,text,text,text,text,jsonb)';
  old_text constant text := $$  update public.rate_limit_violations x set ip_address = null
    where x.ip_address = any (ips) and (org is null or x.organization_id is null or x.organization_id = org);
$$;
  new_text constant text := $$  -- Guests' address-keyed rows only: a user:<id> row with the same address is that person's.
  update public.rate_limit_violations x set ip_address = null
    where x.ip_address = any (ips) and x.identifier_kind = 'fingerprint'
      and (org is null or x.organization_id is null or x.organization_id = org);
$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, old_text), 1) <> 2 then
    raise exception '% no longer anonymises limiter addresses exactly once as expected', fn;
  end if;
  execute replace(definition, old_text, new_text);
end $do$;
