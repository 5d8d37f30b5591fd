-- The AI audit trail, role by role: only the service role writes, and only through
-- write_ai_audit_trails (idempotent, pseudonymised, priced, never raw text); admins read their own
-- organization's rows, nobody else reads any; rows are immutable; retention removes old rows and is
-- audited; cost analytics per organization and range.
begin;
create extension if not exists pgtap;
select plan(53);

insert into public.organizations (id, name) values
  ('a1a1a1a1-0000-4000-8000-00000000000a', 'AI org A'),
  ('b2b2b2b2-0000-4000-8000-00000000000b', 'AI org B');

-- Prices ----------------------------------------------------------------------------------------------
select has_table('public', 'ai_model_prices', 'a per-model price table');
select results_eq($$select input_per_1k_usd, output_per_1k_usd from public.ai_model_prices
    where model_id = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'$$,
  $$values (0.0033::numeric(12, 8), 0.0165::numeric(12, 8))$$,
  'the default model (US profile of Claude Sonnet 4.5) is priced per 1k tokens');
select is((app.ai_model_price('global.anthropic.claude-sonnet-4-5-20250929-v1:0', now())).model_id,
  'anthropic.claude-sonnet-4-5-20250929-v1:0', 'a profile without its own row is priced as its base model');
select is((app.ai_model_price('anthropic.claude-3-haiku-20240307-v1:0', '2024-01-01')).model_id, null,
  'no price before a row''s effective date');
select is((app.ai_model_price('meta.llama3-70b-instruct-v1:0', now())).model_id, null, 'unknown models have no price');

-- Who may write ---------------------------------------------------------------------------------------
create function pg_temp.entry(message uuid, org uuid, ts timestamptz, extra jsonb default '{}') returns jsonb
language sql as $$
  select jsonb_build_object(
    'message_id', message, 'timestamp', ts, 'organization_id', org,
    'user_id', '11111111-0000-4000-8000-000000000001', 'session_id', 'sess-ai-1', 'user_role', 'paramedic',
    'model', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'prompt_version', 'medic-chat-2026-11-22.1',
    'mode', 'model', 'outcome', 'answered',
    'context_layers', jsonb_build_array(
      jsonb_build_object('layer', 'protocol', 'protocol_number', 'TP 1210', 'content_sha256', repeat('a', 64), 'rank', 1),
      jsonb_build_object('layer', 'protocol', 'protocol_number', 'MCG 1309', 'content_sha256', repeat('b', 64), 'rank', 2),
      jsonb_build_object('layer', 'dosing', 'medication_id', 'epinephrine', 'route', 'IM')),
    'question_length', 42, 'question_sha256', repeat('c', 64), 'answer_length', 900, 'answer_sha256', repeat('d', 64),
    'tokens', jsonb_build_object('prompt', 1000, 'completion', 500),
    'latency_ms', 2100, 'model_latency_ms', 1800, 'correlation_id', 'req-ai-1') || extra
$$;

set local role anon;
select throws_ok($$select public.write_ai_audit_trails('[]')$$, '42501', null, 'anon cannot call the writer');
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub":"33333333-0000-4000-8000-000000000003","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"}}';
select throws_ok($$select public.write_ai_audit_trails('[]')$$, '42501', null, 'not even an admin can call the writer');
select throws_ok($$insert into public.ai_audit_trails (message_id, "timestamp", prompt_version, mode, outcome)
  values (gen_random_uuid(), now(), 'v1', 'model', 'answered')$$, '42501', null, 'nor insert directly');
reset role;

set local role service_role;
select throws_ok($$insert into public.ai_audit_trails (message_id, "timestamp", prompt_version, mode, outcome)
  values (gen_random_uuid(), now(), 'v1', 'model', 'answered')$$, '42501', null,
  'the service role writes only through the writer function');
