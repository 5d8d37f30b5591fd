-- Auditor review H2: an owner who deletes the newest seals (and a row with its write-ledger entry) and runs
-- audit.seal() in one transaction gets a re-sealed trail that audit.verify finds self-consistent. Only
-- audit-query's POST /verify compared it with audit.anchors (in TypeScript, anchor_check.ts); the tamper
-- alert, the compliance report and the anchor job did not, and the job went on to sign the new seal over
-- ranges already anchored under other ids. This is the database's half of that comparison, one function
-- the others call: every recorded anchor reaching into a seq span must still be the seal of its id, with
-- the same range and hash, and no seal of another id may overlap an anchored range. Storage is not its
-- business (POST /verify reads the objects).
--
-- Both tables get a GiST index over their seq range, so that a span's seals and the anchors they overlap
-- are found by the index, not by a scan of six years of seals, and anchors a btree on from_seq. Both tables are small per row and
-- append-only; the builds hold their writers (audit.seal, the anchor job) for as long as they take.
set local lock_timeout = '5s';

create index seals_seq_range_idx on audit.seals using gist (int8range(from_seq, to_seq, '[]'));
create index anchors_seq_range_idx on audit.anchors using gist (int8range(from_seq, to_seq, '[]'));
-- The first anchor after a seq (the compliance report's span reaches to it).
create index anchors_from_seq_idx on audit.anchors (from_seq);

-- The first anchored seal (by id) that disagrees with audit.seals among the anchors reaching into
-- [p_from_seq, p_to_seq] (null: open) and the anchors a seal reaching into it overlaps under another id:
-- its record, why, and the lowest other seal overlapping it (the re-seal, when there is one). One row
-- always; ok true and the rest null when every anchor checked agrees. The problems are worded as POST
-- /verify words them (ANCHOR_PROBLEMS in handlers/audit_query/anchor_check.ts), plus the overlap.
create function audit.anchors_disagreement(p_from_seq bigint default null, p_to_seq bigint default null)
returns table (ok boolean, seal_id bigint, from_seq bigint, to_seq bigint, problem text,
  overlapping_seal_id bigint, anchors_checked bigint)
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  with span as (
    select int8range(coalesce(p_from_seq, 0), p_to_seq, '[]') as r
  ),
  checked as (
    select a.seal_id, a.from_seq, a.to_seq, a.seal_hash
    from span, audit.anchors a
    where int8range(a.from_seq, a.to_seq, '[]') && span.r
    union
    select a.seal_id, a.from_seq, a.to_seq, a.seal_hash
    from span, audit.seals s
    join audit.anchors a on int8range(a.from_seq, a.to_seq, '[]') && int8range(s.from_seq, s.to_seq, '[]')
      and a.seal_id <> s.id
    where int8range(s.from_seq, s.to_seq, '[]') && span.r
  ),
  judged as (
    select c.seal_id, c.from_seq, c.to_seq, o.other,
      case
        when s.id is null then 'the anchored seal is gone (trail re-sealed)'
        when (s.from_seq, s.to_seq, s.seal_hash) is distinct from (c.from_seq, c.to_seq, c.seal_hash)
          then 'seal differs from its anchor (trail rewritten)'
        when o.other is not null then 'a seal of another id overlaps the anchored range (trail re-sealed)'
      end as problem
    from checked c
    left join audit.seals s on s.id = c.seal_id
    cross join lateral (
      select min(x.id) as other from audit.seals x
      where int8range(x.from_seq, x.to_seq, '[]') && int8range(c.from_seq, c.to_seq, '[]')
        and x.id <> c.seal_id) o
  )
  select f.seal_id is null, f.seal_id, f.from_seq, f.to_seq, f.problem, f.other, n.checked
  from (select count(*) as checked from judged) n
  left join lateral (
    select j.* from judged j where j.problem is not null order by j.seal_id limit 1) f on true
$$;
comment on function audit.anchors_disagreement(bigint, bigint) is
  'The first anchored seal that no longer agrees with audit.seals (gone, rewritten, or overlapped by a seal of another id) among the anchors reaching into a seq span: what the tamper alert, the compliance report and the anchor job ask.';
revoke all on function audit.anchors_disagreement(bigint, bigint) from public, anon, authenticated, service_role;
