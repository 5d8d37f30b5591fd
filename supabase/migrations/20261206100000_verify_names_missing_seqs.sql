-- POST /audit-query/verify says which seqs the checked range's seals record as missing (audit review H1).
--
-- A seal lists in missing_seqs the seqs of its range that no committed row held when it was built: a
-- rolled-back write's, or — when the owner deleted the newest rows with their write-ledger entries before the
-- seal — a deleted row's. audit.verify excuses them (the ledger decides which it may), so /verify answered
-- ok:true and an auditor never saw the gap. This function tells the door how many there are in a range and
-- the first of them with the seal that records each; /verify reports it beside its verdict (information: ok
-- is audit.verify's, unchanged).
--
-- Who: holders of audit.verify, as audit.verify_audit_trail, and only through the audited door (audit_reader),
-- since it reads audit.seals, which no request role may. The range is audit.verify's: seals reaching into
-- [from, to] (null: open end), the seqs they list inside it; a seq two seals list counts once, under the lower
-- seal id. tests/sql/145_verify_missing_seqs.sql.
create function audit.verify_missing_seqs(p_from_seq bigint default null, p_to_seq bigint default null,
  p_limit integer default 100)
returns table (missing_count bigint, seal_count bigint, first_seqs bigint[], first_seal_ids bigint[])
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  lo bigint := coalesce(p_from_seq, 0);
  hi bigint := coalesce(p_to_seq, 9223372036854775807);
begin
  if not app.has_permission('audit.verify') then
    raise exception 'verifying the audit trail needs the audit.verify permission' using errcode = '42501';
  end if;
  return query
    with missing as (
      select m.seq, min(s.id) as seal_id
      from audit.seals s cross join lateral unnest(s.missing_seqs) m(seq)
      where s.to_seq >= lo and s.from_seq <= hi and m.seq between lo and hi
      group by m.seq
    ),
    listed as (select * from missing order by seq limit least(greatest(p_limit, 0), 1000))
    select (select count(*) from missing),
      (select count(distinct seal_id) from missing),
      coalesce((select array_agg(l.seq order by l.seq) from listed l), '{}'),
      coalesce((select array_agg(l.seal_id order by l.seq) from listed l), '{}');
end $$;
comment on function audit.verify_missing_seqs(bigint, bigint, integer) is
  'The seqs the seals of [from, to] record as missing (no committed row): how many, how many seals, and the first p_limit with the seal recording each. For POST /audit-query/verify (audit.verify permission).';
revoke all on function audit.verify_missing_seqs(bigint, bigint, integer) from public, anon, authenticated,
  service_role;
grant execute on function audit.verify_missing_seqs(bigint, bigint, integer) to audit_reader;
