-- On a hosted project every Data API session loads pg-safeupdate, which refuses an UPDATE or DELETE without
-- WHERE in any statement the session parses, a function's or a trigger's included; this stack does not have
-- the extension, so such a statement passes every other test and fails only there (20261206070000). Here no
-- SQL or PL/pgSQL function in our schemas has one. The scan is textual: comments dropped, the body cut at
-- each `;`, and a piece that holds `delete from <t>` or `update <t> [as a] set` must also hold `where`
-- (ON CONFLICT's `do update set` names no table and is not a statement of its own).
begin;
create extension if not exists pgtap;
select plan(4);

create function pg_temp.without_where(schemas text[]) returns text[] language sql stable as $$
  with piece as (
    select p.oid::regprocedure::text as fn,
           regexp_split_to_table(regexp_replace(lower(p.prosrc), '--[^\n]*', '', 'g'), ';') as text
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any(schemas)
      and p.prolang in (select oid from pg_language where lanname in ('sql', 'plpgsql'))
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  ), dml as (
    select fn, substring(text from
      '(?:^|[^a-z0-9_])((?:delete\s+from|update\s+[a-z0-9_."]+(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s+set)\M.*)$') as statement
    from piece
  )
  select coalesce(array_agg(distinct fn order by fn), '{}') from dml
  where statement is not null and statement !~ '\mwhere\M'
$$;

select is(pg_temp.without_where(array['public', 'app', 'audit', 'gdpr']), '{}'::text[],
  'no function in public, app, audit or gdpr updates or deletes without WHERE');

-- The scan sees what it is for: a bare DELETE and an aliased UPDATE, after THEN and ELSE, and lets through
-- a qualified one, an upsert's DO UPDATE SET and SELECT ... FOR UPDATE.
create schema probe142;
create table probe142.state (id int primary key, n int);
create function probe142.bare_delete() returns void language sql as $$ delete from probe142.state $$;
create function probe142.aliased_update(b boolean) returns void language plpgsql as $$
begin
  if b then update probe142.state as s set n = 1 where s.id = 1;  -- qualified
  else update probe142.state s set n = 2;
  end if;
end $$;
create function probe142.allowed() returns void language plpgsql as $$
begin
  insert into probe142.state values (1, 0) on conflict (id) do update set n = excluded.n;
  perform 1 from probe142.state where id = 1 for update;
  delete from probe142.state where true;
end $$;
select is(pg_temp.without_where(array['probe142']),
  '{probe142.aliased_update(boolean),probe142.bare_delete()}'::text[],
  'a DELETE or UPDATE without WHERE is found, in SQL and PL/pgSQL, whatever keyword comes before it');

-- The six statements 20261206070000 qualified still run as before.
select lives_ok($$ select audit.seal() $$, 'audit.seal runs with its state rows qualified');
select lives_ok($$ select public.roll_up_metrics() $$, 'and roll_up_metrics');

select * from finish();
rollback;
