-- Clients' own measurements are bounded (20261206020000, 050000, 130000), role by role: for every caller RLS
-- binds, recorded_at lies between 24 hours behind and 5 minutes ahead of the database's clock, a statement adds
-- at most 100 rows and a caller at most 1,000 a clock hour per table, counted on arrival by the database's
-- limiter (public.rate_limit_hit, `user:<uuid>` / `client:<table>`), so back-dating hides nothing. Anon
-- writes nothing; the owner and the operator (service_role) are not bound, so retention's fixtures and the
-- daily cleanup work as before; the functions' roles have no grant on either table, now as before.
begin;
create extension if not exists pgtap;
select plan(47);

insert into public.organizations (id, name) values
  ('aaaaaaaa-1360-4000-8000-00000000000a', 't136 A'), ('bbbbbbbb-1360-4000-8000-00000000000b', 't136 B');
insert into auth.users (id, email, raw_app_meta_data) values
  ('a1360000-0000-4000-8000-000000000001', 'p@t136.test', '{"role":"paramedic","organization_id":"aaaaaaaa-1360-4000-8000-00000000000a"}'),
  ('a1360000-0000-4000-8000-000000000002', 'admin@t136.test', '{"role":"admin","organization_id":"aaaaaaaa-1360-4000-8000-00000000000a"}'),
  ('b1360000-0000-4000-8000-000000000003', 'p@t136b.test', '{"role":"paramedic","organization_id":"bbbbbbbb-1360-4000-8000-00000000000b"}');

-- n rows into a table, in statements of at most `per` rows each; recorded_at as given (null: left out); the
-- caller's own rows (the paramedic's for the owner and the operator, who have no uid).
create function pg_temp.add(t text, n integer, per integer default 100, recorded text default null)
returns integer language plpgsql as $$
declare
  done integer := 0;
  k integer;
begin
  while done < n loop
    k := least(per, n - done);
    if t = 'performance_metrics' then
      execute format($q$insert into public.performance_metrics (user_id, metric_name, value, unit, page%s)
        select coalesce(auth.uid(), 'a1360000-0000-4000-8000-000000000001'), 'page.load', 1, 'ms', 't136'%s from generate_series(1, %s)$q$,
        case when recorded is null then '' else ', recorded_at' end,
        case when recorded is null then '' else ', ' || recorded end, k);
    else
      execute format($q$insert into public.web_vitals (user_id, metric, value, page%s)
        select coalesce(auth.uid(), 'a1360000-0000-4000-8000-000000000001'), 'LCP', 1, 't136'%s from generate_series(1, %s)$q$,
        case when recorded is null then '' else ', recorded_at' end,
        case when recorded is null then '' else ', ' || recorded end, k);
    end if;
    done := done + k;
  end loop;
  return done;
end $$;

create function pg_temp.as_caller(sub text, role text, org text) returns void language sql as $$
  select set_config('role', 'authenticated', true),
    set_config('request.jwt.claims', json_build_object('sub', sub, 'role', 'authenticated',
      'app_metadata', json_build_object('role', role, 'organization_id', org))::text, true);
$$;

-- anon ------------------------------------------------------------------------------------------------------
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok($$select pg_temp.add('performance_metrics', 1)$$, '42501', null, 'anon adds no performance metric');
select throws_ok($$select pg_temp.add('web_vitals', 1)$$, '42501', null, 'nor a web vital');
reset role;

-- The limiter's count for the paramedic of A on a table this clock hour, read as the owner.
create function pg_temp.hour_count(t text) returns integer language sql security definer as $$
  select coalesce(sum(request_count), 0)::integer from public.rate_limit_tracking
  where identifier = 'user:a1360000-0000-4000-8000-000000000001' and class = 'client:' || t
    and window_start = to_timestamp(floor(extract(epoch from now()) / 3600) * 3600);
$$;
-- The hint of a statement's PT429 (throws_ok does not read hints).
create function pg_temp.refusal_hint(t text) returns text language plpgsql as $$
declare
  hint text;
begin
  perform pg_temp.add(t, 1);
  return 'not refused';
exception when sqlstate 'PT429' then
  get stacked diagnostics hint = pg_exception_hint;
  return hint;
end $$;

-- A paramedic of organization A, on each table ------------------------------------------------------------
create function pg_temp.bounded(t text) returns setof text language plpgsql as $$
declare
  ahead text := format('%s.recorded_at may be at most 00:05:00 ahead of the database''s clock', t);
  behind text := format('%s.recorded_at may be at most 24:00:00 in the past', t);
