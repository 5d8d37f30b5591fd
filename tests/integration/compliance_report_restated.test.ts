/**
 * The compliance report builder as restated by 20261203002120 (the authentication figures in one scan of
 * audit_logs, the monthly job's events in one audit.write_events call) and 20261203003420 (the
 * platform-wide part — chain, retention, dead letters — computed once per run, not per organization) says
 * what its first definition (20261203001310) said. Both run on the same rows in one transaction — the
 * first definitions read from their migration file into pg_temp — and their content, reports and events
 * are compared; everything is rolled back. A month long past, so no other test's organization or report is
 * in it.
 */
import assert from "node:assert/strict";
import { createSql, type Tx } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { firstDefinition } from "../support/migration_function.ts";

const FIRST_MIGRATION = "20261203001310_compliance_reports.sql";
const NOW = new Date("2024-02-10T08:00:00Z"); // the monthly job's "now": January 2024 is last month
const FROM = new Date("2024-01-01T00:00:00Z");
const TO = new Date("2024-02-01T00:00:00Z");

/** January's failed sign-ins (4 from 3 addresses), bans (2) and other events of A; one failure of B. */
async function seed(tx: Tx, a: string, b: string) {
  const [nameA, nameB] = [`Restated A ${a.slice(0, 8)}`, `Restated B ${b.slice(0, 8)}`];
  await tx`insert into public.organizations (id, name, created_at)
    values (${a}, ${nameA}, '2023-12-01'), (${b}, ${nameB}, '2023-12-01')`;
  const at = (day: number) => new Date(Date.UTC(2024, 0, day, 10)).toISOString();
  const event = (org: string, day: number, fields: Record<string, unknown>) => ({
    timestamp: at(day),
    organization_id: org,
    origin: "import",
    outcome: "success",
    ...fields,
  });
  const failure = (org: string, day: number, action: string, ip: string) =>
    event(org, day, { action, resource: "auth", outcome: "failure", ip_address: ip });
  const events = [
    failure(a, 2, "auth.failure", "10.88.0.1"),
    failure(a, 2, "auth.failure", "10.88.0.1"),
    failure(a, 9, "auth.failure", "10.88.0.2"),
    failure(a, 30, "auth.unauthorized", "10.88.0.3"),
    event(a, 4, { action: "auth.failure", resource: "auth", ip_address: "10.88.0.4" }), // not a failure
    event(a, 11, { action: "rate_limit.ban", resource: "rate_limit" }),
    event(a, 12, { action: "rate_limit.ban", resource: "rate_limit", outcome: "failure" }),
    event(a, 5, { action: "audit.query", resource: "audit_logs", user_id: a, user_role: "admin" }),
    event(a, 14, { action: "gdpr.export", resource: "gdpr", user_id: a, user_role: "admin" }),
    event(a, 3, { action: "dosing.calculate", resource: "dosing" }),
    failure(b, 7, "auth.failure", "10.88.1.1"),
    { ...failure(a, 1, "auth.failure", "10.88.0.9"), timestamp: TO.toISOString() }, // February: outside
  ];
  await tx`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
}

/** What a monthly run left: January's reports and their events, without the ids and hashes that differ. */
async function monthlyRun(tx: Tx, builder: string, ledgerMark: number) {
  const [{ built }] = await tx.unsafe(`select ${builder}($1) as built`, [NOW.toISOString()]);
  const reports = await tx`
    select r.organization_id, r.generated_at, r.format_version, r.content,
      encode(r.prev_hash, 'hex') as prev_hash, (audit.compliance_report_integrity(r.id)).ok as intact
    from audit.compliance_reports r
    where r.kind = 'monthly' and r.period_start = ${FROM} order by r.organization_id`;
  const events = await tx`
    select l.organization_id, l.action::text, l.outcome::text, l.data_classification::text,
      l.metadata - 'report_id' - 'report_hash' as metadata
    from public.audit_logs l
    where l.action = 'compliance_report.generate' and (l.metadata ->> 'period_from')::timestamptz = ${FROM}
      and l."timestamp" >= now() - interval '1 minute'
    order by l.seq`;
  // This transaction's ledger entries only: other tests and pg_cron write to the shared trail meanwhile.
  const [{ statements }] = await tx`
    select count(*)::int as statements from audit.write_ledger
    where id > ${ledgerMark} and xact = pg_current_xact_id()`;
  return { built, reports, events, statements };
}

Deno.test("the restated builder gives the first builder's content, reports and events", async () => {
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  const rolledBack = new Error("rolled back on purpose");
  try {
    await sql.begin(async (tx) => {
      // The first builder whole: its monthly job calls its own builder, which calls its own content.
      await tx.unsafe(await firstDefinition(FIRST_MIGRATION, "audit.compliance_report_content"));
      await tx.unsafe(
        (await firstDefinition(FIRST_MIGRATION, "audit.build_compliance_report"))
          .replace("audit.compliance_report_content(", "pg_temp.compliance_report_content_v1("),
      );
      await tx.unsafe(
        (await firstDefinition(FIRST_MIGRATION, "audit.build_monthly_compliance_reports"))
          .replace("audit.build_compliance_report(", "pg_temp.build_compliance_report_v1("),
      );
      // Counts each function's calls in this transaction (pg_stat_get_xact_function_calls).
      await tx`set local track_functions = 'all'`;
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      await seed(tx, a, b);

      for (const org of [a, b]) {
        const [row] = await tx`
          select audit.compliance_report_content(${org}, ${FROM}, ${TO},
              audit.compliance_report_platform(${FROM}, ${TO})) as restated,
            pg_temp.compliance_report_content_v1(${org}, ${FROM}, ${TO},
              audit.compliance_report_chain(${FROM}, ${TO})) as first`;
        assert.deepEqual(row.restated, row.first, `the content of ${org === a ? "A" : "B"}`);
      }
      const [{ authentication }] = await tx`
        select audit.compliance_report_content(${a}, ${FROM}, ${TO}, '{}') -> 'authentication' as authentication`;
      assert.deepEqual(
        authentication,
        { failedSignIns: 4, distinctAddresses: 3, bans: 2 },
        "A's figures, known",
      );

      const [{ mark }] = await tx`select coalesce(max(id), 0)::int as mark from audit.write_ledger`;
      await tx.unsafe("savepoint first_builder");
      const first = await monthlyRun(tx, "pg_temp.build_monthly_compliance_reports_v1", mark);
      await tx.unsafe("rollback to savepoint first_builder");
      const platformCalls = async () =>
        (await tx`select coalesce(pg_stat_get_xact_function_calls(
          'audit.compliance_report_platform(timestamptz, timestamptz)'::regprocedure), 0)::int as n`)[0].n;
      const callsBefore = await platformCalls();
      const restated = await monthlyRun(tx, "audit.build_monthly_compliance_reports", mark);
      const platformParts = (await platformCalls()) - callsBefore;

      assert.ok(first.built >= 2, "A and B (and any other organization of that age) were built");
      assert.equal(restated.built, first.built);
      // The version says what the alerts count (20261205114000); on these rows (no platform-wide alert in
      // the month) the content is the same.
      assert.deepEqual(
        [
          new Set(first.reports.map((r) => r.format_version)),
          new Set(restated.reports.map((r) => r.format_version)),
        ],
        [new Set([1]), new Set([2])],
        "the first builder wrote format 1, the latest writes 2",
      );
      const unversioned = (reports: typeof first.reports) => reports.map(({ format_version: _, ...r }) => r);
      assert.deepEqual(unversioned(restated.reports), unversioned(first.reports), "the same reports");
      assert.ok(restated.reports.every((r) => r.intact), "each intact, its event recording its hash");
      assert.deepEqual(restated.events, first.events, "the same events, in the same order");
      assert.equal(restated.events.length, first.built);
      assert.deepEqual(
        [first.statements, restated.statements],
        [first.built, 1],
        "one writer call, not one each",
      );
      assert.equal(platformParts, 1, "the platform-wide part (chain, retention, dead letters) once per run");
      throw rolledBack;
    });
  } catch (error) {
    if (error !== rolledBack) throw error;
  } finally {
    await sql.end();
  }
});
