-- The protocol-usage writers belong to the functions (review finding 5). record_protocol_access (both
-- overloads) and record_protocol_use were executable by anon, authenticated and service_role, so anyone
-- holding the project's public anon key could POST /rest/v1/rpc/record_protocol_use in a loop: rows in
-- every medical director's usage report that no search, view or chat produced, and a table that grows with
-- no rate limit in front of it (the functions' limiter is not on the Data API).
--
-- As app.record_protocol_searches already is (20261203004500), they are now the functions' login's
-- (medic_edge) alone. The functions write a view's or a chat answer's row as the login, with the caller's
-- verified claims set beside it and no request role taken (functions-shared/platform/protocol_use.ts,
-- asLoginFor), so the writer still names the caller from the claims. Searches go through
-- app.record_protocol_searches; no function calls record_protocol_access any more. Feedback on one's own
-- search (set_protocol_access_feedback) stays the caller's: it changes only their own row.
revoke all on function
  public.record_protocol_access(text, jsonb, boolean, text, bigint),
  public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint),
  public.record_protocol_use(uuid, text, jsonb, bigint)
  from public, anon, authenticated, service_role;
grant execute on function
  public.record_protocol_access(text, jsonb, boolean, text, bigint),
  public.record_protocol_access(uuid, text, jsonb, boolean, text, bigint),
  public.record_protocol_use(uuid, text, jsonb, bigint)
  to medic_edge;
