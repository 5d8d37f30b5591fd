-- Protocol usage for the medical director (issue 20). Until now only searches wrote protocol_access; a
-- document view and the chat's retrievals left no row, so "which protocols do our medics use" could not
-- be answered. Now:
--   protocol_access.kind              'search' (as before), 'view' (GET /:number), 'chat' (the protocols
--                                     one chat answer retrieved, each marked whether the answer cites it)
--   public.record_protocol_use(…)     the view and chat rows, after the response, as the caller: identity
--                                     from the verified claims; no query text at all (a chat question is
--                                     free text and never stored)
--   audit.protocol_usage(from, to, n) per ISO week: top protocols searched (first hit), viewed and cited
--                                     by the chat; zero-result queries (already scrubbed); helpful and
--                                     unhelpful ratings — for the caller's organization (RLS), read only
--                                     through audit-query's audited door
-- And medical directors of an organization read its AI trail (one answer by messageId, and /ai-costs),
-- as admins already did: the AI-trail policy names both oversight roles.

alter table public.protocol_access
  add column kind text not null default 'search' check (kind in ('search', 'view', 'chat'));
comment on column public.protocol_access.kind is
  'search: a protocol search; view: a document opened; chat: the protocols one chat answer retrieved';
create index protocol_access_org_kind_time_idx on public.protocol_access (organization_id, kind, created_at);

create function public.record_protocol_use(p_id uuid, p_kind text, p_results jsonb, p_kb_version bigint default null)
returns boolean
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
  if p_kind is null or p_kind not in ('view', 'chat') then
    raise exception 'p_kind must be view or chat (searches go through record_protocol_access)' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_results, '[]')) <> 'array' or jsonb_array_length(coalesce(p_results, '[]')) > 64
     or exists (select 1 from jsonb_array_elements(coalesce(p_results, '[]')) r
                where jsonb_typeof(r -> 'protocolNumber') is distinct from 'string'
                   or length(r ->> 'protocolNumber') not between 1 and 40) then
    raise exception 'p_results must be an array of at most 64 objects with a protocolNumber' using errcode = '22023';
  end if;
  if v_user is not null then
    v_key := audit.pseudonym_key();
    select p.pseudonym into v_user_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object('kind', 'user', 'value', v_user))) p;
    select p.pseudonym into v_session_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object(
      'kind', 'session', 'owner', v_user_p, 'value', claims ->> 'session_id'))) p;
  end if;
  insert into public.protocol_access (id, kind, organization_id, user_pseudonym, session_pseudonym, user_role,
    query_text, query_length, kb_version, result_count, results)
  values (p_id, p_kind, app.current_organization_id(), v_user_p, v_session_p, app.current_user_role(),
    '', 0, p_kb_version, jsonb_array_length(coalesce(p_results, '[]')), coalesce(p_results, '[]'))
  on conflict (id) do nothing;
  return found;
end $$;
revoke all on function public.record_protocol_use(uuid, text, jsonb, bigint) from public;
grant execute on function public.record_protocol_use(uuid, text, jsonb, bigint) to anon, authenticated, service_role;

-- Feedback stays on searches: a view or chat row has nothing to rate here.
create or replace function public.set_protocol_access_feedback(p_access_id uuid, p_helpful boolean) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_user_p uuid := case when v_user is not null then audit.pseudonym_of('user', v_user) end;
begin
  update public.protocol_access a set was_helpful = p_helpful, feedback_at = now()
  where a.id = p_access_id
    and a.kind = 'search'
    and a.created_at > now() - interval '7 days'
    and a.user_pseudonym is not distinct from v_user_p;
  return found;
end $$;

