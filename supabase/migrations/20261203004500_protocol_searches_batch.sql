-- protocol_access rows of many searches in one call (issue 18). A search's row was one transaction per
-- search (asUser: role and claims, then record_protocol_access), written after the answer but holding one
-- of the function's few pooled connections each; under mixed load those transactions kept the limiter's
-- Postgres fallback waiting for a connection. Now the search function queues its rows and sends them as one
-- JSON array, one statement, like audit.write_events.
--
-- Trust: the rows come from several callers, so no JWT claims are set; each row names its user, session,
-- organization and role as the function verified them. Only the functions' login (medic_edge, which owns
-- nothing) may call this, directly and without taking a request role: not anon or authenticated (they would
-- name anyone), not service_role (a service key over the Data API is not the function), and the app schema
-- is not exposed. Pseudonymisation stays here, set-based (audit.resolve_pseudonyms, the same key and the
-- same (kind, owner, value) items as app.caller_pseudonyms, so feedback finds the row); the query is
-- scrubbed by the table's trigger (protocol_access_scrub) and checked by its constraints, as before.
-- record_protocol_access and record_protocol_use stay as they are for their other callers.
--
-- A repeated id (a retried batch, or twice in one batch) is one row. A row the table refuses fails the
-- whole statement (nothing of the batch is written); the caller then writes the batch row by row so that
-- only the refused row is dropped (functions-shared/platform/protocol_use.ts).

create function app.record_protocol_searches(p_rows jsonb)
returns uuid[]
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
  u_vals text[];
  u_ps uuid[];
  s_owners uuid[];
  s_vals text[];
  s_ps uuid[];
  written uuid[];
begin
  if jsonb_typeof(p_rows) is distinct from 'array' then
    raise exception 'p_rows must be a JSON array of searches' using errcode = '22023', column = 'p_rows';
  end if;
  if jsonb_array_length(p_rows) > 1000 then
    raise exception 'at most 1000 searches per call' using errcode = '22023', column = 'p_rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) r where jsonb_typeof(r -> 'id') is distinct from 'string') then
    raise exception 'every search needs its id' using errcode = '22004', column = 'p_rows';
  end if;

  -- Users first: a session is owned by (hashed with) its user's pseudonym.
  select array_agg(distinct e ->> 'user_id') into u_vals
  from jsonb_array_elements(p_rows) e where nullif(e ->> 'user_id', '') is not null;
  if u_vals is not null then
    key := audit.session_pseudonym_key();
    u_ps := audit.resolve_pseudonyms(key, array_fill('user'::text, array[cardinality(u_vals)]),
                                     array_fill(null::uuid, array[cardinality(u_vals)]), u_vals);
    -- An erased user (no pseudonym) names no session either.
    select array_agg(s.owner), array_agg(s.value) into s_owners, s_vals
    from (select distinct u.p as owner, e ->> 'session_id' as value
          from jsonb_array_elements(p_rows) e join unnest(u_vals, u_ps) u(v, p) on u.v = e ->> 'user_id'
          where u.p is not null and nullif(e ->> 'session_id', '') is not null) s;
    if s_vals is not null then
      s_ps := audit.resolve_pseudonyms(key, array_fill('session'::text, array[cardinality(s_vals)]), s_owners, s_vals);
    end if;
  end if;

  with typed as (
    -- The first occurrence of an id wins; a later one in the same batch is a repeat.
    select distinct on (r.id) r.*, o.n
    from jsonb_array_elements(p_rows) with ordinality o(e, n)
    cross join lateral jsonb_to_record(o.e) as r(id uuid, user_id text, session_id text, organization_id uuid,
      user_role text, query text, results jsonb, pediatric boolean, category text, kb_version bigint)
    order by r.id, o.n
  ),
  inserted as (
    insert into public.protocol_access (id, kind, organization_id, user_pseudonym, session_pseudonym, user_role,
      query_text, query_length, pediatric, category, kb_version, result_count, results)
    select t.id, 'search', t.organization_id, u.p, s.p,
      -- as app.current_user_role reads a role: anything unknown or missing is a guest
      case when t.user_role in ('paramedic', 'emt', 'medical_director', 'admin', 'guest')
        then t.user_role::public.user_role else 'guest'::public.user_role end,
      coalesce(t.query, ''), length(coalesce(t.query, '')), t.pediatric, left(t.category, 60), t.kb_version,
      -- Counted only when it is an array, so that the table's rule, not the count, refuses anything else.
      case when jsonb_typeof(coalesce(t.results, '[]')) = 'array' then jsonb_array_length(coalesce(t.results, '[]'))
        else 0 end,
      coalesce(t.results, '[]')
    from typed t
    left join unnest(u_vals, u_ps) u(v, p) on u.v = t.user_id
    left join unnest(s_owners, s_vals, s_ps) s(o, v, p) on s.o = u.p and s.v = t.session_id
    order by t.n
    on conflict (id) do nothing
    returning id
  )
  select coalesce(array_agg(i.id), '{}') into written from inserted i;
  return written;
end $$;

revoke all on function app.record_protocol_searches(jsonb) from public, anon, authenticated, service_role;
grant usage on schema app to medic_edge;
grant execute on function app.record_protocol_searches(jsonb) to medic_edge;
comment on function app.record_protocol_searches(jsonb) is
  'Many searches'' protocol_access rows in one statement; only the functions'' login (medic_edge) calls it. Answers the ids written (a repeat is not).';
