-- Security review finding 6: audit-query's POST /verify compared only the anchor objects Storage still
-- listed, so deleting the objects of the newest seals (the service key, in every function, can) hid a
-- rewrite that re-sealed the trail. The check now starts from what the database recorded as anchored:
-- every audit.anchors row must still have its object, equal to the row, and its seq range must still be
-- sealed with the anchored hash. audit.anchors stays append-only (its triggers refuse update, delete and
-- truncate; no role but its owner holds a privilege on it); this is how audit_reader, the role
-- audit-query takes, reads it: one page of rows in seal order, each with the hash its range is sealed
-- with now (null: no seal covers exactly that range any more).
create function audit.anchored_seals(p_after_seal_id bigint, p_limit integer)
returns table (seal_id bigint, from_seq bigint, to_seq bigint, seal_hash text, signature text, key_id text,
  seal_now text)
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select a.seal_id, a.from_seq, a.to_seq, encode(a.seal_hash, 'hex'), encode(a.signature, 'hex'), a.key_id,
    (select encode(s.seal_hash, 'hex') from audit.seals s
     where s.from_seq = a.from_seq and s.to_seq = a.to_seq order by s.id limit 1)
  from audit.anchors a
  where a.seal_id > p_after_seal_id
  order by a.seal_id
  limit least(greatest(p_limit, 1), 1000)
$$;
comment on function audit.anchored_seals(bigint, integer) is
  'The seals recorded as anchored, after a seal id, with the hash their range is sealed with now: what POST /verify compares Storage and the trail with.';
revoke all on function audit.anchored_seals(bigint, integer) from public, anon, authenticated, service_role;
grant execute on function audit.anchored_seals(bigint, integer) to audit_reader;