-- The report. Runs as the caller (audit_reader with the caller's claims): protocol_access's policy keeps
-- it to the caller's organization, and to admins and medical directors. Weeks start on Monday, UTC; every
-- week of the window is listed, quiet ones too.
create function audit.protocol_usage(p_from timestamptz, p_to timestamptz, p_top integer default 10)
returns jsonb
language sql stable security invoker set search_path = '' as $$
  with rows as (
    select a.*, date_trunc('week', a.created_at at time zone 'UTC')::date as week
    from public.protocol_access a
    where a.organization_id = app.current_organization_id()
      and a.created_at >= p_from and a.created_at < p_to
  ),
  weeks as (
    select g::date as week
    from generate_series(date_trunc('week', p_from at time zone 'UTC'),
      date_trunc('week', (p_to - interval '1 microsecond') at time zone 'UTC'), interval '1 week') g
  ),
  -- One line per protocol a row names: a search's first hit, a view's document, every chat retrieval.
  named as (
    select r.week, r.kind, r.was_helpful, e ->> 'protocolNumber' as protocol,
      coalesce((e ->> 'cited')::boolean, false) as cited
    from rows r cross join lateral jsonb_array_elements(r.results) e
    where r.kind <> 'search' or (e ->> 'rank')::integer = 1
  ),
  per_protocol as (
    select n.week, n.protocol,
      count(*) filter (where n.kind = 'search') as searched,
      count(*) filter (where n.kind = 'view') as viewed,
      count(*) filter (where n.kind = 'chat') as retrieved,
      count(*) filter (where n.kind = 'chat' and n.cited) as cited,
      count(*) filter (where n.kind = 'search' and n.was_helpful) as helpful,
      count(*) filter (where n.kind = 'search' and not n.was_helpful) as unhelpful
    from named n group by n.week, n.protocol
  ),
  zero as (
    select r.week, r.query_text, count(*) as searches
    from rows r where r.kind = 'search' and r.result_count = 0 and r.query_text <> ''
    group by r.week, r.query_text
  ),
  totals as (
    select r.week,
      count(*) filter (where r.kind = 'search') as searches,
      count(*) filter (where r.kind = 'view') as views,
      count(*) filter (where r.kind = 'chat') as chat_answers,
      count(*) filter (where r.kind = 'search' and r.result_count = 0) as zero_result_searches,
      count(*) filter (where r.kind = 'search' and r.was_helpful) as helpful,
      count(*) filter (where r.kind = 'search' and not r.was_helpful) as unhelpful
    from rows r group by r.week
  )
  select jsonb_build_object(
    'organization_id', app.current_organization_id(),
    'from', p_from,
    'to', p_to,
    'weeks', coalesce(jsonb_agg(jsonb_build_object(
      'week', w.week,
      'searches', coalesce(t.searches, 0),
      'views', coalesce(t.views, 0),
      'chat_answers', coalesce(t.chat_answers, 0),
      'zero_result_searches', coalesce(t.zero_result_searches, 0),
      'feedback', jsonb_build_object('helpful', coalesce(t.helpful, 0), 'unhelpful', coalesce(t.unhelpful, 0),
        'helpful_ratio', round(t.helpful::numeric / nullif(t.helpful + t.unhelpful, 0), 4)),
      'top_searched', (select coalesce(jsonb_agg(jsonb_build_object('protocol_number', t.protocol,
          'count', t.searched) order by t.searched desc, t.protocol), '[]')
        from (select * from per_protocol p where p.week = w.week and p.searched > 0
              order by p.searched desc, p.protocol limit p_top) t),
      'top_viewed', (select coalesce(jsonb_agg(jsonb_build_object('protocol_number', t.protocol,
          'count', t.viewed) order by t.viewed desc, t.protocol), '[]')
        from (select * from per_protocol p where p.week = w.week and p.viewed > 0
              order by p.viewed desc, p.protocol limit p_top) t),
      'top_cited', (select coalesce(jsonb_agg(jsonb_build_object('protocol_number', t.protocol,
          'cited', t.cited, 'retrieved', t.retrieved) order by t.cited desc, t.retrieved desc, t.protocol), '[]')
        from (select * from per_protocol p where p.week = w.week and p.retrieved > 0
              order by p.cited desc, p.retrieved desc, p.protocol limit p_top) t),
      'rated', (select coalesce(jsonb_agg(jsonb_build_object('protocol_number', t.protocol,
          'helpful', t.helpful, 'unhelpful', t.unhelpful,
          'helpful_ratio', round(t.helpful::numeric / (t.helpful + t.unhelpful), 4))
          order by t.unhelpful desc, t.helpful, t.protocol), '[]')
        from (select * from per_protocol p where p.week = w.week and p.helpful + p.unhelpful > 0
              order by p.unhelpful desc, p.helpful, p.protocol limit p_top) t),
      'zero_result_queries', (select coalesce(jsonb_agg(jsonb_build_object('query', z.query_text,
          'count', z.searches) order by z.searches desc, z.query_text), '[]')
        from (select * from zero z where z.week = w.week order by z.searches desc, z.query_text limit p_top) z)
    ) order by w.week), '[]'))
  from weeks w left join totals t on t.week = w.week
$$;
revoke all on function audit.protocol_usage(timestamptz, timestamptz, integer) from public, anon, authenticated;
grant execute on function audit.protocol_usage(timestamptz, timestamptz, integer) to audit_reader, service_role;

-- The AI trail: both oversight roles of the organization (it was admins only).
alter policy ai_audit_trails_admin_read on public.ai_audit_trails rename to ai_audit_trails_oversight_read;
alter policy ai_audit_trails_oversight_read on public.ai_audit_trails
  using (
    (select app.current_user_role()) in ('admin', 'medical_director')
    and organization_id = (select app.current_organization_id())
  );
