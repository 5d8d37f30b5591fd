-- No gap goes unexplained (issue 16). audit.seal records a seq it does not find as "missing", which is
-- right for a batch that rolled back but also let the newest rows be deleted, before the next seal, by
-- anyone who could bypass the append-only triggers (the table's owner): verify then passed. Every insert
-- into audit_logs now also records the seqs it committed in audit.write_ledger, in the same transaction
-- (a statement trigger over the inserted rows, whatever path wrote them); a rolled-back batch leaves no
-- ledger row, a deleted row leaves a ledger entry without its row, and audit.verify names it. The ledger
-- is append-only like the trail. (What an owner who also rewrites the ledger can do is for the anchored
-- seals, outside the database.) Rows written before this migration have no ledger entries.

create table audit.write_ledger (
  id bigint generated always as identity primary key,
  seqs int8multirange not null,
  row_count integer not null check (row_count > 0),
  written_at timestamptz not null default now()
);
create index write_ledger_seqs_idx on audit.write_ledger using gist (seqs);
comment on table audit.write_ledger is
  'One row per statement that inserted audit_logs rows: the seqs it committed. Append-only; read by audit.verify.';
revoke all on audit.write_ledger from public, anon, authenticated, service_role;

create trigger write_ledger_no_update before update on audit.write_ledger
  for each row execute function audit.refuse_change();
create trigger write_ledger_no_delete before delete on audit.write_ledger
  for each row execute function audit.refuse_change();
create trigger write_ledger_no_truncate before truncate on audit.write_ledger
  for each statement execute function audit.refuse_change();

create function audit.record_write() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into audit.write_ledger (seqs, row_count)
  select range_agg(int8range(i.seq, i.seq, '[]')), count(*) from inserted i having count(*) > 0;
  return null;
end $$;
revoke all on function audit.record_write() from public, anon, authenticated;

create trigger audit_logs_write_ledger after insert on public.audit_logs
  referencing new table as inserted for each statement execute function audit.record_write();

create or replace function audit.verify(from_seq bigint DEFAULT NULL::bigint, to_seq bigint DEFAULT NULL::bigint)
 RETURNS TABLE(ok boolean, first_bad_seq bigint, problem text, seals_checked integer, rows_checked bigint)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $$
#variable_conflict use_column
declare
  lo bigint := coalesce(from_seq, 0);
  hi bigint := coalesce(to_seq, 9223372036854775807);
  bad_seq bigint;
  why text;
  n_seals integer;
  n_rows bigint;
begin
  -- Seals: each seal's own hash, its link to the previous seal, and contiguous ranges.
  select c.from_seq, c.problem into bad_seq, why from (
    select s.from_seq,
      case
        when audit.seal_digest(s) <> s.seal_hash then 'seal altered'
        when s.prev_hash is distinct from lag(s.seal_hash) over w then 'seal chain broken'
        when s.from_seq <> coalesce(lag(s.to_seq) over w, 0) + 1 then 'seal sequence broken'
      end as problem,
      s.to_seq
    from audit.seals s
    window w as (order by s.id)
  ) c
  where c.problem is not null and c.to_seq >= lo and c.from_seq <= hi
  order by c.from_seq limit 1;

  select count(*) into n_seals from audit.seals s where s.to_seq >= lo and s.from_seq <= hi;

  -- Rows: recomputed hash, expected seq set and order inside each seal.
  with sealed as (
    select s.* from audit.seals s where s.to_seq >= lo and s.from_seq <= hi
  ),
  expected as (
    select s.id as seal_id, g.seq, row_number() over (partition by s.id order by g.seq) as ord,
      s.row_digests
    from sealed s
    cross join lateral generate_series(s.from_seq, s.to_seq) g(seq)
    where g.seq <> all (s.missing_seqs)
  ),
  actual as (
    select l.seq, l.row_hash, audit.row_digest(l) as recomputed, count(*) over (partition by l.seq) as copies
    from public.audit_logs l
    where l.seq between lo and hi
  ),
  last_sealed as (select coalesce(max(s.to_seq), 0) as to_seq from audit.seals s),
  -- Seqs the write ledger says were committed: one missing from the trail and from every archive was
  -- removed after it was written — not a rolled-back batch, whose ledger row rolled back with it.
  unexplained as (
    select g.seq, 'row deleted (the write ledger has it)'::text as problem
    from audit.write_ledger w
    cross join lateral unnest(w.seqs) r(span)
    cross join lateral generate_series(greatest(lower(r.span), lo), least(upper(r.span) - 1, hi)) g(seq)
    -- hi defaults to the largest bigint: an open upper bound, not hi + 1.
    where w.seqs && int8multirange(int8range(lo, nullif(hi, 9223372036854775807), '[]'))
      and not exists (select 1 from public.audit_logs l where l.seq = g.seq)
      and not exists (select 1 from audit.archives ar where ar.seqs @> g.seq)
  ),
  problems as (
    select coalesce(e.seq, a.seq) as seq,
      case
        when a.seq is null and not exists (
          select 1 from audit.archives ar where ar.seqs @> e.seq) then 'row deleted'
        when a.seq is null then null
        when a.copies > 1 then 'row inserted (duplicate seq)'
        when e.seq is null and a.seq <= (select to_seq from last_sealed) then 'row inserted'
        when a.row_hash <> a.recomputed then 'row modified'
        when e.seq is not null
          and substring(a.row_hash from 1 for 8) <> substring(e.row_digests from (e.ord::integer - 1) * 8 + 1 for 8)
          then 'row modified or reordered (hash rewritten)'
      end as problem
    from expected e
    full join actual a on a.seq = e.seq
    where coalesce(e.seq, a.seq) between lo and hi
  )
  select p.seq, p.problem into bad_seq, why
  from (select * from problems where problem is not null
        union all select u.seq, u.problem from unexplained u
        union all select bad_seq, why where bad_seq is not null) p
  order by p.seq limit 1;

  select count(*) into n_rows from public.audit_logs l where l.seq between lo and hi;
  return query select bad_seq is null, bad_seq, why, n_seals, n_rows;
end $$;
