-- Local development seed. Applied by `supabase db push --include-seed` (scripts/stack) and db:reset.
-- Clinical reference data is not seeded here: it is imported from the LA County documents by scripts.

insert into public.organizations (id, name)
values ('00000000-0000-4000-8000-000000000001', 'Local Development EMS Agency')
on conflict (id) do nothing;
