-- The protocol knowledge base: LA County documents split into sections, versioned per document;
-- the provider-impression hints; a version counter that every change bumps; the serialized search
-- index published for that version (what the protocol-search function loads on a cold start).
--
-- Importing (scripts/kb, `deno task kb import`) goes through public.kb_import_document: a document
-- whose content hash is unchanged is skipped; a changed one gets the next version and the old
-- version is deactivated, never deleted.

create table public.knowledge_base (
  id bigint generated always as identity primary key,
  -- Identity across versions: the protocol number, '<number>#change-log', or 'asset:<id>'.
  document_key text not null check (length(document_key) between 1 and 120),
  protocol_number text not null check (protocol_number ~ '^\d{3,4}(\.\d{1,2}[a-z]?)?(-P)?$'),
  title text not null check (length(btrim(title)) between 1 and 300),
  document_type text not null check (document_type in
    ('treatment_protocol', 'medical_control_guideline', 'drug_reference', 'policy', 'change_log', 'other')),
  category text not null default 'other',
  section_index integer not null check (section_index >= 0),
  section text not null default '',
  content text not null check (length(content) between 1 and 20000),
  source_file text,
  source_url text,
  revised_date date,
  version integer not null check (version >= 1),
  is_active boolean not null default true,
  -- sha256 of the whole document as imported (all sections), the same on every row of a version.
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  search_vector tsvector generated always as (
    setweight(to_tsvector('english', protocol_number || ' ' || title), 'A') ||
    setweight(to_tsvector('english', section), 'B') ||
    to_tsvector('english', content)
  ) stored,
  unique (document_key, version, section_index)
);

comment on table public.knowledge_base is
  'LA County EMS documents, one row per section. Active rows are the current version of each document.';

create unique index knowledge_base_active_section_idx on public.knowledge_base (document_key, section_index)
  where is_active;
create index knowledge_base_number_idx on public.knowledge_base (protocol_number) where is_active;
create index knowledge_base_search_idx on public.knowledge_base using gin (search_vector);

-- Complaint phrases → protocols (provider impressions), replaced as a whole on import.
create table public.knowledge_base_impressions (
  phrase text primary key check (length(phrase) between 1 and 200),
  protocols text[] not null check (cardinality(protocols) between 1 and 20)
);

-- One counter for "the knowledge base changed": the search index is rebuilt when it moves.
create table public.knowledge_base_state (
  only_row boolean primary key default true check (only_row),
  version bigint not null default 0,
  changed_at timestamptz not null default now()
);
insert into public.knowledge_base_state default values;

create function app.bump_knowledge_base_version() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.knowledge_base_state set version = version + 1, changed_at = now();
  return null;
end $$;

create trigger knowledge_base_changed after insert or update or delete or truncate on public.knowledge_base
  for each statement execute function app.bump_knowledge_base_version();
create trigger knowledge_base_impressions_changed
  after insert or update or delete or truncate on public.knowledge_base_impressions
  for each statement execute function app.bump_knowledge_base_version();

