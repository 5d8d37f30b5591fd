-- The audit writer's statements keep their plans (issue 18: the fixed cost of a one-event write_events call).
--
-- Measured on the dev stack (pg_stat_statements with track = all and track_planning, one backend, 200
-- one-event calls shaped as an audited read's event: actor, session, a new client address, user agent), three
-- statements of a call were planned again on every call, ~145 us of planning in a ~1.4 ms call:
--
-- 1. audit.pseudonym_key's query (the vault.decrypted_secrets view, ~66 us of planning a call): a LANGUAGE sql
--    function with a SET clause is never inlined, and an SQL function's statements are planned afresh on
--    every call of a new query. As PL/pgSQL the statement's plan is kept for the connection. The key itself
--    is not: it is still read from Vault and decrypted on every call, into a local variable that lives for
--    that call (20261203002200 withdrew the per-session copy; nothing of that changes).
-- 2. audit.personal_keys' query (~28 us a call), for the same reason: PL/pgSQL keeps its plan. The rule, the
--    regular expression and the answer for any list of keys are as before (pgTAP 89 and 103 compare them with
--    the previous definition).
-- 3. write_events' own personal-key statement (~50 us a call): under plan_cache_mode = auto its generic plan
--    (an unnest of a parameter guessed at 10 elements, 100 keys each) is costed above the custom plans of a
--    known one-element batch, so PL/pgSQL planned it again on every call. write_events now sets
--    force_generic_plan: every statement it runs (and the triggers its insert fires, which take the setting
--    from it) keeps one plan. The others had already moved to their generic plans after the fifth call of a
--    connection (pg_stat_statements counted no planning for them); now they do so from the first, so a new
--    connection's first five calls are not planned either. Batches of 3000 events take the same time under
--    both settings (the generic plans were already those used).
--
-- Ablation against a copy of the previous definition in one session, alternating, 14 rounds of 40 one-event
-- calls each committed, backend CPU from /proc/<pid>/schedstat: ~190 us (12-14 %) less per call (figures in
-- the report of wt13-writer). Nothing else of write_events changes (ALTER FUNCTION keeps body, owner and
-- grants); rows, hashes, pseudonyms, ledger and reveal periods are the same for the same input (pgTAP 103).

create or replace function audit.pseudonym_key() returns bytea
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  key bytea;
begin
  -- Read from Vault on every call (only the statement's plan is kept); the first row, as the SQL function.
  select decode(s.decrypted_secret, 'hex') into key
  from vault.decrypted_secrets s where s.name = 'audit_pseudonym_key';
  return key;
end $$;

create or replace function audit.personal_keys(keys text[]) returns text[]
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
declare
  found text[];
begin
  -- camelCase is read as snake_case, then a key is personal when its last word (or words) name personal data
  select pg_catalog.array_agg(k) into found
  from pg_catalog.unnest(keys) k
  where pg_catalog.lower(pg_catalog.regexp_replace(k, '([a-z0-9])([A-Z])', '\1_\2', 'g')) operator(pg_catalog.~) (
    '^(.*_)?(name|first_?name|last_?name|full_?name|given_?name|family_?name|dob|date_?of_?birth|' ||
    'birth_?date|birthday|ssn|social_?security(_?number)?|email|e_?mail(_?address)?|mrn|' ||
    'medical_?record(_?number)?|phone|phone_?number|telephone|mobile|cell|address|street|' ||
    'home_?address|zip|zip_?code|postal_?code|password|passwd|secret|api_?key|token|' ||
    'driver_?license|license_?number|insurance_?id)$');
  return found;
end $$;

alter function audit.write_events(jsonb) set plan_cache_mode = force_generic_plan;
