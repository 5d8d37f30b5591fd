-- Protocol searches, for relevance review and usage statistics: one row per search with the query
-- scrubbed of identifiers, the protocols returned and their ranks, who searched (as pseudonyms, so a
-- GDPR erasure unlinks the row without touching it), and whether the user found it helpful.

create table public.protocol_access (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  organization_id uuid,
  user_pseudonym uuid,
  session_pseudonym uuid,
  user_role public.user_role,
  -- The query after app.scrub_protocol_query: never the raw text.
  query_text text not null check (length(query_text) <= 500),
  query_length integer not null check (query_length >= 0),
  pediatric boolean,
  category text,
  kb_version bigint,
  result_count integer not null check (result_count >= 0),
  -- [{ "protocolNumber": "1231-P", "rank": 1, "score": 164.4 }, …]
  results jsonb not null default '[]'::jsonb check (jsonb_typeof(results) = 'array'),
  was_helpful boolean,
  feedback_at timestamptz
);
create index protocol_access_time_idx on public.protocol_access (created_at desc);
create index protocol_access_org_time_idx on public.protocol_access (organization_id, created_at desc);
create index protocol_access_user_idx on public.protocol_access (user_pseudonym) where user_pseudonym is not null;

comment on table public.protocol_access is
  'One row per protocol search: scrubbed query, results, pseudonymous actor, feedback. Written by record_protocol_access.';

-- Removes what could identify a patient or a caller from a search query: e-mail addresses, phone
-- numbers, dates (numeric and with month names), SSN-like groups and runs of 6+ digits (record
-- numbers). Protocol numbers (3–4 digits, "1317.17", "1210-P") and doses survive.
create function app.scrub_protocol_query(q text) returns text
language sql immutable parallel safe as $$
  select left(btrim(regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(coalesce(q, ''),
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[email]', 'g'),
      '\m\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\M|\m\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\M', '[date]', 'g'),
      '\m(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?(,?\s+\d{4})?\M'
        '|\m\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(,?\s+\d{4})?\M',
      '[date]', 'gi'),
      '(\+?\m1[\s.-]?)?(\(\d{3}\)\s?|\m\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}\M', '[phone]', 'g'),
      '\m\d{3}-\d{2}-\d{4}\M', '[number]', 'g'),
      '\d{6,}', '[number]', 'g'),
    '\s+', ' ', 'g')), 500)
$$;

create function app.scrub_protocol_access() returns trigger
language plpgsql as $$
begin
  new.query_text := app.scrub_protocol_query(new.query_text);
  return new;
end $$;

create trigger protocol_access_scrub before insert or update of query_text on public.protocol_access
  for each row execute function app.scrub_protocol_access();

-- Records a search as the caller (identity from the verified JWT claims, never from parameters) and
-- returns the row id (the client's accessId for feedback) and a hash of the scrubbed query for the
-- audit event.
create function public.record_protocol_access(
  p_query text,
  p_results jsonb,
  p_pediatric boolean default null,
  p_category text default null,
  p_kb_version bigint default null
) returns table (id uuid, query_sha256 text)
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_key bytea;
  v_user_p uuid;
  v_session_p uuid;
  v_row public.protocol_access;
begin
  if v_user is not null then
    v_key := audit.pseudonym_key();
    select p.pseudonym into v_user_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object('kind', 'user', 'value', v_user))) p;
    select p.pseudonym into v_session_p
    from audit.pseudonymize(v_key, jsonb_build_array(jsonb_build_object(
      'kind', 'session', 'owner', v_user_p, 'value', claims ->> 'session_id'))) p;
  end if;
  insert into public.protocol_access (organization_id, user_pseudonym, session_pseudonym, user_role,
    query_text, query_length, pediatric, category, kb_version, result_count, results)
  values (app.current_organization_id(), v_user_p, v_session_p, app.current_user_role(),
    coalesce(p_query, ''), length(coalesce(p_query, '')), p_pediatric, left(p_category, 60), p_kb_version,
    jsonb_array_length(coalesce(p_results, '[]')), coalesce(p_results, '[]'))
  returning * into v_row;
  return query select v_row.id, encode(extensions.digest(convert_to(v_row.query_text, 'UTF8'), 'sha256'), 'hex');
end $$;

-- Feedback on one's own search, within 7 days: a signed-in user's rows by pseudonym; a guest's rows
-- (no pseudonym) by the unguessable id alone. Answers false when there is no such row.
create function public.set_protocol_access_feedback(p_access_id uuid, p_helpful boolean) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  v_user text := case when claims ->> 'role' = 'authenticated' then claims ->> 'sub' end;
  v_user_p uuid := case when v_user is not null then audit.pseudonym_of('user', v_user) end;
begin
  update public.protocol_access a set was_helpful = p_helpful, feedback_at = now()
  where a.id = p_access_id
    and a.created_at > now() - interval '7 days'
    and a.user_pseudonym is not distinct from v_user_p;
  return found;
end $$;

alter table public.protocol_access enable row level security;
-- Oversight reads its own organization's searches; nobody writes except through the functions above.
create policy protocol_access_oversight_read on public.protocol_access
  for select to authenticated
  using (app.current_user_role() in ('admin', 'medical_director')
         and organization_id = app.current_organization_id());
revoke insert, update, delete, truncate on public.protocol_access from anon, authenticated;

revoke all on function public.record_protocol_access(text, jsonb, boolean, text, bigint),
  public.set_protocol_access_feedback(uuid, boolean) from public;
grant execute on function public.record_protocol_access(text, jsonb, boolean, text, bigint),
  public.set_protocol_access_feedback(uuid, boolean) to anon, authenticated, service_role;

-- Search logs are kept 13 months (a year of comparisons), then deleted.
select cron.schedule('protocol-access-retention', '35 3 * * *',
  $$delete from public.protocol_access where created_at < now() - interval '13 months'$$);
