-- protocol_access.results is written by callers: record_protocol_access and record_protocol_use are granted
-- to anon and authenticated, so anyone can call them over the Data API with any JSON. A result whose
-- `cited` was "x" or whose `rank` was text made audit.protocol_usage fail for the whole organization
-- and period (rows cannot be deleted), and an unbounded object could hold anything. The shape is now a
-- rule of the table (every writer, present and future): an array of at most 64 objects with a
-- protocolNumber (text, 1-40 characters) and optionally an integer rank (1-1000), a numeric score and a
-- boolean cited, nothing else. NOT VALID: rows written before stay as they are, and the report compares
-- jsonb values instead of casting, so an old malformed row is left out of a count rather than failing it.

create function app.protocol_results_valid(r jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(r) = 'array' and jsonb_array_length(r) <= 64 and not exists (
    select 1 from jsonb_array_elements(r) e
    where case
      when jsonb_typeof(e) <> 'object' then true
      when exists (select 1 from jsonb_object_keys(e) k where k not in ('protocolNumber', 'rank', 'score', 'cited'))
        then true
      when jsonb_typeof(e -> 'protocolNumber') is distinct from 'string' then true
      when length(e ->> 'protocolNumber') not between 1 and 40 then true
      when e ? 'rank' and jsonb_typeof(e -> 'rank') <> 'number' then true
      when e ? 'rank' and ((e ->> 'rank')::numeric not between 1 and 1000
                           or (e ->> 'rank')::numeric <> trunc((e ->> 'rank')::numeric)) then true
      when e ? 'score' and jsonb_typeof(e -> 'score') <> 'number' then true
      when e ? 'cited' and jsonb_typeof(e -> 'cited') <> 'boolean' then true
      else false
    end)
$$;
revoke all on function app.protocol_results_valid(jsonb) from public;

alter table public.protocol_access
  add constraint protocol_access_results_shape check (app.protocol_results_valid(results)) not valid;

-- The report, restated: `cited` and `rank` compared as jsonb (a cast of a malformed value would throw).
create or replace function audit.protocol_usage(p_from timestamptz, p_to timestamptz, p_top integer default 10)
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
      coalesce(e -> 'cited' = 'true'::jsonb, false) as cited
    from rows r cross join lateral jsonb_array_elements(r.results) e
    where r.kind <> 'search' or e -> 'rank' = '1'::jsonb
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

