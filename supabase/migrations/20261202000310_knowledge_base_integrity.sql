-- Clinical content integrity. The knowledge base changes only through the versioned import
-- (public.kb_import_document, public.kb_replace_impressions: `deno task kb`), which computes each
-- document's content_hash from its content in the database, keeps every earlier version, and now writes
-- one audit event per change (knowledge_base.import). Nobody edits a row in place: a row's content never
-- changes after it is written; the import only retires a version (is_active true → false). Direct writes
-- are refused to every API role, the service role included; the import functions run as their owner.
-- A published index must match its sha256; the functions check it again before loading one.

create function app.knowledge_base_versioned() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (new.document_key, new.protocol_number, new.title, new.document_type, new.category, new.section_index,
      new.section, new.content, new.source_file, new.source_url, new.revised_date, new.version,
      new.content_hash, new.metadata)
     is distinct from
     (old.document_key, old.protocol_number, old.title, old.document_type, old.category, old.section_index,
      old.section, old.content, old.source_file, old.source_url, old.revised_date, old.version,
      old.content_hash, old.metadata)
     or (new.is_active and not old.is_active) then
    raise exception 'knowledge base rows are versioned: import a new version (deno task kb) instead of editing one'
      using errcode = '42501';
  end if;
  return new;
end $$;
create trigger knowledge_base_versioned before update on public.knowledge_base
  for each row execute function app.knowledge_base_versioned();

create or replace function public.kb_import_document(doc jsonb) returns text
language plpgsql security definer set search_path = '' as $$
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
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'knowledge_base.import', 'resource', 'knowledge_base', 'outcome', 'success',
    'data_classification', 'INTERNAL',
    'metadata', jsonb_build_object('document', v_key, 'version', v_version, 'content_hash', v_hash,
                                   'change', case when v_current is null then 'added' else 'updated' end))));
  return case when v_current is null then 'added' else 'updated' end;
end $$;

create or replace function public.kb_replace_impressions(hints jsonb) returns boolean
language plpgsql security definer set search_path = '' as $$
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
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'knowledge_base.import', 'resource', 'knowledge_base_impressions', 'outcome', 'success',
    'data_classification', 'INTERNAL',
    'metadata', jsonb_build_object('impressions', jsonb_array_length(hints)))));
  return true;
end $$;

revoke all on function public.kb_import_document(jsonb), public.kb_replace_impressions(jsonb)
  from public, anon, authenticated;
grant execute on function public.kb_import_document(jsonb), public.kb_replace_impressions(jsonb) to service_role;
revoke insert, update, delete, truncate on public.knowledge_base, public.knowledge_base_impressions
  from service_role;

-- Not validated against rows already published (a deployment may hold some written before this rule);
-- every new or replaced index must match, and the functions verify the digest of any index they load.
alter table public.knowledge_base_index add constraint knowledge_base_index_sha256_matches
  check (sha256 = encode(extensions.digest(payload, 'sha256'), 'hex')) not valid;