select is(public.write_ai_audit_trails(jsonb_build_array(
    pg_temp.entry('aaaa0001-0000-4000-8000-000000000001', 'a1a1a1a1-0000-4000-8000-00000000000a', now() - interval '1 day'),
    pg_temp.entry('aaaa0002-0000-4000-8000-000000000002', 'a1a1a1a1-0000-4000-8000-00000000000a', now(),
      '{"mode":"retrieval-only","outcome":"fallback","error_kind":"timeout","tokens":{"prompt":0,"completion":0}}'),
    pg_temp.entry('bbbb0001-0000-4000-8000-000000000001', 'b2b2b2b2-0000-4000-8000-00000000000b', now(),
      '{"model":"meta.llama3-70b-instruct-v1:0","user_id":"22222222-0000-4000-8000-000000000002"}'))),
  3, 'the service role writes a batch');
select is(public.write_ai_audit_trails(jsonb_build_array(
    pg_temp.entry('aaaa0001-0000-4000-8000-000000000001', 'a1a1a1a1-0000-4000-8000-00000000000a', now()))),
  0, 'a repeated message_id inserts nothing (idempotent retries)');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(
    pg_temp.entry(gen_random_uuid(), null, now(), '{"question":"pt 4yo seizing, midazolam dose?"}')))$$,
  '22023', null, 'an entry carrying the question text is refused');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(
    pg_temp.entry(gen_random_uuid(), null, now(), '{"answer":"Give 0.2 mg/kg"}')))$$,
  '22023', null, 'an entry carrying the answer text is refused');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(pg_temp.entry(gen_random_uuid(), null, now(),
    '{"context_layers":[{"layer":"protocol","protocol_number":"TP 1210","text":"the section itself"}]}')))$$,
  '23514', null, 'a context layer holding section text is refused');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(pg_temp.entry(gen_random_uuid(), null, now(),
    jsonb_build_object('context_layers', jsonb_build_array(jsonb_build_object('layer', 'protocol', 'title', repeat('x', 201)))))))$$,
  '23514', null, 'long strings in context layers are refused (text in disguise)');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(pg_temp.entry(gen_random_uuid(), null, now(),
    '{"question_sha256":"not-a-hash"}')))$$, '23514', null, 'hashes are SHA-256 hex');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(pg_temp.entry(gen_random_uuid(), null, now(),
    '{"mode":"guess"}')))$$, '23514', null, 'mode is model or retrieval-only');
select throws_ok($$select public.write_ai_audit_trails('{"message_id":"x"}')$$, '22023', null, 'the writer takes an array');
select throws_ok($$select public.write_ai_audit_trails(jsonb_build_array(pg_temp.entry(gen_random_uuid(), null, now(),
    '{"model":null}')))$$, '23514', null, 'a model answer names its model');
reset role;

