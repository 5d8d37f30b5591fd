-- A 429's message promises no wait of its own: Retry-After (and details.retryAfterSeconds) says how long,
-- and the sliding windows usually free a request sooner than "15 minutes" or "a minute" (20261206060000).
-- The migration rewords only rows that still hold their seeded text — an operator's own message stays —
-- and each rewording is a config.change event. Run again here on rows set back to the seeded text.
begin;
create extension if not exists pgtap;
select plan(6);

select is_empty($$select class, message from public.rate_limit_config
  where message ~* '(try again|wait)\s+(in\s+)?(a|an|one|\d+)\s+(second|minute|hour|day)'$$,
  'no seeded message promises a wait of its own');
select results_eq($$select class from public.rate_limit_config where message ~ 'Retry-After' order by class$$,
  array['AUTH', 'CHAT', 'PHI'], 'AUTH, CHAT and PHI send the caller to Retry-After');
select results_eq($$select class, message from public.rate_limit_config where class in ('API', 'DOSING', 'GLOBAL') order by class$$,
  $$values ('API', 'Too many requests. Slow down and try again shortly.'),
           ('DOSING', 'Too many dosing calculations in a minute. Try again shortly.'),
           ('GLOBAL', 'Too many requests from this client. Try again later.')$$,
  'API, DOSING and GLOBAL, which promise no time, are as seeded');

-- A database where AUTH and PHI still hold the seeded text and an operator has written CHAT's own.
update public.rate_limit_config set message = 'Too many sign-in attempts. Try again in 15 minutes.' where class = 'AUTH';
update public.rate_limit_config set message = 'Too many requests for protected records. Try again in a minute.' where class = 'PHI';
update public.rate_limit_config set message = 'Chat is busy for this station: wait a minute, or call the base hospital.' where class = 'CHAT';

\ir ../../supabase/migrations/20261206060000_rate_limit_messages_promise_no_time.sql

select results_eq($$select class, message from public.rate_limit_config where class in ('AUTH', 'PHI') order by class$$,
  $$values ('AUTH', 'Too many failed authentication attempts from this client. Wait before trying again: Retry-After says how long.'),
           ('PHI', 'Too many requests for protected records. Wait before trying again: Retry-After says how long.')$$,
  'the seeded AUTH and PHI texts are reworded');
select is((select message from public.rate_limit_config where class = 'CHAT'),
  'Chat is busy for this station: wait a minute, or call the base hospital.',
  'an operator''s own message is left as written');
select is((select count(*) from public.audit_logs where action = 'config.change'
  and resource = 'public.rate_limit_config' and created_at = now()
  and metadata -> 'changes' -> 'message' ->> 'after' like '%Retry-After says how long.'), 2::bigint,
  'each rewording is one config.change event');

select * from finish();
rollback;
