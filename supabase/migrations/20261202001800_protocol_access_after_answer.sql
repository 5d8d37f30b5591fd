-- protocol_access is written after the search has answered (issue 18): the function makes the row's id
-- itself — the accessId the medic already holds — so the write can come later and can be repeated
-- safely. Identity still comes from the verified claims, never from parameters; the query is scrubbed
-- by the same trigger. The earlier record_protocol_access(text, …) stays for callers that want the id
-- made here.
create function public.record_protocol_access(
  p_id uuid,
  p_query text,
  p_results jsonb,
  p_pediatric boolean default null,
  p_category text default null,
  p_kb_version bigint default null
) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_key bytea;
  v_user_p uuid;
  v_session_p uuid;
begin
  if p_id is null then
    raise exception 'p_id is required' using errcode = '22004';
  end if;
  if v_user is not null then
    v_key := audit.pseudonym_key();
    select p.pseudonym into v_user_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object('kind', 'user', 'value', v_user))) p;
    select p.pseudonym into v_session_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object(
      'kind', 'session', 'owner', v_user_p, 'value', claims ->> 'session_id'))) p;
  end if;
  insert into public.protocol_access (id, organization_id, user_pseudonym, session_pseudonym, user_role,
    query_text, query_length, pediatric, category, kb_version, result_count, results)
  values (p_id, app.current_organization_id(), v_user_p, v_session_p, app.current_user_role(),
    coalesce(p_query, ''), length(coalesce(p_query, '')), p_pediatric, left(p_category, 60), p_kb_version,
    jsonb_array_length(coalesce(p_results, '[]')), coalesce(p_results, '[]'))
  on conflict (id) do nothing;
  return found;
end $$;

revoke all on function public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint) from public;
grant execute on function public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint)
  to anon, authenticated, service_role;