-- What was stored -----------------------------------------------------------------------------------
select results_eq($$select prompt_tokens, completion_tokens, total_tokens, prompt_cost_usd, completion_cost_usd,
    total_cost_usd, price_model_id from public.ai_audit_trails where message_id = 'aaaa0001-0000-4000-8000-000000000001'$$,
  $$values (1000, 500, 1500, 0.0033::numeric(14, 8), 0.00825::numeric(14, 8), 0.01155::numeric(14, 8),
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0')$$,
  'tokens and cost from the price table: 1000 × 0.0033/1k + 500 × 0.0165/1k');
select results_eq($$select total_cost_usd, price_model_id from public.ai_audit_trails
    where message_id = 'bbbb0001-0000-4000-8000-000000000001'$$,
  $$values (null::numeric(14, 8), null::text)$$, 'a model without a price stays unpriced (never guessed)');
select is((select retrieved_protocols from public.ai_audit_trails where message_id = 'aaaa0001-0000-4000-8000-000000000001'),
  array['MCG 1309', 'TP 1210'], 'retrieved protocol numbers default to the protocol layers');
select is((select user_pseudonym from public.ai_audit_trails where message_id = 'aaaa0001-0000-4000-8000-000000000001'),
  audit.pseudonym_of('user', '11111111-0000-4000-8000-000000000001'),
  'the user is stored as the audit pseudonym audit_logs uses');
select is((select session_pseudonym from public.ai_audit_trails where message_id = 'aaaa0001-0000-4000-8000-000000000001'),
  audit.pseudonym_of('session', 'sess-ai-1', audit.pseudonym_of('user', '11111111-0000-4000-8000-000000000001')),
  'the session is pseudonymised under its user (erasing the user erases it)');
select is((select count(*)::integer from public.ai_audit_trails t
    where t::text like '%11111111-0000-4000-8000-000000000001%' or t::text like '%sess-ai-1%'),
  0, 'no row holds the raw user or session id');

-- Who may read --------------------------------------------------------------------------------------
create function pg_temp.visible() returns bigint language sql as
  $$ select count(*) from public.ai_audit_trails $$;

set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok('select pg_temp.visible()', '42501', null, 'anon may not read');
reset role;

set local role audit_reader; -- the audited door (76), as audit-query reads
set local request.jwt.claims to '{"sub":"11111111-0000-4000-8000-000000000001","role":"authenticated","app_metadata":{"role":"paramedic","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"}}';
select is(pg_temp.visible(), 0::bigint, 'a paramedic reads nothing, not even their own messages');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"44444444-0000-4000-8000-000000000004","role":"authenticated","app_metadata":{"role":"medical_director","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"}}';
select is(pg_temp.visible(), 2::bigint, 'a medical director reads the organization''s rows (oversight, issue 20)');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"55555555-0000-4000-8000-000000000005","role":"authenticated","app_metadata":{"role":"emt","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"},"user_metadata":{"role":"admin"}}';
select is(pg_temp.visible(), 0::bigint, 'user_metadata.role = admin grants nothing');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"33333333-0000-4000-8000-000000000003","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"}}';
select is(pg_temp.visible(), 2::bigint, 'an admin reads their organization''s rows');
select is((select count(*) from public.ai_audit_trails where organization_id = 'b2b2b2b2-0000-4000-8000-00000000000b'),
  0::bigint, 'an admin never reads another organization''s rows');
select results_eq($$select user_id, tokens, cost ->> 'total' from audit.ai_audit_trail_entries
    where message_id = 'aaaa0001-0000-4000-8000-000000000001'$$,
  $$values ('11111111-0000-4000-8000-000000000001'::uuid, '{"prompt":1000,"completion":500,"total":1500}'::jsonb, '0.01155000')$$,
  'the entries view: the original user id for the admin, tokens and cost as {prompt, completion, total}');
select throws_ok($$update public.ai_audit_trails set outcome = 'error'$$, '42501', null, 'an admin cannot edit rows');
reset role;

set local role audit_reader;
set local request.jwt.claims to '{"sub":"66666666-0000-4000-8000-000000000006","role":"authenticated","app_metadata":{"role":"admin"}}';
select is(pg_temp.visible(), 0::bigint, 'an admin without an organization reads nothing');
reset role;

set local role service_role;
select throws_ok('select pg_temp.visible()', '42501', null,
  'the service role reads no row: its key over the Data API is no audited door (112)');
reset role;

-- Immutable, even for the owner ----------------------------------------------------------------------
select throws_ok($$update public.ai_audit_trails set answer_length = 1$$, '42501', null, 'no update, even by the owner');
select throws_ok($$delete from public.ai_audit_trails$$, '42501', null, 'no delete outside retention');

