-- "A seal of another id whose range overlaps an anchored range" was written out three times: in
-- audit.seals_to_anchor and audit.record_anchor (the anchor job's refusal) and twice inside
-- audit.anchors_disagreement (the anchors a seal overlaps; the seals overlapping an anchor). It is now one
-- view, audit.seal_anchor_overlaps, the pairs (seal, anchored seal of another id) whose ranges
-- overlap, and each caller filters it by its side. Same behaviour: tests/sql/143_anchors_disagreement.sql,
-- 144_compliance_report_anchors.sql and tests/integration/anchors_resealed.test.ts are unchanged.
--
-- A view rather than a function: the planner expands it into each caller, so a caller's filter reaches
-- the indexes (the seal's primary key, the GiST indexes over both tables' ranges) as when the join was
-- written out. A SQL function is inlined only without a SET clause, which every function of ours has
-- (tests/sql/75_database_lint.sql); called per anchor, not inlined, it would cost a call each. Only the
-- owner's functions read it: no other role may.
-- The three callers are small and given in full: CREATE OR REPLACE keeps their owners and grants.

create view audit.seal_anchor_overlaps as
  select s.id as seal_id, s.from_seq, s.to_seq, a.seal_id as anchored_seal_id,
    a.from_seq as anchored_from_seq, a.to_seq as anchored_to_seq, a.seal_hash as anchored_seal_hash
  from audit.seals s
  join audit.anchors a on int8range(a.from_seq, a.to_seq, '[]') && int8range(s.from_seq, s.to_seq, '[]')
    and a.seal_id <> s.id;
comment on view audit.seal_anchor_overlaps is
  'Every seal whose range overlaps an anchored seal of another id (a re-seal), with that anchor: the one overlap query of anchors_disagreement, seals_to_anchor and record_anchor.';
revoke all on audit.seal_anchor_overlaps from public, anon, authenticated, service_role;

create or replace function audit.anchors_disagreement(p_from_seq bigint default null, p_to_seq bigint default null)
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
    select x.anchored_seal_id, x.anchored_from_seq, x.anchored_to_seq, x.anchored_seal_hash
    from span, audit.seal_anchor_overlaps x
    where int8range(x.from_seq, x.to_seq, '[]') && span.r
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
      select min(x.seal_id) as other from audit.seal_anchor_overlaps x
      where x.anchored_seal_id = c.seal_id) o
  )
  select f.seal_id is null, f.seal_id, f.from_seq, f.to_seq, f.problem, f.other, n.checked
  from (select count(*) as checked from judged) n
  left join lateral (
    select j.* from judged j where j.problem is not null order by j.seal_id limit 1) f on true
$$;

create or replace function audit.seals_to_anchor(p_limit integer default 100)
returns table (seal_id bigint, from_seq bigint, to_seq bigint, seal_hash text, refused text,
  overlaps_seal_id bigint, alert_id bigint)
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
  s record;
  other bigint;
begin
  for s in select u.seal_id, u.from_seq, u.to_seq, u.seal_hash from audit.unanchored_seals(p_limit) u loop
    select min(x.anchored_seal_id) into other from audit.seal_anchor_overlaps x where x.seal_id = s.seal_id;
    if other is not null then
      return query select s.seal_id, s.from_seq, s.to_seq, s.seal_hash,
        'the seal overlaps an anchored seal of another id (trail re-sealed)'::text, other, x.alert_id
      from public.raise_alert('CRITICAL', 'COMPLIANCE', 'Audit seal not anchored: it overlaps an anchored seal',
        format('seal %s (seqs %s-%s) overlaps anchored seal %s: the trail was re-sealed; the anchor job '
          'signs no seal from here until this is dealt with', s.seal_id, s.from_seq, s.to_seq, other),
        'job:audit_anchor', 'audit_anchor_refused:' || s.seal_id,
        jsonb_build_object('seal_id', s.seal_id, 'from_seq', s.from_seq, 'to_seq', s.to_seq,
          'overlaps_seal_id', other)) x;
      return;
    end if;
    return query select s.seal_id, s.from_seq, s.to_seq, s.seal_hash, null::text, null::bigint, null::bigint;
  end loop;
end $$;

create or replace function audit.record_anchor(p_seal_id bigint, p_signature bytea, p_key_id text,
  p_sinks text[])
returns boolean language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  other bigint;
begin
  select min(x.anchored_seal_id) into other from audit.seal_anchor_overlaps x where x.seal_id = p_seal_id;
  if other is not null then
    raise exception 'seal % overlaps anchored seal %: not anchored (trail re-sealed)', p_seal_id, other
      using errcode = '23P01';
  end if;
  insert into audit.anchors (seal_id, from_seq, to_seq, seal_hash, signature, key_id, sinks)
  select s.id, s.from_seq, s.to_seq, s.seal_hash, p_signature, p_key_id, p_sinks
  from audit.seals s where s.id = p_seal_id
  on conflict on constraint anchors_pkey do nothing;
  return found;
end $$;
