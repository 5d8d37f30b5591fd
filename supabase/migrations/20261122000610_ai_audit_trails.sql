-- The AI audit trail of bedrock-ai-chat: one row per chat message answered (or declined, or fallen back
-- to retrieval-only), with what grounded it, which model and prompt version produced it, what it cost
-- and how long it took. Never the question or the answer: their lengths and SHA-256 only. The user and
-- session are stored as the same audit pseudonyms audit_logs uses (audit.pseudonymize), so erasing a
-- data subject's mapping makes these rows anonymous too, without touching them.
--
--   public.ai_model_prices              list prices per 1k tokens, per model, dated
--   public.ai_audit_trails              the trail (admins of the organization read; nobody edits)
--   public.write_ai_audit_trails(jsonb) the only way in (service role), idempotent on message_id
--   app.apply_ai_audit_retention()      deletes rows older than app.ai_audit_settings.retention_days
--                                       (default 90), daily by pg_cron, audited
--   public.get_ai_cost_daily / public.get_ai_cost_analytics
--                                       cost, tokens and messages per organization and range

-- ---------------------------------------------------------------------------------------------------
-- Prices

create table public.ai_model_prices (
  -- A Bedrock model id or inference profile id. A geographic profile ("us.…") without a row of its own
  -- is priced as its base model.
  model_id text not null check (model_id ~ '^[a-z0-9][a-z0-9.:-]{2,199}$'),
  effective_from date not null,
  input_per_1k_usd numeric(12, 8) not null check (input_per_1k_usd >= 0),
  output_per_1k_usd numeric(12, 8) not null check (output_per_1k_usd >= 0),
  source text not null check (length(source) between 1 and 500),
  -- When the price was read from its source.
  recorded_on date not null,
  primary key (model_id, effective_from)
);

comment on table public.ai_model_prices is
  'AWS Bedrock on-demand list prices in USD per 1,000 tokens (input, output), dated. Costs are computed '
  'when a trail row is written and never recomputed; add a row with a later effective_from when AWS '
  'changes a price. Negotiated discounts, batch and prompt-cache rates are not modelled.';

