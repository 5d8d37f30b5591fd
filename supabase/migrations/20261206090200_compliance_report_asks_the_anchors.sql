-- Auditor review H2 and H1, the compliance report's side. Its integrity section used audit.verify only,
-- so a re-sealed trail read integrity.ok true with every seal anchored; and it did not say how many seqs
-- the seals record as missing (rolled-back writes, or rows deleted with their write-ledger entries before
-- the seal), so an auditor could not see a gap. audit.compliance_report_chain (the section every
-- organization's report of a period shares) now also asks audit.anchors_disagreement over the period's
-- seqs and counts those seqs:
--   ok                 audit.verify and the anchors both agree;
--   firstBadSeq/problem audit.verify's first problem, else the disagreeing anchor's first seq and why
--                      (as POST /verify words it);
--   anchorsAgree, disagreeingSealId  the anchors' verdict and the first anchored seal that disagrees, over
--                      the period's seqs and up to the first anchored seal after them (the period's last
--                      rows deleted with their seal leave the period's seq range, not the anchor's);
--   missingSeqs        the seqs the seals covering the period's seqs record as missing (whole seals: a
--                      seal shared with the next period counts in both reports).
-- The new fields are added, none changes: a report built before this migration lacks them (and its ok
-- did not ask the anchors), which is how a reader tells the two apart; the format stays 2
-- (handlers/audit_query/reports/contract.ts marks them optional).
-- The latest definition is rebuilt from the catalog with these texts changed (each must occur exactly
-- once: the technique of 20261205115000); CREATE OR REPLACE keeps its owner, grants and settings.
-- tests/sql/144_compliance_report_anchors.sql.

do $do$
declare
  fn constant regprocedure := 'audit.compliance_report_chain(timestamptz, timestamptz)'::regprocedure;
  definition text := pg_get_functiondef(fn);
  change record;
begin
  for change in
    select * from (values
      (E'  chain record;\n',
       E'  chain record;\n  anchor record;\n'),
      (E'''toSeq'', null, ''sealsChecked'', 0, ''rowsChecked'', 0, ''unsealedRows'', 0),\n',
       E'''toSeq'', null, ''sealsChecked'', 0, ''rowsChecked'', 0, ''unsealedRows'', 0,\n'
       || E'        ''anchorsAgree'', true, ''disagreeingSealId'', null, ''missingSeqs'', 0),\n'),
      (E'  select * into chain from audit.verify(lo, hi);\n',
       E'  select * into chain from audit.verify(lo, hi);\n'
       || E'  -- The anchors over the period''s seqs and up to the first anchored seal after them: a seal deleted\n'
       || E'  -- with the period''s last rows is past hi, its anchor is not.\n'
       || E'  select * into anchor from audit.anchors_disagreement(lo, greatest(hi,\n'
       || E'    (select a.to_seq from audit.anchors a where a.from_seq > hi order by a.from_seq limit 1)));\n'),
      (E'''integrity'', jsonb_build_object(''ok'', chain.ok, ''firstBadSeq'', chain.first_bad_seq, ''problem'', chain.problem,\n',
       E'''integrity'', jsonb_build_object(''ok'', chain.ok and anchor.ok,\n'
       || E'      ''firstBadSeq'', case when chain.ok then anchor.from_seq else chain.first_bad_seq end,\n'
       || E'      ''problem'', case when chain.ok then anchor.problem else chain.problem end,\n'
       || E'      ''anchorsAgree'', anchor.ok, ''disagreeingSealId'', anchor.seal_id,\n'
       || E'      ''missingSeqs'', (select count(distinct m) from audit.seals s cross join lateral unnest(s.missing_seqs) m\n'
       || E'        where s.to_seq >= lo and s.from_seq <= hi),\n')
    ) c(old, new)
  loop
    if array_length(string_to_array(definition, change.old), 1) <> 2 then
      raise exception '% no longer has "%" exactly once', fn, change.old;
    end if;
    definition := replace(definition, change.old, change.new);
  end loop;
  execute definition;
end $do$;
