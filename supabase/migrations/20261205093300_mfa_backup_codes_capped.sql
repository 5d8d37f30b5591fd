-- Backup codes cost the database a bcrypt per code (review finding 5). generate_mfa_backup_codes hashes ten
-- (~0.7 s of CPU) and writes a CONFIDENTIAL audit event kept six years; use_mfa_backup_code compares the
-- attempt with every unused code (~0.9 s). Both are RPCs any signed-in user reaches over the Data API,
-- where no rate limit of the functions stands in front, so one account in a loop held a database core.
-- Each is now capped in SQL, counted in rows, and refused before any hash is computed:
--
--   use        at most 10 failed attempts since the caller's last successful challenge (any method) or
--              their newest set of codes, whichever came later (public.mfa_challenges rows, every attempt
--              is one already, ordered by id: transactions may share a timestamp). Past that, backup codes
--              are locked until a new set is made.
--   generate   needs a sign-in with a second factor (aal2, as the functions' MFA routes do): codes stand in
--              for a factor, so a password alone must not mint them; and at most 5 sets per caller in
--              any 24 hours, counted in app.mfa_backup_code_sets (one row per set).
--
-- A refusal is SQLSTATE PT429, which PostgREST answers 429 Too Many Requests; the missing second factor
-- is 42501 (403). Nothing is written by a refusal (the exception rolls the call back).

create table app.mfa_backup_code_sets (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade, -- erasure takes them with the user
  generated_at timestamptz not null default now(),
  -- The user's newest public.mfa_challenges id when the set was made: failed attempts count after it.
  last_challenge_id bigint
);
create index mfa_backup_code_sets_user_time_idx on app.mfa_backup_code_sets (user_id, generated_at desc);
alter table app.mfa_backup_code_sets enable row level security;
revoke all on app.mfa_backup_code_sets from public, anon, authenticated, service_role;
comment on table app.mfa_backup_code_sets is
  'One row per set of backup codes generated: what caps generate_mfa_backup_codes (5 per user per 24 hours).';

create or replace function public.generate_mfa_backup_codes() returns setof text
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  me public.users;
  code text;
begin
  select * into me from public.users where id = auth.uid() and deleted_at is null;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if not app.has_second_factor() then
    raise exception 'backup codes need a sign-in with a second factor (aal2)' using errcode = '42501';
  end if;
  -- Serialises one user's concurrent calls, so that the count below cannot be raced past.
  perform 1 from public.users where id = me.id for update;
  if (select count(*) from app.mfa_backup_code_sets s
      where s.user_id = me.id and s.generated_at > now() - interval '24 hours') >= 5 then
    raise exception 'at most 5 sets of backup codes in 24 hours' using errcode = 'PT429';
  end if;
  insert into app.mfa_backup_code_sets (user_id, last_challenge_id)
  values (me.id, (select max(c.id) from public.mfa_challenges c where c.user_id = me.id));
  delete from public.mfa_backup_codes where user_id = me.id and used_at is null;
  for i in 1..10 loop
    code := upper(substr(encode(extensions.gen_random_bytes(8), 'hex'), 1, 10));
    insert into public.mfa_backup_codes (user_id, organization_id, code_hash)
    values (me.id, me.organization_id, extensions.crypt(code, extensions.gen_salt('bf', 10)));
    return next code;
  end loop;
  perform audit.write_events(jsonb_build_array(jsonb_build_object(
    'action', 'mfa.enroll', 'resource', 'mfa_backup_codes', 'outcome', 'success', 'user_id', me.id,
    'organization_id', me.organization_id, 'data_classification', 'CONFIDENTIAL',
    'metadata', jsonb_build_object('method', 'backup_code', 'codes', 10))));
end $$;

create or replace function public.use_mfa_backup_code(p_code text) returns boolean
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  me public.users;
  hit bigint;
  since bigint;
begin
  select * into me from public.users where id = auth.uid() and deleted_at is null;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform 1 from public.users where id = me.id for update; -- one attempt at a time per user
  since := coalesce(greatest(
    (select max(c.id) from public.mfa_challenges c where c.user_id = me.id and c.result = 'success'),
    (select s.last_challenge_id from app.mfa_backup_code_sets s where s.user_id = me.id order by s.id desc limit 1)),
    0);
  if (select count(*) from public.mfa_challenges c
      where c.user_id = me.id and c.method = 'backup_code' and c.result = 'failure' and c.id > since) >= 10 then
    raise exception 'too many failed backup codes: make a new set after signing in with another factor'
      using errcode = 'PT429';
  end if;
  select c.id into hit from public.mfa_backup_codes c
  where c.user_id = me.id and c.used_at is null
    and c.code_hash = extensions.crypt(upper(btrim(p_code)), c.code_hash)
  limit 1 for update;
  update public.mfa_backup_codes set used_at = now() where id = hit;
  insert into public.mfa_challenges (user_id, organization_id, method, result)
  values (me.id, me.organization_id, 'backup_code', case when hit is null then 'failure' else 'success' end);
  return hit is not null;
end $$;
