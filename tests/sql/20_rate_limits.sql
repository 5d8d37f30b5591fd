-- Rate-limit rules in the database: seeded classes, who may read and edit them, violations lowering a
-- reputation that recovers with clean windows, bans with their security event and audit event, and the
-- Postgres limiter counting per identifier and class.
begin;
create extension if not exists pgtap;
select plan(22);

select set_eq('select class from public.rate_limit_config',
  array['CHAT', 'API', 'DOSING', 'AUTH', 'PHI', 'GLOBAL'], 'the six classes are seeded');
select results_eq($$select max_requests, window_seconds, fail_mode from public.rate_limit_config where class in ('AUTH', 'GLOBAL') order by class$$,
  $$values (5, 900, 'closed'), (500, 900, 'open')$$, 'AUTH 5/15 min closed, GLOBAL 500/15 min open');

update public.rate_limit_config set enabled = false where class = 'API';
set local role anon;
select is((select count(*)::integer from public.rate_limit_config), 5, 'everyone reads the enabled rows only');
select throws_ok($$update public.rate_limit_config set max_requests = 1$$, '42501', null, 'anon cannot edit limits');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub":"aaaa0000-0000-4000-8000-00000000aaaa","role":"authenticated","app_metadata":{"role":"paramedic"}}';
select throws_ok($$update public.rate_limit_config set max_requests = 1000 where class = 'CHAT'$$, '42501', null,
  'a paramedic cannot edit limits');
reset role;
select is((select max_requests from public.rate_limit_config where class = 'CHAT'), 20, 'and nothing changed');

-- Limits hold for every agency: an organization's admin reads them all but cannot change them.
set local role authenticated;
set local request.jwt.claims to '{"sub":"bbbb0000-0000-4000-8000-00000000bbbb","role":"authenticated","app_metadata":{"role":"admin","organization_id":"bbbb0000-0000-4000-8000-0000000000bb"}}';
select is((select count(*)::integer from public.rate_limit_config), 6, 'an admin also sees disabled rows');
select throws_ok($$update public.rate_limit_config set max_requests = 25 where class = 'CHAT'$$, '42501', null,
  'an organization admin cannot edit platform limits');
reset role;
set local role service_role;
update public.rate_limit_config set max_requests = 25 where class = 'CHAT';
reset role;
select results_eq($$select max_requests, updated_at = now() from public.rate_limit_config where class = 'CHAT'$$,
  $$values (25, true)$$, 'the platform operator (service role) edits them, stamped');

-- Reputation: -10 per rejection; at 10 or below a ban starts.
select is((select reputation from public.record_rate_limit_violation('fp:test-1', 'fingerprint', 'API', '192.0.2.1')), 90::smallint,
  'a first rejection costs 10 points');
select is((select count(*)::integer from (select public.record_rate_limit_violation('fp:test-1', 'fingerprint', 'API', '192.0.2.1')
  from generate_series(1, 7)) x), 7, 'seven more');
select results_eq($$select reputation, banned_until from public.rate_limit_violations where identifier = 'fp:test-1'$$,
  $$values (20::smallint, null::timestamptz)$$, 'eight rejections: reputation 20, no ban yet');
select is((select newly_banned from public.record_rate_limit_violation('fp:test-1', 'fingerprint', 'API', '192.0.2.1', 'req-ban-1')),
  true, 'the rejection that lands at the threshold bans');
select is((select count(*)::integer from public.security_events where event_type = 'rate_limit.ban' and identifier = 'fp:test-1'), 1,
  'the ban is a security event');
select is((select count(*)::integer from public.audit_logs where action = 'rate_limit.ban' and correlation_id = 'req-ban-1'), 1,
  'and an audit event');
select ok((select identifier = 'fp:test-1' from public.active_rate_limit_bans() where identifier = 'fp:test-1'), 'it is an active ban');

-- Clean windows restore reputation: pretend the last rejection was an hour ago.
update public.rate_limit_violations set last_violation_at = now() - interval '1 hour', banned_until = now() - interval '1 minute'
  where identifier = 'fp:test-1';
select is((select reputation from public.record_rate_limit_violation('fp:test-1', 'fingerprint', 'API')), 90::smallint,
  'twelve clean windows later reputation has recovered (capped at 100, minus this rejection)');

select results_eq($$select (public.rate_limit_hit('user:1', 'DOSING', 2, 60)).allowed
  union all select (public.rate_limit_hit('user:1', 'DOSING', 2, 60)).allowed
  union all select (public.rate_limit_hit('user:1', 'DOSING', 2, 60)).allowed
  union all select (public.rate_limit_hit('user:1', 'CHAT', 2, 60)).allowed$$,
  $$values (true), (true), (false), (true)$$, 'the Postgres limiter counts per identifier and class');
-- A cost (20261206130000): one call counts as that many hits; clients' measurements count a statement's rows so.
select results_eq($$select allowed, remaining from public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, 7)
  union all select allowed, remaining from public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, 3)
  union all select allowed, remaining from public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, 1)$$,
  $$values (true, 3), (true, 0), (false, 0)$$, 'a call of cost 7, then 3, fills a window of 10; the next hit is refused');
select throws_ok($$select public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, 0)$$, '22023',
  'p_cost must be at least 1; it was 0', 'a cost below 1 would give the window back: refused');
select throws_ok($$select public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, -5)$$, '22023',
  'p_cost must be at least 1; it was -5', 'so is a negative one');
select throws_ok($$select public.rate_limit_hit('user:2', 'client:web_vitals', 10, 3600, 2147483647)$$, '22023',
  'p_cost may not exceed p_max (10); it was 2147483647',
  'nor one above the window''s maximum, which could overflow its count (20261206180000)');

select * from finish();
rollback;
