-- Anchored seals (issue 16). audit.latest_seal() was never copied anywhere outside the database, so the
-- owner could rewrite rows and rebuild the whole hash chain undetectably. flush-metrics now signs every
-- new seal with an Ed25519 key the database never holds and writes the signed anchor, once, to Supabase
-- Storage (bucket audit-anchors); audit-query's /verify compares the chain with those anchors. This
-- table only remembers which seals were anchored and where (the job's progress): the anchors themselves,
-- and the truth, are outside.

create table audit.anchors (
  seal_id bigint primary key,
  from_seq bigint not null,
  to_seq bigint not null,
  seal_hash bytea not null,
  signature bytea not null,
  key_id text not null,
  sinks text[] not null,
  anchored_at timestamptz not null default now()
);
comment on table audit.anchors is 'Which seals were signed and written outside the database (Storage), and when.';
revoke all on audit.anchors from public, anon, authenticated, service_role;
create trigger anchors_no_update before update on audit.anchors for each row execute function audit.refuse_change();
create trigger anchors_no_delete before delete on audit.anchors for each row execute function audit.refuse_change();
create trigger anchors_no_truncate before truncate on audit.anchors for each statement execute function audit.refuse_change();

-- Seals not anchored yet, oldest first (the job signs them in order).
create function audit.unanchored_seals(p_limit integer default 100)
returns table (seal_id bigint, from_seq bigint, to_seq bigint, seal_hash text)
language sql stable security definer set search_path = '' as $$
  select s.id, s.from_seq, s.to_seq, encode(s.seal_hash, 'hex') from audit.seals s
  where not exists (select 1 from audit.anchors a where a.seal_id = s.id)
  order by s.id limit least(greatest(p_limit, 1), 1000)
$$;

create function audit.record_anchor(p_seal_id bigint, p_signature bytea, p_key_id text, p_sinks text[])
returns boolean language sql volatile security definer set search_path = '' as $$
  with ins as (
    insert into audit.anchors (seal_id, from_seq, to_seq, seal_hash, signature, key_id, sinks)
    select s.id, s.from_seq, s.to_seq, s.seal_hash, p_signature, p_key_id, p_sinks from audit.seals s where s.id = p_seal_id
    on conflict (seal_id) do nothing
    returning 1)
  select exists (select 1 from ins)
$$;

-- The seal that covers exactly [from, to] now, for comparing with an anchor (null: no such seal any more).
create function audit.seal_covering(p_from_seq bigint, p_to_seq bigint)
returns table (seal_id bigint, seal_hash text)
language sql stable security definer set search_path = '' as $$
  select s.id, encode(s.seal_hash, 'hex') from audit.seals s where s.from_seq = p_from_seq and s.to_seq = p_to_seq
$$;

revoke all on function audit.unanchored_seals(integer), audit.record_anchor(bigint, bytea, text, text[]),
  audit.seal_covering(bigint, bigint) from public, anon, authenticated;
grant execute on function audit.unanchored_seals(integer), audit.record_anchor(bigint, bytea, text, text[])
  to service_role;
grant execute on function audit.seal_covering(bigint, bigint) to service_role, audit_reader;

-- Every minute, a minute after the seal job: new seals are anchored within one seal interval.
select cron.schedule('audit-anchor', '* * * * *', $job$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url')
      || '/functions/v1/flush-metrics/anchors',
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')),
    body := jsonb_build_object('trigger', 'pg_cron', 'scheduled_at', now()),
    timeout_milliseconds := 30000
  ) as request_id;
$job$);
