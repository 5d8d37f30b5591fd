-- Fix: audit.pseudonym_of ignored its `kind`. In a SQL function a column name wins over a parameter of
-- the same name, so `kind` in its body was pseudonym_mapping.kind: the lookup matched a row of ANY kind
-- holding the value. An id that is both a user and a patient (a medic treated as a patient) resolved to
-- whichever row came first — audit-query's user filter could follow the patient pseudonym, and erasing
-- the user could unlink the wrong row. The parameters are now referred to by position.

create or replace function audit.pseudonym_of(kind text, value text, owner uuid default null) returns uuid
language sql stable security definer set search_path = '' as $$
  select m.pseudonym from audit.pseudonym_mapping m
  where m.blind_index = audit.blind_index(audit.pseudonym_key(), $1, $3, $2)
$$;
