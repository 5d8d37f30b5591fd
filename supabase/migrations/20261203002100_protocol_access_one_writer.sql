-- protocol_access had three writers that each restated the same body: the caller's user and session
-- pseudonyms from the verified claims (two audit.pseudonymize calls), then the insert —
-- record_protocol_access(text, …) (20261122000410), record_protocol_access(uuid, …) (20261202001800) and
-- record_protocol_use (20261203001210). And a malformed `results` was refused with two codes: 22023 by
-- record_protocol_use's own restatement of the shape, 23514 by the table's rule (20261203001500) for a search.
-- Now:
--   app.caller_pseudonyms()        the caller's user and session pseudonyms: the one place they are made
--   app.write_protocol_access(…)   the one insert; the table's constraints are the rule, and a refusal of
--                                  `results` by them is answered as every other bad argument of these
--                                  writers is, 22023 naming the parameter (PostgREST: 400)
-- The public functions keep their signatures, grants and answers; they only say what is their own.

create function app.caller_pseudonyms(out user_pseudonym uuid, out session_pseudonym uuid)
language plpgsql volatile set search_path = '' as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_key bytea;
begin
  if v_user is null then
    return; -- a guest (or the service role): no one to name
  end if;
  v_key := audit.pseudonym_key();
  select p.pseudonym into user_pseudonym
  from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object('kind', 'user', 'value', v_user))) p;
  select p.pseudonym into session_pseudonym
  from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object(
    'kind', 'session', 'owner', user_pseudonym, 'value', claims ->> 'session_id'))) p;
end $$;

-- Answers whether the row was written (false: that id was already there, a repeated write).
create function app.write_protocol_access(p_id uuid, p_kind text, p_query text, p_results jsonb,
  p_pediatric boolean, p_category text, p_kb_version bigint)
returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  who record;
  v_results jsonb := coalesce(p_results, '[]');
  v_constraint text;
begin
  if p_id is null then
    raise exception 'p_id is required' using errcode = '22004';
  end if;
  select * into who from app.caller_pseudonyms();
  insert into public.protocol_access (id, kind, organization_id, user_pseudonym, session_pseudonym, user_role,
    query_text, query_length, pediatric, category, kb_version, result_count, results)
  values (p_id, p_kind, app.current_organization_id(), who.user_pseudonym, who.session_pseudonym,
    app.current_user_role(), coalesce(p_query, ''), length(coalesce(p_query, '')), p_pediatric, left(p_category, 60),
    p_kb_version,
    -- Counted only when it is an array, so that the table's rule, not the count, refuses anything else.
    case when jsonb_typeof(v_results) = 'array' then jsonb_array_length(v_results) else 0 end, v_results)
  on conflict (id) do nothing;
  return found;
exception when check_violation then
  get stacked diagnostics v_constraint = constraint_name;
  if v_constraint in ('protocol_access_results_check', 'protocol_access_results_shape') then
    raise exception 'p_results must be an array of at most 64 protocol results'
      using errcode = '22023', column = 'p_results', constraint = v_constraint,
        detail = 'each an object with a protocolNumber (text, 1-40 characters) and optionally an integer rank '
          || '(1-1000), a numeric score and a boolean cited, nothing else';
  end if;
  raise;
end $$;

revoke all on function app.caller_pseudonyms(), app.write_protocol_access(uuid, text, text, jsonb, boolean, text, bigint)
  from public;

create or replace function public.record_protocol_access(
  p_query text,
  p_results jsonb,
  p_pediatric boolean default null,
  p_category text default null,
  p_kb_version bigint default null
) returns table (id uuid, query_sha256 text)
language plpgsql security definer set search_path = '' as $$
declare
  v_id uuid := gen_random_uuid();
begin
  perform app.write_protocol_access(v_id, 'search', p_query, p_results, p_pediatric, p_category, p_kb_version);
  return query select a.id, encode(extensions.digest(convert_to(a.query_text, 'UTF8'), 'sha256'), 'hex')
    from public.protocol_access a where a.id = v_id;
end $$;

create or replace function public.record_protocol_access(
  p_id uuid,
  p_query text,
  p_results jsonb,
  p_pediatric boolean default null,
  p_category text default null,
  p_kb_version bigint default null
) returns boolean
language sql volatile security definer set search_path = '' as $$
  select app.write_protocol_access(p_id, 'search', p_query, p_results, p_pediatric, p_category, p_kb_version)
$$;

-- Its own rule only: which kinds it writes (a search keeps its query and goes through the writer above).
create or replace function public.record_protocol_use(p_id uuid, p_kind text, p_results jsonb,
  p_kb_version bigint default null)
returns boolean
language plpgsql security definer set search_path = '' as $$
begin
  if p_kind is null or p_kind not in ('view', 'chat') then
    raise exception 'p_kind must be view or chat (searches go through record_protocol_access)'
      using errcode = '22023', column = 'p_kind';
  end if;
  return app.write_protocol_access(p_id, p_kind, null, p_results, null, null, p_kb_version);
end $$;
