-- The knowledge base's data rules: versioned import with the content-hash skip, the version counter,
-- who reads (active rows, everyone) and who writes (the platform operator: the service role), index retention.
begin;
create extension if not exists pgtap;
select plan(15);

create temp table doc as select jsonb_build_object(
  'key', '9901', 'protocol_number', '9901', 'title', 'Test Widget Protocol', 'document_type', 'treatment_protocol',
  'category', 'medical', 'revised_date', '2025-07-01', 'source_file', 'x.md', 'keywords', jsonb_build_array('widget'),
  'sections', jsonb_build_array(jsonb_build_object('heading', 'Overview', 'content', 'Made-up text one.'),
                                jsonb_build_object('heading', 'Notes', 'content', 'Made-up text two.'))) as d;
grant select on doc to anon, authenticated, service_role;

create temp table v0 as select version from public.knowledge_base_state;
set local role service_role;
select is(public.kb_import_document((select d from doc)), 'added', 'a new document is added');
select is(public.kb_import_document((select d from doc)), 'unchanged', 'the same content is skipped by hash');
reset role;
select ok((select version from public.knowledge_base_state) > (select version from v0), 'an import bumps the knowledge-base version');
create temp table v1 as select version from public.knowledge_base_state;
set local role service_role;
select is(public.kb_import_document((select d from doc)), 'unchanged', 'still unchanged');
reset role;
select is((select version from public.knowledge_base_state), (select version from v1), 'an unchanged import bumps nothing');

set local role service_role;
select is(public.kb_import_document((select jsonb_set(d, '{sections,0,content}', '"Made-up text, revised."') from doc)),
  'updated', 'changed content is a new version');
reset role;
select results_eq($$select version, is_active, count(*)::int from public.knowledge_base where document_key = '9901'
  group by 1, 2 order by 1$$, $$values (1, false, 2), (2, true, 2)$$, 'version 2 is active, version 1 kept and deactivated');
select ok((select count(distinct content_hash) = 2 from public.knowledge_base where document_key = '9901'), 'each version has its hash');
select ok((select search_vector @@ to_tsquery('english', 'revised') from public.knowledge_base
  where document_key = '9901' and is_active and section_index = 0), 'full-text vector over the content');

set local role anon;
select is((select count(*)::int from public.knowledge_base where document_key = '9901'), 2, 'everyone reads the active rows only');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub":"aaaa0000-0000-4000-8000-00000000aaaa","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select throws_ok($$select public.kb_import_document((select jsonb_set(d, '{title}', '"Hijacked"') from doc))$$,
  '42501', null, 'a paramedic cannot import');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"bbbb0000-0000-4000-8000-00000000bbbb","role":"authenticated","app_metadata":{"role":"admin","organization_id":"bbbb0000-0000-4000-8000-0000000000bb"}}';
select throws_ok($$select public.kb_import_document((select jsonb_set(d, '{title}', '"Test Widget Protocol (admin)"') from doc))$$,
  '42501', null, 'nor can an organization admin: the knowledge base is every agency''s');
reset role;

-- Index blobs: service role only, newest three kept.
set local role service_role;
insert into public.knowledge_base_index (kb_version, format, document_count, section_count, byte_size, sha256, payload)
select v, 1, 1, 1, 1, encode(extensions.digest('\x00'::bytea, 'sha256'), 'hex'), '\x00'::bytea
from generate_series(900001, 900005) v;
reset role;
select results_eq($$select kb_version from public.knowledge_base_index where kb_version > 900000 order by 1$$,
  $$values (900003::bigint), (900004), (900005)$$, 'only the newest three indexes are kept');
set local role authenticated;
select throws_ok($$select count(*) from public.knowledge_base_index$$, '42501', null, 'users cannot read index blobs');
reset role;

set local role service_role;
select is(public.kb_replace_impressions((select coalesce(jsonb_agg(jsonb_build_object('phrase', phrase, 'protocols', to_jsonb(protocols))), '[]')
  from public.knowledge_base_impressions)), false, 'replacing hints with the same hints changes nothing');
reset role;

select * from finish();
rollback;
