/**
 * The cold-archive tests' setting (scripts/test.ts exports it): the operator's connection (owner), the
 * functions' login (edge; postgres.js connects only when it is used), and the stack's S3 server as the
 * archive store, its bucket created. The connections end after the work, whatever its outcome.
 */
import { createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { type ObjectStore, s3ConfigFromEnv, s3Store } from "../../functions-shared/platform/s3.ts";
import { stackEnv } from "./env.ts";

export interface ArchiveStack {
  readonly owner: Sql;
  readonly edge: Sql;
  readonly store: ObjectStore;
}

export async function withArchiveStack(work: (s: ArchiveStack) => Promise<void>): Promise<void> {
  const owner = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
  const edge = createSql({ url: stackEnv("MEDIC_EDGE_DB_URL"), max: 2 });
  try {
    stackEnv("AUDIT_ARCHIVE_S3_ENDPOINT");
    const store = s3Store(s3ConfigFromEnv(Deno.env.toObject()));
    await store.ensureBucket();
    await work({ owner, edge, store });
  } finally {
    await owner.end({ timeout: 5 });
    await edge.end({ timeout: 5 });
  }
}
