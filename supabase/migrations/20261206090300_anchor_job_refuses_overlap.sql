-- Auditor review H2, the anchor job's side: after an owner deleted the newest seals and re-sealed, the job
-- (flush-metrics, functions-shared/handlers/flush_metrics/anchors.ts) signed and stored the new seal,
-- whose seq range overlaps ranges already anchored under other ids: the outside record then vouched for
-- the rewrite. The database now decides which seals may be anchored.
--
-- audit.seals_to_anchor: the seals not anchored yet, oldest first (audit.unanchored_seals), up to the first
-- whose range overlaps an anchored seal of another id. That one is returned last, marked refused, with
-- the anchored seal it overlaps and the CRITICAL alert raised for it (dedup'd per seal, COMPLIANCE, so
-- organizations' admins read it too); the job signs none of it and nothing after it, run after run, until
-- someone deals with the trail.
--
-- audit.record_anchor refuses such a seal too (23P01, exclusion_violation), for a re-seal made between
-- the job's list and its record; its definition is small and given in full (CREATE OR REPLACE keeps
-- its owner and grants).
--
-- audit.integrity_alerts_open: how many CRITICAL alerts about the trail's integrity (the tamper rule's,
-- rows or anchors, and the anchor job's refusals) are open, for the health check's audit component.
-- tests/sql/143_anchors_disagreement.sql.

create function audit.seals_to_anchor(p_limit integer default 100)
returns table (seal_id bigint, from_seq bigint, to_seq bigint, seal_hash text, refused text,
  overlaps_seal_id bigint, alert_id bigint)
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
  s record;
  other bigint;
begin
  for s in select u.seal_id, u.from_seq, u.to_seq, u.seal_hash from audit.unanchored_seals(p_limit) u loop
    select min(a.seal_id) into other from audit.anchors a
    where int8range(a.from_seq, a.to_seq, '[]') && int8range(s.from_seq, s.to_seq, '[]')
      and a.seal_id <> s.seal_id;
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
comment on function audit.seals_to_anchor(integer) is
  'The seals the anchor job may sign now, oldest first, ending at the first that overlaps an anchored seal of another id: that one is marked refused and a CRITICAL alert is raised.';
revoke all on function audit.seals_to_anchor(integer) from public, anon, authenticated, service_role;
grant execute on function audit.seals_to_anchor(integer) to medic_job_writer;
-- The job lists its seals through seals_to_anchor only: the unchecked list is no longer its to call.
revoke execute on function audit.unanchored_seals(integer) from medic_job_writer;

create or replace function audit.record_anchor(p_seal_id bigint, p_signature bytea, p_key_id text,
  p_sinks text[])
returns boolean language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  other bigint;
begin
  select min(a.seal_id) into other from audit.seals s
  join audit.anchors a on int8range(a.from_seq, a.to_seq, '[]') && int8range(s.from_seq, s.to_seq, '[]')
    and a.seal_id <> s.id
  where s.id = p_seal_id;
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

create function audit.integrity_alerts_open()
returns bigint language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select count(*) from public.alerts a
  where a.resolved_at is null and a.severity = 'CRITICAL'
    and a.source in ('rule:audit_verify_failed', 'job:audit_anchor')
$$;
comment on function audit.integrity_alerts_open() is
  'Open CRITICAL alerts about the audit trail''s integrity (tamper rule, anchor refusals): the audit health check is unhealthy while there is one.';
revoke all on function audit.integrity_alerts_open() from public, anon, authenticated, service_role;
grant execute on function audit.integrity_alerts_open() to medic_job_writer;