-- List prices as AWS publishes them for on-demand inference (USD per 1k tokens), recorded 2026-11-22.
-- Claude 4.5-generation models cost 10% more through a geographic ("us.") inference profile than
-- through the global one, so those profiles have rows of their own.
insert into public.ai_model_prices
  (model_id, effective_from, input_per_1k_usd, output_per_1k_usd, source, recorded_on) values
  ('anthropic.claude-sonnet-4-5-20250929-v1:0', '2025-09-29', 0.003, 0.015,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude Sonnet 4.5 (global / base price)', '2026-11-22'),
  ('us.anthropic.claude-sonnet-4-5-20250929-v1:0', '2025-09-29', 0.0033, 0.0165,
    'AWS Bedrock pricing page, on-demand, Claude Sonnet 4.5 via US geographic inference profile (+10%)', '2026-11-22'),
  ('anthropic.claude-haiku-4-5-20251001-v1:0', '2025-10-15', 0.001, 0.005,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude Haiku 4.5 (global / base price)', '2026-11-22'),
  ('us.anthropic.claude-haiku-4-5-20251001-v1:0', '2025-10-15', 0.0011, 0.0055,
    'AWS Bedrock pricing page, on-demand, Claude Haiku 4.5 via US geographic inference profile (+10%)', '2026-11-22'),
  ('anthropic.claude-sonnet-4-20250514-v1:0', '2025-05-22', 0.003, 0.015,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude Sonnet 4', '2026-11-22'),
  ('anthropic.claude-3-7-sonnet-20250219-v1:0', '2025-02-24', 0.003, 0.015,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude 3.7 Sonnet', '2026-11-22'),
  ('anthropic.claude-3-5-haiku-20241022-v1:0', '2024-12-01', 0.0008, 0.004,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude 3.5 Haiku', '2026-11-22'),
  ('anthropic.claude-3-haiku-20240307-v1:0', '2024-03-13', 0.00025, 0.00125,
    'AWS Bedrock pricing page, on-demand, Anthropic Claude 3 Haiku', '2026-11-22');

alter table public.ai_model_prices enable row level security;
-- List prices are not confidential: every signed-in user may read them; only the owner edits.
create policy ai_model_prices_read on public.ai_model_prices for select to authenticated using (true);
revoke all on public.ai_model_prices from public, anon, authenticated, service_role;
grant select on public.ai_model_prices to authenticated, service_role;

-- The price row for a model at a moment: its own row, else its base model's (inference profile prefix
-- removed); the latest effective_from not after the moment.
create function app.ai_model_price(p_model text, p_at timestamptz)
returns public.ai_model_prices
language sql stable set search_path = '' as $$
  select p.* from public.ai_model_prices p
  where p.model_id in (p_model, regexp_replace(p_model, '^(us|eu|apac|jp|au|ca|global|us-gov)\.', ''))
    and p.effective_from <= (p_at at time zone 'UTC')::date
  order by (p.model_id = p_model) desc, p.effective_from desc
  limit 1
$$;

-- ---------------------------------------------------------------------------------------------------
-- Settings

create table app.ai_audit_settings (
  only_row boolean primary key default true check (only_row),
  retention_days integer not null default 90 check (retention_days between 1 and 3650)
);
insert into app.ai_audit_settings default values;
comment on table app.ai_audit_settings is
  'How long ai_audit_trails rows are kept (days). Change with: update app.ai_audit_settings set retention_days = …';
revoke all on app.ai_audit_settings from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------
-- The trail

-- context_layers: a flat JSON object per layer (protocol sections: numbers and content hashes; dosing
-- results: medication ids and routes), never text: no nested values, no key that names text, strings
-- of at most 200 characters, at most 64 layers.
create function app.ai_context_layers_ok(layers jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(layers) = 'array'
    and jsonb_array_length(layers) <= 64
    and not exists (
      select 1 from jsonb_array_elements(layers) e
      where jsonb_typeof(e) <> 'object'
        or jsonb_typeof(e -> 'layer') is distinct from 'string'
        or exists (
          select 1 from jsonb_each(e) kv
          where lower(kv.key) in ('text', 'content', 'question', 'answer', 'prompt', 'completion', 'body',
                                  'message', 'messages', 'excerpt', 'snippet')
            or jsonb_typeof(kv.value) in ('object', 'array')
            or (jsonb_typeof(kv.value) = 'string' and length(kv.value #>> '{}') > 200)))
$$;

create function app.ai_protocol_numbers_ok(numbers text[]) returns boolean
language sql immutable set search_path = '' as $$
  select cardinality(numbers) <= 64
    and not exists (select 1 from unnest(numbers) n where n is null or n !~ '^[A-Za-z0-9][A-Za-z0-9 .()/-]{0,39}$')
$$;

create table public.ai_audit_trails (
  id bigint generated always as identity primary key,
  message_id uuid not null unique,
  "timestamp" timestamptz not null,
  organization_id uuid,
  user_pseudonym uuid,
  session_pseudonym uuid,
  user_role public.user_role,
  -- The model asked (null when no model was asked: offline, declined).
  model text check (model is null or model ~ '^[A-Za-z0-9][A-Za-z0-9.:/_-]{0,199}$'),
  prompt_version text not null check (prompt_version ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$'),
  mode text not null check (mode in ('model', 'retrieval-only')),
  -- answered: the model answered; fallback: Bedrock failed or ran out of time, retrieval-only answer;
  -- offline: no credentials configured; declined: outside EMS scope; aborted: the client went away.
  outcome text not null check (outcome in ('answered', 'fallback', 'offline', 'declined', 'aborted', 'error')),
  error_kind text check (error_kind in ('throttling', 'validation', 'access_denied', 'timeout', 'unavailable',
    'aborted')),
  context_layers jsonb not null default '[]' check (app.ai_context_layers_ok(context_layers)),
  retrieved_protocols text[] not null default '{}' check (app.ai_protocol_numbers_ok(retrieved_protocols)),
  question_length integer check (question_length >= 0),
  question_sha256 text check (question_sha256 ~ '^[0-9a-f]{64}$'),
  answer_length integer check (answer_length >= 0),
  answer_sha256 text check (answer_sha256 ~ '^[0-9a-f]{64}$'),
  prompt_tokens integer not null default 0 check (prompt_tokens >= 0),
  completion_tokens integer not null default 0 check (completion_tokens >= 0),
  total_tokens integer not null default 0 check (total_tokens >= 0),
  -- USD, from the price row named by price_model_id/price_effective_from; null when the model has none.
  prompt_cost_usd numeric(14, 8),
  completion_cost_usd numeric(14, 8),
  total_cost_usd numeric(14, 8),
  price_model_id text,
  price_effective_from date,
  latency_ms integer check (latency_ms >= 0),
  model_latency_ms integer check (model_latency_ms >= 0),
  correlation_id text check (length(correlation_id) <= 100),
  created_at timestamptz not null default now(),
  constraint ai_audit_trails_model_named check (mode = 'retrieval-only' or model is not null)
);

create index ai_audit_trails_org_time_idx on public.ai_audit_trails (organization_id, "timestamp");
create index ai_audit_trails_time_idx on public.ai_audit_trails ("timestamp");
create index ai_audit_trails_user_idx on public.ai_audit_trails (user_pseudonym) where user_pseudonym is not null;

comment on table public.ai_audit_trails is
  'One row per chat message (bedrock-ai-chat). No question or answer text: lengths and SHA-256 only. '
  'Written only by write_ai_audit_trails; removed only by app.apply_ai_audit_retention.';

-- Rows are never edited; only the retention function deletes (it sets app.ai_audit_retention locally).
create function app.ai_audit_trails_guard() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'DELETE' and current_setting('app.ai_audit_retention', true) = 'on' then
    return old;
  end if;
  raise exception 'ai_audit_trails rows cannot be changed (%); retention removes them', lower(tg_op)
    using errcode = '42501';
end $$;

create trigger ai_audit_trails_no_update before update or delete on public.ai_audit_trails
  for each row execute function app.ai_audit_trails_guard();
create trigger ai_audit_trails_no_truncate before truncate on public.ai_audit_trails
  for each statement execute function app.ai_audit_trails_guard();

alter table public.ai_audit_trails enable row level security;
-- Admins (app_metadata) read their own organization's rows; nobody else reads any.
create policy ai_audit_trails_admin_read on public.ai_audit_trails
  for select to authenticated
  using (app.current_user_role() = 'admin' and organization_id = app.current_organization_id());
revoke all on public.ai_audit_trails from public, anon, authenticated, service_role;
grant select on public.ai_audit_trails to authenticated, service_role;

-- The rows in the issue's shape ({prompt, completion, total} for tokens and cost), identifiers resolved
-- for authorised readers (null once a subject is erased). Runs as the caller: the policy above applies.
create view public.ai_audit_trail_entries with (security_invoker = true) as
select
  t.message_id, t."timestamp", t.organization_id,
  audit.reveal(t.user_pseudonym)::uuid as user_id, t.user_pseudonym,
  audit.reveal(t.session_pseudonym) as session_id, t.session_pseudonym,
  t.user_role, t.model, t.prompt_version, t.mode, t.outcome, t.error_kind,
  t.context_layers, t.retrieved_protocols,
  t.question_length, t.question_sha256, t.answer_length, t.answer_sha256,
  jsonb_build_object('prompt', t.prompt_tokens, 'completion', t.completion_tokens, 'total', t.total_tokens)
    as tokens,
  case when t.total_cost_usd is not null then jsonb_build_object('prompt', t.prompt_cost_usd,
    'completion', t.completion_cost_usd, 'total', t.total_cost_usd, 'currency', 'USD') end as cost,
  t.latency_ms, t.model_latency_ms, t.correlation_id, t.created_at
from public.ai_audit_trails t;

revoke all on public.ai_audit_trail_entries from public, anon, authenticated, service_role;
grant select on public.ai_audit_trail_entries to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------
-- The writer

-- entries: a JSON array (at most 1000) of
--   { message_id (uuid, required), timestamp?, organization_id?, user_id?, session_id?, user_role?,
--     model?, prompt_version (required), mode ('model' | 'retrieval-only'), outcome, error_kind?,
--     context_layers? [ {layer, …} ], retrieved_protocols? [text] (default: the protocol_number of
--     each 'protocol' layer), question_length?, question_sha256?, answer_length?, answer_sha256?,
--     tokens? {prompt, completion, total?}, latency_ms?, model_latency_ms?, correlation_id? }
-- Cost = tokens / 1000 × the model's price at `timestamp`. A repeated message_id inserts nothing.
-- An entry carrying raw text (question, answer, prompt, text, messages, content) is refused whole.
-- Returns the number of rows inserted.
create function public.write_ai_audit_trails(entries jsonb) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  key bytea;
  inserted integer;
begin
  if jsonb_typeof(entries) is distinct from 'array' then
    raise exception 'write_ai_audit_trails expects a JSON array' using errcode = '22023';
  end if;
  if jsonb_array_length(entries) > 1000 then
    raise exception 'at most 1000 entries per call' using errcode = '22023';
  end if;
  if jsonb_array_length(entries) = 0 then
    return 0;
  end if;
  if exists (
    select 1 from jsonb_array_elements(entries) e
    where jsonb_typeof(e) <> 'object'
      or e ?| array['question', 'answer', 'prompt', 'text', 'messages', 'content', 'completion']
  ) then
    raise exception 'AI audit entries hold lengths and hashes, never question or answer text'
      using errcode = '22023';
  end if;

  key := audit.pseudonym_key();

  with batch as materialized (
    select a.ord, e.message_id, coalesce(e."timestamp", now()) as "timestamp", e.organization_id,
      nullif(e.user_id, '') as user_id, nullif(e.session_id, '') as session_id, e.user_role, e.model,
      e.prompt_version, e.mode, e.outcome, e.error_kind,
      coalesce(e.context_layers, '[]'::jsonb) as context_layers,
      coalesce(e.retrieved_protocols, (
        select coalesce(array_agg(distinct l ->> 'protocol_number'), '{}')
        from jsonb_array_elements(case jsonb_typeof(e.context_layers) when 'array' then e.context_layers
                                       else '[]'::jsonb end) l
        where l ->> 'layer' = 'protocol' and l ->> 'protocol_number' is not null)) as retrieved_protocols,
      e.question_length, e.question_sha256, e.answer_length, e.answer_sha256,
      coalesce((e.tokens ->> 'prompt')::integer, 0) as prompt_tokens,
      coalesce((e.tokens ->> 'completion')::integer, 0) as completion_tokens,
      (e.tokens ->> 'total')::integer as total_tokens,
      e.latency_ms, e.model_latency_ms, left(e.correlation_id, 100) as correlation_id
    from jsonb_array_elements(entries) with ordinality as a(j, ord)
    cross join lateral jsonb_to_record(a.j) as e(
      message_id uuid, "timestamp" timestamptz, organization_id uuid, user_id text, session_id text,
      user_role public.user_role, model text, prompt_version text, mode text, outcome text, error_kind text,
      context_layers jsonb, retrieved_protocols text[], question_length integer, question_sha256 text,
      answer_length integer, answer_sha256 text, tokens jsonb, latency_ms integer, model_latency_ms integer,
      correlation_id text)
  ),
  users as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct jsonb_build_object('kind', 'user', 'value', b.user_id)), '[]')
      from batch b where b.user_id is not null))
  ),
  sessions as (
    select * from audit.pseudonymize(key, (
      select coalesce(jsonb_agg(distinct jsonb_build_object('kind', 'session', 'owner', u.pseudonym,
        'value', b.session_id)), '[]')
      from batch b left join users u on u.value = b.user_id
      where b.session_id is not null))
  ),
  rows as (
    select b.*, u.pseudonym as user_p,
      (select s.pseudonym from sessions s where s.value = b.session_id
         and s.owner is not distinct from u.pseudonym) as session_p,
      p.model_id as price_model_id, p.effective_from as price_effective_from,
      round(b.prompt_tokens * p.input_per_1k_usd / 1000, 8) as prompt_cost,
      round(b.completion_tokens * p.output_per_1k_usd / 1000, 8) as completion_cost
    from batch b
    left join users u on u.value = b.user_id
    left join lateral app.ai_model_price(b.model, b."timestamp") p on b.model is not null
  )
  insert into public.ai_audit_trails (message_id, "timestamp", organization_id, user_pseudonym,
    session_pseudonym, user_role, model, prompt_version, mode, outcome, error_kind, context_layers,
    retrieved_protocols, question_length, question_sha256, answer_length, answer_sha256, prompt_tokens,
    completion_tokens, total_tokens, prompt_cost_usd, completion_cost_usd, total_cost_usd, price_model_id,
    price_effective_from, latency_ms, model_latency_ms, correlation_id)
  select r.message_id, r."timestamp", r.organization_id, r.user_p, r.session_p, r.user_role, r.model,
    r.prompt_version, r.mode, r.outcome, r.error_kind, r.context_layers, r.retrieved_protocols,
    r.question_length, r.question_sha256, r.answer_length, r.answer_sha256, r.prompt_tokens,
    r.completion_tokens, coalesce(r.total_tokens, r.prompt_tokens + r.completion_tokens),
    r.prompt_cost, r.completion_cost, r.prompt_cost + r.completion_cost, r.price_model_id,
    r.price_effective_from, r.latency_ms, r.model_latency_ms, r.correlation_id
  from rows r
  order by r.ord
  on conflict (message_id) do nothing;

  get diagnostics inserted = row_count;
  return inserted;
end $$;

revoke all on function public.write_ai_audit_trails(jsonb) from public, anon, authenticated;
grant execute on function public.write_ai_audit_trails(jsonb) to service_role;
revoke all on function app.ai_model_price(text, timestamptz), app.ai_context_layers_ok(jsonb),
  app.ai_protocol_numbers_ok(text[]), app.ai_audit_trails_guard() from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------
-- Retention

create function app.apply_ai_audit_retention(now_ts timestamptz default now()) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  days integer := (select retention_days from app.ai_audit_settings);
  cutoff timestamptz := now_ts - make_interval(days => days);
  removed integer;
begin
  perform set_config('app.ai_audit_retention', 'on', true);
  delete from public.ai_audit_trails where "timestamp" < cutoff;
  get diagnostics removed = row_count;
  perform set_config('app.ai_audit_retention', 'off', true);
  if removed > 0 then
    perform audit.write_events(jsonb_build_array(jsonb_build_object(
      'action', 'ai_audit.retention', 'resource', 'ai_audit_trails', 'outcome', 'success',
      'data_classification', 'CONFIDENTIAL',
      'metadata', jsonb_build_object('rows', removed, 'cutoff', cutoff, 'retention_days', days))));
  end if;
  return removed;
end $$;

revoke all on function app.apply_ai_audit_retention(timestamptz) from public, anon, authenticated, service_role;

select cron.schedule('ai-audit-retention', '17 4 * * *', 'select app.apply_ai_audit_retention()');

-- ---------------------------------------------------------------------------------------------------
-- Cost analytics (run as the caller: an admin sees their organization; the service role names one)

-- One row per UTC day of [p_from, p_to), days without messages included (at most 366 days).
create function public.get_ai_cost_daily(
  p_organization_id uuid default null,
  p_from timestamptz default now() - interval '30 days',
  p_to timestamptz default now()
) returns table (
  day date, messages bigint, model_messages bigint, retrieval_only_messages bigint,
  prompt_tokens bigint, completion_tokens bigint, total_tokens bigint,
  prompt_cost_usd numeric, completion_cost_usd numeric, total_cost_usd numeric
)
language plpgsql stable security invoker set search_path = '' as $$
declare
  org uuid := coalesce(p_organization_id, app.current_organization_id());
begin
  if p_from is null or p_to is null or p_to <= p_from then
    raise exception 'the range must end after it starts' using errcode = '22023';
  end if;
  if p_to - p_from > interval '366 days' then
    raise exception 'the range may span at most 366 days' using errcode = '22023';
  end if;
  if org is null then
    raise exception 'name an organization (p_organization_id) or call with an organization claim'
      using errcode = '22023';
  end if;
  return query
  with days as (
    select d::date as day
    from generate_series((p_from at time zone 'UTC')::date, ((p_to - interval '1 microsecond') at time zone 'UTC')::date,
                         interval '1 day') d
  ),
  trail as (
    select (t."timestamp" at time zone 'UTC')::date as day, t.*
    from public.ai_audit_trails t
    where t.organization_id = org and t."timestamp" >= p_from and t."timestamp" < p_to
  )
  select d.day, count(t.id), count(t.id) filter (where t.mode = 'model'),
    count(t.id) filter (where t.mode = 'retrieval-only'),
    coalesce(sum(t.prompt_tokens), 0)::bigint, coalesce(sum(t.completion_tokens), 0)::bigint,
    coalesce(sum(t.total_tokens), 0)::bigint,
    coalesce(sum(t.prompt_cost_usd), 0), coalesce(sum(t.completion_cost_usd), 0),
    coalesce(sum(t.total_cost_usd), 0)
  from days d
  left join trail t on t.day = d.day
  group by d.day
  order by d.day;
end $$;

-- { organization_id, from, to, currency, totals: {messages, model_messages, retrieval_only_messages,
--   unpriced_messages, tokens: {prompt, completion, total}, cost: {prompt, completion, total}},
--   days: [{day, messages, tokens: {…}, cost: {…}}], by_model: [{model, messages, tokens, cost}] }
create function public.get_ai_cost_analytics(
  p_organization_id uuid default null,
  p_from timestamptz default now() - interval '30 days',
  p_to timestamptz default now()
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  with days as (select * from public.get_ai_cost_daily(p_organization_id, p_from, p_to)),
  org as (select coalesce(p_organization_id, app.current_organization_id()) as id),
  trail as (
    select t.* from public.ai_audit_trails t, org
    where t.organization_id = org.id and t."timestamp" >= p_from and t."timestamp" < p_to
  )
  select jsonb_build_object(
    'organization_id', (select id from org),
    'from', p_from,
    'to', p_to,
    'currency', 'USD',
    'totals', (
      select jsonb_build_object(
        'messages', coalesce(sum(d.messages), 0),
        'model_messages', coalesce(sum(d.model_messages), 0),
        'retrieval_only_messages', coalesce(sum(d.retrieval_only_messages), 0),
        'unpriced_messages', (select count(*) from trail t where t.total_cost_usd is null and t.total_tokens > 0),
        'tokens', jsonb_build_object('prompt', coalesce(sum(d.prompt_tokens), 0),
          'completion', coalesce(sum(d.completion_tokens), 0), 'total', coalesce(sum(d.total_tokens), 0)),
        'cost', jsonb_build_object('prompt', coalesce(sum(d.prompt_cost_usd), 0),
          'completion', coalesce(sum(d.completion_cost_usd), 0), 'total', coalesce(sum(d.total_cost_usd), 0)))
      from days d),
    'days', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'day', d.day, 'messages', d.messages,
        'tokens', jsonb_build_object('prompt', d.prompt_tokens, 'completion', d.completion_tokens,
          'total', d.total_tokens),
        'cost', jsonb_build_object('prompt', d.prompt_cost_usd, 'completion', d.completion_cost_usd,
          'total', d.total_cost_usd)) order by d.day), '[]')
      from days d),
    'by_model', (
      select coalesce(jsonb_agg(m order by m ->> 'model'), '[]') from (
        select jsonb_build_object('model', coalesce(t.model, 'none'), 'messages', count(*),
          'tokens', jsonb_build_object('prompt', sum(t.prompt_tokens), 'completion', sum(t.completion_tokens),
            'total', sum(t.total_tokens)),
          'cost', jsonb_build_object('prompt', coalesce(sum(t.prompt_cost_usd), 0),
            'completion', coalesce(sum(t.completion_cost_usd), 0), 'total', coalesce(sum(t.total_cost_usd), 0)))
          as m
        from trail t group by t.model) x))
$$;

revoke all on function public.get_ai_cost_daily(uuid, timestamptz, timestamptz),
  public.get_ai_cost_analytics(uuid, timestamptz, timestamptz) from public, anon;
grant execute on function public.get_ai_cost_daily(uuid, timestamptz, timestamptz),
  public.get_ai_cost_analytics(uuid, timestamptz, timestamptz) to authenticated, service_role;
