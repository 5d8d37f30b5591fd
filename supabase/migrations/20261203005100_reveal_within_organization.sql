-- Revealing a pseudonym is tied to the caller's organization (defence in depth). audit.reveal_many and
-- audit.reveal gave any admin or medical director the original behind any pseudonym they named; the
-- callers (audit-query's lists, CSV export and failed-auth report, the entries views, gdpr-export's /reveal)
-- pass only pseudonyms of rows RLS shows them, but nothing in the functions themselves held an admin of
-- organization A away from a pseudonym of organization B.
--
-- The rule is the audit trail's own (audit_logs_select_org_oversight, proved in 71): an organization's
-- admin or medical director may reveal a pseudonym when it appears in an audit row of their organization:
-- public.audit_logs (its four pseudonym columns and the person its metadata names as subject_pseudonym),
-- public.phi_access_audit_log and public.ai_audit_trails. Not "belongs to a user of their organization":
-- the rows they read also carry identities that are no user of theirs (addresses probing their sign-in,
-- ids that no longer have an account, a PHI-access log's patients), and those are what the failed-auth
-- report and gdpr-export reveal. Rows without an organization, and any pseudonym, stay the platform
-- operator's (the service role), as before. A caller without an organization reveals nothing.
--
-- Checking "appears in a row of the organization" on the rows would scan the organization's trail (only
-- the actor column is indexed), so the pairs are kept apart: audit.pseudonym_organizations, one row per
-- (pseudonym, organization), written by statement triggers over what each insert added (as the write
-- ledger is, 20261202001000: whatever path wrote the rows). A pair is only ever added: erasing a subject
-- deletes their mapping rows, after which the pair reveals nothing (it names no person: both columns are
-- random ids).
--
-- Three steps, so that no audit write waits on a scan of the trail:
--   this file      the table, the triggers' final functions and the triggers. CREATE TRIGGER takes SHARE ROW
--                  EXCLUSIVE on each audit table, which holds that table's inserts until the commit, so this
--                  transaction is short (no scan) and gives up after lock_timeout rather than wait behind a
--                  long writer with every later writer queued behind it (writer batches, the door's event,
--                  which answers 503 AUDIT_UNAVAILABLE after 5 s, sign-in's session start, PHI writes).
--                  Refused: run `supabase db push` again; nothing of it was applied.
--   …5110          the pairs of rows written before the triggers (audit.backfill_pseudonym_organizations()),
--                  then reveal_many/reveal switch to the rule, in that transaction: no caller sees the rule
--                  before the pairs it needs exist.
-- The Supabase CLI applies each migration file, with its schema_migrations row, as one implicit
-- transaction (one extended-protocol batch ending in a single Sync: supabase/cli pkg/migration/file.go,
-- ExecBatch, "implicitly transactional"), so these are separate transactions, committed in order. Rows
-- committed before this file's commit are seen by the backfill's later snapshot; any insert after it fires
-- the trigger (CREATE TRIGGER waited for the inserts in progress); a row both paths see is paired twice,
-- harmlessly (ON CONFLICT DO NOTHING).
-- tests/sql/63_reveal_within_organization.sql proves it role by role, the backfill included.

-- Bounded wait for each lock below (well under the door's 5 s). SET LOCAL: it ends with this file's
-- transaction, the CLI's batch; the check at the end of the file stops the push if the statements did not
-- share it (it passes with the CLI the stack pins, scripts/stack/migrate.ts).
set local lock_timeout = '2s';

create table audit.pseudonym_organizations (
  pseudonym uuid not null,
  organization_id uuid not null,
  primary key (pseudonym, organization_id)
);
comment on table audit.pseudonym_organizations is
  'Which organization''s audit rows (audit_logs and its metadata.subject_pseudonym, phi_access_audit_log, ai_audit_trails) each pseudonym appears in: who may reveal it.';
revoke all on audit.pseudonym_organizations from public, anon, authenticated, service_role;

-- Each trigger inserts its pairs sorted, so that two writers adding the same new pairs take them in the
-- same order (ON CONFLICT waits for the other's commit; in opposite orders they could wait for each other).

-- metadata.subject_pseudonym is the person an action was about, who may have no row of their own: gdpr-export
-- hands it to a subject's export as a third party's identifier, encrypted, and its /reveal opens it through
-- audit.reveal for the organization's admin, so it counts as appearing in the organization's rows. It is
-- trusted as far as the rest of the row is: audit_logs is written only through audit.write_events (service
-- role, i.e. the functions' medic_edge login, and the archiver; no API role may call it or insert), and only
-- our code puts subject_pseudonym there, always a pseudonym that audit.pseudonymize issued: gdpr.export
-- (the subject exported), audit.query and audit.export filtered by a user (who was looked up) and role.change
-- (20261202000810: whose role or organization changed). Only a well-formed uuid is recorded: metadata is
-- the writer's, and a value that is none must not fail the audit write.
create function audit.record_audit_log_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  -- one scan per column (UNION ALL) rather than a VALUES list per row: 0.18 against 0.25 ms for a batch
  -- of 100 rows, interleaved on this stack
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct s.p, s.o
  from (
    select i.actor_pseudonym, i.organization_id from inserted i
    union all select i.session_pseudonym, i.organization_id from inserted i
    union all select i.ip_pseudonym, i.organization_id from inserted i
    union all select i.user_agent_pseudonym, i.organization_id from inserted i
    union all
    select (i.metadata ->> 'subject_pseudonym')::uuid, i.organization_id from inserted i
    where i.metadata ->> 'subject_pseudonym'
          ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
  ) s(p, o)
  where s.o is not null and s.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;

-- The PHI-access log's accessors, patients, addresses and agents are what gdpr-export's /reveal opens for
-- an organization's admin (the accessor in a subject's phi_access records).
create function audit.record_phi_access_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct v.p, i.organization_id
  from inserted i
  cross join lateral (values (i.actor_pseudonym), (i.patient_pseudonym), (i.ip_pseudonym),
                             (i.user_agent_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;

create function audit.record_ai_trail_organizations() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into audit.pseudonym_organizations (pseudonym, organization_id)
  select distinct v.p, i.organization_id
  from inserted i
  cross join lateral (values (i.user_pseudonym), (i.session_pseudonym)) v(p)
  where i.organization_id is not null and v.p is not null
  order by 1, 2
  on conflict do nothing;
  return null;
end $$;

revoke all on function audit.record_audit_log_organizations(), audit.record_phi_access_organizations(),
  audit.record_ai_trail_organizations() from public, anon, authenticated, service_role;

create trigger audit_logs_pseudonym_organizations after insert on public.audit_logs
  referencing new table as inserted for each statement execute function audit.record_audit_log_organizations();
create trigger phi_access_pseudonym_organizations after insert on public.phi_access_audit_log
  referencing new table as inserted for each statement execute function audit.record_phi_access_organizations();
create trigger ai_audit_trails_pseudonym_organizations after insert on public.ai_audit_trails
  referencing new table as inserted for each statement execute function audit.record_ai_trail_organizations();

-- Still set here only if every statement above ran in one transaction with the SET LOCAL: were a CLI to
-- apply a file's statements one by one, the triggers would have waited without a bound. Say so, and stop
-- the push before the backfill.
do $$
begin
  if current_setting('lock_timeout') <> '2s' then
    raise exception 'lock_timeout is % at the end of the migration: its statements did not run as one transaction',
      current_setting('lock_timeout');
  end if;
end $$;
