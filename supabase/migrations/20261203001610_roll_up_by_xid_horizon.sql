-- audit.roll_up_audit_stats (20261203001220) moved its mark to the highest ledger id written at least
-- five minutes ago. A ledger row's id is drawn, and its written_at stamped (the transaction's start), before
-- the transaction commits: a batch that committed more than five minutes after it started (a slow import,
-- a lock wait, a long transaction around write_events) became visible below the mark and was never
-- counted. Ledger rows now carry the id of the transaction that wrote them (xact), and a run takes every
-- visible row from transactions not yet certainly finished at the previous run: its horizon is the oldest
-- transaction still running when it starts (pg_snapshot_xmin), so a transaction that commits late is
-- above the horizon of every run that could not see it. Rows above the new horizon that this run did
-- roll up are remembered (done_ids) so that the next run does not redo them; rows still settling hold the
-- horizon at their own transaction. Ledger rows from before this migration have no xact and are taken by
-- the old id mark (they all committed before the column existed).

alter table audit.write_ledger add column xact xid8;
alter table audit.write_ledger alter column xact set default pg_current_xact_id();
create index write_ledger_xact_idx on audit.write_ledger (xact);
comment on column audit.write_ledger.xact is
  'The transaction that wrote the row (null before 20261203001610): what the audit_stats roll-up follows.';

alter table audit.audit_stats_mark add column xact_horizon xid8,
  add column done_ids int8multirange not null default '{}';
comment on column audit.audit_stats_mark.xact_horizon is
  'Every transaction below it had finished when the last run started: its ledger rows were rolled up.';
comment on column audit.audit_stats_mark.done_ids is
  'Ledger rows at or above the horizon that were rolled up already.';

create or replace function audit.roll_up_audit_stats(p_settle interval default interval '5 minutes')
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  mark audit.audit_stats_mark;
  horizon xid8;
  low xid8;
  ids bigint[];
  seqs int8multirange;
  legacy_upto bigint;
  g record;
  days integer := 0;
  lo timestamptz;
  hi timestamptz;
begin
  select * into mark from audit.audit_stats_mark for update;
  low := coalesce(mark.xact_horizon, '0'::xid8);
  -- Taken before the rows are read: any transaction below it has ended, so its rows are visible now.
  horizon := least(pg_snapshot_xmin(pg_current_snapshot()), pg_current_xact_id_if_assigned());

  select array_agg(w.id), range_agg(w.seqs), max(w.id) filter (where w.xact is null) into ids, seqs, legacy_upto
  from audit.write_ledger w
  where (w.xact is null and w.id > mark.ledger_id)
     or (w.xact >= low and not (w.id <@ mark.done_ids) and w.written_at <= now() - p_settle);
  -- Rows still settling keep the horizon at their transaction, so that the next run takes them.
  horizon := least(horizon, (select min(w.xact) from audit.write_ledger w
    where w.xact >= low and not (w.id <@ mark.done_ids) and w.written_at > now() - p_settle));

  if ids is not null then
    -- One (organization, day) at a time, as in 20261203001220: constant bounds prune to the day's partition.
    for g in
      select distinct l.organization_id, (l."timestamp" at time zone 'UTC')::date as day
      from public.audit_logs l
      where l.seq between lower(seqs) and upper(seqs) - 1 and l.seq <@ seqs
    loop
      days := days + 1;
      lo := g.day::timestamp at time zone 'UTC';
      hi := (g.day + 1)::timestamp at time zone 'UTC';
      delete from audit.audit_stats s where s.organization_id is not distinct from g.organization_id and s.day = g.day;
      if g.organization_id is null then
        insert into audit.audit_stats (organization_id, day, action, outcome, events, avg_duration_ms,
          p50_duration_ms, p95_duration_ms, p99_duration_ms)
        select null, g.day, l.action, l.outcome, count(*), round(avg(l.duration_ms), 2),
          percentile_cont(0.50) within group (order by l.duration_ms),
          percentile_cont(0.95) within group (order by l.duration_ms),
          percentile_cont(0.99) within group (order by l.duration_ms)
        from public.audit_logs l
        where l.organization_id is null and l."timestamp" >= lo and l."timestamp" < hi
        group by l.action, l.outcome;
      else
        insert into audit.audit_stats (organization_id, day, action, outcome, events, avg_duration_ms,
          p50_duration_ms, p95_duration_ms, p99_duration_ms)
        select g.organization_id, g.day, l.action, l.outcome, count(*), round(avg(l.duration_ms), 2),
          percentile_cont(0.50) within group (order by l.duration_ms),
          percentile_cont(0.95) within group (order by l.duration_ms),
          percentile_cont(0.99) within group (order by l.duration_ms)
        from public.audit_logs l
        where l.organization_id = g.organization_id and l."timestamp" >= lo and l."timestamp" < hi
        group by l.action, l.outcome;
      end if;
    end loop;
  end if;

  update audit.audit_stats_mark set
    ledger_id = greatest(mark.ledger_id, coalesce(legacy_upto, 0)),
    xact_horizon = horizon,
    done_ids = coalesce((select range_agg(int8range(w.id, w.id, '[]')) from audit.write_ledger w
      where w.xact >= horizon and (w.id <@ mark.done_ids or w.id = any (coalesce(ids, '{}')))), '{}'),
    rolled_at = now();
  return jsonb_build_object('days', days, 'ledger_rows', coalesce(cardinality(ids), 0),
    'ledger_id', (select max(x) from unnest(ids) x),
    'xact_horizon', horizon::text);
end $$;
