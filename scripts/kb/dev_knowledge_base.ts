/**
 * `deno task dev`: a database without a knowledge base gets the development SAMPLE (written for this
 * project, not for clinical use); and whenever the knowledge base moved past its published index,
 * the index is rebuilt and published — so the protocol-search function always has one to load.
 * Import the real documents with `deno task kb import --source ../shared/data/la-county-ems`.
 */
import { createSql } from "../../functions-shared/platform/db.ts";
import { SAMPLE_DOCUMENTS, SAMPLE_HINTS } from "../../functions-shared/domain/protocols/mod.ts";
import { importDocuments, indexStatus, publishIfStale } from "./kb_store.ts";

export async function ensureDevKnowledgeBase(dbUrl: string, log: (line: string) => void): Promise<void> {
  const sql = createSql({ url: dbUrl, max: 1 });
  try {
    if ((await indexStatus(sql)).activeDocuments === 0) {
      await importDocuments(sql, SAMPLE_DOCUMENTS, SAMPLE_HINTS);
      log(
        `knowledge base: loaded the development SAMPLE (${SAMPLE_DOCUMENTS.length} summaries, not for clinical use)`,
      );
    }
    const published = await publishIfStale(sql);
    if (published) log(`knowledge base: search index published for version ${published.kbVersion}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