-- Cost analytics --------------------------------------------------------------------------------------
set local role audit_reader;
set local request.jwt.claims to '{"sub":"33333333-0000-4000-8000-000000000003","role":"authenticated","app_metadata":{"role":"admin","organization_id":"a1a1a1a1-0000-4000-8000-00000000000a"}}';
select is((audit.get_ai_cost_analytics(null, now() - interval '3 days', now() + interval '1 hour')) -> 'totals',
  '{"messages": 2, "model_messages": 1, "retrieval_only_messages": 1, "unpriced_messages": 0,
    "tokens": {"prompt": 1000, "completion": 500, "total": 1500},
    "cost": {"prompt": 0.00330000, "completion": 0.00825000, "total": 0.01155000}}'::jsonb,
  'totals for the admin''s organization: messages, tokens, cost');
select is(jsonb_array_length((audit.get_ai_cost_analytics(null, now() - interval '3 days', now() + interval '1 hour')) -> 'days'),
  ((now() + interval '1 hour') at time zone 'UTC')::date - ((now() - interval '3 days') at time zone 'UTC')::date + 1,
  'one entry per UTC day of the range, quiet days included');
select results_eq($$select messages, total_tokens, total_cost_usd from audit.get_ai_cost_daily(null, now() - interval '3 days', now() + interval '1 hour')
    where day = ((now() - interval '1 day') at time zone 'UTC')::date$$,
  $$values (1::bigint, 1500::bigint, 0.01155::numeric)$$, 'the per-day row of the priced message');
select is((audit.get_ai_cost_analytics('b2b2b2b2-0000-4000-8000-00000000000b', now() - interval '3 days', now() + interval '1 hour'))
  -> 'totals' ->> 'messages', '0', 'asking for another organization shows nothing (RLS)');
select throws_ok($$select audit.get_ai_cost_daily(null, now() - interval '400 days', now())$$, '22023', null,
  'ranges are bounded (366 days)');
reset role;

set local role anon;
select throws_ok($$select audit.get_ai_cost_analytics(null, now() - interval '1 day', now())$$, '42501', null,
  'anon cannot ask for costs');
reset role;

set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select throws_ok($$select audit.get_ai_cost_analytics('b2b2b2b2-0000-4000-8000-00000000000b', now() - interval '1 day', now())$$,
  '42501', null, 'the service role reads no costs from the trail (112)');
reset role;
-- The platform operator, as the owner (SQL editor, psql): no organization claim.
set local request.jwt.claims to '{}';
select is((audit.get_ai_cost_analytics('b2b2b2b2-0000-4000-8000-00000000000b', now() - interval '1 day', now() + interval '1 hour'))
  -> 'totals' ->> 'unpriced_messages', '1', 'the operator names the organization; unpriced messages are counted');
select throws_ok($$select audit.get_ai_cost_analytics(null, now() - interval '1 day', now())$$, '22023', null,
  'without an organization claim the organization must be named');

-- Retention ------------------------------------------------------------------------------------------
select is((select retention_days from app.ai_audit_settings), 90, 'rows are kept 90 days by default');
select ok(exists (select 1 from cron.job where jobname = 'ai-audit-retention'
    and command = 'select app.apply_ai_audit_retention()'), 'retention runs daily by pg_cron');
set local role service_role;
select is(public.write_ai_audit_trails(jsonb_build_array(
    pg_temp.entry('cccc0001-0000-4000-8000-000000000001', 'a1a1a1a1-0000-4000-8000-00000000000a', now() - interval '91 days'),
    pg_temp.entry('cccc0002-0000-4000-8000-000000000002', 'a1a1a1a1-0000-4000-8000-00000000000a', now() - interval '30 days'))),
  2, 'two older rows');
select throws_ok($$select app.apply_ai_audit_retention()$$, '42501', null, 'the service role cannot run retention');
reset role;
select is(app.apply_ai_audit_retention(), 1, 'retention removes what is older than 90 days');
select is((select count(*)::integer from public.audit_logs where action = 'ai_audit.retention'
    and metadata ->> 'rows' = '1' and metadata ->> 'retention_days' = '90'), 1, 'and the removal is audited');
update app.ai_audit_settings set retention_days = 20;
select is(app.apply_ai_audit_retention(), 1, 'the retention period is configurable');

select * from finish();
rollback;
