-- Reading the audit trail is the audited doors' alone (review19 H1, H2).
--
-- The README's trust model says a statement injected into a request path's transaction (medic_edge: anon,
-- authenticated, medic_server) cannot read another organization's trail without a door's audit event. Six
-- routines still let it, because `authenticated` could execute them and an injected statement can forge any
-- end user's claims (by design, as on PostgREST):
--   gdpr.subject_records(uuid)            a subject's audit events, AI trail, PHI-access and protocol rows
--   gdpr.export_plan(uuid,text)           how many of each there are, and the subject's audit pseudonym
--   gdpr.subject_scope(uuid,text,boolean) the subject's audit pseudonyms (what the two above start from)
--   audit.reveal(uuid), audit.reveal_many(uuid[])   the originals behind audit pseudonyms
--   audit.pseudonym_of(text,text,uuid)    whether an identifier was ever pseudonymised: keyed by the user's
--                                         pseudonym, an oracle for a user's client addresses (a /24 in 40 ms)
-- gdpr-export wrote its own event before any of it left, but SQL run as `authenticated` anywhere else did not.
--
-- Now only audit_reader executes them (with the operator, service_role, as before): the role only the door's
-- login (medic_audit) may take. audit-query already reads through it; gdpr-export's export and reveal now do
-- too (asAuditReader), each still writing its event before the data leaves. audit_reader is a member of
-- authenticated, so the routines' own checks and every policy behave as they did for the same claims.
-- The routines themselves, their owners and SECURITY DEFINER callers (the oversight reports, the erasure) are
-- unchanged: a definer routine calls them as their owner. tests/sql/138_audit_reads_are_the_doors.sql.
revoke execute on function
  gdpr.subject_records(uuid),
  gdpr.export_plan(uuid, text),
  gdpr.subject_scope(uuid, text, boolean),
  audit.reveal(uuid),
  audit.reveal_many(uuid[]),
  audit.pseudonym_of(text, text, uuid)
from public, anon, authenticated;

grant execute on function
  gdpr.subject_records(uuid),
  gdpr.export_plan(uuid, text),
  gdpr.subject_scope(uuid, text, boolean),
  audit.reveal(uuid),
  audit.reveal_many(uuid[]),
  audit.pseudonym_of(text, text, uuid)
to audit_reader;
