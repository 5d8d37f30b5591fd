-- audit.verify an auditor can run (issue 18): a million sealed rows in seconds, with the same findings.
-- It used to recompute every row's digest through a function call and match every seq against a
-- generate_series of each seal in a full join with a per-seq window: 13–45 s per million rows. Now two set
-- passes clear whole seals, and the old row-by-row comparison runs only where they could not:
--   1. digests: the seqs in [from, to] whose row_hash differs from its recomputed digest, the v2 digest
--      inline (audit.row_digest_v2_sql), scanned in parallel where Postgres may;
--   2. structure, per seal: its rows read in seq order must be exactly its seqs less its missing ones, once
--      each, and their hash prefixes must concatenate to the seal's row_digests.
-- A seal with no finding in either pass has no problem the row-by-row comparison could name: every
-- expected seq holds one row, no row sits where none is expected, each row's hash is its digest and its
-- prefix is the seal's. Seals with a finding, seqs no seal covers (the unsealed tail, gaps between seals)
-- and seqs a seal lists as missing (for the write ledger) go through the comparison as before, so the
-- first bad seq and its problem are what they were.

create or replace function audit.verify(from_seq bigint default null, to_seq bigint default null)
returns table (ok boolean, first_bad_seq bigint, problem text, seals_checked integer, rows_checked bigint)
language plpgsql stable security definer
set search_path = '' set parallel_setup_cost = 100 set min_parallel_index_scan_size = 0 as $$
#variable_conflict use_column
declare
  lo bigint := coalesce(from_seq, 0);
  hi bigint := coalesce(to_seq, 9223372036854775807);
  -- hi defaults to the largest bigint: an open upper bound, not hi + 1.
  span int8multirange := int8multirange(int8range(lo, nullif(hi, 9223372036854775807), '[]'));
  v2_from bigint := (select v.from_seq from audit.row_digest_versions v where v.version = 2);
  first_bad_hash bigint;
  suspect_seals bigint[];
  recheck int8multirange;   -- seqs the row-by-row comparison looks at
  missing bigint[];         -- seqs the seals list as missing: only the write ledger can object to them
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

  -- Pass 1: the rows, and the first whose hash is not its digest (each with the digest version of its seq).
  -- Problems past that seq cannot be the first, so one bad hash is enough to send its seal to the comparison.
  execute format($q$
    select count(*), min(l.seq) filter (
      where l.row_hash is distinct from (case when l.seq < $3 then audit.row_digest_v1(l) else %s end))
    from public.audit_logs l where l.seq between $1 and $2
  $q$, audit.row_digest_v2_sql('l')) into n_rows, first_bad_hash using lo, hi, v2_from;

  -- Pass 2: seals whose rows are not exactly theirs, in their order, or hold a row with a bad hash.
  select coalesce(array_agg(s.id), '{}') into suspect_seals
  from audit.seals s
  cross join lateral (
    select count(*) as n, coalesce(bool_and(r.prev_seq is null or r.seq > r.prev_seq), true) as ascending,
      coalesce(bool_or(r.seq = any (s.missing_seqs)), false) as at_missing,
      -- fed in seq order by the window below; any other order only sends the seal to the comparison
      coalesce(string_agg(r.prefix, ''::bytea), '\x'::bytea) as prefixes
    from (
      select l.seq, lag(l.seq) over (order by l.seq) as prev_seq, substring(l.row_hash from 1 for 8) as prefix
      from public.audit_logs l where l.seq between s.from_seq and s.to_seq
    ) r
  ) x
  where s.to_seq >= lo and s.from_seq <= hi
    and not (x.ascending and not x.at_missing and x.prefixes = s.row_digests
      and x.n = s.to_seq - s.from_seq + 1
        - (select count(distinct m) from unnest(s.missing_seqs) m where m between s.from_seq and s.to_seq)
      and not coalesce(first_bad_hash between s.from_seq and s.to_seq, false));

  select coalesce(range_agg(int8range(s.from_seq, s.to_seq, '[]')), '{}') into recheck
  from audit.seals s where s.id = any (suspect_seals);
  recheck := recheck + (span - (select coalesce(range_agg(int8range(s.from_seq, s.to_seq, '[]')), '{}')
                                from audit.seals s where s.to_seq >= lo and s.from_seq <= hi));
  recheck := recheck * span;
  select coalesce(array_agg(distinct m), '{}') into missing
  from audit.seals s cross join lateral unnest(s.missing_seqs) m
  where s.to_seq >= lo and s.from_seq <= hi and m between lo and hi;

  -- The row-by-row comparison, as before, over what the passes could not clear.
  if isempty(recheck) and cardinality(missing) = 0 then
    return query select bad_seq is null, bad_seq, why, n_seals, n_rows;
    return;
  end if;
  -- Every seal reaching into a rechecked seq, the clean ones too (overlapping seals, a broken sequence).
  with sealed as (
    select s.* from audit.seals s
    where s.to_seq >= lo and s.from_seq <= hi and int8multirange(int8range(s.from_seq, s.to_seq, '[]')) && recheck
  ),
  numbered as (
    select s.id as seal_id, g.seq, row_number() over (partition by s.id order by g.seq) as ord,
      s.row_digests
    from sealed s
    cross join lateral generate_series(s.from_seq, s.to_seq) g(seq)
    where g.seq <> all (s.missing_seqs)
  ),
  expected as (select * from numbered n where n.seq <@ recheck),
  actual as (
    select x.*, count(*) over (partition by x.seq) as copies
    from unnest(recheck) c(r)
    cross join lateral (
      select l.seq, l.row_hash, audit.row_digest(l) as recomputed from public.audit_logs l
      where l.seq between lower(c.r) and coalesce(upper(c.r) - 1, 9223372036854775807)) x
  ),
  last_sealed as (select coalesce(max(s.to_seq), 0) as to_seq from audit.seals s),
  -- Seqs the write ledger says were committed: one missing from the trail and from every archive was
  -- removed after it was written — not a rolled-back batch, whose ledger row rolled back with it. Only
  -- rechecked seqs and seqs a seal calls missing can lack their row.
  candidates as (
    select c.r from unnest(recheck) c(r)
    union all
    select int8range(m, m, '[]') from unnest(missing) m
  ),
  unexplained as (
    select distinct g.seq, 'row deleted (the write ledger has it)'::text as problem
    from candidates c
    join audit.write_ledger w on w.seqs && int8multirange(c.r)
    cross join lateral unnest(w.seqs * int8multirange(c.r)) r(part)
    cross join lateral generate_series(lower(r.part), upper(r.part) - 1) g(seq)
    where not exists (select 1 from public.audit_logs l where l.seq = g.seq)
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

  return query select bad_seq is null, bad_seq, why, n_seals, n_rows;
end $$;
