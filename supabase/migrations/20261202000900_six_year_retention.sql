-- Six years, by rule (issue 16). Every audit event documents an access — to the system (each request is
-- one), to personal data, or to its configuration — and HIPAA (45 CFR 164.316(b)(2)) asks for six years of
-- that documentation. Routine events were classified INTERNAL or PUBLIC, whose policies deleted them after
-- three years and one; they outlived that only because a month is archived when every class in it is due.
-- Now no class may be kept less than six years (2192 days: six years with two leap days), whatever it
-- is. A classification still decides how soon a month goes cold (archive_after_days), never how soon it
-- is deleted. tests/sql/78_six_year_retention.sql checks the rule over generated events and dates.

update public.audit_retention_policy
  set retention_days = greatest(retention_days, 2192),
      delete_after_days = greatest(delete_after_days, 2192),
      description = case data_classification
        when 'PHI' then 'Patient data access: six years live, purged after seven.'
        when 'CONFIDENTIAL' then 'Personal data and security events: six years, then purged.'
        when 'INTERNAL' then 'Operational events: archived after two years, purged after six (access documentation).'
        when 'PUBLIC' then 'Public reference lookups: archived after three months, purged after six years (access documentation).'
      end;

alter table public.audit_retention_policy
  add constraint audit_retention_policy_six_years check (retention_days >= 2192);
comment on constraint audit_retention_policy_six_years on public.audit_retention_policy is
  'Every audit event documents an access: none is deleted before six years (HIPAA 164.316(b)(2)).';
