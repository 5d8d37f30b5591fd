-- Tamper evidence without serialising writers: rows are hashed at insert; audit.seal() then seals new
-- rows in seq order into audit.seals, each seal hashing its rows and chaining to the previous seal.
-- audit.verify() recomputes everything and names the first seq whose row, seal or sequence no longer
-- matches — also after a superuser edited rows with triggers disabled.

create table audit.seals (
  id bigserial primary key,
  from_seq bigint not null,
  to_seq bigint not null,
  row_count integer not null check (row_count >= 0),
  missing_seqs bigint[] not null default '{}',  -- seqs in range that no committed row holds (rollbacks)
  row_digests bytea not null,                   -- first 8 bytes of each row_hash, in seq order
  root_hash bytea not null,                     -- sha256 over the full row hashes, in seq order
  prev_hash bytea,                              -- seal_hash of the previous seal
  seal_hash bytea not null,
  sealed_at timestamptz not null default now(),
  check (to_seq >= from_seq),
  check (length(row_digests) = 8 * row_count)
);
create index seals_range_idx on audit.seals (from_seq, to_seq);

create trigger seals_no_update before update on audit.seals
  for each row execute function audit.refuse_change();
create trigger seals_no_delete before delete on audit.seals
  for each row execute function audit.refuse_change();
create trigger seals_no_truncate before truncate on audit.seals
  for each statement execute function audit.refuse_change();

create function audit.seal_digest(s audit.seals) returns bytea
language sql immutable as $$
  select extensions.digest(
    coalesce(s.prev_hash, '\x'::bytea) || int8send(s.from_seq) || int8send(s.to_seq)
      || int4send(s.row_count) || s.root_hash
      || convert_to(array_to_string(s.missing_seqs, ',') || '|' || (s.sealed_at at time zone 'UTC')::text, 'UTF8'),
    'sha256')
$$;

-- A seq horizon is settled once every transaction that was writing when it was read has finished:
-- then no late commit can land at or below it. The pending horizon waits here between runs.
create table audit.seal_state (
  only_row boolean primary key default true check (only_row),
  pending_hi bigint,
  pending_snapshot pg_snapshot
);
insert into audit.seal_state default values;

create function audit.snapshot_settled(snap pg_snapshot) returns boolean
language sql volatile as $$
  select not exists (
    select 1 from pg_snapshot_xip(snap) x
    where x is distinct from pg_current_xact_id_if_assigned() and pg_xact_status(x) = 'in progress')
$$;

-- Seals every settled row not yet sealed, in chunks of at most chunk_rows. Returns rows sealed.
-- Writers never wait for it and it never waits for writers for more than about a second.
create function audit.seal(chunk_rows integer default 10000) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  horizon bigint := 0;
  hi bigint;
  snap pg_snapshot;
  state audit.seal_state;
  last_seal audit.seals;
  s audit.seals;
  total bigint := 0;
  chunk_to bigint;
begin
  set local lock_timeout = '5s';
  select * into state from audit.seal_state for update;  -- one sealer at a time
  if state.pending_snapshot is not null and audit.snapshot_settled(state.pending_snapshot) then
    horizon := state.pending_hi;
  end if;

  -- Every seq drawn by now belongs to a transaction that is finished or listed in snap.
  select case when is_called then last_value else last_value - 1 end into hi from audit.audit_logs_seq;
  snap := pg_current_snapshot();
  for i in 1..20 loop
    exit when audit.snapshot_settled(snap);
    perform pg_sleep(0.05);
  end loop;
  if audit.snapshot_settled(snap) then
    horizon := greatest(horizon, hi);
    update audit.seal_state set pending_hi = null, pending_snapshot = null;
  else
    update audit.seal_state set pending_hi = hi, pending_snapshot = snap;
  end if;

  loop
    select * into last_seal from audit.seals order by id desc limit 1;
    exit when coalesce(last_seal.to_seq, 0) >= horizon;

    -- The chunk ends at its last row, or at the horizon when fewer rows remain.
    select max(seq) into chunk_to from (
      select l.seq from public.audit_logs l
      where l.seq > coalesce(last_seal.to_seq, 0) and l.seq <= horizon
      order by l.seq limit chunk_rows) c;
    exit when chunk_to is null;
    if not exists (select 1 from public.audit_logs l where l.seq > chunk_to and l.seq <= horizon) then
      chunk_to := horizon;
    end if;

    s.from_seq := coalesce(last_seal.to_seq, 0) + 1;
    s.to_seq := chunk_to;
    s.prev_hash := last_seal.seal_hash;
    s.sealed_at := now();
    select count(*)::integer,
      coalesce(string_agg(substring(l.row_hash from 1 for 8), ''::bytea order by l.seq), '\x'::bytea),
      extensions.digest(coalesce(string_agg(l.row_hash, ''::bytea order by l.seq), '\x'::bytea), 'sha256')
      into s.row_count, s.row_digests, s.root_hash
      from public.audit_logs l where l.seq between s.from_seq and s.to_seq;
    select coalesce(array_agg(g.seq order by g.seq), '{}') into s.missing_seqs
      from generate_series(s.from_seq, s.to_seq) g(seq)
      left join public.audit_logs l on l.seq = g.seq and l.seq between s.from_seq and s.to_seq
      where l.seq is null;
    s.seal_hash := audit.seal_digest(s);
    insert into audit.seals (from_seq, to_seq, row_count, missing_seqs, row_digests, root_hash, prev_hash,
      seal_hash, sealed_at)
    values (s.from_seq, s.to_seq, s.row_count, s.missing_seqs, s.row_digests, s.root_hash, s.prev_hash,
      s.seal_hash, s.sealed_at);
    total := total + s.row_count;
  end loop;
  return total;
end $$;

-- The newest seal, to export and keep outside the database; audit.verify_anchor checks it later.
create function audit.latest_seal() returns table (seal_id bigint, to_seq bigint, seal_hash text, sealed_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select id, s.to_seq, encode(s.seal_hash, 'hex'), s.sealed_at from audit.seals s order by id desc limit 1
$$;

create function audit.verify_anchor(anchor_seal_id bigint, anchor_hash text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select encode(s.seal_hash, 'hex') = lower(anchor_hash) from audit.seals s
                   where s.id = anchor_seal_id), false)
$$;

-- Recomputes rows and seals over [from_seq, to_seq] (default: everything). ok = false names the first
-- seq that no longer matches and why: a modified, deleted or inserted row, a broken seal or chain.
-- Seqs archived by retention (audit.archives) are expected to be absent.
create function audit.verify(from_seq bigint default null, to_seq bigint default null)
returns table (ok boolean, first_bad_seq bigint, problem text, seals_checked integer, rows_checked bigint)
language plpgsql stable security definer set search_path = '' as $$
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
        union all select bad_seq, why where bad_seq is not null) p
  order by p.seq limit 1;

  select count(*) into n_rows from public.audit_logs l where l.seq between lo and hi;
  return query select bad_seq is null, bad_seq, why, n_seals, n_rows;
end $$;
