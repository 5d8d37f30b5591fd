/**
 * A data subject's record as the export writes it, after the identifiers of other people in it have
 * been replaced by the request's pseudonymisation strategy (the SQL names them: third_parties).
 */
import type { Pseudonymiser } from "./pseudonymise.ts";
import type { RawSubjectRecord } from "./queries.ts";

export interface SubjectRecord {
  readonly category: string;
  readonly id: string;
  /** When the record happened or was created (ISO 8601, UTC). */
  readonly at: string | null;
  readonly organizationId: string | null;
  readonly data: Record<string, unknown>;
}

/** Writes each third-party identifier, pseudonymised, at its path in `data` ("metadata.subject_pseudonym"). */
export async function withThirdPartiesPseudonymised(
  raw: RawSubjectRecord,
  pseudonymiser: Pseudonymiser,
): Promise<SubjectRecord> {
  const data = raw.data;
  for (const [path, value] of Object.entries(raw.thirdParties ?? {})) {
    setPath(data, path.split("."), await pseudonymiser.pseudonymise(value));
  }
  return { category: raw.category, id: raw.id, at: raw.at, organizationId: raw.organizationId, data };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: string): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
