-- The backup-code functions read the caller's user row and then read it again to lock it. One statement
-- now reads and locks it (SELECT ... FOR UPDATE), as the second read did; everything else is as
-- 20261205093300 wrote it. A refused generate (no second factor) now takes the row lock before its
-- refusal, which rolls the call back and so releases it at once. tests/sql/119_backup_codes_read_user_once.sql
-- counts the reads; 113_mfa_backup_codes_capped.sql, the behaviour.

create or replace function public.generate_mfa_backup_codes() returns setof text
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  me public.users;
  code text;
begin
  -- Read and locked at once: the lock serialises one user's concurrent calls, so that the count below
  -- cannot be raced past.
  select * into me from public.users where id = auth.uid() and deleted_at is null for update;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if not app.has_second_factor() then
    raise exception 'backup codes need a sign-in with a second factor (aal2)' using errcode = '42501';
  end if;
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
  -- Read and locked at once: one attempt at a time per user.
  select * into me from public.users where id = auth.uid() and deleted_at is null for update;
  if me.id is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
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
