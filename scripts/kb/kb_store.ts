/**
 * The knowledge base in Postgres, for the CLI and for `dev`: import documents (versioning and the
 * content-hash skip are SQL's job, public.kb_import_document), read the active knowledge base back,
 * and publish the serialized search index for the current knowledge-base version.
 */
import { asOperator, type Sql, type Tx } from "../../functions-shared/platform/db.ts";
import {
  buildProtocolIndex,
  type DocumentType,
  type ImpressionHint,
  INDEX_FORMAT,
  type KnowledgeDocument,
  type ProtocolIndex,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { toHex } from "../../functions-shared/core/encoding.ts";
import { englishWords } from "./english_words.ts";
import { layGlossary, layReport } from "./lay_glossary.ts";

export type ImportOutcome = "added" | "updated" | "unchanged";

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export async function importDocuments(
  sql: Sql,
  documents: readonly KnowledgeDocument[],
  hints: readonly ImpressionHint[] | null,
  onDocument?: (done: number, outcome: ImportOutcome, doc: KnowledgeDocument) => void,
): Promise<ImportCounts & { impressionsChanged: boolean; rejected: { file: string; reason: string }[] }> {
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
  const rejected: { file: string; reason: string }[] = [];
  for (const [i, doc] of documents.entries()) {
    try {
      const outcome = await asOperator(async (tx) => {
        const [row] = await tx`select public.kb_import_document(${tx.json(toRow(doc))}) as outcome`;
        return row.outcome as ImportOutcome;
      }, { sql });
      counts[outcome]++;
      onDocument?.(i + 1, outcome, doc);
    } catch (error) {
      // One document the database refuses (a check constraint) does not stop the others.
      if (!(error instanceof Error && "code" in error && /^(22|23)/.test(String(error.code)))) throw error;
      rejected.push({
        file: doc.sourceFile ?? doc.key,
        reason: `rejected by the database: ${error.message}`,
      });
      onDocument?.(i + 1, "unchanged", doc);
    }
  }
  let impressionsChanged = false;
  if (hints) {
    impressionsChanged = await asOperator(async (tx) => {
      const [row] = await tx`select public.kb_replace_impressions(${tx.json(hints as never)}) as changed`;
      return row.changed as boolean;
    }, { sql });
  }
  return { ...counts, impressionsChanged, rejected };
}

function toRow(doc: KnowledgeDocument) {
  return {
    key: doc.key,
    protocol_number: doc.protocolNumber,
    title: doc.title,
    document_type: doc.documentType,
    category: doc.category,
    revised_date: doc.revisedDate,
    source_file: doc.sourceFile,
    source_url: doc.sourceUrl,
    keywords: [...doc.keywords],
    sections: doc.sections.map((s) => ({ heading: s.heading, content: s.content })),
  };
}

export interface ActiveKnowledgeBase {
  readonly kbVersion: string;
  readonly documents: KnowledgeDocument[];
  readonly hints: ImpressionHint[];
}

/**
 * The active rows and the version they belong to. Read optimistically: if the version moved while
 * reading (a concurrent import), read again, so an index is never labelled with the wrong version.
 */
export async function readActiveKnowledgeBase(sql: Sql): Promise<ActiveKnowledgeBase> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const read = await asOperator(async (tx) => {
      const [before] = await tx`select version::text as v from public.knowledge_base_state`;
      const rows = await tx`
        select document_key, protocol_number, title, document_type, category, section_index, section,
               content, source_file, source_url, revised_date::text as revised_date, metadata
        from public.knowledge_base where is_active order by document_key, section_index`;
      const hints = await tx`select phrase, protocols from public.knowledge_base_impressions order by phrase`;
      const [after] = await tx`select version::text as v from public.knowledge_base_state`;
      return { before: before.v as string, after: after.v as string, rows, hints };
    }, { sql });
    if (read.before !== read.after) continue;
    return {
      kbVersion: read.after,
      documents: groupDocuments(read.rows),
      hints: read.hints.map((h) => ({ phrase: h.phrase as string, protocols: h.protocols as string[] })),
    };
  }
  throw new Error("the knowledge base kept changing while it was read; try again");
}

function groupDocuments(rows: readonly Record<string, unknown>[]): KnowledgeDocument[] {
  const docs = new Map<string, KnowledgeDocument & { sections: { heading: string; content: string }[] }>();
  for (const r of rows) {
    const key = r.document_key as string;
    let doc = docs.get(key);
    if (!doc) {
      const metadata = (r.metadata ?? {}) as { keywords?: string[] };
      doc = {
        key,
        protocolNumber: r.protocol_number as string,
        title: r.title as string,
        documentType: r.document_type as DocumentType,
        category: r.category as string,
        revisedDate: (r.revised_date as string | null) ?? null,
        sourceFile: (r.source_file as string | null) ?? null,
        sourceUrl: (r.source_url as string | null) ?? null,
        keywords: metadata.keywords ?? [],
        sections: [],
      };
      docs.set(key, doc);
    }
    doc.sections.push({ heading: r.section as string, content: r.content as string });
  }
  return [...docs.values()];
}