begin
  perform pg_temp.as_caller('a1360000-0000-4000-8000-000000000001', 'paramedic', 'aaaaaaaa-1360-4000-8000-00000000000a');
  return next is(pg_temp.add(t, 1), 1, t || ': a row without recorded_at is taken');
  return next ok((select bool_and(recorded_at = now()) from (
      select recorded_at from public.performance_metrics where t = 'performance_metrics' and page = 't136'
      union all select recorded_at from public.web_vitals where t = 'web_vitals' and page = 't136') r),
    t || ': and stamped with the database''s time');
  return next is(pg_temp.add(t, 1, 1, $q$now() + interval '4 minutes'$q$), 1, t || ': 4 minutes ahead is a fast clock: taken');
  return next is(pg_temp.add(t, 1, 1, $q$now() - interval '23 hours'$q$), 1, t || ': a beacon 23 hours late is taken');
  return next throws_ok(format($q$select pg_temp.add(%L, 1, 1, '''2999-01-01''')$q$, t), '22023', ahead,
    t || ': a row dated 2999, which retention would never delete, is refused naming the bound');
  return next throws_ok(format($q$select pg_temp.add(%L, 1, 1, 'now() + interval ''6 minutes''')$q$, t), '22023', ahead,
    t || ': so is 6 minutes ahead');
  return next throws_ok(format($q$select pg_temp.add(%L, 1, 1, '''1999-01-01''')$q$, t), '22023', behind,
    t || ': a row back-dated into the organization''s past figures is refused');
  return next throws_ok(format($q$select pg_temp.add(%L, 1, 1, 'now() - interval ''25 hours''')$q$, t), '22023', behind,
    t || ': so is 25 hours back');
  return next throws_ok(format($q$select pg_temp.add(%L, 101, 101)$q$, t), 'PT413',
    format('at most 100 rows per statement into %s; stopped at row 101', t), t || ': 101 rows in one statement are refused');
  -- Stopped at the 101st row, not after the last: a large body costs the database no more than the bound.
  return next throws_ok(format($q$select pg_temp.add(%L, 5000, 5000)$q$, t), 'PT413',
    format('at most 100 rows per statement into %s; stopped at row 101', t), t || ': 5,000 rows stop at row 101');
  return next is(pg_temp.add(t, 100, 100), 100, t || ': 100 are taken');
  -- 103 so far this hour, 23 hours back-dated among them: they count as received now.
  return next is(pg_temp.add(t, 897), 897, t || ': up to 1,000 in the hour');
  return next is(pg_temp.hour_count(t), 1000,
    t || ': the limiter counted 1,000, none of the refused statements'' rows among them');
  return next throws_ok(format($q$select pg_temp.add(%L, 1)$q$, t), 'PT429',
    format('at most 1000 rows per caller per clock hour into %s', t), t || ': the 1,001st is refused');
  return next is(pg_temp.refusal_hint(t), format('the hour''s count starts again at %s',
      to_char(to_timestamp(floor(extract(epoch from now()) / 3600) * 3600 + 3600) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    t || ': its hint says when the hour''s count starts again');
  return next is(pg_temp.hour_count(t), 1000, t || ': and the refused row used none of the hour');

  -- An admin of the same organization is a caller of their own: their hour is theirs, their bounds the same.
  perform pg_temp.as_caller('a1360000-0000-4000-8000-000000000002', 'admin', 'aaaaaaaa-1360-4000-8000-00000000000a');
  return next is(pg_temp.add(t, 1), 1, t || ': the organization''s admin still adds a row');
  return next throws_ok(format($q$select pg_temp.add(%L, 1, 1, '''2999-01-01''')$q$, t), '22023', ahead,
    t || ': under the same time bound');

  -- Another organization's paramedic: their own count, and still only their organization's rows.
  perform pg_temp.as_caller('b1360000-0000-4000-8000-000000000003', 'paramedic', 'bbbbbbbb-1360-4000-8000-00000000000b');
  return next is(pg_temp.add(t, 1), 1, t || ': another organization''s caller is not held by A''s count');
  return next throws_ok(format($q$insert into public.%I (user_id, organization_id, %s) values
      ('b1360000-0000-4000-8000-000000000003', 'aaaaaaaa-1360-4000-8000-00000000000a', %s)$q$, t,
      case t when 'web_vitals' then 'metric, value' else 'metric_name, value, unit' end,
      case t when 'web_vitals' then $v$'LCP', 1$v$ else $v$'x', 1, 'ms'$v$ end),
    '42501', null, t || ': nor writes into organization A');
  reset role;
end $$;

select pg_temp.bounded('performance_metrics');
select pg_temp.bounded('web_vitals');

-- The owner and the operator are not bound: retention's tests date rows 91 days back, in bulk ---------------
select is(pg_temp.add('performance_metrics', 150, 150, $q$now() - interval '91 days'$q$), 150,
  'the owner back-dates 150 rows in one statement');
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(pg_temp.add('web_vitals', 150, 150, $q$now() - interval '31 days'$q$), 150, 'so does the operator');
reset role;
select ok((public.daily_cleanup() ->> 'performance_metrics')::int >= 150, 'the daily cleanup runs over them');
select is((select count(*)::int from public.performance_metrics where page = 't136' and recorded_at < now() - interval '90 days')
          + (select count(*)::int from public.web_vitals where page = 't136' and recorded_at < now() - interval '30 days'),
  0, 'and the daily cleanup removes them');

-- The functions' roles: no grant on either table, before as after.
select is(array(select r || ' ' || t from unnest(array['medic_server', 'medic_job_writer', 'medic_edge']) r,
                  unnest(array['public.performance_metrics', 'public.web_vitals']) t
                where has_table_privilege(r, t, 'select,insert,update,delete')
                   or has_any_column_privilege(r, t, 'select,insert,update')),
  '{}'::text[], 'medic_server, medic_job_writer and medic_edge (as itself) reach neither table');

select * from finish();
rollback;
