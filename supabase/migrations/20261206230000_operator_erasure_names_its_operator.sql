-- The platform operator's erasure names who ran it, by a staff identifier, in the database's own rule.
--
-- `deno task gdpr:erase` recorded `--operator` (a name or an email) in the gdpr.erase event's metadata, but
-- only the script asked for it: plain SQL as the service role erased with no one named, and what the script
-- stored was a person's name or email, in plain text, in a row that is never changed or erased. Now
-- gdpr.erase_subject refuses the platform operator's erasure (app.is_platform_operator(): the service role, or
-- the owner's session with no request role) unless p_request.metadata.operator is a staff identifier: letters, digits and _ . : / # - (as a ticket
-- reference), at most 100 characters, so no email, no name with spaces. The identifier ties the event to a
-- person only through the operator's own staff records; the auditor asks them, as for the ticket.
-- 22023 with COLUMN operator, so the script names the field. Rebuilt from the catalog; the anchor text must
-- occur exactly once. tests/sql/156_operator_erasure_names_its_operator.sql.

do $do$
declare
  fn constant regprocedure := 'gdpr.erase_subject(uuid,text,text,text,text,jsonb)';
  anchor constant text :=
    $$    raise exception 'reference must be an identifier such as a ticket number' using errcode = '22023';
  end if;
$$;
  added constant text :=
    $$  if app.is_platform_operator()
     and coalesce(p_request #>> '{metadata,operator}', '') !~ '^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,99}$' then
    raise exception 'the operator''s erasure names who runs it: metadata.operator, a staff identifier (letters, digits, _ . : / # -)'
      using errcode = '22023', column = 'operator';
  end if;
$$;
  definition text := pg_get_functiondef(fn);
begin
  if array_length(string_to_array(definition, anchor), 1) <> 2 then
    raise exception '% no longer checks the reference exactly once as expected', fn;
  end if;
  execute replace(definition, anchor, anchor || added);
end $do$;