export interface PublishedIndex {
  readonly kbVersion: string;
  readonly bytes: number;
  readonly documents: number;
  readonly sections: number;
}

/** Stores serialized index bytes under the knowledge-base version they were built from. */
export async function publishIndex(
  sql: Sql,
  index: ProtocolIndex,
  bytes: Uint8Array,
): Promise<PublishedIndex> {
  const sha256 = toHex(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  const sections = index.sections.length;
  await asOperator(async (tx: Tx) => {
    await tx`
      insert into public.knowledge_base_index
        (kb_version, format, document_count, section_count, byte_size, sha256, payload)
      values (${index.kbVersion}, ${INDEX_FORMAT}, ${index.documents.length}, ${sections}, ${bytes.length},
              ${sha256}, ${bytes})
      on conflict (kb_version) do update set format = excluded.format, built_at = now(),
        document_count = excluded.document_count, section_count = excluded.section_count,
        byte_size = excluded.byte_size, sha256 = excluded.sha256, payload = excluded.payload`;
  }, { sql });
  return { kbVersion: index.kbVersion, bytes: bytes.length, documents: index.documents.length, sections };
}

export interface IndexStatus {
  readonly kbVersion: string;
  readonly indexVersion: string | null;
  /** The newest index's format: one this code cannot load is republished like a stale one. */
  readonly indexFormat: number | null;
  /** The newest index of INDEX_FORMAT: what protocol-search answers from (null: it answers 503). */
  readonly servedVersion: string | null;
  readonly activeDocuments: number;
}

/**
 * `kb status`'s line: both versions, and what protocol-search makes of the index, which it reads only in
 * INDEX_FORMAT (after a release that changed the format, the newest index may be of the old one).
 */
export function describeIndexStatus(s: IndexStatus): string {
  const head = `knowledge base version ${s.kbVersion}, ${s.activeDocuments} active documents; newest index: `;
  const publish = "run `deno task kb publish`";
  if (s.indexVersion === null) {
    return head + "none" +
      (s.activeDocuments > 0 ? ` (protocol-search answers 503 KB_UNAVAILABLE: ${publish})` : "");
  }
  const newest = `version ${s.indexVersion} of format ${s.indexFormat}`;
  if (s.servedVersion === null) {
    return `${head}${newest}, which this release cannot read (it reads format ${INDEX_FORMAT}): ` +
      `protocol-search answers 503 KB_UNAVAILABLE; ${publish}`;
  }
  if (s.servedVersion !== s.kbVersion) {
    return `${head}${newest}; protocol-search answers from version ${s.servedVersion}, older protocols ` +
      `(stale: ${publish})`;
  }
  return `${head}${newest}, current`;
}

export async function indexStatus(sql: Sql): Promise<IndexStatus> {
  return await asOperator(async (tx) => {
    const [row] = await tx`
      select (select version from public.knowledge_base_state)::text as kb_version,
             (select max(kb_version) from public.knowledge_base_index)::text as index_version,
             (select format from public.knowledge_base_index order by kb_version desc limit 1) as index_format,
             (select max(kb_version) from public.knowledge_base_index where format = ${INDEX_FORMAT})::text
               as served_version,
             (select count(distinct document_key) from public.knowledge_base where is_active)::int as active`;
    return {
      kbVersion: row.kb_version,
      indexVersion: row.index_version,
      indexFormat: row.index_format,
      servedVersion: row.served_version,
      activeDocuments: row.active,
    };
  }, { sql });
}

/** A published index and what the lay glossary's corpus check kept and dropped (as `kb build` says it). */
export interface RebuiltIndex extends PublishedIndex {
  readonly layReport: string;
}

/**
 * Rebuilds and publishes the index when the knowledge base moved past the newest index of the format this
 * code reads, or there is none of it (or `force`). Returns what was published, or null when the index was
 * already current or the knowledge base is empty.
 */
export async function publishIfStale(sql: Sql, force = false): Promise<RebuiltIndex | null> {
  const status = await indexStatus(sql);
  if (status.activeDocuments === 0) return null;
  if (!force && status.servedVersion === status.kbVersion) return null;
  const kb = await readActiveKnowledgeBase(sql);
  const lay = await layGlossary();
  const index = buildProtocolIndex({
    kbVersion: kb.kbVersion,
    documents: kb.documents,
    hints: kb.hints,
    englishWords: await englishWords(),
    layGlossary: lay,
  });
  const published = await publishIndex(sql, index, await serializeIndex(index));
  return { ...published, layReport: layReport(lay, index.lay, index.layValidation) };
}
