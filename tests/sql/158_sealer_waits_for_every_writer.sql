-- audit.seal() waits for every transaction running when it read its horizon (20261207000100). A writer newer
-- than every completed transaction is not listed in a Postgres 14+ snapshot's in-progress ids, so the sealer had
-- taken its seq as a rolled-back write (missing_seqs) and sealed past it; once the writer committed, audit.verify
-- reported the row inserted. One more session through dblink writes an event and stays open; the seal leaves
-- its seq pending (never missing), and once it commits the trail verifies. No outcome waits on the clock: the
-- writer is held open, then committed, by this file. It commits a real audit row (append-only), in an
-- organization of this file alone.
begin;
create extension if not exists pgtap;
create extension if not exists dblink;
select plan(5);

select format('host=127.0.0.1 port=%s dbname=%s user=postgres password=postgres', current_setting('port'),
  current_database()) as conn \gset
select gen_random_uuid() as org \gset
select dblink_connect('t158_writer', :'conn');

-- The writer: its event written, not committed (its transaction id is the newest running).
select dblink_exec('t158_writer', 'begin');
select * from dblink('t158_writer', format($$select audit.write_events(jsonb_build_array(
    jsonb_build_object('action', 'dosing.calculate', 'resource', 't158-late', 'outcome', 'success',
      'organization_id', %L)))::text$$, :'org')) as t(x text);
select * from dblink('t158_writer', format(
  'select max(seq)::text from public.audit_logs where organization_id = %L', :'org')) as w(seq text) \gset writer_
select * from dblink('t158_writer', 'select backend_xid::text from pg_stat_activity where pid = pg_backend_pid()')
  as w(xid text) \gset writer_

-- The writer stays open through the sealer's wait: whatever else runs, its seq cannot settle.
select audit.seal();
select ok(not exists (select 1 from audit.seals s where :writer_seq::bigint between s.from_seq and s.to_seq),
  'no seal covers the open writer''s seq, nor records it as missing');
select ok((select pending_hi >= :writer_seq::bigint from audit.seal_state),
  'its seq waits as the pending horizon');
select ok(not audit.writers_settled(array[:'writer_xid'::xid]), 'the open writer is not settled');

select dblink_exec('t158_writer', 'commit');
select dblink_disconnect('t158_writer');
select ok(audit.writers_settled(array[:'writer_xid'::xid]), 'once it has committed, it is');
-- Whether this seal reaches the row depends on other sessions' transactions (the pending horizon waits for every
-- one), never on the writer: the trail verifies either way. The old sealer had sealed the seq as missing, and
-- verify called the committed row inserted.
select audit.seal();
select is((select ok from audit.verify()), true, 'and the trail verifies');

select * from finish();
rollback;
