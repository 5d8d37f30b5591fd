/**
 * The gdpr-export function's SQL (supabase/migrations/2026112200073x–75x, schema gdpr), run inside the
 * caller's transaction (the export and the reveal as audit_reader, asAuditReader; the erasure asUser):
 * the gdpr functions decide who may see or erase whom, from the JWT
 * claims; nothing here filters for authorization. Postgres' refusals become HTTP errors in
 * `httpErrorOf`.
 */
import type postgres from "postgres";
import type { Tx } from "../../platform/db.ts";
import { ErrorCode, HttpError } from "../../core/errors.ts";

/** patient: a patient whom other organizations name as well — only the caller's organization's PHI accesses. */
export type SubjectScope = "self" | "organization" | "patient" | "service";

export interface ExportPlan {
  readonly scope: SubjectScope;
  /** The organization whose records are in reach; null: all of the subject's. */
  readonly organizationId: string | null;
  /** The subject's audit pseudonym (null if the audit trail never saw them). */
  readonly subjectPseudonym: string | null;
  /** Records per category, as the stream will deliver them. */
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

/** One row of gdpr.subject_records; third-party identifiers still raw (see pseudonymiseThirdParties). */
export interface RawSubjectRecord {
  readonly category: string;
  readonly id: string;
  readonly at: string | null;
  readonly organizationId: string | null;
  readonly data: Record<string, unknown>;
  readonly thirdParties: Readonly<Record<string, string>>;
}

/** Rows per FETCH of the export cursor. */
export const EXPORT_BATCH_ROWS = 500;

export async function exportPlan(tx: Tx, subjectId: string, subjectHash: string): Promise<ExportPlan> {
  const [row] = await tx`select gdpr.export_plan(${subjectId}::uuid, ${subjectHash}) as plan`;
  const plan = row.plan as Omit<ExportPlan, "total">;
  const total = Object.values(plan.counts).reduce((sum, n) => sum + Number(n), 0);
  return { ...plan, total };
}

/**
 * The subject's records through a cursor that lives as long as the caller's transaction (rolling back
 * closes it), EXPORT_BATCH_ROWS per round trip.
 */
export async function* subjectRecords(tx: Tx, subjectId: string): AsyncGenerator<RawSubjectRecord[]> {
  await tx`
    declare gdpr_export no scroll cursor for
    select r.category, r.record_id as id, gdpr.iso(r.occurred_at) as at, r.organization_id as "organizationId",
      r.data, r.third_parties as "thirdParties"
    from gdpr.subject_records(${subjectId}::uuid) r`;
  for (;;) {
    const rows = await tx`fetch forward 500 from gdpr_export`; // = EXPORT_BATCH_ROWS
    if (rows.length === 0) return;
    yield rows as unknown as RawSubjectRecord[];
  }
}

export interface ErasureRequest {
  readonly subjectId: string;
  readonly subjectHash: string;
  readonly reason: string;
  readonly reference: string | null;
  /** Replaces the subject's id in free-form fields (alerts, security events). */
  readonly token: string;
  /** This request's audit event (audit.write_events' shape); the SQL adds the facts and writes it. */
  readonly event: object;
}

export interface ErasureSummary {
  readonly alreadyErased: boolean;
  readonly deleted: Readonly<Record<string, number>>;
  readonly anonymised: Readonly<Record<string, number>>;
  readonly linkage: Readonly<Record<string, number>>;
  readonly kept: Readonly<Record<string, number>>;
  /** The subject's sessions, to end in Redis; never stored or returned. */
  readonly sessionIds: readonly string[];
}

export async function eraseSubject(tx: Tx, request: ErasureRequest): Promise<ErasureSummary> {
  const [row] = await tx`
    select gdpr.erase_subject(${request.subjectId}::uuid, ${request.subjectHash}, ${request.reason},
      ${request.reference}, ${request.token}, ${JSON.stringify(request.event)}::text::jsonb) as summary`;
  return row.summary as ErasureSummary;
}

/** encrypted export pseudonym's plaintext (an audit pseudonym) → the original, as the caller may see it. */
export async function revealAuditPseudonyms(tx: Tx, pseudonyms: readonly string[]) {
  const rows = await tx<{ pseudonym: string; value: string | null }[]>`
    select p::text as pseudonym, audit.reveal(p) as value from unnest(${pseudonyms as string[]}::uuid[]) p`;
  return new Map(rows.map((r) => [r.pseudonym, r.value]));
}

/** Postgres' refusals from the gdpr functions → the client's answer; anything else is rethrown. */
export function httpErrorOf(error: unknown): unknown {
  const e = error as postgres.PostgresError | undefined;
  switch (e?.code) {
    case "42501":
      return new HttpError(403, ErrorCode.FORBIDDEN, "Your role does not allow this request.");
    case "P0002":
      return e.hint === "erased"
        ? new HttpError(410, "SUBJECT_ERASED", "This data subject was erased; nothing is held about them.")
        : new HttpError(404, "SUBJECT_NOT_FOUND", "No such data subject in your organization.");
    case "55000":
      if (e.hint === "privileged") {
        return new HttpError(
          409,
          "PRIVILEGED_SUBJECT",
          "This person holds or held a privileged role; their records must stay attributable. " +
            "The platform operator decides this request.",
        );
      }
      if (e.hint === "shared") {
        return new HttpError(
          409,
          "SHARED_SUBJECT",
          "Other organizations hold records of this patient as well; erasing them would take those " +
            "organizations' records too. The platform operator decides this request.",
        );
      }
      return new HttpError(
        409,
        "SELF_ERASURE",
        "You cannot erase your own account; ask another administrator.",
      );
    case "22023": // the database's own check of a value the schema let through: name it as a field problem
      return new HttpError(400, ErrorCode.VALIDATION_ERROR, "Request validation failed.", [
        { path: e.column_name ?? "", code: "invalid_value", message: e.message },
      ]);
    default:
      return error;
  }
}