-- The serialized search index (gzip JSON, functions-shared/protocols) per knowledge-base version.
create table public.knowledge_base_index (
  kb_version bigint primary key,
  format integer not null,
  built_at timestamptz not null default now(),
  document_count integer not null check (document_count >= 0),
  section_count integer not null check (section_count >= 0),
  byte_size integer not null check (byte_size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  payload bytea not null
);

comment on table public.knowledge_base_index is
  'Prebuilt protocol search indexes (deno task kb publish); functions load the newest on a cold start.';

-- Only the newest three indexes are kept (one to serve, two to roll back to).
create function app.prune_knowledge_base_index() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.knowledge_base_index
  where kb_version < (select min(kb_version) from
                      (select kb_version from public.knowledge_base_index order by kb_version desc limit 3) k);
  return null;
end $$;
create trigger knowledge_base_index_prune after insert on public.knowledge_base_index
  for each statement execute function app.prune_knowledge_base_index();

-- Imports one document (all its sections) and answers 'added', 'updated' or 'unchanged'.
-- Runs as the caller: the service role imports, an admin may import through the Data API, and RLS
-- stops everyone else.
create function public.kb_import_document(doc jsonb) returns text
language plpgsql set search_path = '' as $$
declare
  v_key text := doc ->> 'key';
  v_hash text;
  v_current text;
  v_version integer;
begin
  if jsonb_typeof(doc -> 'sections') is distinct from 'array' or jsonb_array_length(doc -> 'sections') = 0 then
    raise exception 'document % has no sections', v_key using errcode = '22023';
  end if;
  v_hash := encode(extensions.digest(convert_to(jsonb_build_array(
    doc -> 'protocol_number', doc -> 'title', doc -> 'document_type', doc -> 'category',
    doc -> 'revised_date', doc -> 'keywords', doc -> 'sections')::text, 'UTF8'), 'sha256'), 'hex');

  perform pg_advisory_xact_lock(hashtextextended('knowledge_base:' || v_key, 0));
  select k.content_hash into v_current from public.knowledge_base k
  where k.document_key = v_key and k.is_active limit 1;
  if v_current = v_hash then
    return 'unchanged';
  end if;

  select coalesce(max(k.version), 0) + 1 into v_version from public.knowledge_base k where k.document_key = v_key;
  update public.knowledge_base set is_active = false where document_key = v_key and is_active;
  insert into public.knowledge_base (document_key, protocol_number, title, document_type, category,
    section_index, section, content, source_file, source_url, revised_date, version, content_hash, metadata)
  select v_key, doc ->> 'protocol_number', doc ->> 'title', doc ->> 'document_type',
    coalesce(doc ->> 'category', 'other'), (s.ord - 1)::integer, coalesce(s.value ->> 'heading', ''),
    s.value ->> 'content', doc ->> 'source_file', doc ->> 'source_url', (doc ->> 'revised_date')::date,
    v_version, v_hash,
    jsonb_build_object('keywords', coalesce(doc -> 'keywords', '[]'::jsonb))
  from jsonb_array_elements(doc -> 'sections') with ordinality as s(value, ord);
  return case when v_current is null then 'added' else 'updated' end;
end $$;

-- Replaces the impression hints when they differ (an unchanged list bumps no version).
create function public.kb_replace_impressions(hints jsonb) returns boolean
language plpgsql set search_path = '' as $$
begin
  if (select coalesce(jsonb_agg(jsonb_build_array(phrase, to_jsonb(protocols)) order by phrase), '[]')
      from public.knowledge_base_impressions)
     = (select coalesce(jsonb_agg(jsonb_build_array(h ->> 'phrase', h -> 'protocols') order by h ->> 'phrase'), '[]')
        from jsonb_array_elements(hints) h) then
    return false;
  end if;
  delete from public.knowledge_base_impressions;
  insert into public.knowledge_base_impressions (phrase, protocols)
  select h ->> 'phrase', array(select jsonb_array_elements_text(h -> 'protocols')) from jsonb_array_elements(hints) h;
  return true;
end $$;

alter table public.knowledge_base enable row level security;
create policy knowledge_base_read_active on public.knowledge_base
  for select to anon, authenticated using (is_active or app.current_user_role() = 'admin');
create policy knowledge_base_admin_insert on public.knowledge_base
  for insert to authenticated with check (app.current_user_role() = 'admin');
create policy knowledge_base_admin_update on public.knowledge_base
  for update to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');
revoke insert, update, delete, truncate on public.knowledge_base from anon;
revoke delete, truncate on public.knowledge_base from authenticated;

alter table public.knowledge_base_impressions enable row level security;
create policy knowledge_base_impressions_read on public.knowledge_base_impressions
  for select to anon, authenticated using (true);
create policy knowledge_base_impressions_admin_write on public.knowledge_base_impressions
  for all to authenticated
  using (app.current_user_role() = 'admin') with check (app.current_user_role() = 'admin');
revoke insert, update, delete, truncate on public.knowledge_base_impressions from anon;

alter table public.knowledge_base_state enable row level security;
create policy knowledge_base_state_read on public.knowledge_base_state for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.knowledge_base_state from anon, authenticated;

-- Index blobs are infrastructure: the service role writes and reads them, nobody else.
alter table public.knowledge_base_index enable row level security;
revoke all on public.knowledge_base_index from anon, authenticated;

revoke all on function public.kb_import_document(jsonb), public.kb_replace_impressions(jsonb) from public, anon;
grant execute on function public.kb_import_document(jsonb), public.kb_replace_impressions(jsonb)
  to authenticated, service_role;
