/**
 * An organization with a known last month, for the compliance-report tests: created before that month,
 * three privileged users (one admin with a verified factor, one without, a medical director still in
 * the grace period), last month's events written as an import (the trail's backfill door) and one
 * resolved alert, so the report's figures are known exactly.
 */
import type { Sql } from "../../functions-shared/platform/db.ts";

export interface SeededOrganization {
  readonly org: string;
  readonly orgName: string;
  readonly directorId: string;
  readonly directorPseudonym: string;
  readonly adminId: string;
  /** [monthStart, monthEnd): last month, UTC. */
  readonly monthStart: Date;
  readonly monthEnd: Date;
  /** Events of the organization written into last month. */
  readonly events: number;
}

export async function seedReportOrganization(sql: Sql): Promise<SeededOrganization> {
  const now = new Date();
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const org = crypto.randomUUID();
  const orgName = `Report test agency ${org.slice(0, 8)}`;
  const [directorId, adminId, laxAdminId] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const meta = (role: string) => JSON.stringify({ role, organization_id: org });

  await sql`insert into public.organizations (id, name, created_at)
    values (${org}, ${orgName}, ${new Date(+monthStart - 30 * 86_400_000)})`;
  await sql`insert into auth.users (id, email, raw_app_meta_data) values
    (${directorId}, ${`director-${org}@example.test`}, ${meta("medical_director")}::text::jsonb),
    (${adminId}, ${`admin-${org}@example.test`}, ${meta("admin")}::text::jsonb),
    (${laxAdminId}, ${`lax-admin-${org}@example.test`}, ${meta("admin")}::text::jsonb)`;
  await sql`insert into auth.mfa_factors (user_id, factor_type, status) values (${adminId}, 'totp', 'verified')`;

  const at = (day: number, hour = 10) => new Date(+monthStart + (day - 1) * 86_400_000 + hour * 3_600_000);
  const event = (day: number, fields: Record<string, unknown>) => ({
    timestamp: at(day).toISOString(),
    organization_id: org,
    origin: "import",
    outcome: "success",
    ...fields,
  });
  const events = [
    ...[2, 2, 9].map((day, i) =>
      event(day, {
        action: "auth.failure",
        resource: "auth",
        outcome: "failure",
        ip_address: `10.92.0.${i + 1}`,
      })
    ),
    ...[5, 14].map((day) =>
      event(day, {
        action: "audit.query",
        resource: "audit_logs",
        user_id: directorId,
        user_role: "medical_director",
      })
    ),
    event(14, { action: "gdpr.export", resource: "gdpr", user_id: adminId, user_role: "admin" }),
    event(15, { action: "gdpr.reveal", resource: "gdpr", user_id: adminId, user_role: "admin" }),
    event(20, { action: "rate_limit.ban", resource: "rate_limit" }),
    ...[1, 3, 3, 27].map((day) => event(day, { action: "dosing.calculate", resource: "dosing" })),
  ];
  await sql`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
  // One of the organization's alerts last month, handled (nothing left for flush-metrics to deliver).
  await sql`insert into public.alerts (organization_id, severity, type, title, source, dedup_key, created_at,
      last_seen_at, notify_pending, resolved_at)
    values (${org}, 'HIGH', 'SECURITY', 'Report test alert', 'report-test', ${`report-test:${org}`},
      ${at(12)}, ${at(12)}, false, ${at(13)})`;
  const [{ pseudonym }] = await sql<{ pseudonym: string }[]>`
    select audit.pseudonym_of('user', ${directorId}) as pseudonym`;
  return {
    org,
    orgName,
    directorId,
    directorPseudonym: pseudonym,
    adminId,
    monthStart,
    monthEnd,
    events: events.length,
  };
}
