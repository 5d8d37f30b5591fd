-- protocol_access now records what each medic searched, opened and was shown by the chat (20261203001210),
-- and its report says it is read "only through audit-query's audited door" — but the oversight policy was
-- still `to authenticated`, so an admin or medical director could read their organization's rows straight
-- from the Data API, unaudited. The rows move behind the door as the audit tables did (20261202000600):
-- readable by audit_reader (the role audit-query takes; no JWT can select it), not by authenticated or anon.
-- The writers and feedback are SECURITY DEFINER functions and do not need the grant.
revoke select on public.protocol_access from authenticated, anon;
grant select on public.protocol_access to audit_reader;
alter policy protocol_access_oversight_read on public.protocol_access to audit_reader;
