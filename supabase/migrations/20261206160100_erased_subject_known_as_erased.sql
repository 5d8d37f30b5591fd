-- An erased subject is known as erased where the README says so (410 SUBJECT_ERASED / alreadyErased).
--
-- 1. gdpr.erase_subject run by the platform operator (the privileged subjects' only path, 20261202000500)
--    put the subject on the erased-subjects list with organization null, which gdpr.erased_here shows to
--    the operator alone: the subject's organization then got 404 SUBJECT_NOT_FOUND for them, as for someone
--    who never existed, instead of 410 and alreadyErased. The operator's erasure now lists them under the
--    organization they belonged to (public.users, read before the account is deleted); an organization's
--    own erasure lists them under that organization, as before. Another organization still sees nothing.
-- 2. gdpr.export_plan answered an erased subject's own token (issued before the erasure, valid until its
--    exp; a token without session_id is refused by no session) with an empty export, 200 total 0. It now
--    answers 410 SUBJECT_ERASED, as an export of them by anyone else does. The erased user is found by the
--    blind index audit.erased_identifiers keeps (the writers' and check_session's test).
--
-- Catalog rewrites (the technique of 20261205115000): each fragment must occur exactly once, else the
-- migration stops rather than keep a definition changed since. CREATE OR REPLACE keeps owners and grants.
-- tests/sql/149_erased_subject_known_as_erased.sql.

do $do$
declare
  change record;
  definition text;
begin
  for change in
    select * from (values
      ('gdpr.erase_subject(uuid,text,text,text,text,jsonb)'::regprocedure,
       E'  n bigint;\nbegin\n',
       E'  n bigint;\n  erased_in uuid;\nbegin\n'),
      ('gdpr.erase_subject(uuid,text,text,text,text,jsonb)'::regprocedure,
       $$  perform set_config('app.gdpr_erasure', 'on', true);$$,
       $$  -- The list the erasure goes on: the erasing organization's; the operator's (all of the subject's
  -- records) goes on the list of the organization the subject belonged to, which then learns of the
  -- erasure (410, alreadyErased) instead of being told there is no such subject.
  erased_in := coalesce(org, (select u.organization_id from public.users u where u.id = p_subject));

  perform set_config('app.gdpr_erasure', 'on', true);$$),
      ('gdpr.erase_subject(uuid,text,text,text,text,jsonb)'::regprocedure,
       'values (p_subject_hash, org)',
       'values (p_subject_hash, erased_in)'),
      ('gdpr.export_plan(uuid,text)'::regprocedure,
       E'    raise;\n  end;\n',
       E'    raise;\n  end;\n'
       '  -- Their own token, issued before the erasure: nothing of theirs is held, as anyone else is told.\n'
       '  if sc.scope = ''self'' and exists (select 1 from audit.erased_identifiers e\n'
       '      where e.blind_index = audit.blind_index(audit.pseudonym_key(), ''user'', null, p_subject::text)) then\n'
       '    raise exception ''this data subject was erased'' using errcode = ''P0002'', hint = ''erased'';\n'
       '  end if;\n')
    ) c(fn, old_text, new_text)
  loop
    definition := pg_get_functiondef(change.fn);
    if array_length(string_to_array(definition, change.old_text), 1) <> 2 then
      raise exception '% no longer contains % exactly once', change.fn, change.old_text;
    end if;
    execute replace(definition, change.old_text, change.new_text);
  end loop;
end $do$;
