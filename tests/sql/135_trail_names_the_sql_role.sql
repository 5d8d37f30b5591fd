-- The trail names the SQL role that acted (20261206010200): a config.change / role.change / alert event's
-- db_role (audit.change_actor) and a PHI access row's actor_role (audit.log_phi_access) say medic_server or
-- medic_job_writer for their writes, though both keep the claims {"role":"service_role"}; the operator stays
-- service_role (or the owner's login), the Data API's roles stay as they were, and auth.role() still reads
-- the claim. No table either role writes carries these triggers today, so a probe table carries both, with the
-- grants the next such table would give.
begin;
create extension if not exists pgtap;
select plan(4);

create table public.t135_probe (id text primary key, patient text not null);
grant insert on public.t135_probe to medic_server, medic_job_writer, service_role, authenticated;
create trigger t135_config after insert on public.t135_probe
  for each row execute function audit.record_config_change('id');
create trigger t135_phi after insert on public.t135_probe
  for each row execute function audit.log_phi_access('patient');

set local request.jwt.claims to '{"role":"service_role"}';
select is(auth.role(), 'service_role', 'the claims medic_server and medic_job_writer keep: auth.role() says service_role');
set local role medic_server;
insert into public.t135_probe values ('medic_server', 'p-135');
reset role;
set local role medic_job_writer;
insert into public.t135_probe values ('medic_job_writer', 'p-135');
reset role;
set local role service_role;
insert into public.t135_probe values ('service_role', 'p-135');
reset role;
set local role authenticated;
set local request.jwt.claims to
  '{"role":"authenticated","sub":"a1350000-0000-4000-8000-000000000001","app_metadata":{"role":"paramedic"}}';
insert into public.t135_probe values ('authenticated', 'p-135');
reset role;
-- The owner's own session, with the operator's claim set by hand: still the owner's login.
set local request.jwt.claims to '{"role":"service_role"}';
insert into public.t135_probe values ('owner', 'p-135');

select results_eq($$select metadata ->> 'key', metadata ->> 'db_role' from public.audit_logs
                    where action = 'config.change' and resource = 'public.t135_probe' order by seq$$,
  $$values ('medic_server', 'medic_server'), ('medic_job_writer', 'medic_job_writer'),
           ('service_role', 'service_role'), ('authenticated', 'authenticated'), ('owner', session_user::text collate "default")$$,
  'each config.change event names the SQL role that wrote, the server''s and the jobs'' included');
select results_eq($$select actor_role from public.phi_access_audit_log where table_name = 'public.t135_probe'
                    order by id$$,
  $$values ('medic_server/none'), ('medic_job_writer/none'), ('service_role/none'), ('authenticated/paramedic'),
           (session_user::text collate "default" || '/none')$$,
  'each PHI access row names it too');
select is(audit.change_actor() ->> 'db_role', session_user::text,
  'a forged operator claim in the owner''s session does not name service_role');

select * from finish();
rollback;
